//! Communities: Louvain on the weighted met graph (seeded, deterministic), the
//! modularity of a partition, and each community's composition.

use super::brokers::UNKNOWN_SIDE;
use super::{Budget, OverBudget, SplitMix};
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use std::collections::{BTreeMap, HashMap};

/// The smallest modularity gain that counts as an improvement.
const MIN_GAIN: f64 = 1e-12;

/// One community and who is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// Nodes, ascending.
    pub members: Vec<usize>,
    pub sides: BTreeMap<String, usize>,
    pub genders: BTreeMap<String, usize>,
    pub tags: BTreeMap<String, usize>,
}

/// A partition into communities, largest first, with its modularity.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    pub communities: Vec<Community>,
    pub modularity: f64,
}

/// The modularity of a partition (`label` per node), as NetworkX computes it with
/// `weight="weight"` and resolution 1.
pub fn modularity(graph: &MetGraph, label: &[usize]) -> f64 {
    let total: f64 = graph.ties().map(|(_, _, w)| f64::from(w)).sum();
    if total == 0.0 {
        return 0.0;
    }
    let mut inside: HashMap<usize, f64> = HashMap::new();
    let mut degree: HashMap<usize, f64> = HashMap::new();
    for (u, v, w) in graph.ties() {
        if label[u] == label[v] {
            *inside.entry(label[u]).or_default() += f64::from(w);
        }
    }
    for (u, &l) in label.iter().enumerate() {
        *degree.entry(l).or_default() += graph.weighted_degree(u) as f64;
    }
    let mut keys: Vec<usize> = degree.keys().copied().collect();
    keys.sort_unstable();
    keys.iter()
        .map(|c| {
            let l = inside.get(c).copied().unwrap_or(0.0);
            let d = degree[c];
            l / total - (d / (2.0 * total)).powi(2)
        })
        .sum()
}

/// A weighted graph of one Louvain level; `loops[i]` is twice the weight inside node i.
struct Level {
    adjacency: Vec<Vec<(usize, f64)>>,
    loops: Vec<f64>,
}

impl Level {
    fn degree(&self, i: usize) -> f64 {
        self.loops[i] + self.adjacency[i].iter().map(|(_, w)| w).sum::<f64>()
    }
}

/// Moves nodes between communities until no move gains; returns whether any moved.
fn local_moving(
    level: &Level,
    community: &mut [usize],
    two_m: f64,
    rng: &mut SplitMix,
    budget: &Budget,
) -> Result<bool, OverBudget> {
    let n = level.adjacency.len();
    let degree: Vec<f64> = (0..n).map(|i| level.degree(i)).collect();
    let mut tot = vec![0.0; n];
    for i in 0..n {
        tot[community[i]] += degree[i];
    }
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut links: HashMap<usize, f64> = HashMap::new();
    let mut moved_any = false;
    loop {
        budget.check()?;
        let mut moved = false;
        for &i in &order {
            let old = community[i];
            links.clear();
            for &(j, w) in &level.adjacency[i] {
                *links.entry(community[j]).or_default() += w;
            }
            tot[old] -= degree[i];
            let gain = |c: usize, k_in: f64| k_in - tot[c] * degree[i] / two_m;
            let mut best = old;
            let mut best_gain = gain(old, links.get(&old).copied().unwrap_or(0.0));
            let mut candidates: Vec<(usize, f64)> = links.iter().map(|(&c, &k)| (c, k)).collect();
            candidates.sort_unstable_by_key(|(c, _)| *c);
            for (c, k_in) in candidates {
                let g = gain(c, k_in);
                if g > best_gain + MIN_GAIN {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best] += degree[i];
            if best != old {
                community[i] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            return Ok(moved_any);
        }
    }
}

/// Louvain communities of the weighted met graph, seeded; deterministic per seed.
pub fn louvain(
    network: &Network,
    graph: &MetGraph,
    seed: u64,
    budget: &Budget,
) -> Result<Communities, OverBudget> {
    let n = graph.node_count();
    let mut rng = SplitMix::new(seed);
    let two_m = 2.0 * graph.ties().map(|(_, _, w)| f64::from(w)).sum::<f64>();
    // The community of every original node, refined level by level.
    let mut membership: Vec<usize> = (0..n).collect();
    let mut level = Level {
        adjacency: (0..n)
            .map(|u| {
                graph
                    .neighbours(u)
                    .iter()
                    .zip(graph.weights(u))
                    .map(|(&v, &w)| (v as usize, f64::from(w)))
                    .collect()
            })
            .collect(),
        loops: vec![0.0; n],
    };
    if two_m > 0.0 {
        loop {
            let size = level.adjacency.len();
            let mut community: Vec<usize> = (0..size).collect();
            if !local_moving(&level, &mut community, two_m, &mut rng, budget)? {
                break;
            }
            // Renumber communities 0..k in order of first appearance.
            let mut renumber: HashMap<usize, usize> = HashMap::new();
            for c in community.iter_mut() {
                let next = renumber.len();
                *c = *renumber.entry(*c).or_insert(next);
            }
            let k = renumber.len();
            for m in membership.iter_mut() {
                *m = community[*m];
            }
            // Aggregate: one node per community.
            let mut loops = vec![0.0; k];
            let mut merged: Vec<HashMap<usize, f64>> = vec![HashMap::new(); k];
            for i in 0..size {
                let ci = community[i];
                loops[ci] += level.loops[i];
                for &(j, w) in &level.adjacency[i] {
                    let cj = community[j];
                    if ci == cj {
                        loops[ci] += w;
                    } else {
                        *merged[ci].entry(cj).or_default() += w;
                    }
                }
            }
            let adjacency = merged
                .into_iter()
                .map(|m| {
                    let mut list: Vec<(usize, f64)> = m.into_iter().collect();
                    list.sort_unstable_by_key(|(j, _)| *j);
                    list
                })
                .collect();
            level = Level { adjacency, loops };
            if k == size {
                break;
            }
        }
    }
    Ok(describe(network, graph, &membership))
}

/// Groups nodes by label and counts each group's sides, genders and tags.
fn describe(network: &Network, graph: &MetGraph, label: &[usize]) -> Communities {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (u, &l) in label.iter().enumerate() {
        groups.entry(l).or_default().push(u);
    }
    let mut communities: Vec<Community> = groups
        .into_values()
        .map(|members| {
            let mut sides = BTreeMap::new();
            let mut genders = BTreeMap::new();
            let mut tags = BTreeMap::new();
            for &u in &members {
                let person = &network.people()[graph.person(u) as usize];
                *sides
                    .entry(person.side.clone().unwrap_or_else(|| UNKNOWN_SIDE.into()))
                    .or_insert(0) += 1;
                let gender = person.gender.map_or("unknown", |g| g.as_str());
                *genders.entry(gender.to_owned()).or_insert(0) += 1;
                for tag in &person.tags {
                    *tags.entry(tag.clone()).or_insert(0) += 1;
                }
            }
            Community {
                members,
                sides,
                genders,
                tags,
            }
        })
        .collect();
    communities.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.members.cmp(&b.members))
    });
    let mut final_label = vec![0; label.len()];
    for (c, community) in communities.iter().enumerate() {
        for &u in &community.members {
            final_label[u] = c;
        }
    }
    Communities {
        modularity: modularity(graph, &final_label),
        communities,
    }
}

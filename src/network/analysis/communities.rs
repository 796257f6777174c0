//! Communities: Louvain on the weighted met graph (seeded, deterministic), the
//! modularity of a partition, and each community's composition.

use super::{Budget, OverBudget, SplitMix};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use std::collections::BTreeMap;

/// The smallest modularity gain that counts as an improvement.
const MIN_GAIN: f64 = 1e-12;

/// One community and who is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// Nodes, ascending.
    pub members: Vec<NodeIx>,
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
    let groups = label.iter().max().map_or(0, |&l| l + 1);
    let mut inside = vec![0.0; groups];
    let mut degree = vec![0.0; groups];
    for (u, v, w) in graph.ties() {
        if label[u.index()] == label[v.index()] {
            inside[label[u.index()]] += f64::from(w);
        }
    }
    for (u, &l) in graph.nodes().zip(label) {
        degree[l] += graph.weighted_degree(u) as f64;
    }
    inside
        .iter()
        .zip(&degree)
        .filter(|(_, d)| **d > 0.0)
        .map(|(l, d)| l / total - (d / (2.0 * total)).powi(2))
        .sum()
}

/// A weighted graph of one Louvain level, as adjacency lists packed in one vector;
/// `loops[i]` is twice the weight inside node i.
struct Level {
    offsets: Vec<usize>,
    ties: Vec<(u32, f64)>,
    loops: Vec<f64>,
}

impl Level {
    fn len(&self) -> usize {
        self.loops.len()
    }

    fn ties(&self, i: usize) -> &[(u32, f64)] {
        &self.ties[self.offsets[i]..self.offsets[i + 1]]
    }

    fn degree(&self, i: usize) -> f64 {
        self.loops[i] + self.ties(i).iter().map(|(_, w)| w).sum::<f64>()
    }
}

/// Sums of weights towards communities, without hashing: a dense array and the
/// communities touched since the last clear.
struct Tally {
    weight: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Tally {
    fn new(n: usize) -> Self {
        Tally {
            weight: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, c: usize, w: f64) {
        if !self.seen[c] {
            self.seen[c] = true;
            self.touched.push(c);
        }
        self.weight[c] += w;
    }

    fn clear(&mut self) {
        for &c in &self.touched {
            self.weight[c] = 0.0;
            self.seen[c] = false;
        }
        self.touched.clear();
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
    let n = level.len();
    let degree: Vec<f64> = (0..n).map(|i| level.degree(i)).collect();
    let mut tot = vec![0.0; n];
    for i in 0..n {
        tot[community[i]] += degree[i];
    }
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut links = Tally::new(n);
    let mut moved_any = false;
    loop {
        budget.check()?;
        let mut moved = false;
        for &i in &order {
            let old = community[i];
            links.clear();
            for &(j, w) in level.ties(i) {
                links.add(community[j as usize], w);
            }
            tot[old] -= degree[i];
            let gain = |c: usize, k_in: f64| k_in - tot[c] * degree[i] / two_m;
            let mut best = old;
            let mut best_gain = gain(old, links.weight[old]);
            // Candidates in community order, so that ties between gains break the
            // same way whatever order the neighbours came in.
            links.touched.sort_unstable();
            for &c in &links.touched {
                let g = gain(c, links.weight[c]);
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
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut ties = Vec::with_capacity(2 * graph.tie_count());
    for u in graph.nodes() {
        ties.extend(
            graph
                .neighbours(u)
                .iter()
                .zip(graph.weights(u))
                .map(|(&v, &w)| (v.index() as u32, f64::from(w))),
        );
        offsets.push(ties.len());
    }
    let mut level = Level {
        offsets,
        ties,
        loops: vec![0.0; n],
    };
    if two_m > 0.0 {
        loop {
            let size = level.len();
            let mut community: Vec<usize> = (0..size).collect();
            if !local_moving(&level, &mut community, two_m, &mut rng, budget)? {
                break;
            }
            // Renumber communities 0..k in order of first appearance.
            let mut renumber = vec![usize::MAX; size];
            let mut k = 0;
            for c in community.iter_mut() {
                if renumber[*c] == usize::MAX {
                    renumber[*c] = k;
                    k += 1;
                }
                *c = renumber[*c];
            }
            for m in membership.iter_mut() {
                *m = community[*m];
            }
            // Aggregate: one node per community, its ties summed per neighbour
            // community in ascending order.
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
            for (i, &c) in community.iter().enumerate() {
                members[c].push(i);
            }
            let mut loops = vec![0.0; k];
            let mut offsets = Vec::with_capacity(k + 1);
            offsets.push(0);
            let mut ties = Vec::new();
            let mut merged = Tally::new(k);
            for (ci, group) in members.iter().enumerate() {
                budget.check()?;
                merged.clear();
                for &i in group {
                    loops[ci] += level.loops[i];
                    for &(j, w) in level.ties(i) {
                        let cj = community[j as usize];
                        if ci == cj {
                            loops[ci] += w;
                        } else {
                            merged.add(cj, w);
                        }
                    }
                }
                merged.touched.sort_unstable();
                ties.extend(merged.touched.iter().map(|&c| (c as u32, merged.weight[c])));
                offsets.push(ties.len());
            }
            level = Level {
                offsets,
                ties,
                loops,
            };
            if k == size {
                break;
            }
        }
    }
    Ok(describe(network, graph, &membership))
}

/// Groups nodes by label and counts each group's sides, genders and tags.
fn describe(network: &Network, graph: &MetGraph, label: &[usize]) -> Communities {
    let mut groups: BTreeMap<usize, Vec<NodeIx>> = BTreeMap::new();
    for (u, &l) in graph.nodes().zip(label) {
        groups.entry(l).or_default().push(u);
    }
    let mut communities: Vec<Community> = groups
        .into_values()
        .map(|members| {
            let mut sides = BTreeMap::new();
            let mut genders = BTreeMap::new();
            let mut tags = BTreeMap::new();
            for &u in &members {
                let person = network.person(graph.person(u));
                *sides.entry(person.side_label().to_owned()).or_insert(0) += 1;
                *genders.entry(person.gender_label().to_owned()).or_insert(0) += 1;
                for tag in person.tag_labels() {
                    *tags.entry(tag.to_owned()).or_insert(0) += 1;
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
            final_label[u.index()] = c;
        }
    }
    Communities {
        modularity: modularity(graph, &final_label),
        communities,
    }
}

//! Brokers: articulation points and bridges of the met graph with the groups each
//! alone connects, and Burt's structural-hole measures.

use super::{Budget, OverBudget};
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use std::collections::BTreeMap;

/// A group of people that a broker or bridge alone connects to the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub size: usize,
    /// People per side (`unknown` for no side, `withheld` for a masked person), by
    /// side name.
    pub sides: BTreeMap<String, usize>,
}

/// A person whose removal splits their component.
#[derive(Debug, Clone, PartialEq)]
pub struct Broker {
    pub node: usize,
    /// The parts the component falls into without them, largest first.
    pub parts: Vec<Part>,
}

/// A tie whose removal splits its component.
#[derive(Debug, Clone, PartialEq)]
pub struct Bridge {
    /// The two ends, `a < b` by node.
    pub a: usize,
    pub b: usize,
    /// The meetings the two shared (each had them alone).
    pub weight: u32,
    /// The part holding `a`, then the part holding `b`.
    pub parts: [Part; 2],
}

/// One depth-first search over the bipartite graph, people and meetings as its
/// nodes (people first, then meeting `m` as node `n + m`), with Tarjan's low points.
///
/// A person cuts the met graph exactly when they cut the bipartite graph into pieces
/// that hold people. A tie can be a bridge only when every meeting the two shared
/// had them alone; the search walks the first such meeting of each pair and leaves
/// the pair's later meetings of two out (parallel paths of the same tie, which would
/// hide it), and the tie is then a bridge exactly when the bipartite edges through
/// that first meeting are. So both come from one search of the participations,
/// never the projected ties, and every part is a range of the people in search
/// order, counted with prefix sums.
struct CutSearch {
    /// Discovery time of each bipartite node.
    disc: Vec<u32>,
    low: Vec<u32>,
    /// Each bipartite node's parent in the search tree (`UNSEEN` for a root).
    parent: Vec<u32>,
    /// Where each bipartite node's people start in `people_order`, and how many.
    first_person: Vec<u32>,
    people_below: Vec<u32>,
    /// People in search order.
    people_order: Vec<u32>,
    /// The root (smallest person) of each person's component.
    root: Vec<u32>,
    /// `side_prefix[s][i]`: people of side `s` among the first `i` in search order.
    side_prefix: Vec<Vec<u32>>,
    side_names: Vec<String>,
    side_of: Vec<u32>,
}

const UNSEEN: u32 = u32::MAX;

impl CutSearch {
    fn run(network: &Network, graph: &MetGraph, budget: &Budget) -> Result<Self, OverBudget> {
        let n = graph.node_count();
        let total = n + graph.meetings().len();
        let mut side_names: Vec<String> = Vec::new();
        let side_of: Vec<u32> = (0..n)
            .map(|u| {
                let side = network.people()[graph.person(u) as usize].side_label();
                match side_names.iter().position(|s| s == side) {
                    Some(i) => i as u32,
                    None => {
                        side_names.push(side.to_owned());
                        (side_names.len() - 1) as u32
                    }
                }
            })
            .collect();
        let mut search = CutSearch {
            disc: vec![UNSEEN; total],
            low: vec![UNSEEN; total],
            parent: vec![UNSEEN; total],
            first_person: vec![0; total],
            people_below: vec![0; total],
            people_order: Vec::with_capacity(n),
            root: vec![UNSEEN; n],
            side_prefix: Vec::new(),
            side_names,
            side_of,
        };
        let repeated = repeated_pairs(graph);
        // The `i`-th neighbour of bipartite node `x`: `None` past the last, `Some(None)`
        // for a left-out meeting.
        let neighbour = |x: usize, i: usize| -> Option<Option<usize>> {
            if x < n {
                let m = *graph.meetings_of(x).get(i)? as usize;
                Some((!repeated[m]).then_some(n + m))
            } else {
                graph.nodes_of(x - n).get(i).map(|&v| Some(v as usize))
            }
        };
        let mut time = 0u32;
        // (node, parent, next neighbour position)
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        for start in 0..n {
            if search.disc[start] != UNSEEN {
                continue;
            }
            budget.check()?;
            stack.push((start, usize::MAX, 0));
            while let Some(&mut (x, parent, ref mut next)) = stack.last_mut() {
                if *next == 0 {
                    search.disc[x] = time;
                    search.low[x] = time;
                    time += 1;
                    search.first_person[x] = search.people_order.len() as u32;
                    search.parent[x] = parent as u32;
                    if x < n {
                        search.people_order.push(x as u32);
                        search.root[x] = start as u32;
                    }
                }
                let position = *next;
                *next += 1;
                match neighbour(x, position) {
                    Some(None) => {}
                    Some(Some(y)) if y == parent => {}
                    Some(Some(y)) if search.disc[y] == UNSEEN => stack.push((y, x, 0)),
                    Some(Some(y)) => search.low[x] = search.low[x].min(search.disc[y]),
                    None => {
                        stack.pop();
                        search.people_below[x] =
                            search.people_order.len() as u32 - search.first_person[x];
                        if parent != usize::MAX {
                            search.low[parent] = search.low[parent].min(search.low[x]);
                        }
                    }
                }
            }
        }
        let sides = search.side_names.len();
        search.side_prefix = vec![vec![0; n + 1]; sides];
        for (i, &u) in search.people_order.iter().enumerate() {
            for (s, prefix) in search.side_prefix.iter_mut().enumerate() {
                prefix[i + 1] = prefix[i] + u32::from(search.side_of[u as usize] == s as u32);
            }
        }
        Ok(search)
    }

    /// Side counts of the people in search-order range `range`.
    fn side_counts(&self, range: std::ops::Range<usize>) -> Vec<u32> {
        self.side_prefix
            .iter()
            .map(|p| p[range.end] - p[range.start])
            .collect()
    }

    fn range(&self, x: usize) -> std::ops::Range<usize> {
        let start = self.first_person[x] as usize;
        start..start + self.people_below[x] as usize
    }

    fn part(&self, size: u32, counts: &[u32]) -> Part {
        Part {
            size: size as usize,
            sides: counts
                .iter()
                .zip(&self.side_names)
                .filter(|(c, _)| **c > 0)
                .map(|(c, name)| (name.clone(), *c as usize))
                .collect(),
        }
    }
}

/// For each of the graph's meetings, whether it is a meeting of two whose pair
/// already met alone at an earlier one.
fn repeated_pairs(graph: &MetGraph) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    (0..graph.meetings().len())
        .map(|m| match graph.nodes_of(m) {
            &[a, b] => !seen.insert((a, b)),
            _ => false,
        })
        .collect()
}

/// How many meetings of two each pair had alone.
fn pair_meetings(graph: &MetGraph) -> std::collections::HashMap<(u32, u32), u32> {
    let mut count = std::collections::HashMap::new();
    for m in 0..graph.meetings().len() {
        if let &[a, b] = graph.nodes_of(m) {
            *count.entry((a, b)).or_default() += 1;
        }
    }
    count
}

/// The articulation points, by node, each with the parts it alone connects.
pub fn articulation_points(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<Vec<Broker>, OverBudget> {
    let n = graph.node_count();
    let search = CutSearch::run(network, graph, budget)?;
    let mut brokers = Vec::new();
    for p in 0..n {
        let root = search.root[p] as usize;
        // The parts under p: each child meeting that nothing below reaches past p.
        let mut parts: Vec<(u32, usize, Vec<u32>)> = Vec::new(); // (size, smallest, sides)
        for &m in graph.meetings_of(p) {
            let c = n + m as usize;
            let is_child = search.parent[c] == p as u32 && search.people_below[c] > 0;
            if is_child && search.low[c] >= search.disc[p] {
                let range = search.range(c);
                let smallest = search.people_order[range.clone()]
                    .iter()
                    .min()
                    .copied()
                    .unwrap_or(0) as usize;
                parts.push((search.people_below[c], smallest, search.side_counts(range)));
            }
        }
        let cuts = if p == root {
            parts.len() >= 2
        } else {
            !parts.is_empty()
        };
        if !cuts {
            continue;
        }
        budget.check()?;
        if p != root {
            // Everyone else in the component, whose smallest member is its root.
            let component = search.range(root);
            let mut counts = search.side_counts(component.clone());
            counts[search.side_of[p] as usize] -= 1;
            let mut size = component.len() as u32 - 1;
            for (s, _, c) in &parts {
                size -= s;
                counts.iter_mut().zip(c).for_each(|(a, b)| *a -= b);
            }
            parts.push((size, root, counts));
        }
        parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        brokers.push(Broker {
            node: p,
            parts: parts
                .iter()
                .map(|(size, _, counts)| search.part(*size, counts))
                .collect(),
        });
    }
    Ok(brokers)
}

/// The bridges, by their ends, each with the two parts it joins.
pub fn bridges(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<Vec<Bridge>, OverBudget> {
    let n = graph.node_count();
    let search = CutSearch::run(network, graph, budget)?;
    let alone = pair_meetings(graph);
    let mut out = Vec::new();
    for m in 0..graph.meetings().len() {
        let c = n + m;
        let &[first, second] = graph.nodes_of(m) else {
            continue;
        };
        // A meeting of two between the search parent and child: the tie is a bridge
        // when nothing below the child reaches back to the meeting or above.
        let (child, parent) = if search.parent[first as usize] == c as u32 {
            (first as usize, second as usize)
        } else if search.parent[second as usize] == c as u32 {
            (second as usize, first as usize)
        } else {
            continue;
        };
        if search.low[child] <= search.disc[c] {
            continue;
        }
        let below = search.range(child);
        let component = search.range(search.root[child] as usize);
        let below_counts = search.side_counts(below.clone());
        let mut rest_counts = search.side_counts(component.clone());
        rest_counts
            .iter_mut()
            .zip(&below_counts)
            .for_each(|(a, b)| *a -= b);
        let below_part = search.part(below.len() as u32, &below_counts);
        let rest_part = search.part((component.len() - below.len()) as u32, &rest_counts);
        let (a, b) = (parent.min(child), parent.max(child));
        let parts = if a == parent {
            [rest_part, below_part]
        } else {
            [below_part, rest_part]
        };
        let weight = alone.get(&(a as u32, b as u32)).copied().unwrap_or(1);
        out.push(Bridge {
            a,
            b,
            weight,
            parts,
        });
    }
    out.sort_by_key(|bridge| (bridge.a, bridge.b));
    Ok(out)
}

/// Burt's constraint and effective size per node (weighted, as NetworkX computes
/// them with `weight="weight"`); `None` for a node without ties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructuralHoles {
    pub constraint: Vec<Option<f64>>,
    pub effective_size: Vec<Option<f64>>,
}

pub fn structural_holes(graph: &MetGraph, budget: &Budget) -> Result<StructuralHoles, OverBudget> {
    let n = graph.node_count();
    // Each tie's share of its node's total weight, and of its node's strongest tie.
    let total: Vec<f64> = (0..n).map(|u| graph.weighted_degree(u) as f64).collect();
    let strongest: Vec<f64> = (0..n)
        .map(|u| f64::from(graph.weights(u).iter().copied().max().unwrap_or(0)))
        .collect();
    let share = |u: usize, v: usize| f64::from(graph.weight(u, v)) / total[u];
    let mut constraint = vec![None; n];
    let mut effective_size = vec![None; n];
    for u in 0..n {
        if u % 64 == 0 {
            budget.check()?;
        }
        if graph.degree(u) == 0 {
            continue;
        }
        let neighbours = graph.neighbours(u);
        let weights = graph.weights(u);
        let mut c = 0.0;
        let mut e = 0.0;
        for &v in neighbours {
            let v = v as usize;
            let mut indirect = 0.0;
            let mut redundancy = 0.0;
            for (&w, &weight) in neighbours.iter().zip(weights) {
                let w = w as usize;
                if w == v {
                    continue;
                }
                let p_uw = f64::from(weight) / total[u];
                let w_wv = f64::from(graph.weight(w, v));
                if w_wv > 0.0 {
                    indirect += p_uw * share(w, v);
                    redundancy += p_uw * w_wv / strongest[v];
                }
            }
            c += (share(u, v) + indirect).powi(2);
            e += 1.0 - redundancy;
        }
        constraint[u] = Some(c);
        effective_size[u] = Some(e);
    }
    Ok(StructuralHoles {
        constraint,
        effective_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::testing::network;
    use crate::network::{MetGraph, Scope};

    /// The people of each bridge, by id.
    fn bridge_ids(meetings: &[&[&str]]) -> Vec<(String, String)> {
        let network = network(meetings);
        let graph = MetGraph::build(&network, &Scope::everything());
        let id = |u: usize| network.people()[graph.person(u) as usize].id.clone();
        bridges(&network, &graph, &Budget::unlimited())
            .expect("no budget")
            .iter()
            .map(|b| (id(b.a), id(b.b)))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_tie_resting_on_several_meetings_of_two_is_a_bridge() {
        // Two triangles, c and d joined by two meetings of their own.
        let twice: &[&[&str]] = &[&["a", "b", "c"], &["c", "d"], &["d", "e", "f"], &["c", "d"]];
        assert_eq!(bridge_ids(twice), pairs(&[("c", "d")]));
        let cuts = articulation_points(
            &network(twice),
            &MetGraph::build(&network(twice), &Scope::everything()),
            &Budget::unlimited(),
        )
        .expect("no budget");
        assert_eq!(cuts.iter().map(|b| b.node).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn a_tie_with_a_third_person_at_one_of_its_meetings_is_no_bridge() {
        let with_third: &[&[&str]] = &[&["a", "b"], &["a", "b", "c"], &["c", "d"]];
        assert_eq!(bridge_ids(with_third), pairs(&[("c", "d")]));
        // A path: every tie is a bridge, however many meetings it rests on.
        let path: &[&[&str]] = &[
            &["a", "b"],
            &["b", "c"],
            &["a", "b"],
            &["c", "d"],
            &["c", "d"],
        ];
        assert_eq!(
            bridge_ids(path),
            pairs(&[("a", "b"), ("b", "c"), ("c", "d")])
        );
        // A cycle of meetings of two: no bridge.
        let cycle: &[&[&str]] = &[&["a", "b"], &["b", "c"], &["c", "a"], &["a", "b"]];
        assert!(bridge_ids(cycle).is_empty());
    }
}

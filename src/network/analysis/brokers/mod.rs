//! Brokers: articulation points and bridges of the met graph with the groups each
//! alone connects (from one depth-first search, [`cuts`]), and Burt's
//! structural-hole measures ([`holes`]).

mod cuts;
mod holes;
#[cfg(test)]
mod tests;

pub use holes::{StructuralHoles, structural_holes};

use super::{Budget, OverBudget};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use cuts::CutSearch;
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
    pub node: NodeIx,
    /// The parts the component falls into without them, largest first.
    pub parts: Vec<Part>,
}

/// A tie whose removal splits its component.
#[derive(Debug, Clone, PartialEq)]
pub struct Bridge {
    /// The two ends, `a < b` by node.
    pub a: NodeIx,
    pub b: NodeIx,
    /// The meetings the two shared (each had them alone).
    pub weight: u32,
    /// The part holding `a`, then the part holding `b`.
    pub parts: [Part; 2],
}

/// How many meetings of two each pair had alone.
fn pair_meetings(graph: &MetGraph) -> std::collections::HashMap<(NodeIx, NodeIx), u32> {
    let mut count = std::collections::HashMap::new();
    for m in graph.graph_meetings() {
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
        for &m in graph.meetings_of(NodeIx::new(p)) {
            let c = n + m.index();
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
            node: NodeIx::new(p),
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
    for m in graph.graph_meetings() {
        let c = n + m.index();
        let &[first, second] = graph.nodes_of(m) else {
            continue;
        };
        let (first, second) = (first.index(), second.index());
        // A meeting of two between the search parent and child: the tie is a bridge
        // when nothing below the child reaches back to the meeting or above.
        let (child, parent) = if search.parent[first] == c as u32 {
            (first, second)
        } else if search.parent[second] == c as u32 {
            (second, first)
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
        let (a_node, b_node) = (NodeIx::new(a), NodeIx::new(b));
        let parts = if a == parent {
            [rest_part, below_part]
        } else {
            [below_part, rest_part]
        };
        let weight = alone.get(&(a_node, b_node)).copied().unwrap_or(1);
        out.push(Bridge {
            a: a_node,
            b: b_node,
            weight,
            parts,
        });
    }
    out.sort_by_key(|bridge| (bridge.a, bridge.b));
    Ok(out)
}

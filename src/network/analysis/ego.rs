//! A person's k-step neighbourhood, for a frontend to draw.

use super::paths::Bfs;
use super::{Budget, OverBudget};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use std::collections::HashMap;

/// The people within k ties of a person and every tie among them.
#[derive(Debug, Clone, PartialEq)]
pub struct EgoNetwork {
    /// (node, distance from the person), the person first, then by distance and node.
    pub people: Vec<(NodeIx, u32)>,
    /// (u, v, weight) with u < v, sorted.
    pub ties: Vec<(NodeIx, NodeIx, u32)>,
}

pub fn ego_network(
    graph: &MetGraph,
    node: NodeIx,
    steps: u32,
    budget: &Budget,
) -> Result<EgoNetwork, OverBudget> {
    let mut bfs = Bfs::new(graph);
    bfs.run(graph, &[node], steps);
    let mut people: Vec<(NodeIx, u32)> = bfs
        .order
        .iter()
        .map(|&u| (u, bfs.dist[u.index()]))
        .collect();
    people.sort_unstable_by_key(|&(u, d)| (d, u));
    // The ties among them, counted from their meetings: no person-person projection
    // of the whole graph is needed.
    let mut shared: HashMap<(NodeIx, NodeIx), u32> = HashMap::new();
    for (i, &(u, _)) in people.iter().enumerate() {
        if i % 256 == 0 {
            budget.check()?;
        }
        for &m in graph.meetings_of(u) {
            for &v in graph.nodes_of(m) {
                if v > u && bfs.dist[v.index()] <= steps {
                    *shared.entry((u, v)).or_default() += 1;
                }
            }
        }
    }
    let mut ties: Vec<(NodeIx, NodeIx, u32)> =
        shared.into_iter().map(|((u, v), w)| (u, v, w)).collect();
    ties.sort_unstable();
    Ok(EgoNetwork { people, ties })
}

//! A person's k-step neighbourhood, for a frontend to draw.

use super::paths::Bfs;
use crate::network::metgraph::MetGraph;

/// The people within k ties of a person and every tie among them.
#[derive(Debug, Clone, PartialEq)]
pub struct EgoNetwork {
    /// (node, distance from the person), the person first, then by distance and node.
    pub people: Vec<(usize, u32)>,
    /// (u, v, weight) with u < v, sorted.
    pub ties: Vec<(usize, usize, u32)>,
}

pub fn ego_network(graph: &MetGraph, node: usize, steps: u32) -> EgoNetwork {
    let mut bfs = Bfs::new(graph);
    bfs.run(graph, &[node], steps);
    let mut people: Vec<(usize, u32)> = bfs
        .order
        .iter()
        .map(|&u| (u as usize, bfs.dist[u as usize]))
        .collect();
    people.sort_unstable_by_key(|&(u, d)| (d, u));
    let mut ties = Vec::new();
    for &(u, _) in &people {
        for (&v, &w) in graph.neighbours(u).iter().zip(graph.weights(u)) {
            if v as usize > u && bfs.dist[v as usize] <= steps {
                ties.push((u, v as usize, w));
            }
        }
    }
    ties.sort_unstable();
    EgoNetwork { people, ties }
}

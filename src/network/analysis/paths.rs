//! Breadth-first search and connected components on the met graph.

use crate::network::metgraph::MetGraph;
use std::collections::VecDeque;

/// Marks an unreached node.
pub const UNREACHED: u32 = u32::MAX;

/// Reusable breadth-first search state.
pub struct Bfs {
    pub dist: Vec<u32>,
    /// Nodes in the order reached (the source first).
    pub order: Vec<u32>,
    queue: VecDeque<u32>,
}

impl Bfs {
    pub fn new(nodes: usize) -> Self {
        Bfs {
            dist: vec![UNREACHED; nodes],
            order: Vec::with_capacity(nodes),
            queue: VecDeque::new(),
        }
    }

    /// Distances from `sources` (all at 0), up to `max_depth` steps.
    pub fn run(&mut self, graph: &MetGraph, sources: &[usize], max_depth: u32) {
        for &u in &self.order {
            self.dist[u as usize] = UNREACHED;
        }
        self.order.clear();
        self.queue.clear();
        for &s in sources {
            if self.dist[s] == UNREACHED {
                self.dist[s] = 0;
                self.order.push(s as u32);
                self.queue.push_back(s as u32);
            }
        }
        while let Some(u) = self.queue.pop_front() {
            let d = self.dist[u as usize];
            if d >= max_depth {
                continue;
            }
            for &v in graph.neighbours(u as usize) {
                if self.dist[v as usize] == UNREACHED {
                    self.dist[v as usize] = d + 1;
                    self.order.push(v);
                    self.queue.push_back(v);
                }
            }
        }
    }
}

/// The component label of every node, labels numbered from 0 in node order.
pub fn components(graph: &MetGraph) -> (Vec<u32>, usize) {
    let n = graph.node_count();
    let mut label = vec![UNREACHED; n];
    let mut count = 0;
    let mut stack = Vec::new();
    for start in 0..n {
        if label[start] != UNREACHED {
            continue;
        }
        label[start] = count as u32;
        stack.push(start as u32);
        while let Some(u) = stack.pop() {
            for &v in graph.neighbours(u as usize) {
                if label[v as usize] == UNREACHED {
                    label[v as usize] = count as u32;
                    stack.push(v);
                }
            }
        }
        count += 1;
    }
    (label, count)
}

/// The nodes reachable from `start` without stepping on `blocked` nodes or crossing
/// the tie `cut` (either direction).
pub fn reach_avoiding(
    graph: &MetGraph,
    start: usize,
    blocked: Option<usize>,
    cut: Option<(usize, usize)>,
    seen: &mut [bool],
) -> Vec<usize> {
    let mut found = vec![start];
    seen[start] = true;
    let mut i = 0;
    while i < found.len() {
        let u = found[i];
        i += 1;
        for &v in graph.neighbours(u) {
            let v = v as usize;
            if seen[v] || Some(v) == blocked {
                continue;
            }
            if let Some((a, b)) = cut
                && ((u == a && v == b) || (u == b && v == a))
            {
                continue;
            }
            seen[v] = true;
            found.push(v);
        }
    }
    found
}

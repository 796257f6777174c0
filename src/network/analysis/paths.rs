//! Breadth-first search, path lengths and connected components on the met graph.

use super::{Budget, OverBudget, parallel};
use crate::network::bipartite::{Bipartite, Vertex};
use crate::network::index::{GraphMeetingIx, NodeIx};
use crate::network::metgraph::MetGraph;
use crate::network::traverse;
use petgraph::visit::{VisitMap, Visitable};

/// Marks an unreached node.
pub const UNREACHED: u32 = u32::MAX;

/// Reusable breadth-first search state over the met graph's incidence graph
/// (person -> meeting -> person, [`traverse::breadth_first`]), so that a search reads
/// each in-scope participation at most twice, however large a meeting.
pub struct Bfs {
    /// The distance of each node, in ties; `UNREACHED` for nodes not reached.
    pub dist: Vec<u32>,
    /// Nodes in the order reached (the sources first).
    pub order: Vec<NodeIx>,
    visited: <&'static Bipartite<NodeIx, GraphMeetingIx> as Visitable>::Map,
    reached: Vec<(Vertex<NodeIx, GraphMeetingIx>, u32)>,
}

impl Bfs {
    pub fn new(graph: &MetGraph) -> Self {
        Bfs {
            dist: vec![UNREACHED; graph.node_count()],
            order: Vec::with_capacity(graph.node_count()),
            visited: graph.incidence().visit_map(),
            reached: Vec::new(),
        }
    }

    /// Distances from `sources` (all at 0), up to `max_depth` ties.
    pub fn run(&mut self, graph: &MetGraph, sources: &[NodeIx], max_depth: u32) {
        for &u in &self.order {
            self.dist[u.index()] = UNREACHED;
        }
        self.order.clear();
        for (v, _) in self.reached.drain(..) {
            self.visited.unvisit(v);
        }
        // A tie is two edges of the incidence graph: person -> meeting -> person.
        traverse::breadth_first(
            graph.incidence(),
            sources.iter().map(|&s| Vertex::Person(s)),
            max_depth.saturating_mul(2),
            &mut self.visited,
            &mut self.reached,
        );
        for &(v, depth) in &self.reached {
            if let Vertex::Person(u) = v {
                self.dist[u.index()] = depth / 2;
                self.order.push(u);
            }
        }
    }
}

/// What a breadth-first search from one source found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// The sum of the distances to every node reached.
    pub total: u64,
    /// The nodes reached, the source included.
    pub reached: u32,
    /// The distance to the farthest node reached.
    pub farthest: u32,
}

/// The [`Reach`] of each source, in the order given.
///
/// Searches 64 sources at once, one bit each (multi-source BFS): a level ORs the
/// frontier bits of its nodes into their meetings and the meetings' bits into
/// their people, so each participation is read twice per level for 64 searches.
pub fn reaches(
    graph: &MetGraph,
    sources: &[NodeIx],
    budget: &Budget,
) -> Result<Vec<Reach>, OverBudget> {
    const WIDTH: usize = 64;
    let batches = sources.len().div_ceil(WIDTH);
    let lanes = parallel::by_lane(batches, budget, |_, picks| {
        let n = graph.node_count();
        let mut seen = vec![0u64; n];
        let mut frontier = vec![0u64; n];
        let mut next = vec![0u64; n];
        let mut meeting = vec![0u64; graph.meetings().len()];
        let mut found = Vec::new();
        for batch in picks {
            budget.check()?;
            let batch_sources = &sources[batch * WIDTH..((batch + 1) * WIDTH).min(sources.len())];
            let mut reach = vec![Reach::default(); batch_sources.len()];
            seen.fill(0);
            let mut frontier_nodes: Vec<NodeIx> = Vec::new();
            for (i, &s) in batch_sources.iter().enumerate() {
                if seen[s.index()] == 0 {
                    frontier_nodes.push(s);
                }
                let s = s.index();
                seen[s] |= 1 << i;
                frontier[s] |= 1 << i;
                reach[i].reached = 1;
            }
            let (mut touched, mut new_nodes) = (Vec::new(), Vec::new());
            let mut d = 0;
            while !frontier_nodes.is_empty() {
                d += 1;
                for &u in &frontier_nodes {
                    for &m in graph.meetings_of(u) {
                        if meeting[m.index()] == 0 {
                            touched.push(m);
                        }
                        meeting[m.index()] |= frontier[u.index()];
                    }
                }
                for &m in &touched {
                    let bits = std::mem::take(&mut meeting[m.index()]);
                    for &v in graph.nodes_of(m) {
                        let add = bits & !seen[v.index()];
                        if add != 0 {
                            if next[v.index()] == 0 {
                                new_nodes.push(v);
                            }
                            next[v.index()] |= add;
                        }
                    }
                }
                touched.clear();
                for &u in &frontier_nodes {
                    frontier[u.index()] = 0;
                }
                for &v in &new_nodes {
                    let v = v.index();
                    let mut bits = std::mem::take(&mut next[v]);
                    seen[v] |= bits;
                    frontier[v] = bits;
                    while bits != 0 {
                        let r = &mut reach[bits.trailing_zeros() as usize];
                        r.total += d;
                        r.reached += 1;
                        r.farthest = d as u32;
                        bits &= bits - 1;
                    }
                }
                std::mem::swap(&mut frontier_nodes, &mut new_nodes);
                new_nodes.clear();
            }
            found.push((batch, reach));
        }
        Ok(found)
    })?;
    let mut out = vec![Reach::default(); sources.len()];
    for (batch, reach) in lanes.into_iter().flatten() {
        out[batch * WIDTH..batch * WIDTH + reach.len()].copy_from_slice(&reach);
    }
    Ok(out)
}

/// The component label of every node, labels numbered from 0 in node order.
pub fn components(graph: &MetGraph) -> (Vec<u32>, usize) {
    let n = graph.node_count();
    // People come first in the incidence graph's order, so their components are
    // labelled 0, 1, ... before any meeting without participants.
    let (mut label, _) = traverse::components(graph.incidence());
    label.truncate(n);
    let count = label.iter().max().map_or(0, |&l| l as usize + 1);
    (label, count)
}

/// The size of every component, largest first.
pub fn component_sizes(graph: &MetGraph) -> Vec<usize> {
    let (label, count) = components(graph);
    let mut sizes = vec![0usize; count];
    for &l in &label {
        sizes[l as usize] += 1;
    }
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

//! Traversals written once over petgraph's visit traits, in the style of
//! rustworkx-core: breadth-first search with depths, the shortest path between two
//! vertices and connected components. They run on the incidence graph
//! ([`Bipartite`](super::bipartite::Bipartite)), on petgraph adaptors of it such as
//! `NodeFiltered` (a scope's meetings only), or on any other petgraph graph.

use petgraph::visit::{IntoNeighbors, IntoNodeIdentifiers, NodeIndexable, VisitMap, Visitable};
use std::collections::VecDeque;

/// Breadth-first search from `sources` (depth 0), at most `max_depth` edges deep.
///
/// Appends every vertex reached to `reached` with its depth, in the order reached
/// (sources first, neighbours in the graph's order). `visited` must start with no
/// vertex visited; it is left marking exactly the vertices in `reached`, so a caller
/// running many searches can unmark them instead of clearing the whole map.
///
/// ```
/// use peacenet::network::traverse::breadth_first;
/// use petgraph::graph::UnGraph;
/// use petgraph::visit::{VisitMap, Visitable};
///
/// // A path 0-1-2-3-4, searched from its middle at most one edge deep.
/// let path = UnGraph::<(), ()>::from_edges([(0, 1), (1, 2), (2, 3), (3, 4)]);
/// let mut visited = path.visit_map();
/// let mut reached = Vec::new();
/// breadth_first(&path, [2.into()], 1, &mut visited, &mut reached);
/// let mut depths: Vec<(usize, u32)> = reached.iter().map(|(v, d)| (v.index(), *d)).collect();
/// depths.sort_unstable();
/// assert_eq!(depths, [(1, 1), (2, 0), (3, 1)]);
///
/// // Unmark what was reached, then search again from an end with no limit: the
/// // depth of each vertex is its distance along the path.
/// for (v, _) in reached.drain(..) {
///     visited.unvisit(v);
/// }
/// breadth_first(&path, [0.into()], u32::MAX, &mut visited, &mut reached);
/// let depths: Vec<(usize, u32)> = reached.iter().map(|(v, d)| (v.index(), *d)).collect();
/// assert_eq!(depths, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]);
///
/// // A star: from a leaf, the centre is one edge away and every other leaf two.
/// let star = UnGraph::<(), ()>::from_edges([(0, 1), (0, 2), (0, 3), (0, 4)]);
/// let mut visited = star.visit_map();
/// let mut reached = Vec::new();
/// breadth_first(&star, [3.into()], 2, &mut visited, &mut reached);
/// let mut depths: Vec<(usize, u32)> = reached.iter().map(|(v, d)| (v.index(), *d)).collect();
/// depths.sort_unstable();
/// assert_eq!(depths, [(0, 1), (1, 2), (2, 2), (3, 0), (4, 2)]);
/// ```
pub fn breadth_first<G>(
    graph: G,
    sources: impl IntoIterator<Item = G::NodeId>,
    max_depth: u32,
    visited: &mut G::Map,
    reached: &mut Vec<(G::NodeId, u32)>,
) where
    G: IntoNeighbors + Visitable,
{
    let mut head = reached.len();
    for s in sources {
        if visited.visit(s) {
            reached.push((s, 0));
        }
    }
    while head < reached.len() {
        let (v, depth) = reached[head];
        head += 1;
        if depth >= max_depth {
            continue;
        }
        for w in graph.neighbors(v) {
            if visited.visit(w) {
                reached.push((w, depth + 1));
            }
        }
    }
}

/// A shortest path from `source` to `target`, both included; `None` when there is
/// none. Breadth-first, neighbours in the graph's order, stopping as soon as the
/// target is reached: of the shortest paths, the one whose vertices were reached
/// first.
///
/// ```
/// use peacenet::network::traverse::shortest_path;
/// use petgraph::graph::{NodeIndex, UnGraph};
///
/// // Two triangles, 0-1-2 and 3-4-5, joined by the bridge 2-3, and 6 on its own.
/// let mut graph =
///     UnGraph::<(), ()>::from_edges([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)]);
/// graph.add_node(());
/// let path = shortest_path(&graph, 0.into(), 5.into()).expect("connected");
/// let path: Vec<usize> = path.iter().map(|v| v.index()).collect();
/// assert_eq!(path, [0, 2, 3, 5]);
/// assert_eq!(shortest_path(&graph, 0.into(), 6.into()), None);
/// assert_eq!(shortest_path(&graph, 4.into(), 4.into()), Some(vec![NodeIndex::new(4)]));
/// ```
pub fn shortest_path<G>(graph: G, source: G::NodeId, target: G::NodeId) -> Option<Vec<G::NodeId>>
where
    G: IntoNeighbors + Visitable + NodeIndexable,
    G::NodeId: PartialEq,
{
    if source == target {
        return Some(vec![source]);
    }
    let mut visited = graph.visit_map();
    let mut parent: Vec<Option<G::NodeId>> = vec![None; graph.node_bound()];
    let mut queue = VecDeque::from([source]);
    visited.visit(source);
    'search: while let Some(v) = queue.pop_front() {
        for w in graph.neighbors(v) {
            if visited.visit(w) {
                parent[graph.to_index(w)] = Some(v);
                if w == target {
                    break 'search;
                }
                queue.push_back(w);
            }
        }
    }
    parent[graph.to_index(target)]?;
    let mut path = vec![target];
    let mut at = target;
    while let Some(previous) = parent[graph.to_index(at)] {
        path.push(previous);
        at = previous;
    }
    path.reverse();
    Some(path)
}

/// The connected component of every vertex, by [`NodeIndexable::to_index`]: labels
/// numbered from 0 in the order of `node_identifiers`, and their number.
///
/// ```
/// use peacenet::network::traverse::components;
/// use petgraph::graph::UnGraph;
///
/// // Two triangles, 0-1-2 and 3-4-5, then 6 on its own.
/// let mut graph =
///     UnGraph::<(), ()>::from_edges([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]);
/// graph.add_node(());
/// assert_eq!(components(&graph), (vec![0, 0, 0, 1, 1, 1, 2], 3));
///
/// // Joined by the bridge 2-3, they are one component.
/// graph.add_edge(2.into(), 3.into(), ());
/// assert_eq!(components(&graph), (vec![0, 0, 0, 0, 0, 0, 1], 2));
/// ```
pub fn components<G>(graph: G) -> (Vec<u32>, usize)
where
    G: IntoNeighbors + IntoNodeIdentifiers + NodeIndexable,
{
    const NONE: u32 = u32::MAX;
    let mut label = vec![NONE; graph.node_bound()];
    let mut count = 0u32;
    let mut stack = Vec::new();
    for start in graph.node_identifiers() {
        if label[graph.to_index(start)] != NONE {
            continue;
        }
        label[graph.to_index(start)] = count;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for w in graph.neighbors(v) {
                let l = &mut label[graph.to_index(w)];
                if *l == NONE {
                    *l = count;
                    stack.push(w);
                }
            }
        }
        count += 1;
    }
    (label, count as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::bipartite::{Bipartite, Vertex};
    use petgraph::graph::UnGraph;

    #[test]
    fn the_traversals_run_on_any_petgraph_graph() {
        // A path 0-1-2-3 and a triangle 4-5-6.
        let g = UnGraph::<(), ()>::from_edges([(0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (6, 4)]);
        let (label, count) = components(&g);
        assert_eq!((label, count), (vec![0, 0, 0, 0, 1, 1, 1], 2));
        let path = shortest_path(&g, 0.into(), 3.into()).expect("a path");
        assert_eq!(
            path.iter().map(|n| n.index()).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(shortest_path(&g, 0.into(), 4.into()), None);
        let mut visited = g.visit_map();
        let mut reached = Vec::new();
        breadth_first(&g, [1.into()], 1, &mut visited, &mut reached);
        let mut depths: Vec<_> = reached.iter().map(|(n, d)| (n.index(), *d)).collect();
        depths.sort_unstable();
        assert_eq!(depths, [(0, 1), (1, 0), (2, 1)]);
    }

    #[test]
    fn a_chain_alternates_people_and_meetings() {
        // Meetings: 0 = {0, 1}, 1 = {1, 2}, 2 = {3}.
        let g: Bipartite =
            Bipartite::from_pairs(4, 3, vec![(0, 0), (1, 0), (1, 1), (2, 1), (3, 2)]);
        let path = shortest_path(&g, Vertex::Person(0), Vertex::Person(2)).expect("a path");
        use Vertex::{Meeting as M, Person as P};
        assert_eq!(path, [P(0), M(0), P(1), M(1), P(2)]);
        let (label, count) = components(&g);
        // People 0-2 with meetings 0-1; person 3 with meeting 2.
        assert_eq!((label, count), (vec![0, 0, 0, 1, 0, 0, 1], 2));
    }
}

//! The one depth-first search of the bipartite graph behind the brokers and the
//! bridges: discovery times, low points, and each node's people as a range of the
//! search order with its side counts.

use super::Part;
use crate::network::analysis::{Budget, OverBudget};
use crate::network::index::{GraphMeetingIx, NodeIx};
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;

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
pub(super) struct CutSearch {
    /// Discovery time of each bipartite node.
    pub(super) disc: Vec<u32>,
    pub(super) low: Vec<u32>,
    /// Each bipartite node's parent in the search tree (`UNSEEN` for a root).
    pub(super) parent: Vec<u32>,
    /// Where each bipartite node's people start in `people_order`, and how many.
    pub(super) first_person: Vec<u32>,
    pub(super) people_below: Vec<u32>,
    /// People in search order.
    pub(super) people_order: Vec<u32>,
    /// The root (smallest person) of each person's component.
    pub(super) root: Vec<u32>,
    /// `side_prefix[s][i]`: people of side `s` among the first `i` in search order.
    pub(super) side_prefix: Vec<Vec<u32>>,
    pub(super) side_names: Vec<String>,
    pub(super) side_of: Vec<u32>,
}

const UNSEEN: u32 = u32::MAX;

impl CutSearch {
    pub(super) fn run(
        network: &Network,
        graph: &MetGraph,
        budget: &Budget,
    ) -> Result<Self, OverBudget> {
        let n = graph.node_count();
        let total = n + graph.meetings().len();
        let mut side_names: Vec<String> = Vec::new();
        let side_of: Vec<u32> = (0..n)
            .map(|u| {
                let side = network.person(graph.person(NodeIx::new(u))).side_label();
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
                let m = graph.meetings_of(NodeIx::new(x)).get(i)?.index();
                Some((!repeated[m]).then_some(n + m))
            } else {
                graph
                    .nodes_of(GraphMeetingIx::new(x - n))
                    .get(i)
                    .map(|&v| Some(v.index()))
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
    pub(super) fn side_counts(&self, range: std::ops::Range<usize>) -> Vec<u32> {
        self.side_prefix
            .iter()
            .map(|p| p[range.end] - p[range.start])
            .collect()
    }

    pub(super) fn range(&self, x: usize) -> std::ops::Range<usize> {
        let start = self.first_person[x] as usize;
        start..start + self.people_below[x] as usize
    }

    pub(super) fn part(&self, size: u32, counts: &[u32]) -> Part {
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
    graph
        .graph_meetings()
        .map(|m| match graph.nodes_of(m) {
            &[a, b] => !seen.insert((a, b)),
            _ => false,
        })
        .collect()
}

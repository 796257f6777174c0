//! Cross-divide ties: how much of the network crosses the conflict divide.

use super::paths::Bfs;
use super::{Budget, OverBudget};
use crate::network::index::{MeetingIx, NodeIx};
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use crate::network::share;
use std::collections::{BTreeMap, HashSet};

/// The side that never counts as a party to the divide.
pub const INTERNATIONAL: &str = "international";

/// Whether two sides make a cross-divide pair: both known, different, neither
/// international.
///
/// ```
/// use peacenet::network::analysis::crosses;
/// assert!(crosses(Some("georgian"), Some("abkhaz")));
/// assert!(!crosses(Some("georgian"), Some("georgian")));
/// assert!(!crosses(Some("georgian"), Some("international")));
/// assert!(!crosses(Some("georgian"), None));
/// ```
pub fn crosses(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a != b && a != INTERNATIONAL && b != INTERNATIONAL,
        _ => false,
    }
}

/// A person's place across the divide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonDivide {
    pub node: NodeIx,
    pub cross_ties: usize,
    /// People within two steps with whom the person would form a cross-divide pair.
    pub reach: usize,
}

/// The cross-divide pairs who first met at a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFirsts {
    /// Network meeting index.
    pub meeting: MeetingIx,
    /// Pairs of nodes (a < b).
    pub pairs: Vec<(NodeIx, NodeIx)>,
}

/// Cross-divide figures of a met graph.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossDivide {
    pub ties: usize,
    pub cross_divide_ties: usize,
    pub cross_divide_share: Option<f64>,
    pub people_with_cross_tie_share: Option<f64>,
    /// None when no tie has both sides known.
    pub ei_index: Option<f64>,
    pub ei_by_side: BTreeMap<String, Option<f64>>,
    /// Every active person, by node.
    pub people: Vec<PersonDivide>,
    /// Meetings with at least one first cross-divide encounter, in time order.
    pub meetings: Vec<MeetingFirsts>,
}

/// Whether each node has at least one cross-divide tie.
pub fn cross_divide_flags(network: &Network, graph: &MetGraph) -> Vec<bool> {
    let side = |u: NodeIx| network.person(graph.person(u)).side.as_deref();
    let mut flags = vec![false; graph.node_count()];
    for (u, v, _) in graph.ties() {
        if crosses(side(u), side(v)) {
            flags[u.index()] = true;
            flags[v.index()] = true;
        }
    }
    flags
}

fn ei(external: usize, internal: usize) -> Option<f64> {
    let all = external + internal;
    (all > 0).then(|| (external as f64 - internal as f64) / all as f64)
}

pub fn cross_divide(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<CrossDivide, OverBudget> {
    let n = graph.node_count();
    let side = |u: NodeIx| network.person(graph.person(u)).side.as_deref();
    let mut cross = vec![0usize; n];
    let mut cross_ties = 0;
    let (mut external, mut internal) = (0, 0);
    let mut by_side: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (u, v, _) in graph.ties() {
        if crosses(side(u), side(v)) {
            cross_ties += 1;
            cross[u.index()] += 1;
            cross[v.index()] += 1;
        }
        if let (Some(a), Some(b)) = (side(u), side(v)) {
            if a == b {
                internal += 1;
                by_side.entry(a.to_owned()).or_default().1 += 1;
            } else {
                external += 1;
                by_side.entry(a.to_owned()).or_default().0 += 1;
                by_side.entry(b.to_owned()).or_default().0 += 1;
            }
        }
    }

    let mut bfs = Bfs::new(graph);
    let mut people = Vec::with_capacity(n);
    for (u, &cross_ties) in graph.nodes().zip(&cross) {
        if u.index() % 256 == 0 {
            budget.check()?;
        }
        bfs.run(graph, &[u], 2);
        let reach = bfs
            .order
            .iter()
            .filter(|&&v| v != u && crosses(side(u), side(v)))
            .count();
        people.push(PersonDivide {
            node: u,
            cross_ties,
            reach,
        });
    }

    // First encounters: walk the in-scope meetings in time order.
    let mut met: HashSet<(NodeIx, NodeIx)> = HashSet::new();
    let mut meetings = Vec::new();
    for &m in graph.meetings() {
        budget.check()?;
        let nodes: Vec<NodeIx> = network
            .participants(m)
            .iter()
            .filter_map(|&p| graph.node_of(p))
            .collect();
        let mut pairs = Vec::new();
        for (i, &a) in nodes.iter().enumerate() {
            for &b in &nodes[i + 1..] {
                let pair = (a.min(b), a.max(b));
                if crosses(side(a), side(b)) && met.insert(pair) {
                    pairs.push(pair);
                }
            }
        }
        if !pairs.is_empty() {
            pairs.sort_unstable();
            meetings.push(MeetingFirsts { meeting: m, pairs });
        }
    }

    let ties = graph.tie_count();
    Ok(CrossDivide {
        ties,
        cross_divide_ties: cross_ties,
        cross_divide_share: share(cross_ties, ties),
        people_with_cross_tie_share: share(cross.iter().filter(|&&c| c > 0).count(), n),
        ei_index: ei(external, internal),
        ei_by_side: by_side
            .into_iter()
            .map(|(s, (e, i))| (s, ei(e, i)))
            .collect(),
        people,
        meetings,
    })
}

//! The met graph prepared for a browser to draw: every person with their
//! centralities, community and first year; the strongest ties up to a cap, each with
//! its first year; the brokers and bridges. A page draws thousands of people but not
//! hundreds of thousands of ties, so the weakest ties are left out and counted.

use super::{
    Budget, Centrality, OverBudget, articulation_points, bridges, centrality, crosses, louvain,
};
use crate::domain::Track;
use crate::network::{GraphMeetingIx, MetGraph, Network, NodeIx};
use chrono::Datelike;

/// Exact betweenness runs one search per person over every tie; past this many
/// (people x ties) steps the sources are sampled instead, so that a large drawing
/// stays within a request's budget.
const EXACT_BETWEENNESS_WORK: u64 = 400_000_000;
/// The fewest sources a sampled betweenness uses.
const MIN_SOURCES: usize = 64;
/// The seed of the sampled sources and of the communities, so that a drawing is the
/// same at every request (`communities` defaults to the same seed).
pub const DRAWING_SEED: u64 = 42;

/// A tie as drawn: its ends (node indices, `a < b`), shared meetings and the year
/// of the first of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnTie {
    pub a: NodeIx,
    pub b: NodeIx,
    pub weight: u32,
    pub first_year: i32,
    /// Whether the two are on opposite sides of the divide ([`crosses`]).
    pub crosses: bool,
}

/// The met graph prepared for drawing; node `u` of the graph is position `u` of
/// each per-person list.
#[derive(Debug)]
pub struct Drawing {
    pub centrality: Centrality,
    /// Each node's community, 0 the largest.
    pub community: Vec<u32>,
    /// The year of each node's first meeting in scope.
    pub first_year: Vec<i32>,
    /// The track most of each node's meetings in scope were on (the more official
    /// on a tie); `None` when none of them has a track.
    pub main_track: Vec<Option<Track>>,
    /// Nodes whose removal splits their component, ascending.
    pub brokers: Vec<NodeIx>,
    /// The strongest ties: most shared meetings first, then by ends.
    pub ties: Vec<DrawnTie>,
    /// Ties whose removal splits their component (drawn or not).
    pub bridges: Vec<DrawnTie>,
    /// Every tie of the graph, drawn or left out.
    pub total_ties: usize,
}

/// Prepares `graph` for drawing with at most `max_ties` ties.
pub fn drawing(
    network: &Network,
    graph: &MetGraph,
    max_ties: usize,
    budget: &Budget,
) -> Result<Drawing, OverBudget> {
    let n = graph.node_count();
    let total_ties = graph.tie_count();
    let work = n as u64 * total_ties as u64;
    let samples = (work > EXACT_BETWEENNESS_WORK).then(|| {
        let k = (EXACT_BETWEENNESS_WORK / total_ties.max(1) as u64) as usize;
        (k.clamp(MIN_SOURCES, n.max(1)), DRAWING_SEED)
    });
    let centrality = centrality(graph, samples, budget)?;
    let mut community = vec![0u32; n];
    for (c, found) in louvain(network, graph, DRAWING_SEED, budget)?
        .communities
        .iter()
        .enumerate()
    {
        for &u in &found.members {
            community[u.index()] = c as u32;
        }
    }
    let year =
        |position: GraphMeetingIx| network.meeting(graph.meeting(position)).start_date.year();
    let first_year = graph
        .nodes()
        .map(|u| graph.meetings_of(u).first().map_or(0, |&m| year(m)))
        .collect();
    let main_track = graph
        .nodes()
        .map(|u| {
            let mut counts = [0usize; Track::ALL.len()];
            for &m in graph.meetings_of(u) {
                let meeting = network.meeting(graph.meeting(m));
                if let Some(track) = meeting.track {
                    counts[Track::index(track)] += 1;
                }
            }
            let (best, &count) = counts
                .iter()
                .enumerate()
                .rev()
                .max_by_key(|(_, c)| **c)
                .unwrap_or((0, &0));
            (count > 0).then(|| Track::ALL[best])
        })
        .collect();
    let brokers = articulation_points(network, graph, budget)?
        .iter()
        .map(|b| b.node)
        .collect();
    let first_shared =
        |a: NodeIx, b: NodeIx| first_common(graph.meetings_of(a), graph.meetings_of(b));
    let side = |u: NodeIx| network.person(graph.person(u)).side.as_deref();
    let drawn = |a: NodeIx, b: NodeIx, weight: u32| DrawnTie {
        a,
        b,
        weight,
        first_year: first_shared(a, b).map_or(0, year),
        crosses: crosses(side(a), side(b)),
    };
    let bridges = bridges(network, graph, budget)?
        .iter()
        .map(|b| drawn(b.a, b.b, b.weight))
        .collect();
    budget.check()?;
    let mut strongest: Vec<(NodeIx, NodeIx, u32)> = graph.ties().collect();
    if strongest.len() > max_ties {
        strongest.select_nth_unstable_by(max_ties, strongest_first);
        strongest.truncate(max_ties);
    }
    strongest.sort_unstable_by(strongest_first);
    budget.check()?;
    let ties = strongest.iter().map(|&(a, b, w)| drawn(a, b, w)).collect();
    Ok(Drawing {
        centrality,
        community,
        first_year,
        main_track,
        brokers,
        ties,
        bridges,
        total_ties,
    })
}

/// Most shared meetings first, then by ends.
fn strongest_first(x: &(NodeIx, NodeIx, u32), y: &(NodeIx, NodeIx, u32)) -> std::cmp::Ordering {
    y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1)))
}

/// The first element of two ascending lists that both hold.
fn first_common<T: Ord + Copy>(a: &[T], b: &[T]) -> Option<T> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(a[i]),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Scope;
    use crate::network::testing::dated_network;
    use chrono::NaiveDate;

    fn on(text: &str) -> NaiveDate {
        crate::domain::parse_date(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn first_common_finds_the_earliest_shared_position() {
        assert_eq!(first_common(&[1, 4, 7, 9], &[2, 4, 9]), Some(4));
        assert_eq!(first_common(&[1, 3], &[2, 4]), None);
        assert_eq!(first_common::<u32>(&[], &[2]), None);
    }

    #[test]
    fn the_weakest_ties_are_left_out_and_counted() {
        // Two triangles joined by a bridge; a and b met twice.
        let network = dated_network(&[
            (on("2020-01-01"), &["a", "b", "c"]),
            (on("2021-01-01"), &["a", "b"]),
            (on("2021-06-01"), &["c", "d"]),
            (on("2022-01-01"), &["d", "e", "f"]),
        ]);
        let graph = MetGraph::build(&network, &Scope::everything());
        let all = drawing(&network, &graph, usize::MAX, &Budget::unlimited())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.total_ties, 7);
        assert_eq!(all.ties.len(), 7);
        let capped =
            drawing(&network, &graph, 3, &Budget::unlimited()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(capped.total_ties, 7);
        assert_eq!(capped.ties.len(), 3);
        // The strongest first: a-b met twice, in 2020 first.
        assert_eq!(
            (capped.ties[0].weight, capped.ties[0].first_year),
            (2, 2020)
        );
        assert!(capped.ties[1..].iter().all(|t| t.weight == 1));
        // c and d are brokers; c-d is the bridge, met in 2021.
        let node = |id: &str| {
            let p = network.person_index(id).expect("a person");
            graph.node_of(p).expect("an active person")
        };
        let mut brokers = vec![node("c"), node("d")];
        brokers.sort_unstable();
        assert_eq!(all.brokers, brokers);
        assert_eq!(all.bridges.len(), 1);
        assert_eq!(all.bridges[0].first_year, 2021);
        assert_eq!(all.first_year[node("e").index()], 2022);
        // The two triangles are two communities.
        assert_eq!(
            all.community[node("a").index()],
            all.community[node("b").index()]
        );
        assert_ne!(
            all.community[node("a").index()],
            all.community[node("f").index()]
        );
    }
}

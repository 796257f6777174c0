//! Track coordination: whether official diplomacy (Track 1) is connected to the
//! expert and civil-society tracks (1.5 and 2).

use super::paths::{Bfs, UNREACHED};
use super::{Budget, OverBudget};
use crate::domain::Track;
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use crate::network::share;

/// Track coordination figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackCoordination {
    /// Nodes of people who took part in meetings of two or more tracks.
    pub multi_track_people: Vec<NodeIx>,
    /// Ties between a Track 1 participant and a Track 1.5 or 2 participant.
    pub track1_links: usize,
    /// Each Track 2 participant's distance to the nearest Track 1 participant.
    pub track2_distance: Vec<(NodeIx, Option<u32>)>,
    /// Share of Track 2 participants within two steps of Track 1; None without any.
    pub track2_within_two_share: Option<f64>,
}

pub fn track_coordination(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<TrackCoordination, OverBudget> {
    let n = graph.node_count();
    // tracks[u]: bit i set when u took part in a meeting of the track of index i.
    let mut tracks = vec![0u8; n];
    for &m in graph.meetings() {
        let Some(track) = network.meeting(m).track else {
            continue;
        };
        let bit = 1u8 << track.index();
        for &p in network.participants(m) {
            if let Some(u) = graph.node_of(p) {
                tracks[u.index()] |= bit;
            }
        }
    }
    let has = |u: NodeIx, t: Track| tracks[u.index()] & (1u8 << t.index()) != 0;
    let multi_track_people = graph
        .nodes()
        .filter(|&u| tracks[u.index()].count_ones() >= 2)
        .collect();
    let middle = |u: NodeIx| has(u, Track::OneAndHalf) || has(u, Track::Two);
    let track1_links = graph
        .ties()
        .filter(|&(u, v, _)| (has(u, Track::One) && middle(v)) || (has(v, Track::One) && middle(u)))
        .count();

    budget.check()?;
    let track1: Vec<NodeIx> = graph.nodes().filter(|&u| has(u, Track::One)).collect();
    let mut bfs = Bfs::new(graph);
    bfs.run(graph, &track1, UNREACHED);
    let track2_distance: Vec<(NodeIx, Option<u32>)> = graph
        .nodes()
        .filter(|&u| has(u, Track::Two))
        .map(|u| {
            let d = bfs.dist[u.index()];
            (u, (d != UNREACHED).then_some(d))
        })
        .collect();
    let within_two = track2_distance
        .iter()
        .filter(|(_, d)| d.is_some_and(|d| d <= 2))
        .count();
    Ok(TrackCoordination {
        multi_track_people,
        track1_links,
        track2_within_two_share: share(within_two, track2_distance.len()),
        track2_distance,
    })
}

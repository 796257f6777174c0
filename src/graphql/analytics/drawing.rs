//! `Analytics.drawing`: the met network in the compact form a browser draws from.
//! People come once, with their centralities, community and first year; ties come
//! as parallel lists of indices into `people`, the strongest first, up to a cap, with
//! the count of those left out.

use super::Analytics;
use super::centrality::PersonCentrality;
use super::ego::Tie;
use crate::graphql::blocking::off_workers;
use crate::graphql::context::api;
use crate::graphql::error::ApiError;
use crate::graphql::types::Track;
use crate::network::analysis::{self, Budget, DrawnTie};
use crate::network::{MeetingIx, MetGraph, NodeIx, index};
use crate::snapshot::Weigh;
use async_graphql::{Context, Object, Result};
use std::sync::Arc;

/// The most people `drawing` returns; past it the window must be narrowed.
pub const MAX_DRAWN_PEOPLE: usize = 5_000;
/// The most ties `drawing` returns (the strongest); a browser draws no more.
pub const MAX_DRAWN_TIES: usize = 200_000;
/// The ties `drawing` returns unless asked for fewer or more.
pub const DEFAULT_DRAWN_TIES: usize = 100_000;
/// The most ties a drawing chooses its strongest from; past it (one meeting of 2,000
/// people has two million) the window must be narrowed.
pub const MAX_CONSIDERED_TIES: usize = 2_000_000;

/// A drawing as computed, before the people are resolved.
pub struct Drawn {
    people: Vec<PersonCentrality>,
    drawing: analysis::Drawing,
    sources: usize,
}

impl Weigh for Drawn {
    fn bytes(&self) -> usize {
        let people = self.people.len() * (std::mem::size_of::<PersonCentrality>() + 40 + 4 + 4)
            + self.people.iter().map(|p| p.id_len()).sum::<usize>();
        let ties = (self.drawing.ties.len() + self.drawing.bridges.len())
            * std::mem::size_of::<DrawnTie>();
        people + ties + 4 * self.drawing.brokers.len() + 2 * self.people.len()
    }
}

/// Computes the drawing of the analytics' scope (of one track when given).
pub async fn draw(
    analytics: &Analytics,
    ctx: &Context<'_>,
    track: Option<crate::domain::Track>,
    max_ties: Option<i32>,
) -> Result<Drawing> {
    let max_ties = match max_ties {
        None => DEFAULT_DRAWN_TIES,
        Some(n) if (0..=MAX_DRAWN_TIES as i32).contains(&n) => n as usize,
        Some(n) => {
            return Err(ApiError::bad_input(
                "maxTies",
                format!("maxTies must be between 0 and {MAX_DRAWN_TIES}, not {n}"),
            )
            .into());
        }
    };
    let limit = api(ctx)?.analysis_budget;
    let snapshot = Arc::clone(&analytics.snapshot);
    let scope = analytics.scope;
    let key = format!("drawing:{track:?}:{max_ties}");
    let drawn = off_workers("analysis", move || {
        snapshot.cached(&scope, &key, || {
            let network = snapshot.network(&scope);
            let meetings: Vec<MeetingIx> = index::all(network.meetings().len())
                .filter(|&i| {
                    let m = network.meeting(i);
                    scope.admits(m) && track.is_none_or(|t| m.track == Some(t))
                })
                .collect();
            let graph = MetGraph::from_meetings(network, &meetings);
            let too_many = |count: usize, what: &str, most: usize| {
                (count > most).then(|| {
                    ApiError::bad_input(
                        "since",
                        format!(
                            "{count} {what} are too many to draw (at most {most}); narrow the time window or pick a track"
                        ),
                    )
                })
            };
            if let Some(refusal) = too_many(graph.node_count(), "people", MAX_DRAWN_PEOPLE)
                .or_else(|| too_many(graph.tie_count(), "ties", MAX_CONSIDERED_TIES))
            {
                return Err(refusal);
            }
            let drawing = analysis::drawing(network, &graph, max_ties, &Budget::new(limit))?;
            let id = |u: NodeIx| network.person(graph.person(u)).id.clone();
            Ok(Drawn {
                people: graph
                    .nodes()
                    .map(|u| PersonCentrality::at(&drawing.centrality, u, id(u)))
                    .collect(),
                sources: drawing.centrality.betweenness_sources,
                drawing,
            })
        })
    })
    .await??;
    Ok(Drawing(drawn))
}

/// The met network laid out for drawing: everyone who took part in a meeting in
/// scope, and the strongest ties among them.
pub struct Drawing(Arc<Drawn>);

#[Object]
impl Drawing {
    /// Everyone who took part in a meeting drawn, with their centralities; every
    /// other list of the drawing is in this order or indexes into it.
    async fn people(&self) -> &[PersonCentrality] {
        &self.0.people
    }
    /// Each person's community (Louvain, seed 42, as `communities` gives by
    /// default), numbered from 0, the largest.
    async fn communities(&self) -> &[u32] {
        &self.0.drawing.community
    }
    /// The year of each person's first meeting drawn.
    async fn first_years(&self) -> &[i32] {
        &self.0.drawing.first_year
    }
    /// The track most of each person's meetings drawn were on (the more official
    /// on a tie); null when none of them has a track.
    async fn main_tracks(&self) -> Vec<Option<Track>> {
        self.0
            .drawing
            .main_track
            .iter()
            .map(|t| t.map(Into::into))
            .collect()
    }
    /// The people (indices into `people`) whose removal splits their component.
    async fn brokers(&self) -> Vec<u32> {
        self.0
            .drawing
            .brokers
            .iter()
            .map(|&u| position(u))
            .collect()
    }
    /// The strongest ties (most shared meetings first), at most `maxTies`.
    async fn links(&self) -> DrawnTies<'_> {
        DrawnTies(&self.0.drawing.ties)
    }
    /// The ties whose removal splits their component, drawn in `links` or not.
    async fn bridges(&self) -> DrawnTies<'_> {
        DrawnTies(&self.0.drawing.bridges)
    }
    /// Every tie among the people drawn, including those left out of `links`.
    async fn total_ties(&self) -> usize {
        self.0.drawing.total_ties
    }
    /// The weakest ties left out of `links` to keep the drawing within `maxTies`.
    async fn omitted_ties(&self) -> usize {
        self.0.drawing.total_ties - self.0.drawing.ties.len()
    }
    /// The sources betweenness was computed from: every person (exact), or a seeded
    /// sample when the network is too large to compute it exactly in a request.
    async fn betweenness_sources(&self) -> usize {
        self.0.sources
    }
    /// Whether betweenness is exact (computed from every person).
    async fn betweenness_exact(&self) -> bool {
        self.0.sources >= self.0.people.len()
    }
    /// The ties of `links` as objects (slower to resolve than `links`).
    async fn ties(&self) -> Vec<Tie> {
        self.0
            .drawing
            .ties
            .iter()
            .map(|t| {
                Tie::new(
                    self.0.people[t.a.index()].id().to_owned(),
                    self.0.people[t.b.index()].id().to_owned(),
                    t.weight,
                )
            })
            .collect()
    }
}

/// Node `u` as the position into the drawing's `people` that the API shows.
fn position(u: NodeIx) -> u32 {
    u.index() as u32
}

/// Ties as parallel lists: position `i` of each list describes tie `i`.
pub struct DrawnTies<'a>(&'a [DrawnTie]);

#[Object]
impl DrawnTies<'_> {
    /// One end (an index into the drawing's `people`).
    async fn source(&self) -> Vec<u32> {
        self.0.iter().map(|t| position(t.a)).collect()
    }
    /// The other end (an index into the drawing's `people`).
    async fn target(&self) -> Vec<u32> {
        self.0.iter().map(|t| position(t.b)).collect()
    }
    /// The meetings the two shared.
    async fn weight(&self) -> Vec<u32> {
        self.0.iter().map(|t| t.weight).collect()
    }
    /// The year of the first meeting the two shared.
    async fn first_year(&self) -> Vec<i32> {
        self.0.iter().map(|t| t.first_year).collect()
    }
    /// Whether the two are on opposite sides of the divide (both sides known and
    /// different, neither `international`), as `crossDivide` counts them.
    async fn cross_divide(&self) -> Vec<bool> {
        self.0.iter().map(|t| t.crosses).collect()
    }
}

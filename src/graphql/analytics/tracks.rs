//! `Analytics.trackCoordination`: whether official diplomacy is connected to the
//! other tracks.

use super::{Analytics, people, person};
use crate::graphql::types::Person;
use crate::network::analysis;
use async_graphql::{Context, Object, Result};

/// A Track 2 participant's distance to official diplomacy.
pub struct TrackDistance {
    person_id: String,
    distance: Option<u32>,
}

#[Object]
impl TrackDistance {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Ties to the nearest Track 1 participant; 0 for one; null if unreachable.
    async fn distance(&self) -> Option<u32> {
        self.distance
    }
}

/// Whether official diplomacy is connected to the other tracks.
pub struct TrackCoordination {
    multi_track: Vec<String>,
    track1_links: usize,
    distances: Vec<TrackDistance>,
    within_two: Option<f64>,
}

#[Object]
impl TrackCoordination {
    /// People who took part in meetings of two or more tracks, by id.
    async fn multi_track_people(&self, ctx: &Context<'_>) -> Result<Vec<Person>> {
        people(ctx, self.multi_track.clone()).await
    }
    /// Ties between a Track 1 participant and a Track 1.5 or 2 participant.
    async fn track1_links(&self) -> usize {
        self.track1_links
    }
    /// Share of Track 2 participants within two steps of a Track 1 participant.
    async fn track2_within_two_share(&self) -> Option<f64> {
        self.within_two
    }
    /// Every Track 2 participant's distance to the nearest Track 1 participant.
    async fn track2_distances(&self) -> &[TrackDistance] {
        &self.distances
    }
}

impl Analytics {
    pub(super) async fn resolve_track_coordination(
        &self,
        ctx: &Context<'_>,
    ) -> Result<TrackCoordination> {
        let t = self
            .run(ctx, "tracks".into(), |n, g, _, b| {
                analysis::track_coordination(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        Ok(TrackCoordination {
            multi_track: t
                .multi_track_people
                .iter()
                .map(|&u| self.person_id(&graph, u))
                .collect(),
            track1_links: t.track1_links,
            distances: t
                .track2_distance
                .iter()
                .map(|&(u, distance)| TrackDistance {
                    person_id: self.person_id(&graph, u),
                    distance,
                })
                .collect(),
            within_two: t.track2_within_two_share,
        })
    }
}

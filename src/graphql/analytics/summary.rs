//! `Analytics.summary`: size, density, components and path lengths of the met graph.

use super::Analytics;
use crate::network::analysis;
use async_graphql::{Context, Result, SimpleObject};

/// Size, density, components and path lengths of the met graph.
#[derive(SimpleObject)]
pub struct NetworkSummary {
    /// People who took part in at least one meeting in scope.
    people: usize,
    /// People in the data with no meeting in scope (not counted elsewhere).
    inactive_people: usize,
    ties: usize,
    density: f64,
    components: usize,
    /// Component sizes, largest first.
    component_sizes: Vec<usize>,
    /// The largest component's people / all active people (null without any).
    largest_component_share: Option<f64>,
    /// People whose meetings in scope had no one else.
    isolated: usize,
    /// Average shortest path in the largest component (null when no one is active).
    average_shortest_path: Option<f64>,
    /// Standard error of the average: 0 when exact.
    average_shortest_path_error: Option<f64>,
    /// Diameter of the largest component; a lower bound when not exact.
    diameter: Option<u32>,
    /// Whether path figures are exact (largest component up to 5,000 people) or
    /// estimated from 500 seeded sources.
    paths_exact: bool,
}

impl Analytics {
    pub(super) async fn resolve_summary(&self, ctx: &Context<'_>) -> Result<NetworkSummary> {
        let s = self
            .run(ctx, "summary".into(), |_, g, _, b| analysis::summary(g, b))
            .await?;
        Ok(NetworkSummary {
            people: s.people,
            inactive_people: s.inactive_people,
            ties: s.ties,
            density: s.density,
            components: s.component_sizes.len(),
            component_sizes: s.component_sizes.clone(),
            largest_component_share: s.largest_component_share,
            isolated: s.isolated,
            average_shortest_path: s.paths.as_ref().map(|p| p.average),
            average_shortest_path_error: s.paths.as_ref().map(|p| p.standard_error),
            diameter: s.paths.as_ref().map(|p| p.diameter),
            paths_exact: s.paths.as_ref().is_none_or(|p| p.exact),
        })
    }
}

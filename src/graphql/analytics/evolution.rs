//! `Analytics.evolution`: the network at the end of each year, for plotting.

use super::Analytics;
use crate::network::analysis;
use async_graphql::{Context, Result, SimpleObject};

/// The network at the end of a year (cumulative).
#[derive(SimpleObject)]
pub struct YearFigures {
    year: i32,
    people: usize,
    ties: usize,
    /// Null when no one is active yet.
    largest_component_share: Option<f64>,
    /// Null without ties.
    cross_divide_share: Option<f64>,
    mean_degree: f64,
}

impl Analytics {
    pub(super) async fn resolve_evolution(&self, ctx: &Context<'_>) -> Result<Vec<YearFigures>> {
        let years = self
            .run(ctx, "evolution".into(), |n, _, s, b| {
                analysis::evolution(n, s, b)
            })
            .await?;
        Ok(years
            .iter()
            .map(|y| YearFigures {
                year: y.year,
                people: y.people,
                ties: y.ties,
                largest_component_share: y.largest_component_share,
                cross_divide_share: y.cross_divide_share,
                mean_degree: y.mean_degree,
            })
            .collect())
    }
}

//! `Coverage.trends`, `silentSince` and `falling`: the groups over time.

use super::figures::{CoverageTotals, GroupCoverage, group_rows, totals_row};
use super::suppress::PublishedTotals;
use super::{Coverage, CoverageDimension};
use crate::graphql::scalars::Date;
use crate::graphql::vocabulary::group_name;
use crate::network::coverage;
use async_graphql::{Result, SimpleObject};

/// One year of a trend.
#[derive(SimpleObject)]
pub struct YearCoverage {
    year: i32,
    totals: CoverageTotals,
    groups: Vec<GroupCoverage>,
}

/// A group without participation since a date.
#[derive(SimpleObject)]
pub struct SilentGroup {
    dimension: CoverageDimension,
    group: String,
    /// Start date of its last selected meeting before the date, if any.
    last_participation: Option<Date>,
}

/// A group whose share fell from one year to the next.
#[derive(SimpleObject)]
pub struct FallingGroup {
    dimension: CoverageDimension,
    group: String,
    previous_year: i32,
    previous_share: f64,
    year: i32,
    share: f64,
}

impl Coverage {
    pub(super) async fn resolve_silent_since(&self, date: Date) -> Result<Vec<SilentGroup>> {
        let found = self
            .blocking(move |n, m, _| coverage::silent_since(n, m, date.0))
            .await?;
        Ok(found
            .into_iter()
            .map(|(g, last)| SilentGroup {
                dimension: g.dimension.into(),
                group: group_name(&g),
                last_participation: last.map(Date),
            })
            .collect())
    }

    pub(super) async fn resolve_falling(&self) -> Result<Vec<FallingGroup>> {
        let found = self.blocking(|n, m, _| coverage::falling(n, m)).await?;
        Ok(found
            .into_iter()
            .map(|f| FallingGroup {
                dimension: f.group.dimension.into(),
                group: group_name(&f.group),
                previous_year: f.previous_year,
                previous_share: f.previous_share,
                year: f.year,
                share: f.share,
            })
            .collect())
    }

    pub(super) async fn resolve_trends(
        &self,
        dimension: CoverageDimension,
    ) -> Result<Vec<YearCoverage>> {
        let k = self.k;
        let years = self
            .blocking(move |n, m, t| {
                coverage::trends(n, m, dimension.into(), t)
                    .into_iter()
                    .map(|(year, totals, groups, meetings)| {
                        let published = PublishedTotals::of(n, &meetings, &totals, k);
                        (year, totals, published, groups)
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        Ok(years
            .into_iter()
            .map(|(year, totals, published, groups)| YearCoverage {
                year,
                groups: group_rows(&groups, &totals, &published, dimension.into(), k),
                totals: totals_row(&published),
            })
            .collect())
    }
}

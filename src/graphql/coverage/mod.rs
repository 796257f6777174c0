//! The `coverage` query: who takes part, against targets and against the target
//! groups of a plan's measures (docs/coverage.md). Every figure counts only the
//! selected meetings: the reader's scope, the window and the meeting filter.
//!
//! This module holds the root object (every field, its arguments and its
//! documentation), the filter and the runner; each part resolves in its own module,
//! mirroring `network::coverage`, next to the types it returns.

mod composition;
mod figures;
mod groups;
mod plan;
mod retention;
mod suppress;
mod targets;
mod trends;

pub use groups::{CoverageDimension, GroupInput};
pub use targets::{TargetInput, TargetSet, targets_from};

use super::blocking::off_workers;
use super::context::api;
use super::error::{ApiError, ApiResult};
use super::pagination::Page;
use super::scalars::Date;
use super::types::{MeetingFormat, Track};
use crate::network::coverage::{self, Selection, Target};
use crate::network::{MeetingIx, Network};
use crate::snapshot::Snapshot;
use async_graphql::{Context, InputObject, Object, Result};
use composition::MeetingComposition;
use figures::{CoverageTotals, GroupCoverage, IsolatedGroup, totals_row};
use plan::MeasureCoverage;
use retention::Retention;
use std::sync::Arc;
use suppress::PublishedTotals;
use targets::targets_stored;
use trends::{FallingGroup, SilentGroup, YearCoverage};

/// Which meetings to count, besides the time window.
#[derive(InputObject, Default)]
pub struct CoverageFilterInput {
    pub series: Option<String>,
    pub track: Option<Track>,
    pub format: Option<MeetingFormat>,
    pub country: Option<String>,
    /// Only meetings this organisation organised (global id or key).
    pub organiser: Option<async_graphql::ID>,
}

/// Coverage of the selected meetings.
pub struct Coverage {
    pub snapshot: Arc<Snapshot>,
    pub selection: Selection,
    pub meetings: Arc<Vec<MeetingIx>>,
    pub targets: Arc<Vec<Target>>,
    /// What the shares are shares of, counted once.
    pub totals: coverage::Totals,
    /// The totals as the reader gets them.
    pub published: PublishedTotals,
    /// The small-cell threshold for the reader, if any.
    pub k: Option<usize>,
}

impl Coverage {
    /// The network as this coverage's reader sees it.
    fn network(&self) -> &Network {
        self.snapshot.network(&self.selection.scope)
    }

    async fn blocking<T, F>(&self, compute: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Network, &[MeetingIx], &[Target]) -> T + Send + 'static,
    {
        let snapshot = Arc::clone(&self.snapshot);
        let meetings = Arc::clone(&self.meetings);
        let targets = Arc::clone(&self.targets);
        let scope = self.selection.scope;
        off_workers("coverage", move || {
            compute(snapshot.network(&scope), &meetings, &targets)
        })
        .await
    }
}

#[Object]
impl Coverage {
    /// What every share is a share of.
    async fn totals(&self) -> CoverageTotals {
        totals_row(&self.published)
    }

    /// The groups of one dimension, by value.
    async fn by_dimension(&self, dimension: CoverageDimension) -> Result<Vec<GroupCoverage>> {
        self.resolve_by_dimension(dimension).await
    }

    /// The people who belong to all the given groups at once (e.g. displaced women).
    async fn intersection(
        &self,
        groups: Vec<GroupInput>,
        target: Option<f64>,
    ) -> Result<GroupCoverage> {
        self.resolve_intersection(groups, target).await
    }

    /// Groups with a target that they miss, furthest below first.
    async fn under_engaged(&self) -> Result<Vec<GroupCoverage>> {
        self.resolve_under_engaged().await
    }

    /// Groups of every dimension with no participation in selected meetings on or
    /// after `date`.
    async fn silent_since(&self, date: Date) -> Result<Vec<SilentGroup>> {
        self.resolve_silent_since(date).await
    }

    /// Groups whose share of participations fell from the year before the last year
    /// with meetings to that last year.
    async fn falling(&self) -> Result<Vec<FallingGroup>> {
        self.resolve_falling().await
    }

    /// Groups (by gender, side, tag or country) none of whose active members has a
    /// cross-divide tie.
    async fn without_cross_divide_ties(&self) -> Result<Vec<IsolatedGroup>> {
        self.resolve_without_cross_divide_ties().await
    }

    /// Each selected meeting's make-up and flags, in time order; `flagged` keeps
    /// only meetings with no women, only men speaking, or one side only.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] flagged: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<MeetingComposition>> {
        self.resolve_meetings(ctx, flagged, first, after).await
    }

    /// Every measure of the plan with its coverage, in the plan's order.
    async fn plan(&self) -> Result<Vec<MeasureCoverage>> {
        self.resolve_plan().await
    }

    /// People who came once only; with `series`, the return rate from each round of
    /// that series to the next.
    async fn retention(&self, ctx: &Context<'_>, series: Option<String>) -> Result<Retention> {
        self.resolve_retention(ctx, series).await
    }

    /// A dimension's figures year by year (per year, not cumulative).
    async fn trends(&self, dimension: CoverageDimension) -> Result<Vec<YearCoverage>> {
        self.resolve_trends(dimension).await
    }
}

/// Builds the coverage object for a query.
#[allow(clippy::too_many_arguments)]
pub async fn build(
    ctx: &Context<'_>,
    since: Option<Date>,
    until: Option<Date>,
    filter: Option<CoverageFilterInput>,
    target_set: String,
    targets: Option<Vec<TargetInput>>,
) -> ApiResult<Coverage> {
    let api = api(ctx)?;
    let snapshot = api.live.current();
    let scope = super::context::scope(ctx)?.window(since.map(|d| d.0), until.map(|d| d.0));
    let network = snapshot.network(&scope);
    let filter = filter.unwrap_or_default();
    let organiser = match filter.organiser {
        Some(id) => {
            let key = super::ids::key_of("Organisation", &id);
            let index = network
                .organisations()
                .iter()
                .position(|o| o.id == key)
                .ok_or_else(|| {
                    ApiError::bad_input(
                        "filter.organiser",
                        format!("organisation '{key}' does not exist"),
                    )
                })?;
            Some(index as u32)
        }
        None => None,
    };
    let selection = Selection {
        scope,
        series: filter.series,
        track: filter.track.map(Into::into),
        format: filter.format.map(Into::into),
        country: filter.country,
        organiser,
    };
    let mut all = targets_stored(&api.store.target_set(&target_set).await?);
    for t in targets_from(&targets.unwrap_or_default())? {
        all.retain(|s| s.group != t.group);
        all.push(t);
    }
    super::context::audit_scope(ctx, "coverage", network, &selection.scope);
    let meetings = Arc::new(selection.meetings(network));
    let totals = coverage::totals(network, &meetings);
    let k = super::context::small_cell_threshold(ctx)?;
    // For a viewer this counts every dimension's table: off the async workers.
    let published = {
        let (snapshot, meetings, scope) = (Arc::clone(&snapshot), Arc::clone(&meetings), scope);
        off_workers("coverage", move || {
            PublishedTotals::of(snapshot.network(&scope), &meetings, &totals, k)
        })
        .await?
    };
    Ok(Coverage {
        snapshot,
        selection,
        meetings,
        totals,
        published,
        k,
        targets: Arc::new(all),
    })
}

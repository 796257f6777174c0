//! `Coverage.plan`: each measure of the plan, its meetings and its target groups.

use super::suppress::small;
use super::{Coverage, CoverageDimension};
use crate::graphql::context::load_one;
use crate::graphql::loaders::MeasureKey;
use crate::graphql::pagination::Page;
use crate::graphql::types::{Measure, Meeting};
use crate::graphql::vocabulary::group_name;
use crate::network::coverage::{self, Count, Withheld};
use async_graphql::{Context, Enum, Object, Result, SimpleObject};

/// The status of a measure: not_started (no linked meeting in its time frame),
/// on_track (every target group took part in one), under_engaged (otherwise).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::network::coverage::MeasureStatus")]
pub enum MeasureStatus {
    NotStarted,
    UnderEngaged,
    OnTrack,
}

/// A target group's part in a measure's meetings (withheld for a viewer when fewer
/// than MIN_CELL_SIZE of its people took part, or when the target groups add up to
/// the measure's figures and it could be worked out from them).
#[derive(SimpleObject)]
pub struct TargetGroupCoverage {
    dimension: CoverageDimension,
    group: String,
    participations: Option<usize>,
    people: Option<usize>,
    /// participations / all participations in the measure's meetings.
    share: Option<f64>,
    /// Whether the group took part in any selected meeting at all.
    reached_anywhere: bool,
    suppressed: bool,
}

/// A measure's coverage.
pub struct MeasureCoverage {
    measure_id: String,
    meeting_ids: Vec<String>,
    c: coverage::MeasureCoverage,
    /// The small-cell threshold for the reader, if any.
    k: Option<usize>,
}

impl MeasureCoverage {
    /// The target groups overlap (a person may be in several), so primary
    /// suppression, and secondary where they add up to the measure's people or
    /// participations anyway.
    fn withheld_groups(&self) -> Withheld {
        let Some(k) = self.k else {
            return Withheld::none(self.c.target_groups.len());
        };
        let people: Vec<usize> = self.c.target_groups.iter().map(|g| g.people).collect();
        let participations: Vec<usize> = self
            .c
            .target_groups
            .iter()
            .map(|g| g.participations)
            .collect();
        coverage::withhold_rows(
            &[
                coverage::Column {
                    counts: &people,
                    total: self.c.target_people,
                    partition: false,
                },
                coverage::Column {
                    counts: &participations,
                    total: self.c.participations,
                    partition: false,
                },
            ],
            k,
        )
    }
}

#[Object]
impl MeasureCoverage {
    async fn measure(&self, ctx: &Context<'_>) -> Result<Option<Measure>> {
        Ok(load_one(ctx, MeasureKey(self.measure_id.clone()))
            .await?
            .map(Measure))
    }
    async fn status(&self) -> MeasureStatus {
        self.c.status.into()
    }
    /// Linked meetings within the measure's time frame, by date.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let ids = self.meeting_ids.iter().cloned();
        crate::graphql::types::meetings_page(ctx, first, after, ids).await
    }
    /// All participations in those meetings.
    async fn participations(&self) -> usize {
        self.c.participations
    }
    /// People of any target group in those meetings (null when too few to show).
    async fn target_people(&self) -> Option<usize> {
        let withheld = small(self.c.target_people, self.k) || self.withheld_groups().total;
        Count::new(self.c.target_people, withheld).value()
    }
    async fn target_groups(&self) -> Vec<TargetGroupCoverage> {
        let withheld = self.withheld_groups();
        let all = Count::shown(self.c.participations);
        self.c
            .target_groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let withheld = withheld.cell(i);
                let participations = Count::new(g.participations, withheld);
                TargetGroupCoverage {
                    dimension: g.group.dimension.into(),
                    group: group_name(&g.group),
                    participations: participations.value(),
                    people: Count::new(g.people, withheld).value(),
                    share: participations.share_of(all),
                    reached_anywhere: g.reached_anywhere,
                    suppressed: withheld,
                }
            })
            .collect()
    }
    /// It has target groups and none of them took part in any selected meeting.
    async fn targets_never_met(&self) -> bool {
        self.c.targets_never_met
    }
}

impl Coverage {
    pub(super) async fn resolve_plan(&self) -> Result<Vec<MeasureCoverage>> {
        let k = self.k;
        let found = self
            .blocking(|n, m, _| coverage::plan_coverage(n, m))
            .await?;
        Ok(found
            .into_iter()
            .map(|c| MeasureCoverage {
                measure_id: self.network().measures()[c.measure].id.clone(),
                meeting_ids: c
                    .meetings
                    .iter()
                    .map(|&m| self.network().meeting(m).id.clone())
                    .collect(),
                c,
                k,
            })
            .collect())
    }
}

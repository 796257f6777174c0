//! `Coverage.byDimension`, `intersection`, `underEngaged` and
//! `withoutCrossDivideTies`: each group's figures against the totals and its target.

use super::suppress::{PublishedTotals, small, withheld_groups};
use super::{Coverage, CoverageDimension, GroupInput};
use crate::graphql::blocking::off_workers;
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::vocabulary::{self, group_name};
use crate::network::MetGraph;
use crate::network::coverage::{self, Count, Dimension, Group};
use async_graphql::{Result, SimpleObject};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One group's figures; every share names its denominator. For a viewer, small
/// groups are withheld (their figures null, `suppressed` true) by the rule of
/// docs/suppression.md: groups of fewer than MIN_CELL_SIZE people, and others until
/// no withheld group could be worked out, or bounded below MIN_CELL_SIZE, from the
/// totals.
#[derive(SimpleObject)]
pub struct GroupCoverage {
    dimension: CoverageDimension,
    group: String,
    participations: Option<usize>,
    /// Distinct people.
    people: Option<usize>,
    /// participations / ofParticipations.
    participation_share: Option<f64>,
    /// All participations in the selected meetings (null when withheld).
    of_participations: Option<usize>,
    /// Selected meetings with at least one member of the group.
    meetings: Option<usize>,
    /// meetings / ofMeetings.
    meeting_share: Option<f64>,
    /// All selected meetings (null when withheld).
    of_meetings: Option<usize>,
    /// The target share of participations, if any.
    target: Option<f64>,
    /// participationShare - target: negative when the group falls short.
    gap: Option<f64>,
    /// Whether the figures are withheld because the group is too small to show.
    suppressed: bool,
}

pub(super) fn group_coverage(
    f: &coverage::GroupFigures,
    totals: &PublishedTotals,
    withheld: bool,
) -> GroupCoverage {
    let participations = Count::new(f.participations, withheld);
    let meetings = Count::new(f.meetings, withheld);
    let participation_share = participations.share_of(totals.participations);
    GroupCoverage {
        dimension: f.group.dimension.into(),
        group: group_name(&f.group),
        participations: participations.value(),
        people: Count::new(f.people, withheld).value(),
        participation_share,
        of_participations: totals.participations.value(),
        meetings: meetings.value(),
        meeting_share: meetings.share_of(totals.meetings),
        of_meetings: totals.meetings.value(),
        target: f.target,
        gap: participation_share.zip(f.target).map(|(s, t)| s - t),
        suppressed: withheld,
    }
}

/// The rows of one dimension's groups, with small groups withheld for viewers.
pub(super) fn group_rows(
    figures: &[coverage::GroupFigures],
    totals: &coverage::Totals,
    published: &PublishedTotals,
    dimension: Dimension,
    k: Option<usize>,
) -> Vec<GroupCoverage> {
    let withheld = withheld_groups(figures, totals, published, dimension, k);
    figures
        .iter()
        .enumerate()
        .map(|(i, f)| group_coverage(f, published, withheld.cell(i)))
        .collect()
}

/// The totals every share is a share of (withheld for a viewer when fewer than
/// MIN_CELL_SIZE people took part, or when a table adding up to them could not be
/// shown beside them).
#[derive(SimpleObject)]
pub struct CoverageTotals {
    participations: Option<usize>,
    meetings: Option<usize>,
    people: Option<usize>,
    suppressed: bool,
}

pub(super) fn totals_row(t: &PublishedTotals) -> CoverageTotals {
    CoverageTotals {
        participations: t.participations.value(),
        meetings: t.meetings.value(),
        people: t.people.value(),
        suppressed: t.withheld(),
    }
}

/// A group whose active members have no cross-divide tie.
#[derive(SimpleObject)]
pub struct IsolatedGroup {
    dimension: CoverageDimension,
    group: String,
    /// Members who took part in selected meetings (null for a viewer when withheld
    /// like the group's row of `byDimension`).
    active_members: Option<usize>,
    suppressed: bool,
}

impl Coverage {
    pub(super) async fn resolve_by_dimension(
        &self,
        dimension: CoverageDimension,
    ) -> Result<Vec<GroupCoverage>> {
        let figures = self
            .blocking(move |n, m, t| coverage::coverage(n, m, dimension.into(), t))
            .await?;
        Ok(group_rows(
            &figures,
            &self.totals,
            &self.published,
            dimension.into(),
            self.k,
        ))
    }

    pub(super) async fn resolve_intersection(
        &self,
        groups: Vec<GroupInput>,
        target: Option<f64>,
    ) -> Result<GroupCoverage> {
        if groups.is_empty() {
            return Err(ApiError::bad_input("groups", "name at least one group").into());
        }
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|g| vocabulary::group(g.dimension.into(), &g.group))
            .collect::<ApiResult<_>>()?;
        // Named in the API's vocabulary: `YOUTH=youth & GENDER=FEMALE`.
        let label = groups
            .iter()
            .map(|g| {
                let dimension =
                    async_graphql::InputType::to_value(&CoverageDimension::from(g.dimension));
                format!("{dimension}={}", group_name(g))
            })
            .collect::<Vec<_>>()
            .join(" & ");
        let (totals, published, k) = (self.totals, self.published, self.k);
        let (f, withheld) = self
            .blocking(move |n, m, t| {
                let f = coverage::intersection(n, m, &groups, target);
                let mut withheld = small(f.people, k);
                // One group is a row of its dimension's table: withheld as there.
                if let ([group], Some(_)) = (groups.as_slice(), k) {
                    let rows = coverage::coverage(n, m, group.dimension, t);
                    let w = withheld_groups(&rows, &totals, &published, group.dimension, k);
                    withheld |= rows
                        .iter()
                        .position(|r| &r.group == group)
                        .is_some_and(|i| w.cell(i));
                }
                (f, withheld)
            })
            .await?;
        let mut out = group_coverage(&f, &self.published, withheld);
        out.group = label;
        Ok(out)
    }

    pub(super) async fn resolve_under_engaged(&self) -> Result<Vec<GroupCoverage>> {
        let (totals, published, k) = (self.totals, self.published, self.k);
        let mut figures = self
            .blocking(move |n, m, t| {
                let mut dims: Vec<Dimension> = t.iter().map(|t| t.group.dimension).collect();
                dims.sort();
                dims.dedup();
                dims.into_iter()
                    .flat_map(|d| {
                        let figures = coverage::coverage(n, m, d, t);
                        // Withheld groups are left out: their gap is not shown.
                        let w = withheld_groups(&figures, &totals, &published, d, k);
                        figures
                            .into_iter()
                            .enumerate()
                            .filter(|(i, _)| !w.cell(*i) && !published.withheld())
                            .map(|(_, f)| f)
                            .collect::<Vec<_>>()
                    })
                    .filter(|f| f.gap.is_some_and(|g| g < 0.0))
                    .collect::<Vec<_>>()
            })
            .await?;
        figures.sort_by(|a, b| {
            a.gap
                .unwrap_or(0.0)
                .total_cmp(&b.gap.unwrap_or(0.0))
                .then_with(|| a.group.cmp(&b.group))
        });
        Ok(figures
            .iter()
            .map(|f| group_coverage(f, &self.published, false))
            .collect())
    }

    pub(super) async fn resolve_without_cross_divide_ties(&self) -> Result<Vec<IsolatedGroup>> {
        let scope = self.selection.scope;
        let snapshot = Arc::clone(&self.snapshot);
        let graph = off_workers("coverage", move || snapshot.met_graph(&scope)).await?;
        let meetings = Arc::clone(&self.meetings);
        let (totals, published, k) = (self.totals, self.published, self.k);
        let found = self
            .blocking(move |n, _, t| {
                // The selection may be narrower than the scope: project just its meetings.
                let found = if meetings.len() == graph.meetings().len() {
                    coverage::groups_without_cross_ties(n, &graph)
                } else {
                    let narrowed = MetGraph::from_meetings(n, &meetings);
                    coverage::groups_without_cross_ties(n, &narrowed)
                };
                // Active members are the people of the group's row in its dimension's
                // table: withheld as there, and when small.
                let mut withheld: BTreeMap<Group, bool> = BTreeMap::new();
                if k.is_some() {
                    let mut dims: Vec<Dimension> = found.iter().map(|(g, _)| g.dimension).collect();
                    dims.dedup();
                    for d in dims {
                        let rows = coverage::coverage(n, &meetings, d, t);
                        let w = withheld_groups(&rows, &totals, &published, d, k);
                        for (i, r) in rows.into_iter().enumerate() {
                            withheld.insert(r.group, w.cell(i));
                        }
                    }
                }
                found
                    .into_iter()
                    .map(|(g, count)| {
                        let w = small(count, k) || withheld.get(&g).copied().unwrap_or(false);
                        (g, count, w)
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|(g, active_members, withheld)| IsolatedGroup {
                dimension: g.dimension.into(),
                group: group_name(&g),
                active_members: Count::new(active_members, withheld).value(),
                suppressed: withheld,
            })
            .collect())
    }
}

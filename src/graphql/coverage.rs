//! The `coverage` query: who takes part, against targets and against the target
//! groups of a plan's measures (docs/coverage.md). Every figure counts only the
//! selected meetings: the reader's scope, the window and the meeting filter.

use super::context::{api, load_one, load_ordered};
use super::error::{ApiError, ApiResult};
use super::loaders::{MeasureKey, MeetingKey, PersonKey};
use super::pagination::{At, ListTotal, Page, PageRequest, keyed_page};
use super::pseudonyms::Position;
use super::scalars::Date;
use super::types::{Measure, Meeting, MeetingFormat, Person, Track};
use super::vocabulary::{self, LabelCount, group_name, label_counts};
use crate::network::coverage::{self, Count, Dimension, Group, Selection, Target, Withheld};
use crate::network::{MetGraph, Network};
use crate::snapshot::Snapshot;
use crate::store::StoredTarget;
use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a group is defined by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::network::coverage::Dimension")]
pub enum CoverageDimension {
    Gender,
    Side,
    /// Each tag is a group.
    Tag,
    /// `youth` (under 30 in the meeting's year), `adult`, `unknown`.
    Youth,
    Country,
    /// The kinds of the organisations behind a participant at the meeting.
    OrganisationKind,
    Track,
    Format,
    Role,
}

/// A group: a dimension and a value, e.g. GENDER / `FEMALE`, TAG / `displaced`
/// (named as the API's enums name the values of enum-valued dimensions).
#[derive(InputObject, Clone)]
pub struct GroupInput {
    pub dimension: CoverageDimension,
    pub group: String,
}

/// A target share of participations for a group.
#[derive(InputObject, Clone)]
pub struct TargetInput {
    pub dimension: CoverageDimension,
    pub group: String,
    /// Between 0 and 1.
    pub share: f64,
}

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

/// Checks and converts targets given as arguments.
pub fn targets_from(inputs: &[TargetInput]) -> ApiResult<Vec<Target>> {
    inputs
        .iter()
        .map(|t| {
            if !(0.0..=1.0).contains(&t.share) {
                return Err(ApiError::bad_input(
                    "targets.share",
                    "a share lies between 0 and 1",
                ));
            }
            Ok(Target {
                group: vocabulary::group(t.dimension.into(), &t.group)?,
                share: t.share,
            })
        })
        .collect()
}

/// Stored targets as coverage targets (unknown dimensions are skipped).
pub fn targets_stored(stored: &[StoredTarget]) -> Vec<Target> {
    stored
        .iter()
        .filter_map(|t| {
            Some(Target {
                group: Group::new(Dimension::parse(&t.dimension)?, t.group.clone()),
                share: t.share,
            })
        })
        .collect()
}

/// Coverage of the selected meetings.
pub struct Coverage {
    pub snapshot: Arc<Snapshot>,
    pub selection: Selection,
    pub meetings: Arc<Vec<u32>>,
    pub targets: Arc<Vec<Target>>,
    /// What the shares are shares of, counted once.
    pub totals: coverage::Totals,
    /// The totals as the reader gets them.
    pub published: PublishedTotals,
    /// The small-cell threshold for the reader, if any.
    pub k: Option<usize>,
}

/// The totals as a reader gets them. Every margin and share of a coverage table is
/// taken from here, never from the raw totals, so a withheld total stays withheld
/// wherever it appears.
#[derive(Debug, Clone, Copy)]
pub struct PublishedTotals {
    participations: Count,
    meetings: Count,
    people: Count,
}

impl PublishedTotals {
    /// The totals of `meetings` for a reader with threshold `k`.
    fn of(
        network: &Network,
        meetings: &[u32],
        totals: &coverage::Totals,
        k: Option<usize>,
    ) -> Self {
        let withheld = k.is_some_and(|k| coverage::totals_withheld(network, meetings, totals, k));
        PublishedTotals {
            participations: Count::new(totals.participations, withheld),
            meetings: Count::new(totals.meetings, withheld),
            people: Count::new(totals.people, withheld),
        }
    }

    fn withheld(&self) -> bool {
        self.people.is_withheld()
    }
}

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

fn group_coverage(
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

/// Which of one dimension's groups the reader gets withheld.
fn withheld_groups(
    figures: &[coverage::GroupFigures],
    totals: &coverage::Totals,
    published: &PublishedTotals,
    dimension: Dimension,
    k: Option<usize>,
) -> Withheld {
    match k {
        Some(k) => coverage::withheld_groups(figures, totals, dimension, k, published.withheld()),
        None => Withheld::none(figures.len()),
    }
}

/// The rows of one dimension's groups, with small groups withheld for viewers.
fn group_rows(
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

fn totals_row(t: &PublishedTotals) -> CoverageTotals {
    CoverageTotals {
        participations: t.participations.value(),
        meetings: t.meetings.value(),
        people: t.people.value(),
        suppressed: t.withheld(),
    }
}

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

/// Who took part in one meeting, and its flags.
pub struct MeetingComposition {
    meeting_id: String,
    c: coverage::MeetingComposition,
    withheld: CompositionWithheld,
}

/// What a reader gets withheld of a meeting's make-up.
struct CompositionWithheld {
    participants: bool,
    genders: Withheld,
    sides: Withheld,
    roles: Withheld,
    tags: Withheld,
}

impl CompositionWithheld {
    /// The participants are withheld when fewer than `k` took part or when a
    /// make-up adding up to them (genders, sides, roles) could not be shown beside
    /// them; then those make-ups are withheld whole.
    fn of(c: &coverage::MeetingComposition, k: Option<usize>) -> Self {
        let total = c.participants;
        let mut genders = coverage::withhold_make_up(&c.genders, total, k, true);
        let mut sides = coverage::withhold_make_up(&c.sides, total, k, true);
        let mut roles = coverage::withhold_make_up(&c.roles, total, k, true);
        let tags = coverage::withhold_make_up(&c.tags, total, k, false);
        let participants = genders.total || sides.total || roles.total;
        if participants {
            for w in [&mut genders, &mut sides, &mut roles] {
                w.total = true;
            }
        }
        CompositionWithheld {
            participants,
            genders,
            sides,
            roles,
            tags,
        }
    }
}

#[Object]
impl MeetingComposition {
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.meeting_id.clone()))
            .await?
            .map(Meeting))
    }
    /// Null for a viewer when fewer than MIN_CELL_SIZE took part, or when its
    /// make-up could not be shown beside it (then genders, sides and roles are
    /// empty).
    async fn participants(&self) -> Option<usize> {
        Count::new(self.c.participants, self.withheld.participants).value()
    }
    /// Participants per gender (`UNKNOWN` where not recorded).
    async fn genders(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Gender, &self.c.genders, &self.withheld.genders)
    }
    /// Participants per side (`unknown` where not recorded).
    async fn sides(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Side, &self.c.sides, &self.withheld.sides)
    }
    async fn tags(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Tag, &self.c.tags, &self.withheld.tags)
    }
    async fn roles(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Role, &self.c.roles, &self.withheld.roles)
    }
    /// No participant is recorded as a woman.
    async fn no_women(&self) -> bool {
        self.c.no_women
    }
    /// There are speakers or facilitators, and all of them are men.
    async fn only_men_speaking(&self) -> bool {
        self.c.only_men_speaking
    }
    /// No two participants form a cross-divide pair.
    async fn one_sided(&self) -> bool {
        self.c.one_sided
    }
    /// Women / (women + men); null when neither is recorded (or, for a viewer, when
    /// either count is withheld: the balance would give it back).
    async fn gender_balance(&self) -> Option<f64> {
        let withheld = |label: &str| {
            self.c
                .genders
                .keys()
                .position(|l| l == label)
                .is_some_and(|i| self.withheld.genders.cell(i))
        };
        if self.withheld.participants || withheld("female") || withheld("male") {
            None
        } else {
            self.c.gender_balance
        }
    }
}

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

/// Whether a count of people is too small to show to the reader.
fn small(count: usize, k: Option<usize>) -> bool {
    k.is_some_and(|k| count > 0 && count < k)
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
        super::types::meetings_page(ctx, first, after, ids).await
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

/// From one round of a series to the next.
pub struct RoundReturn {
    from: String,
    to: String,
    r: coverage::RoundReturn,
    /// Cells [returned, not returned] out of the participants, as the reader gets
    /// them.
    withheld: Withheld,
}

impl RoundReturn {
    /// The returned and the others partition the first round's participants; those
    /// are withheld too where the meeting's own make-up withholds them.
    fn new(
        from: String,
        to: String,
        r: coverage::RoundReturn,
        k: Option<usize>,
        meeting_withheld: bool,
    ) -> Self {
        let mut withheld = match k {
            Some(k) => coverage::withhold(
                &[r.returned, r.participants - r.returned],
                r.participants,
                k,
                true,
            ),
            None => Withheld::none(2),
        };
        if meeting_withheld {
            withheld.total = true;
        }
        RoundReturn {
            from,
            to,
            r,
            withheld,
        }
    }

    fn participants_count(&self) -> Count {
        Count::new(self.r.participants, self.withheld.total)
    }

    fn returned_count(&self) -> Count {
        Count::new(self.r.returned, self.withheld.cell(0))
    }
}

#[Object]
impl RoundReturn {
    async fn from(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.from.clone()))
            .await?
            .map(Meeting))
    }
    async fn to(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.to.clone()))
            .await?
            .map(Meeting))
    }
    /// Participants of the first round (null when withheld).
    async fn participants(&self) -> Option<usize> {
        self.participants_count().value()
    }
    /// Of them, those who came back to the next (null when withheld).
    async fn returned(&self) -> Option<usize> {
        self.returned_count().value()
    }
    /// returned / participants (null when either is withheld).
    async fn share(&self) -> Option<f64> {
        self.returned_count().share_of(self.participants_count())
    }
    /// Whether a count is withheld because it is too small to show.
    async fn suppressed(&self) -> bool {
        self.withheld.cell(0) || self.withheld.cell(1)
    }
}

/// Who came once only, and who came back.
pub struct Retention {
    /// Who came once only, in list order (see [`Position`]), with their real ids.
    once_only: Vec<(Position, String)>,
    /// People who took part: the coverage totals' people, as the reader gets them.
    participants: Count,
    /// How many came once only, as the reader gets it.
    once_only_count: Count,
    rounds: Vec<RoundReturn>,
}

#[Object]
impl Retention {
    /// People who took part in a selected meeting (null for a viewer when the
    /// coverage totals are withheld).
    async fn participants(&self) -> Option<usize> {
        self.participants.value()
    }
    /// People who took part once and never again (null for a viewer when withheld).
    async fn once_only(&self) -> Option<usize> {
        self.once_only_count.value()
    }
    /// onceOnly / participants (null when either is withheld).
    async fn once_only_share(&self) -> Option<f64> {
        self.once_only_count.share_of(self.participants)
    }
    /// The people who took part once only: named people by id, then (for readers
    /// who see sensitive people under pseudonyms) those people by pseudonym. Empty
    /// for a viewer when `onceOnly` is withheld (the list would count them).
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn once_only_people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Person>> {
        let request = PageRequest::new(ctx, first, after)?;
        let after = request.after_person()?;
        let listed: &[(Position, String)] = if self.once_only_count.is_withheld() {
            &[]
        } else {
            &self.once_only
        };
        let rest: Vec<&(Position, String)> = listed
            .iter()
            .filter(|((part, key), _)| after.is_none_or(|a| (*part, key.as_str()) > a))
            .collect();
        let keys: Vec<PersonKey> = rest
            .iter()
            .take(request.limit)
            .map(|(_, id)| PersonKey(id.clone()))
            .collect();
        let people = load_ordered(ctx, keys).await?;
        let mut rows = Vec::with_capacity(people.len());
        for p in people {
            let (part, key) = super::pseudonyms::position(ctx, p.id.as_str(), p.sensitive)?;
            rows.push((At::Person(part, key), Person(p)));
        }
        Ok(keyed_page(
            &request,
            rest.len() > request.limit,
            ListTotal::Known(listed.len()),
            rows,
        ))
    }
    /// Consecutive rounds of the series asked about.
    async fn rounds(&self) -> &[RoundReturn] {
        &self.rounds
    }
}

impl Coverage {
    /// The network as this coverage's reader sees it.
    fn network(&self) -> &Network {
        self.snapshot.network(&self.selection.scope)
    }

    async fn blocking<T, F>(&self, compute: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Network, &[u32], &[Target]) -> T + Send + 'static,
    {
        let snapshot = Arc::clone(&self.snapshot);
        let meetings = Arc::clone(&self.meetings);
        let targets = Arc::clone(&self.targets);
        let scope = self.selection.scope;
        tokio::task::spawn_blocking(move || compute(snapshot.network(&scope), &meetings, &targets))
            .await
            .map_err(|e| ApiError::Internal(format!("coverage task failed: {e}")))
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

    /// The people who belong to all the given groups at once (e.g. displaced women).
    async fn intersection(
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

    /// Groups with a target that they miss, furthest below first.
    async fn under_engaged(&self) -> Result<Vec<GroupCoverage>> {
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

    /// Groups of every dimension with no participation in selected meetings on or
    /// after `date`.
    async fn silent_since(&self, date: Date) -> Result<Vec<SilentGroup>> {
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

    /// Groups whose share of participations fell from the year before the last year
    /// with meetings to that last year.
    async fn falling(&self) -> Result<Vec<FallingGroup>> {
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

    /// Groups (by gender, side, tag or country) none of whose active members has a
    /// cross-divide tie.
    async fn without_cross_divide_ties(&self) -> Result<Vec<IsolatedGroup>> {
        let scope = self.selection.scope;
        let snapshot = Arc::clone(&self.snapshot);
        let graph = tokio::task::spawn_blocking(move || snapshot.met_graph(&scope))
            .await
            .map_err(|e| ApiError::Internal(format!("coverage task failed: {e}")))?;
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
        let request = PageRequest::new(ctx, first, after)?;
        let k = self.k;
        let rows = self
            .blocking(move |n, m, _| {
                m.iter()
                    .map(|&m| coverage::meeting_composition(n, m))
                    .filter(|c| !flagged || c.no_women || c.only_men_speaking || c.one_sided)
                    .collect::<Vec<_>>()
            })
            .await?;
        let window = request.window(rows.len())?;
        let nodes = rows
            .into_iter()
            .skip(window.start)
            .take(window.end - window.start)
            .map(|c| MeetingComposition {
                meeting_id: self.network().meetings()[c.meeting as usize].id.clone(),
                withheld: CompositionWithheld::of(&c, k),
                c,
            });
        Ok(window.page(nodes.collect::<Vec<_>>()))
    }

    /// Every measure of the plan with its coverage, in the plan's order.
    async fn plan(&self) -> Result<Vec<MeasureCoverage>> {
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
                    .map(|&m| self.network().meetings()[m as usize].id.clone())
                    .collect(),
                c,
                k,
            })
            .collect())
    }

    /// People who came once only; with `series`, the return rate from each round of
    /// that series to the next.
    async fn retention(&self, ctx: &Context<'_>, series: Option<String>) -> Result<Retention> {
        let k = self.k;
        let (r, from_withheld) = self
            .blocking(move |n, m, _| {
                let r = coverage::retention(n, m, series.as_deref());
                let from_withheld: Vec<bool> = r
                    .rounds
                    .iter()
                    .map(|round| {
                        let c = coverage::meeting_composition(n, round.from);
                        CompositionWithheld::of(&c, k).participants
                    })
                    .collect();
                (r, from_withheld)
            })
            .await?;
        let id = |m: u32| self.network().meetings()[m as usize].id.clone();
        let mut once_only = Vec::with_capacity(r.once_only.len());
        for &p in &r.once_only {
            let person = &self.network().people()[p as usize];
            let position = super::pseudonyms::position(ctx, &person.id, person.sensitive)?;
            once_only.push((position, person.id.clone()));
        }
        once_only.sort();
        let participants = self.published.people;
        let once = r.once_only.len();
        let once_withheld = match k {
            Some(k) => {
                participants.is_withheld()
                    || coverage::withhold(&[once, r.participants - once], r.participants, k, true)
                        .cell(0)
            }
            None => false,
        };
        Ok(Retention {
            once_only,
            participants,
            once_only_count: Count::new(once, once_withheld),
            rounds: r
                .rounds
                .into_iter()
                .zip(from_withheld)
                .map(|(r, w)| RoundReturn::new(id(r.from), id(r.to), r, k, w))
                .collect(),
        })
    }

    /// A dimension's figures year by year (per year, not cumulative).
    async fn trends(&self, dimension: CoverageDimension) -> Result<Vec<YearCoverage>> {
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

/// A stored set of targets.
#[derive(SimpleObject)]
pub struct TargetSet {
    pub name: String,
    pub targets: Vec<TargetShare>,
}

/// One stored target.
#[derive(SimpleObject)]
pub struct TargetShare {
    pub dimension: CoverageDimension,
    pub group: String,
    pub share: f64,
}

impl TargetSet {
    pub fn new(name: String, stored: &[StoredTarget]) -> Self {
        TargetSet {
            name,
            targets: targets_stored(stored)
                .into_iter()
                .map(|t| TargetShare {
                    dimension: t.group.dimension.into(),
                    group: group_name(&t.group),
                    share: t.share,
                })
                .collect(),
        }
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
        tokio::task::spawn_blocking(move || {
            PublishedTotals::of(snapshot.network(&scope), &meetings, &totals, k)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("coverage task failed: {e}")))?
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

//! The `analytics` query: network figures on the met graph in scope (see
//! docs/analytics.md). Results are computed off the async workers, within the
//! analysis budget, and cached with the snapshot per scope.

use super::context::{api, load_one, load_ordered};
use super::error::{ApiError, ApiResult};
use super::loaders::{MeetingKey, OrganisationKey, PersonKey};
use super::pagination::{Page, offset_page};
use super::types::{Meeting, Organisation, Person, Track};
use super::vocabulary::{self, LabelCount};
use crate::network::analysis::{self, Budget, OverBudget, Part};
use crate::network::coverage::{self, Dimension};
use crate::network::{MetGraph, Network, Scope};
use crate::snapshot::{Snapshot, Weighed};
use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Network analytics over the meetings in scope.
pub struct Analytics {
    pub snapshot: Arc<Snapshot>,
    pub scope: Scope,
}

impl Analytics {
    /// Runs `compute` on the met graph in scope, off the async workers, within the
    /// budget; the result is cached under `key` with the snapshot.
    async fn run<T, F>(
        &self,
        ctx: &Context<'_>,
        key: String,
        compute: F,
    ) -> ApiResult<Arc<Weighed<T>>>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&Network, &MetGraph, &Scope, &Budget) -> Result<T, OverBudget> + Send + 'static,
    {
        let snapshot = Arc::clone(&self.snapshot);
        let scope = self.scope;
        self.run_once(ctx, move |graph, budget| {
            snapshot.cached(&scope, &key, || {
                let value = compute(snapshot.network(&scope), graph, &scope, budget)?;
                // A result holds a few values per person of the graph.
                let bytes = std::mem::size_of::<T>() + 64 * graph.node_count();
                Ok(Weighed { value, bytes })
            })
        })
        .await
    }

    /// Runs `compute` on the met graph in scope, off the async workers, within the
    /// budget, and keeps no copy of its result (answers about one person; `run`
    /// caches through it).
    async fn run_once<T, F>(&self, ctx: &Context<'_>, compute: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&MetGraph, &Budget) -> Result<T, OverBudget> + Send + 'static,
    {
        let limit = api(ctx)?.analysis_budget;
        let snapshot = Arc::clone(&self.snapshot);
        let scope = self.scope;
        let result = tokio::task::spawn_blocking(move || {
            let budget = Budget::new(limit);
            compute(&snapshot.met_graph(&scope), &budget)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("analysis task failed: {e}")))?;
        Ok(result?)
    }

    /// The met graph in scope (the one `run` walks), built off the async workers.
    async fn graph(&self) -> ApiResult<Arc<MetGraph>> {
        let snapshot = Arc::clone(&self.snapshot);
        let scope = self.scope;
        tokio::task::spawn_blocking(move || snapshot.met_graph(&scope))
            .await
            .map_err(|e| ApiError::Internal(format!("analysis task failed: {e}")))
    }

    /// The network as this analysis's reader sees it.
    fn network(&self) -> &Network {
        self.snapshot.network(&self.scope)
    }

    /// The keys the reader knows the people of `graph` by, node by node: ranked lists
    /// break ties by these, so that an order says nothing of a masked person's id.
    fn shown_keys(&self, ctx: &Context<'_>, graph: &MetGraph) -> ApiResult<Vec<String>> {
        let view = super::context::view(ctx)?;
        let people = self.network().people();
        Ok((0..graph.node_count())
            .map(|u| {
                let p = &people[graph.person(u) as usize];
                view.shown_key(&p.id, p.sensitive)
            })
            .collect())
    }

    /// The bundle id of the person at node `u`.
    fn person_id(&self, graph: &MetGraph, u: usize) -> String {
        self.network().people()[graph.person(u) as usize].id.clone()
    }
}

async fn person(ctx: &Context<'_>, id: String) -> Result<Option<Person>> {
    Ok(load_one(ctx, PersonKey(id)).await?.map(Person))
}

async fn people(ctx: &Context<'_>, ids: Vec<String>) -> Result<Vec<Person>> {
    let keys = ids.into_iter().map(PersonKey).collect();
    Ok(load_ordered(ctx, keys)
        .await?
        .into_iter()
        .map(Person)
        .collect())
}

/// Counts per label out of `total` (the group's size, which the reader knows),
/// withheld by the rule of docs/suppression.md when `k` is set.
fn label_counts(
    dimension: Dimension,
    map: &BTreeMap<String, usize>,
    total: usize,
    k: Option<usize>,
) -> Vec<LabelCount> {
    let withheld = coverage::withhold_make_up(map, total, k, dimension.partitions_people());
    vocabulary::label_counts(dimension, map, &withheld)
}

/// A random seed as the analyses take it; seeds are non-negative 32-bit integers.
fn seed_of(seed: i32) -> ApiResult<u64> {
    u64::try_from(seed).map_err(|_| ApiError::bad_input("seed", "a seed must not be negative"))
}

/// A group of people that a broker or bridge alone connects to the rest.
#[derive(SimpleObject, Clone)]
pub struct Group {
    pub size: usize,
    /// People per side (`unknown` where not recorded); empty for a viewer when the
    /// group is too small to show its make-up.
    pub sides: Vec<LabelCount>,
}

impl Group {
    fn new(p: &Part, k: Option<usize>) -> Self {
        Group {
            size: p.size,
            sides: label_counts(Dimension::Side, &p.sides, p.size, k),
        }
    }
}

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

/// What to rank people by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CentralityMeasure {
    Degree,
    WeightedDegree,
    Betweenness,
    Closeness,
    Eigenvector,
}

/// One person's centralities.
#[derive(Clone)]
pub struct PersonCentrality {
    person_id: String,
    degree: usize,
    degree_centrality: f64,
    weighted_degree: u64,
    betweenness: f64,
    closeness: f64,
    eigenvector: f64,
}

impl PersonCentrality {
    /// The person's id.
    pub(super) fn id(&self) -> &str {
        &self.person_id
    }

    /// The bytes of the person's id.
    pub(super) fn id_len(&self) -> usize {
        self.person_id.len()
    }

    /// Node `u`'s figures, for the person `person_id`.
    pub(super) fn at(c: &analysis::Centrality, u: usize, person_id: String) -> Self {
        PersonCentrality {
            person_id,
            degree: c.degree[u],
            degree_centrality: c.degree_centrality[u],
            weighted_degree: c.weighted_degree[u],
            betweenness: c.betweenness[u],
            closeness: c.closeness[u],
            eigenvector: c.eigenvector[u],
        }
    }
}

#[Object]
impl PersonCentrality {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Number of people met.
    async fn degree(&self) -> usize {
        self.degree
    }
    /// Degree / (people - 1).
    async fn degree_centrality(&self) -> f64 {
        self.degree_centrality
    }
    /// Sum of shared meetings over all ties.
    async fn weighted_degree(&self) -> u64 {
        self.weighted_degree
    }
    /// Normalised betweenness (exact, or estimated from the sampled sources).
    async fn betweenness(&self) -> f64 {
        self.betweenness
    }
    /// Closeness with the Wasserman-Faust scaling.
    async fn closeness(&self) -> f64 {
        self.closeness
    }
    /// Eigenvector centrality (unit norm).
    async fn eigenvector(&self) -> f64 {
        self.eigenvector
    }
}

/// A person whose removal splits their component.
pub struct Broker {
    person_id: String,
    parts: Vec<Group>,
}

#[Object]
impl Broker {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// The groups the component falls into without this person, largest first.
    async fn parts(&self) -> &[Group] {
        &self.parts
    }
}

/// A tie whose removal splits its component.
pub struct BridgeTie {
    a: String,
    b: String,
    weight: u32,
    parts: Vec<Group>,
}

#[Object]
impl BridgeTie {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.a.clone()).await
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.b.clone()).await
    }
    /// Meetings the two shared.
    async fn weight(&self) -> u32 {
        self.weight
    }
    /// The group on `a`'s side, then the group on `b`'s side.
    async fn parts(&self) -> &[Group] {
        &self.parts
    }
}

/// Burt's structural-hole measures for one person.
pub struct PersonStructuralHoles {
    person_id: String,
    constraint: Option<f64>,
    effective_size: Option<f64>,
}

#[Object]
impl PersonStructuralHoles {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Burt's constraint (weighted); low values mark brokers. Null without ties.
    async fn constraint(&self) -> Option<f64> {
        self.constraint
    }
    /// Burt's effective size (weighted). Null without ties.
    async fn effective_size(&self) -> Option<f64> {
        self.effective_size
    }
}

/// A community found by Louvain.
pub struct Community {
    members: Vec<String>,
    sides: Vec<LabelCount>,
    genders: Vec<LabelCount>,
    tags: Vec<LabelCount>,
}

#[Object]
impl Community {
    async fn size(&self) -> usize {
        self.members.len()
    }
    /// Members by id.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<Person>> {
        people(ctx, self.members.clone()).await
    }
    /// Members per side; empty for a viewer when the community is too small to
    /// show its make-up.
    async fn sides(&self) -> &[LabelCount] {
        &self.sides
    }
    /// Members per gender; empty for a viewer as `sides` is.
    async fn genders(&self) -> &[LabelCount] {
        &self.genders
    }
    async fn tags(&self) -> &[LabelCount] {
        &self.tags
    }
}

/// A Louvain partition and its modularity.
#[derive(SimpleObject)]
pub struct CommunityPartition {
    modularity: f64,
    seed: i32,
    /// Largest first.
    communities: Vec<Community>,
}

/// A person's place across the divide.
pub struct PersonDivide {
    person_id: String,
    cross_divide_ties: usize,
    reach: usize,
}

#[Object]
impl PersonDivide {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Ties to people across the divide.
    async fn cross_divide_ties(&self) -> usize {
        self.cross_divide_ties
    }
    /// People across the divide within two steps.
    async fn reach(&self) -> usize {
        self.reach
    }
}

/// Cross-divide pairs who met for the first time at a meeting.
pub struct MeetingFirsts {
    meeting_id: String,
    pairs: Vec<(String, String)>,
}

/// Two people.
pub struct PersonPair {
    a: String,
    b: String,
}

#[Object]
impl PersonPair {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.a.clone()).await
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.b.clone()).await
    }
}

#[Object]
impl MeetingFirsts {
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.meeting_id.clone()))
            .await?
            .map(Meeting))
    }
    /// How many cross-divide pairs first met here.
    async fn new_pairs(&self) -> usize {
        self.pairs.len()
    }
    async fn pairs(&self) -> Vec<PersonPair> {
        self.pairs
            .iter()
            .map(|(a, b)| PersonPair {
                a: a.clone(),
                b: b.clone(),
            })
            .collect()
    }
}

/// The E-I index of one side.
#[derive(SimpleObject)]
pub struct SideIndex {
    side: String,
    /// (external - internal) / (external + internal) over the side's ties.
    ei_index: Option<f64>,
}

/// How much of the network crosses the conflict divide.
pub struct CrossDivide {
    figures: Arc<Weighed<analysis::CrossDivide>>,
    ids: Arc<Vec<String>>,
    /// The keys the reader knows each node's person by, for breaking ties.
    keys: Vec<String>,
    meeting_ids: Vec<String>,
}

#[Object]
impl CrossDivide {
    async fn ties(&self) -> usize {
        self.figures.ties
    }
    /// Ties between people of two different known sides, neither international.
    async fn cross_divide_ties(&self) -> usize {
        self.figures.cross_divide_ties
    }
    /// Cross-divide ties / all ties (null without ties).
    async fn cross_divide_share(&self) -> Option<f64> {
        self.figures.cross_divide_share
    }
    /// People with at least one cross-divide tie / all active people (null without
    /// any).
    async fn people_with_cross_tie_share(&self) -> Option<f64> {
        self.figures.people_with_cross_tie_share
    }
    /// E-I index over ties whose two sides are known; null without any.
    async fn ei_index(&self) -> Option<f64> {
        self.figures.ei_index
    }
    async fn ei_by_side(&self) -> Vec<SideIndex> {
        self.figures
            .ei_by_side
            .iter()
            .map(|(side, ei)| SideIndex {
                side: side.clone(),
                ei_index: *ei,
            })
            .collect()
    }
    /// People by cross-divide ties, then reach, then key.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonDivide>> {
        let mut rows: Vec<&analysis::PersonDivide> = self.figures.people.iter().collect();
        rows.sort_by(|a, b| {
            (b.cross_ties, b.reach)
                .cmp(&(a.cross_ties, a.reach))
                .then_with(|| self.keys[a.node].cmp(&self.keys[b.node]))
        });
        Ok(offset_page(ctx, first, after, rows, |p| PersonDivide {
            person_id: self.ids[p.node].clone(),
            cross_divide_ties: p.cross_ties,
            reach: p.reach,
        })?)
    }
    /// Meetings where cross-divide pairs met for the first time, in time order.
    async fn first_encounters(&self) -> Vec<MeetingFirsts> {
        self.figures
            .meetings
            .iter()
            .zip(&self.meeting_ids)
            .map(|(m, id)| MeetingFirsts {
                meeting_id: id.clone(),
                pairs: m
                    .pairs
                    .iter()
                    .map(|&(a, b)| (self.ids[a].clone(), self.ids[b].clone()))
                    .collect(),
            })
            .collect()
    }
}

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

/// A person in an ego network, with their distance from its centre.
pub struct EgoPerson {
    person_id: String,
    distance: u32,
}

#[Object]
impl EgoPerson {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    async fn distance(&self) -> u32 {
        self.distance
    }
}

/// A tie of the met graph.
pub struct Tie {
    a: String,
    b: String,
    weight: u32,
}

#[Object]
impl Tie {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.a.clone()).await
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.b.clone()).await
    }
    /// Meetings the two shared.
    async fn weight(&self) -> u32 {
        self.weight
    }
}

impl Tie {
    pub(super) fn new(a: String, b: String, weight: u32) -> Self {
        Tie { a, b, weight }
    }
}

/// A person's neighbourhood.
#[derive(SimpleObject)]
pub struct EgoNetwork {
    /// The person first, then by distance.
    people: Vec<EgoPerson>,
    ties: Vec<Tie>,
}

/// Two organisations linked by meetings where people behind them met.
pub struct OrganisationTie {
    a: String,
    b: String,
    weight: u32,
}

#[Object]
impl OrganisationTie {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
        Ok(load_one(ctx, OrganisationKey(self.a.clone()))
            .await?
            .map(Organisation))
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
        Ok(load_one(ctx, OrganisationKey(self.b.clone()))
            .await?
            .map(Organisation))
    }
    /// Meetings that linked them.
    async fn weight(&self) -> u32 {
        self.weight
    }
}

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

#[Object]
impl Analytics {
    async fn summary(&self, ctx: &Context<'_>) -> Result<NetworkSummary> {
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

    /// People ranked by a centrality (highest first, then by id). With `samples`,
    /// betweenness is estimated from that many sources drawn with `seed`.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn centrality(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "CentralityMeasure::Betweenness")] order_by: CentralityMeasure,
        samples: Option<i32>,
        #[graphql(default = 1)] seed: i32,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonCentrality>> {
        let samples = match samples {
            Some(k) if k < 1 => {
                return Err(ApiError::bad_input("samples", "samples must be at least 1").into());
            }
            k => k.map(|k| k as usize),
        };
        let seed = seed_of(seed)?;
        let sampling = samples.map(|k| (k, seed));
        let key = format!("centrality:{sampling:?}");
        let c = self
            .run(ctx, key, move |_, g, _, b| {
                analysis::centrality(g, sampling, b)
            })
            .await?;
        let graph = self.graph().await?;
        let value = |u: usize| match order_by {
            CentralityMeasure::Degree => c.degree[u] as f64,
            CentralityMeasure::WeightedDegree => c.weighted_degree[u] as f64,
            CentralityMeasure::Betweenness => c.betweenness[u],
            CentralityMeasure::Closeness => c.closeness[u],
            CentralityMeasure::Eigenvector => c.eigenvector[u],
        };
        let ids: Vec<String> = (0..graph.node_count())
            .map(|u| self.person_id(&graph, u))
            .collect();
        let keys = self.shown_keys(ctx, &graph)?;
        let mut order: Vec<usize> = (0..graph.node_count()).collect();
        order.sort_by(|&a, &b| {
            value(b)
                .total_cmp(&value(a))
                .then_with(|| keys[a].cmp(&keys[b]))
        });
        Ok(offset_page(ctx, first, after, order, |u| {
            PersonCentrality::at(&c, u, ids[u].clone())
        })?)
    }

    /// The met network for drawing: every person who took part in a meeting in scope
    /// (at most 5,000), with their centralities, communities and first years, and the
    /// strongest ties among them (at most `maxTies`, 100,000 unless asked, at most
    /// 200,000, chosen from at most 2,000,000), with the count of the ties left out.
    /// With `track`, only that track's meetings count.
    async fn drawing(
        &self,
        ctx: &Context<'_>,
        track: Option<Track>,
        max_ties: Option<i32>,
    ) -> Result<super::drawing::Drawing> {
        super::drawing::draw(self, ctx, track.map(Into::into), max_ties).await
    }

    /// People whose removal splits their component, by id.
    async fn articulation_points(&self, ctx: &Context<'_>) -> Result<Vec<Broker>> {
        let k = super::context::small_cell_threshold(ctx)?;
        let found = self
            .run(ctx, "articulation".into(), |n, g, _, b| {
                analysis::articulation_points(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let mut out: Vec<Broker> = found
            .iter()
            .map(|broker| Broker {
                person_id: self.person_id(&graph, broker.node),
                parts: broker.parts.iter().map(|p| Group::new(p, k)).collect(),
            })
            .collect();
        out.sort_by(|a, b| a.person_id.cmp(&b.person_id));
        Ok(out)
    }

    /// Ties whose removal splits their component.
    async fn bridges(&self, ctx: &Context<'_>) -> Result<Vec<BridgeTie>> {
        let k = super::context::small_cell_threshold(ctx)?;
        let found = self
            .run(ctx, "bridges".into(), |n, g, _, b| {
                analysis::bridges(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        Ok(found
            .iter()
            .map(|bridge| BridgeTie {
                a: self.person_id(&graph, bridge.a),
                b: self.person_id(&graph, bridge.b),
                weight: bridge.weight,
                parts: bridge.parts.iter().map(|p| Group::new(p, k)).collect(),
            })
            .collect())
    }

    /// Burt's constraint and effective size, people with the lowest constraint first.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn structural_holes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonStructuralHoles>> {
        let holes = self
            .run(ctx, "holes".into(), |_, g, _, b| {
                analysis::structural_holes(g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let ids: Vec<String> = (0..graph.node_count())
            .map(|u| self.person_id(&graph, u))
            .collect();
        let keys = self.shown_keys(ctx, &graph)?;
        let mut order: Vec<usize> = (0..graph.node_count()).collect();
        let key = |u: usize| holes.constraint[u].unwrap_or(f64::INFINITY);
        order.sort_by(|&a, &b| {
            key(a)
                .total_cmp(&key(b))
                .then_with(|| keys[a].cmp(&keys[b]))
        });
        Ok(offset_page(ctx, first, after, order, |u| {
            PersonStructuralHoles {
                person_id: ids[u].clone(),
                constraint: holes.constraint[u],
                effective_size: holes.effective_size[u],
            }
        })?)
    }

    /// Louvain communities (deterministic for a seed), largest first.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 42)] seed: i32,
    ) -> Result<CommunityPartition> {
        let given = seed;
        let seed = seed_of(seed)?;
        let k = super::context::small_cell_threshold(ctx)?;
        let found = self
            .run(ctx, format!("louvain:{seed}"), move |n, g, _, b| {
                analysis::louvain(n, g, seed, b)
            })
            .await?;
        let graph = self.graph().await?;
        Ok(CommunityPartition {
            modularity: found.modularity,
            seed: given,
            communities: found
                .communities
                .iter()
                .map(|c| Community {
                    members: c
                        .members
                        .iter()
                        .map(|&u| self.person_id(&graph, u))
                        .collect(),
                    sides: label_counts(Dimension::Side, &c.sides, c.members.len(), k),
                    genders: label_counts(Dimension::Gender, &c.genders, c.members.len(), k),
                    tags: label_counts(Dimension::Tag, &c.tags, c.members.len(), k),
                })
                .collect(),
        })
    }

    async fn cross_divide(&self, ctx: &Context<'_>) -> Result<CrossDivide> {
        let figures = self
            .run(ctx, "divide".into(), |n, g, _, b| {
                analysis::cross_divide(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let ids = Arc::new(
            (0..graph.node_count())
                .map(|u| self.person_id(&graph, u))
                .collect(),
        );
        let meeting_ids = figures
            .meetings
            .iter()
            .map(|m| self.network().meetings()[m.meeting as usize].id.clone())
            .collect();
        Ok(CrossDivide {
            figures,
            ids,
            keys: self.shown_keys(ctx, &graph)?,
            meeting_ids,
        })
    }

    async fn track_coordination(&self, ctx: &Context<'_>) -> Result<TrackCoordination> {
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

    /// A person's neighbourhood up to `steps` ties away (1 to 3), with every tie
    /// among the people in it. Empty when the person took part in no meeting in scope.
    async fn ego_network(
        &self,
        ctx: &Context<'_>,
        person: ID,
        #[graphql(default = 1)] steps: u32,
    ) -> Result<EgoNetwork> {
        if !(1..=3).contains(&steps) {
            return Err(ApiError::bad_input("steps", "steps must be 1, 2 or 3").into());
        }
        let key = super::pseudonyms::person_arg(ctx, &person)?;
        let index = self.network().person_index(&key).map_err(ApiError::from)?;
        let graph = self.graph().await?;
        let Some(node) = graph.node_of(index) else {
            return Ok(EgoNetwork {
                people: Vec::new(),
                ties: Vec::new(),
            });
        };
        let ego = self
            .run_once(ctx, move |g, b| analysis::ego_network(g, node, steps, b))
            .await?;
        Ok(EgoNetwork {
            people: ego
                .people
                .iter()
                .map(|&(u, distance)| EgoPerson {
                    person_id: self.person_id(&graph, u),
                    distance,
                })
                .collect(),
            ties: ego
                .ties
                .iter()
                .map(|&(a, b, weight)| Tie {
                    a: self.person_id(&graph, a),
                    b: self.person_id(&graph, b),
                    weight,
                })
                .collect(),
        })
    }

    /// Organisations linked when people representing or affiliated with them met.
    async fn organisation_network(&self, ctx: &Context<'_>) -> Result<Vec<OrganisationTie>> {
        let ties = self
            .run(ctx, "organisations".into(), |n, g, _, _| {
                Ok(analysis::organisation_network(n, g))
            })
            .await?;
        let orgs = self.network().organisations();
        Ok(ties
            .iter()
            .map(|t| OrganisationTie {
                a: orgs[t.a as usize].id.clone(),
                b: orgs[t.b as usize].id.clone(),
                weight: t.weight,
            })
            .collect())
    }

    /// The network at the end of each year (cumulative), for plotting.
    async fn evolution(&self, ctx: &Context<'_>) -> Result<Vec<YearFigures>> {
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

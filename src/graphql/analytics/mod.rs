//! The `analytics` query: network figures on the met graph in scope (see
//! docs/analytics.md). Results are computed off the async workers, within the
//! analysis budget, and cached with the snapshot per scope.
//!
//! This module holds the root object (every field, its arguments and its
//! documentation) and the runner; each analysis resolves in its own module,
//! mirroring `network::analysis`, next to the types it returns.

mod brokers;
mod centrality;
mod communities;
mod divide;
mod drawing;
mod ego;
mod evolution;
mod organisations;
mod summary;
mod tracks;

use super::blocking::off_workers;
use super::context::{api, load_one, load_ordered};
use super::error::{ApiError, ApiResult};
use super::loaders::PersonKey;
use super::pagination::Page;
use super::types::{Person, Track};
use super::vocabulary::{self, LabelCount};
use crate::network::analysis::{Budget, OverBudget};
use crate::network::coverage::{self, Dimension};
use crate::network::{MetGraph, Network, NodeIx, Scope};
use crate::snapshot::{Snapshot, Weighed};
use async_graphql::{Context, ID, Object, Result};
use brokers::{BridgeTie, Broker, PersonStructuralHoles};
use centrality::{CentralityMeasure, PersonCentrality};
use communities::CommunityPartition;
use divide::CrossDivide;
use drawing::Drawing;
use ego::EgoNetwork;
use evolution::YearFigures;
use organisations::OrganisationTie;
use std::collections::BTreeMap;
use std::sync::Arc;
use summary::NetworkSummary;
use tracks::TrackCoordination;

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
        let result = off_workers("analysis", move || {
            let budget = Budget::new(limit);
            compute(&snapshot.met_graph(&scope), &budget)
        })
        .await?;
        Ok(result?)
    }

    /// The met graph in scope (the one `run` walks), built off the async workers.
    async fn graph(&self) -> ApiResult<Arc<MetGraph>> {
        let snapshot = Arc::clone(&self.snapshot);
        let scope = self.scope;
        off_workers("analysis", move || snapshot.met_graph(&scope)).await
    }

    /// The network as this analysis's reader sees it.
    fn network(&self) -> &Network {
        self.snapshot.network(&self.scope)
    }

    /// The keys the reader knows the people of `graph` by, node by node: ranked lists
    /// break ties by these, so that an order says nothing of a masked person's id.
    fn shown_keys(&self, ctx: &Context<'_>, graph: &MetGraph) -> ApiResult<Vec<String>> {
        let view = super::context::view(ctx)?;
        let network = self.network();
        Ok(graph
            .nodes()
            .map(|u| {
                let p = network.person(graph.person(u));
                view.shown_key(&p.id, p.sensitive)
            })
            .collect())
    }

    /// The graph's nodes, best first by `better`; people it cannot tell apart in the
    /// order of the key the reader knows them by, so that an order tells a reader no
    /// more than the keys they are shown.
    fn ranked(
        &self,
        ctx: &Context<'_>,
        graph: &MetGraph,
        better: impl Fn(usize, usize) -> std::cmp::Ordering,
    ) -> ApiResult<Vec<usize>> {
        let keys = self.shown_keys(ctx, graph)?;
        let mut order: Vec<usize> = (0..graph.node_count()).collect();
        order.sort_by(|&a, &b| better(a, b).then_with(|| keys[a].cmp(&keys[b])));
        Ok(order)
    }

    /// The bundle id of the person at node `u`.
    fn person_id(&self, graph: &MetGraph, u: NodeIx) -> String {
        self.network().person(graph.person(u)).id.clone()
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

#[Object]
impl Analytics {
    async fn summary(&self, ctx: &Context<'_>) -> Result<NetworkSummary> {
        self.resolve_summary(ctx).await
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
        self.resolve_centrality(ctx, order_by, samples, seed, first, after)
            .await
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
    ) -> Result<Drawing> {
        drawing::draw(self, ctx, track.map(Into::into), max_ties).await
    }

    /// People whose removal splits their component, by id.
    async fn articulation_points(&self, ctx: &Context<'_>) -> Result<Vec<Broker>> {
        self.resolve_articulation_points(ctx).await
    }

    /// Ties whose removal splits their component.
    async fn bridges(&self, ctx: &Context<'_>) -> Result<Vec<BridgeTie>> {
        self.resolve_bridges(ctx).await
    }

    /// Burt's constraint and effective size, people with the lowest constraint first.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn structural_holes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonStructuralHoles>> {
        self.resolve_structural_holes(ctx, first, after).await
    }

    /// Louvain communities (deterministic for a seed), largest first.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 42)] seed: i32,
    ) -> Result<CommunityPartition> {
        self.resolve_communities(ctx, seed).await
    }

    async fn cross_divide(&self, ctx: &Context<'_>) -> Result<CrossDivide> {
        self.resolve_cross_divide(ctx).await
    }

    async fn track_coordination(&self, ctx: &Context<'_>) -> Result<TrackCoordination> {
        self.resolve_track_coordination(ctx).await
    }

    /// A person's neighbourhood up to `steps` ties away (1 to 3), with every tie
    /// among the people in it. Empty when the person took part in no meeting in scope.
    async fn ego_network(
        &self,
        ctx: &Context<'_>,
        person: ID,
        #[graphql(default = 1)] steps: u32,
    ) -> Result<EgoNetwork> {
        self.resolve_ego_network(ctx, person, steps).await
    }

    /// Organisations linked when people representing or affiliated with them met.
    async fn organisation_network(&self, ctx: &Context<'_>) -> Result<Vec<OrganisationTie>> {
        self.resolve_organisation_network(ctx).await
    }

    /// The network at the end of each year (cumulative), for plotting.
    async fn evolution(&self, ctx: &Context<'_>) -> Result<Vec<YearFigures>> {
        self.resolve_evolution(ctx).await
    }
}

//! `Analytics.centrality`: people ranked by a centrality, and each person's
//! centralities (the drawing lists them too).

use super::{Analytics, person, seed_of};
use crate::graphql::error::ApiError;
use crate::graphql::pagination::{Page, offset_page};
use crate::graphql::types::Person;
use crate::network::NodeIx;
use crate::network::analysis;
use async_graphql::{Context, Enum, Object, Result};

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
    pub(super) fn at(c: &analysis::Centrality, u: NodeIx, person_id: String) -> Self {
        let u = u.index();
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

impl Analytics {
    pub(super) async fn resolve_centrality(
        &self,
        ctx: &Context<'_>,
        order_by: CentralityMeasure,
        samples: Option<i32>,
        seed: i32,
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
        let ids: Vec<String> = graph.nodes().map(|u| self.person_id(&graph, u)).collect();
        let order = self.ranked(ctx, &graph, |a, b| value(b).total_cmp(&value(a)))?;
        Ok(offset_page(ctx, first, after, order, |u| {
            PersonCentrality::at(&c, NodeIx::new(u), ids[u].clone())
        })?)
    }
}

//! `Analytics.egoNetwork`: a person's neighbourhood, and the tie type it shares
//! with the drawing.

use super::{Analytics, person};
use crate::graphql::error::ApiError;
use crate::graphql::types::Person;
use crate::network::analysis;
use async_graphql::{Context, ID, Object, Result, SimpleObject};

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

impl Analytics {
    pub(super) async fn resolve_ego_network(
        &self,
        ctx: &Context<'_>,
        person: ID,
        steps: u32,
    ) -> Result<EgoNetwork> {
        if !(1..=3).contains(&steps) {
            return Err(ApiError::bad_input("steps", "steps must be 1, 2 or 3").into());
        }
        let key = crate::graphql::pseudonyms::person_arg(ctx, &person)?;
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
}

//! `Analytics.communities`: a Louvain partition, each community with its make-up.

use super::{Analytics, label_counts, people, seed_of};
use crate::graphql::types::Person;
use crate::graphql::vocabulary::LabelCount;
use crate::network::analysis;
use crate::network::coverage::Dimension;
use async_graphql::{Context, Object, Result, SimpleObject};

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

impl Analytics {
    pub(super) async fn resolve_communities(
        &self,
        ctx: &Context<'_>,
        seed: i32,
    ) -> Result<CommunityPartition> {
        let given = seed;
        let seed = seed_of(seed)?;
        let k = crate::graphql::context::small_cell_threshold(ctx)?;
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
}

//! `Analytics.organisationNetwork`: organisations linked when the people behind
//! them met.

use super::Analytics;
use crate::graphql::context::load_one;
use crate::graphql::loaders::OrganisationKey;
use crate::graphql::types::Organisation;
use crate::network::analysis;
use async_graphql::{Context, Object, Result};

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

impl Analytics {
    pub(super) async fn resolve_organisation_network(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<OrganisationTie>> {
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
}

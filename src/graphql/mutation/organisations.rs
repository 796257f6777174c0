//! Writes of organisations.

use super::commit::{commit, editor, writer};
use super::input::{entity_id, new_key, parsed, patched, text};
use crate::domain::{self, CountryCode, EntityId, Label};
use crate::graphql::context::ApiContext;
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::types::{Organisation, OrganisationKind};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

/// A new organisation.
#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// The bundle id; generated when absent.
    key: Option<String>,
    name: String,
    kind: OrganisationKind,
    country: Option<String>,
    side: Option<String>,
}

/// Changes to an organisation: absent fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateOrganisationInput {
    name: Option<String>,
    kind: Option<OrganisationKind>,
    country: MaybeUndefined<String>,
    side: MaybeUndefined<String>,
}

async fn existing_organisation(api: &ApiContext, id: &EntityId) -> ApiResult<domain::Organisation> {
    api.store
        .organisations_by_ids(&[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound(format!("organisation '{id}' does not exist")))
}

/// Creates, changes and deletes organisations.
#[derive(Default)]
pub struct OrganisationMutations;

#[Object]
impl OrganisationMutations {
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> Result<Organisation> {
        let api = editor(ctx)?;
        let record = domain::Organisation {
            id: new_key("input.key", input.key, "org")?,
            name: text("input.name", input.name)?,
            kind: input.kind.into(),
            country: parsed("input.country", input.country, CountryCode::parse)?,
            side: parsed("input.side", input.side, Label::parse)?,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.create_organisation(&writer, &record)).await?;
        Ok(Organisation(record))
    }

    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateOrganisationInput,
    ) -> Result<Organisation> {
        let api = editor(ctx)?;
        let id = entity_id("id", "Organisation", &id)?;
        let current = existing_organisation(api, &id).await?;
        let record = domain::Organisation {
            name: match input.name {
                Some(name) => text("input.name", name)?,
                None => current.name,
            },
            kind: input.kind.map_or(current.kind, Into::into),
            country: patched(
                "input.country",
                input.country,
                current.country,
                CountryCode::parse,
            )?,
            side: patched("input.side", input.side, current.side, Label::parse)?,
            id,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.update_organisation(&writer, &record)).await?;
        Ok(Organisation(record))
    }

    /// Deletes an organisation with its affiliations and meeting roles, and clears it
    /// from participations that named it; returns the deleted id.
    async fn delete_organisation(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let api = editor(ctx)?;
        let key = entity_id("id", "Organisation", &id)?;
        let writer = writer(ctx)?;
        commit(api, || api.store.delete_organisation(&writer, &key)).await?;
        Ok(crate::graphql::ids::global_id("Organisation", key.as_str()))
    }
}

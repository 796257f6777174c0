//! Erasure: a person removed for good, by an administrator.

use super::commit::{commit, writer};
use super::input::entity_id;
use crate::domain::Role;
use crate::graphql::context::{api, require};
use async_graphql::{Context, ID, Object, Result, SimpleObject};

/// What an erasure removed.
#[derive(SimpleObject)]
pub struct ErasureResult {
    participations_removed: u64,
    affiliations_removed: u64,
}

/// Erases people.
#[derive(Default)]
pub struct ErasureMutations;

#[Object]
impl ErasureMutations {
    /// Erases a person for good (administrators only): their record, participations
    /// and affiliations go, their id is scrubbed from the change and audit logs, and
    /// the erasure is logged without it.
    async fn erase_person(&self, ctx: &Context<'_>, id: ID) -> Result<ErasureResult> {
        require(ctx, Role::Admin)?;
        let api = api(ctx)?;
        let key = entity_id("id", "Person", &id)?;
        let writer = writer(ctx)?;
        let erased = commit(api, || api.store.erase_person(&writer, key.as_str())).await?;
        Ok(ErasureResult {
            participations_removed: erased.participations,
            affiliations_removed: erased.affiliations,
        })
    }
}

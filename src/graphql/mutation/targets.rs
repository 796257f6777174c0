//! Writes of the named sets of coverage targets.

use super::commit::{commit, editor, writer};
use super::input::text;
use async_graphql::{Context, Object, Result};

/// Saves sets of coverage targets.
#[derive(Default)]
pub struct TargetMutations;

#[Object]
impl TargetMutations {
    /// Creates or replaces a named set of coverage targets.
    async fn save_target_set(
        &self,
        ctx: &Context<'_>,
        name: String,
        targets: Vec<crate::graphql::coverage::TargetInput>,
    ) -> Result<crate::graphql::coverage::TargetSet> {
        let api = editor(ctx)?;
        let name = text("name", name)?;
        let stored: Vec<crate::store::StoredTarget> =
            crate::graphql::coverage::targets_from(&targets)?
                .into_iter()
                .map(|t| crate::store::StoredTarget {
                    dimension: t.group.dimension.as_str().to_owned(),
                    group: t.group.value,
                    share: t.share,
                })
                .collect();
        let writer = writer(ctx)?;
        commit(api, || api.store.save_target_set(&writer, &name, &stored)).await?;
        Ok(crate::graphql::coverage::TargetSet::new(name, &stored))
    }
}

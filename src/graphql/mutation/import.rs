//! `importBundle`, the write of a whole bundle (read and imported by
//! `graphql::import`).

use super::commit::{editor, writer};
use crate::graphql::import::{BundleInput, ImportResult};
use async_graphql::{Context, Object, Result};

/// Imports bundles.
#[derive(Default)]
pub struct ImportMutations;

#[Object]
impl ImportMutations {
    /// Imports a bundle, all-or-nothing, upserting by id: the text of its CSV
    /// files, a zip of them or a workbook. A bundle with problems is rejected whole,
    /// each problem listed in `extensions.problems` with its file, line and column
    /// (for a workbook: sheet, row and column letter). With `dryRun` it is checked
    /// and compared with the stored data, and nothing is written.
    async fn import_bundle(
        &self,
        ctx: &Context<'_>,
        files: BundleInput,
        #[graphql(default)] dry_run: bool,
    ) -> Result<ImportResult> {
        let api = editor(ctx)?;
        let writer = writer(ctx)?;
        Ok(crate::graphql::import::import_bundle(api, writer, files, dry_run).await?)
    }
}

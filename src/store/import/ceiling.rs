//! Refusing, before anything is written, the rows of an import that would name or
//! make a meeting above the writer's ceiling.

use crate::domain::{Confidentiality, Dataset};
use crate::store::entities::meeting;
use crate::store::error::{RefusedRow, StoreError, StoreResult};
use crate::store::write::Writer;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;

/// Fails with `Refused` when the dataset names meetings above the writer's ceiling
/// or would create or raise a meeting above it.
pub(super) async fn refuse_hidden(
    txn: &DatabaseTransaction,
    writer: &Writer,
    data: &Dataset,
) -> StoreResult<()> {
    let visibility = writer.visibility;
    let mut refused = Vec::new();
    if visibility.ceiling() != Confidentiality::Confidential {
        let hidden: HashSet<String> = meeting::Entity::find()
            .filter(
                meeting::Column::Confidentiality.is_not_in(crate::store::read::levels(visibility)),
            )
            .select_only()
            .column(meeting::Column::Id)
            .into_tuple::<String>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        for (index, m) in data.meetings.iter().enumerate() {
            if hidden.contains(m.id.as_str()) {
                refused.push(RefusedRow {
                    file: "meetings.csv",
                    index,
                    column: "id",
                    message: format!("the id '{}' is already taken", m.id),
                });
            } else if !visibility.admits(m.confidentiality) {
                refused.push(RefusedRow {
                    file: "meetings.csv",
                    index,
                    column: "confidentiality",
                    message: format!(
                        "'{}' is above what this key may see ({} at most)",
                        m.confidentiality.as_str(),
                        visibility.ceiling().as_str()
                    ),
                });
            }
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Refused(refused))
    }
}

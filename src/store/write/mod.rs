//! Writes from the API: create, update and delete entities, add and remove links.
//!
//! Each call is one transaction that also appends to the change log, so a failure
//! anywhere leaves nothing behind.
//!
//! Deletion rule: deleting a person or a meeting deletes its participations and other
//! links (affiliations; organisation roles and measure links of a meeting). Deleting an
//! organisation deletes its affiliations and meeting roles and clears it from
//! participations that named it as the represented organisation; the people and
//! meetings themselves stay.
//!
//! Split by job: this module holds the [`Writer`] and the change log and audit
//! rows every write appends; `checks` the existence and ceiling checks writes
//! share; `organisations`, `people` (with their affiliations) and `meetings`
//! (with their participations) the writes of each entity family.

mod checks;
mod meetings;
mod organisations;
mod people;

pub(super) use people::remove_person;

use super::entities::{audit, change_log};
use super::error::StoreResult;
use crate::domain::{Role, Visibility};
use sea_orm::{ConnectionTrait, EntityTrait};

/// Who is writing, as the store needs to know it: what they may see (a meeting above
/// their ceiling does not exist for the write) and who to audit. Every write takes
/// one, and its audit row commits in the write's own transaction.
#[derive(Debug, Clone)]
pub struct Writer {
    pub visibility: Visibility,
    pub role: Role,
    /// The API key, if any.
    pub key_id: Option<i32>,
    /// The operation named in the audit log (`createMeeting`, `import`...).
    pub operation: String,
}

impl Writer {
    /// The service's operator (the CLI, the demo load): sees everything.
    pub fn operator(operation: &str) -> Writer {
        Writer {
            visibility: Visibility::EVERYTHING,
            role: Role::Admin,
            key_id: None,
            operation: operation.to_owned(),
        }
    }
}

/// Appends one change to the change log and its audit row, in the write's
/// transaction. `detail` names ids and counts, never personal data.
pub(super) async fn log_change(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    operation: &str,
    entity: &str,
    entity_id: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    log_keyed_change(txn, writer, operation, entity, entity_id, entity_id, detail).await
}

/// [`log_change`] where the change log names the change by `key` (what the model
/// patches: an affiliation change is logged under its person) and the audit row by
/// the record's own id.
pub(super) async fn log_keyed_change(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    operation: &str,
    entity: &str,
    key: &str,
    entity_id: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    log_audit(txn, writer, entity_id, detail.clone()).await?;
    change_log::Entity::insert(change_log::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
        operation: sea_orm::ActiveValue::Set(operation.to_owned()),
        entity: sea_orm::ActiveValue::Set(entity.to_owned()),
        entity_id: sea_orm::ActiveValue::Set(key.to_owned()),
        detail: sea_orm::ActiveValue::Set(detail),
    })
    .exec_without_returning(txn)
    .await?;
    // Replicas on PostgreSQL hear of the change when the transaction commits.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {}", super::CHANGES_CHANNEL))
            .await?;
    }
    Ok(())
}

/// Appends the audit row of a write, in its transaction.
async fn log_audit(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    ids: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    audit::Entity::insert(audit::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
        key_id: sea_orm::ActiveValue::Set(writer.key_id),
        role: sea_orm::ActiveValue::Set(writer.role.as_str().to_owned()),
        operation: sea_orm::ActiveValue::Set(writer.operation.clone()),
        ids: sea_orm::ActiveValue::Set(ids.to_owned()),
        detail: sea_orm::ActiveValue::Set(detail),
        spool_id: sea_orm::ActiveValue::Set(None),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

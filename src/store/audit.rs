//! The audit log: writes add their row in their own transaction; the reads of a
//! request are appended before its answer leaves. Read by administrators.

use super::Store;
use super::entities::audit;
use super::error::StoreResult;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// Audit rows per INSERT: 7 parameters each, well under SQLite's 32,766.
const AUDIT_BATCH: usize = 1000;

/// One audited event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub key_id: Option<i32>,
    pub role: String,
    pub operation: String,
    /// The ids concerned, `;`-separated.
    pub ids: String,
    pub detail: Option<String>,
}

impl Store {
    /// Appends events (their `id` and `at` are set here).
    pub async fn append_audit(&self, events: &[AuditRecord]) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let now = chrono::Utc::now();
        // One transaction, in statements small enough for SQLite's and PostgreSQL's
        // parameter limits: a request's events are recorded all together or not at all.
        let (_turn, txn) = self.begin_write().await?;
        for chunk in events.chunks(AUDIT_BATCH) {
            audit::Entity::insert_many(chunk.iter().map(|e| audit::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                at: sea_orm::ActiveValue::Set(now),
                key_id: sea_orm::ActiveValue::Set(e.key_id),
                role: sea_orm::ActiveValue::Set(e.role.clone()),
                operation: sea_orm::ActiveValue::Set(e.operation.clone()),
                ids: sea_orm::ActiveValue::Set(e.ids.clone()),
                detail: sea_orm::ActiveValue::Set(e.detail.clone()),
                spool_id: sea_orm::ActiveValue::Set(None),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Appends events that were spooled while the database was away, as they were
    /// (time included), in their order, each once: an event whose spool id is in the
    /// log already is left out, so replaying a spool twice records nothing twice.
    pub async fn replay_audit(&self, events: &[(String, AuditRecord)]) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let (_turn, txn) = self.begin_write().await?;
        for chunk in events.chunks(AUDIT_BATCH) {
            audit::Entity::insert_many(chunk.iter().map(|(spool_id, e)| audit::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                at: sea_orm::ActiveValue::Set(e.at),
                key_id: sea_orm::ActiveValue::Set(e.key_id),
                role: sea_orm::ActiveValue::Set(e.role.clone()),
                operation: sea_orm::ActiveValue::Set(e.operation.clone()),
                ids: sea_orm::ActiveValue::Set(e.ids.clone()),
                detail: sea_orm::ActiveValue::Set(e.detail.clone()),
                spool_id: sea_orm::ActiveValue::Set(Some(spool_id.clone())),
            }))
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(audit::Column::SpoolId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// How many events the audit log holds.
    pub async fn count_audit(&self) -> StoreResult<u64> {
        Ok(audit::Entity::find().count(self.db()).await?)
    }

    /// Events after the id `after`, oldest first.
    pub async fn audit_page(
        &self,
        after: Option<i64>,
        limit: u64,
    ) -> StoreResult<(Vec<AuditRecord>, bool)> {
        let mut query = audit::Entity::find();
        if let Some(after) = after {
            query = query.filter(audit::Column::Id.gt(after));
        }
        let mut rows: Vec<AuditRecord> = query
            .order_by_asc(audit::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| AuditRecord {
                id: r.id,
                at: r.at,
                key_id: r.key_id,
                role: r.role,
                operation: r.operation,
                ids: r.ids,
                detail: r.detail,
            })
            .collect();
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        Ok((rows, more))
    }
}

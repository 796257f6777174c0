//! An audit log entry as administrators see it.

use crate::graphql::scalars::{Date, Int64};
use crate::store::AuditRecord;
use async_graphql::Object;

/// One audited event.
pub struct AuditEntry(pub AuditRecord);

#[Object]
impl AuditEntry {
    async fn id(&self) -> Int64 {
        Int64(self.0.id)
    }
    /// When it happened (UTC, RFC 3339).
    async fn at(&self) -> String {
        self.0.at.to_rfc3339()
    }
    /// The day it happened.
    async fn day(&self) -> Date {
        Date(self.0.at.date_naive())
    }
    /// The API key used; null for an anonymous reader.
    async fn key_id(&self) -> Option<i32> {
        self.0.key_id
    }
    async fn role(&self) -> &str {
        &self.0.role
    }
    /// The operation (`createPerson`, `read participations`, `analytics`...).
    async fn operation(&self) -> &str {
        &self.0.operation
    }
    /// The ids concerned (people, meetings, `person@meeting` for participations).
    async fn ids(&self) -> Vec<&str> {
        self.0.ids.split(';').filter(|s| !s.is_empty()).collect()
    }
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
}

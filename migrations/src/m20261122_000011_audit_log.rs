//! The audit log: every write, and every read of closed or confidential
//! participation, with who (key and role), when, the operation and the ids.

use crate::idens::{AuditLog, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(integer_null(AuditLog::KeyId))
                    .col(string(AuditLog::Role))
                    .col(string(AuditLog::Operation))
                    .col(text(AuditLog::Ids))
                    .col(string_null(AuditLog::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_audit_log_at", AuditLog::Table, AuditLog::At))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

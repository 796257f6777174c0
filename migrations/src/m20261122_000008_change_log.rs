//! The change log: one row per committed change, in commit order.
//!
//! Its highest id is the data version the relationship model is built from; replicas
//! follow it to stay current. It names what changed, never the personal data itself.

use crate::idens::ChangeLog;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    .col(big_pk_auto(ChangeLog::Id))
                    .col(timestamp_with_time_zone(ChangeLog::At))
                    .col(string(ChangeLog::Operation))
                    .col(string(ChangeLog::Entity))
                    .col(string(ChangeLog::EntityId))
                    .col(string_null(ChangeLog::Detail))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChangeLog::Table).to_owned())
            .await
    }
}

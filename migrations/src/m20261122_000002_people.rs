//! People: participants of meetings and members of organisations.
//!
//! `tags` holds the bundle's `;`-separated list as written, so that an export
//! reproduces it exactly.

use crate::idens::{People, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(string(People::Id).primary_key())
                    .col(string(People::Name))
                    .col(string_null(People::Gender))
                    .col(string_null(People::Side))
                    .col(string_null(People::Country))
                    .col(integer_null(People::BirthYear))
                    .col(string(People::Tags).default(""))
                    .col(boolean(People::Sensitive).default(false))
                    .to_owned(),
            )
            .await?;
        // The people list filters by side and gender.
        manager
            .create_index(index("idx_people_side", People::Table, People::Side))
            .await?;
        manager
            .create_index(index("idx_people_gender", People::Table, People::Gender))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(People::Table).to_owned())
            .await
    }
}

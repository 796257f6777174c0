//! Organisations: dialogue centres, NGOs, universities, donors, governments...

use crate::idens::{Organisations, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(string(Organisations::Id).primary_key())
                    .col(string(Organisations::Name))
                    .col(string(Organisations::Kind))
                    .col(string_null(Organisations::Country))
                    .col(string_null(Organisations::Side))
                    .to_owned(),
            )
            .await?;
        // The organisation list filters by kind and country.
        manager
            .create_index(index(
                "idx_organisations_kind",
                Organisations::Table,
                Organisations::Kind,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_organisations_country",
                Organisations::Table,
                Organisations::Country,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Organisations::Table).to_owned())
            .await
    }
}

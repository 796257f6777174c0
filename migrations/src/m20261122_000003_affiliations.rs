//! Affiliations: a person's membership of an organisation, with role and period.
//!
//! A surrogate integer id names each affiliation, since a person can hold several
//! roles in one organisation over time. Deleting the person or the organisation
//! deletes the affiliation.

use crate::idens::{Affiliations, Organisations, People, cascade_fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Affiliations::Table)
                    .col(pk_auto(Affiliations::Id))
                    .col(string(Affiliations::PersonId))
                    .col(string(Affiliations::OrganisationId))
                    .col(string_null(Affiliations::Role))
                    .col(date_null(Affiliations::StartDate))
                    .col(date_null(Affiliations::EndDate))
                    .foreign_key(&mut cascade_fk(
                        "fk_affiliations_person",
                        (Affiliations::Table, Affiliations::PersonId),
                        People::Table,
                        People::Id,
                    ))
                    .foreign_key(&mut cascade_fk(
                        "fk_affiliations_organisation",
                        (Affiliations::Table, Affiliations::OrganisationId),
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_affiliations_person",
                Affiliations::Table,
                Affiliations::PersonId,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_affiliations_organisation",
                Affiliations::Table,
                Affiliations::OrganisationId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Affiliations::Table).to_owned())
            .await
    }
}

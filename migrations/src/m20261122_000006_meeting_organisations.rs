//! The organisations that organise, host, fund or partner in a meeting.

use crate::idens::{MeetingOrganisations, Meetings, Organisations, cascade_fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MeetingOrganisations::Table)
                    .col(string(MeetingOrganisations::MeetingId))
                    .col(string(MeetingOrganisations::OrganisationId))
                    .col(string(MeetingOrganisations::Role))
                    .primary_key(
                        Index::create()
                            .col(MeetingOrganisations::MeetingId)
                            .col(MeetingOrganisations::OrganisationId)
                            .col(MeetingOrganisations::Role),
                    )
                    .foreign_key(&mut cascade_fk(
                        "fk_meeting_organisations_meeting",
                        (MeetingOrganisations::Table, MeetingOrganisations::MeetingId),
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .foreign_key(&mut cascade_fk(
                        "fk_meeting_organisations_organisation",
                        (
                            MeetingOrganisations::Table,
                            MeetingOrganisations::OrganisationId,
                        ),
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meeting_organisations_organisation",
                MeetingOrganisations::Table,
                MeetingOrganisations::OrganisationId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MeetingOrganisations::Table).to_owned())
            .await
    }
}

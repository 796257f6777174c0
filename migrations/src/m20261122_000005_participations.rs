//! Participations: a person took part in a meeting, in a role, perhaps representing
//! an organisation.
//!
//! The primary key (person, meeting) makes a participation unique. Deleting the person
//! or the meeting deletes it; deleting the represented organisation only clears
//! `organisation_id`.

use crate::idens::{Meetings, Organisations, Participations, People, cascade_fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Participations::Table)
                    .col(string(Participations::PersonId))
                    .col(string(Participations::MeetingId))
                    .col(string(Participations::Role).default("participant"))
                    .col(string_null(Participations::OrganisationId))
                    .primary_key(
                        Index::create()
                            .col(Participations::PersonId)
                            .col(Participations::MeetingId),
                    )
                    .foreign_key(&mut cascade_fk(
                        "fk_participations_person",
                        (Participations::Table, Participations::PersonId),
                        People::Table,
                        People::Id,
                    ))
                    .foreign_key(&mut cascade_fk(
                        "fk_participations_meeting",
                        (Participations::Table, Participations::MeetingId),
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_participations_organisation")
                            .from(Participations::Table, Participations::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::SetNull)
                            .on_update(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Participants of a meeting, and participations on behalf of an organisation.
        manager
            .create_index(index(
                "idx_participations_meeting",
                Participations::Table,
                Participations::MeetingId,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_participations_organisation",
                Participations::Table,
                Participations::OrganisationId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Participations::Table).to_owned())
            .await
    }
}

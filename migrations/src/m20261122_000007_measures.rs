//! A plan's measures with their target groups, and the meetings that advance them.
//!
//! The target lists keep the bundle's `;`-separated text as written.

use crate::idens::{Measures, MeetingMeasures, Meetings, cascade_fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Measures::Table)
                    .col(string(Measures::Id).primary_key())
                    .col(string_null(Measures::Code))
                    .col(string(Measures::Title))
                    .col(string_null(Measures::Category))
                    .col(integer_null(Measures::StartYear))
                    .col(integer_null(Measures::EndYear))
                    .col(string(Measures::TargetTags).default(""))
                    .col(string(Measures::TargetSides).default(""))
                    .col(string(Measures::TargetGenders).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingMeasures::Table)
                    .col(string(MeetingMeasures::MeetingId))
                    .col(string(MeetingMeasures::MeasureId))
                    .primary_key(
                        Index::create()
                            .col(MeetingMeasures::MeetingId)
                            .col(MeetingMeasures::MeasureId),
                    )
                    .foreign_key(&mut cascade_fk(
                        "fk_meeting_measures_meeting",
                        (MeetingMeasures::Table, MeetingMeasures::MeetingId),
                        Meetings::Table,
                        Meetings::Id,
                    ))
                    .foreign_key(&mut cascade_fk(
                        "fk_meeting_measures_measure",
                        (MeetingMeasures::Table, MeetingMeasures::MeasureId),
                        Measures::Table,
                        Measures::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meeting_measures_measure",
                MeetingMeasures::Table,
                MeetingMeasures::MeasureId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MeetingMeasures::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Measures::Table).to_owned())
            .await
    }
}

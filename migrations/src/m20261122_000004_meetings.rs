//! Meetings: workshops, symposia, expert groups and the like.
//!
//! `end_date` stays empty when the bundle leaves it empty (the API reads it as the
//! start date); `confidentiality` is `public` unless stated.

use crate::idens::{Meetings, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(string(Meetings::Id).primary_key())
                    .col(string(Meetings::Title))
                    .col(string_null(Meetings::Series))
                    .col(date(Meetings::StartDate))
                    .col(date_null(Meetings::EndDate))
                    .col(string_null(Meetings::City))
                    .col(string_null(Meetings::Country))
                    .col(string_null(Meetings::Format))
                    .col(string_null(Meetings::Track))
                    .col(string(Meetings::Confidentiality).default("public"))
                    .to_owned(),
            )
            .await?;
        // The meeting list filters by date range, series, track, format and country.
        for (name, col) in [
            ("idx_meetings_start_date", Meetings::StartDate),
            ("idx_meetings_series", Meetings::Series),
            ("idx_meetings_track", Meetings::Track),
            ("idx_meetings_format", Meetings::Format),
            ("idx_meetings_country", Meetings::Country),
        ] {
            manager
                .create_index(index(name, Meetings::Table, col))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Meetings::Table).to_owned())
            .await
    }
}

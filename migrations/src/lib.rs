//! Schema migrations of the peacenet store.
//!
//! Every change to the database schema is one migration here, with a working `down`.
//! Each migration is written so that both SQLite and PostgreSQL can run it: one change
//! per `ALTER TABLE`, and foreign keys only on tables that are being created.

pub use sea_orm_migration::prelude::*;

mod idens;
mod m20261122_000001_organisations;
mod m20261122_000002_people;
mod m20261122_000003_affiliations;
mod m20261122_000004_meetings;
mod m20261122_000005_participations;
mod m20261122_000006_meeting_organisations;
mod m20261122_000007_measures;
mod m20261122_000008_change_log;
mod m20261122_000009_target_sets;
mod m20261122_000010_api_keys;
mod m20261122_000011_audit_log;
mod m20261122_000012_instance_secrets;
mod m20261203_000013_audit_spool_ids;

/// Applies the migrations in order; `down` undoes them in reverse.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_organisations::Migration),
            Box::new(m20261122_000002_people::Migration),
            Box::new(m20261122_000003_affiliations::Migration),
            Box::new(m20261122_000004_meetings::Migration),
            Box::new(m20261122_000005_participations::Migration),
            Box::new(m20261122_000006_meeting_organisations::Migration),
            Box::new(m20261122_000007_measures::Migration),
            Box::new(m20261122_000008_change_log::Migration),
            Box::new(m20261122_000009_target_sets::Migration),
            Box::new(m20261122_000010_api_keys::Migration),
            Box::new(m20261122_000011_audit_log::Migration),
            Box::new(m20261122_000012_instance_secrets::Migration),
            Box::new(m20261203_000013_audit_spool_ids::Migration),
        ]
    }
}

//! Writing a whole dataset (an imported bundle) in one transaction.
//!
//! Records are matched by id (links by their keys) and only what differs is written:
//! new rows are inserted in batches, changed rows updated, equal rows left alone. So
//! importing the same bundle twice changes nothing, not even the data version.
//! Nothing is deleted: rows missing from the bundle stay.
//!
//! A dry run takes the same path, the same reads and the same comparisons, and only
//! leaves out the statements that write; so its counts are the import's.
//!
//! The work is split by job: `report` holds what an import answers with,
//! `sync` writes one table's rows that differ (or only counts them, in a dry
//! run), and `ceiling` refuses rows above the writer's ceiling before anything is
//! written.

mod ceiling;
mod report;
mod sync;

pub use report::{CHANGES_SHOWN, ChangeKind, FieldChange, ImportCounts, ImportReport, RowChange};

use super::Store;
use super::changes::{ROWS, pack_changes};
use super::convert::*;
use super::entities::{
    measure, meeting, meeting_measure, meeting_organisation, organisation, participation, person,
};
use super::error::StoreResult;
use super::write::{Writer, log_change, log_keyed_change};
use crate::domain::Dataset;
use ceiling::refuse_hidden;
use sea_orm::{EntityTrait, TransactionTrait};
use sync::{LogAs, Logged, Pass, sync_affiliations, sync_rows};

/// Told how many more rows an import has handled.
pub type Progress<'a> = dyn Fn(u64) + Sync + 'a;

/// The most changed rows an import names one by one in the change log.
const ROWS_LOGGED: usize = 2_000;

/// Whether an import writes, or only says what it would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    Write,
    DryRun,
}

impl Store {
    /// Writes a validated dataset in one transaction (or, as a dry run, reports what
    /// it would write and writes nothing); `progress` is told how many rows were
    /// handled as the import goes.
    ///
    /// A meeting above the writer's ceiling does not exist for the import: a
    /// meetings.csv row whose id such a meeting holds is refused as an id already
    /// taken (and so, since every link names a meeting of the bundle, is every link
    /// to it), and so is a row that would make a meeting the writer could not see.
    pub async fn import_dataset(
        &self,
        writer: &Writer,
        data: &Dataset,
        mode: ImportMode,
        progress: &Progress<'_>,
    ) -> StoreResult<ImportReport> {
        // A dry run writes nothing, so it needs no writer's turn.
        let (_turn, txn) = match mode {
            ImportMode::Write => self.begin_write().await?,
            ImportMode::DryRun => (None, self.db().begin().await?),
        };
        refuse_hidden(&txn, writer, data).await?;
        let mut logged = Logged::new();
        let mut changes = Vec::new();
        let mut pass = Pass {
            txn: &txn,
            mode,
            logged: &mut logged,
            changes: &mut changes,
            progress,
        };
        let organisations = sync_rows(
            &mut pass,
            data.organisations.iter().map(organisation_row).collect(),
            organisation::Entity::find().all(&txn).await?,
            |m| m.id.clone(),
            LogAs {
                entity: "organisation",
                key: |m| m.id.clone(),
            },
        )
        .await?;
        let people = sync_rows(
            &mut pass,
            data.people.iter().map(person_row).collect(),
            person::Entity::find().all(&txn).await?,
            |m| m.id.clone(),
            LogAs {
                entity: "person",
                key: |m| m.id.clone(),
            },
        )
        .await?;
        let affiliations = sync_affiliations(&mut pass, data).await?;
        let meetings = sync_rows(
            &mut pass,
            data.meetings.iter().map(meeting_row).collect(),
            meeting::Entity::find().all(&txn).await?,
            |m| m.id.clone(),
            LogAs {
                entity: "meeting",
                key: |m| m.id.clone(),
            },
        )
        .await?;
        let participations = sync_rows(
            &mut pass,
            data.participations.iter().map(participation_row).collect(),
            participation::Entity::find().all(&txn).await?,
            |m| (m.person_id.clone(), m.meeting_id.clone()),
            LogAs {
                entity: "participation",
                key: |m| format!("{}@{}", m.person_id, m.meeting_id),
            },
        )
        .await?;
        let meeting_organisations = sync_rows(
            &mut pass,
            data.meeting_organisations
                .iter()
                .map(meeting_organisation_row)
                .collect(),
            meeting_organisation::Entity::find().all(&txn).await?,
            |m| m.clone(),
            LogAs {
                entity: "meeting_roles",
                key: |m| m.meeting_id.clone(),
            },
        )
        .await?;
        let measures = sync_rows(
            &mut pass,
            data.measures.iter().map(measure_row).collect(),
            measure::Entity::find().all(&txn).await?,
            |m| m.id.clone(),
            LogAs {
                entity: "measure",
                key: |m| m.id.clone(),
            },
        )
        .await?;
        let meeting_measures = sync_rows(
            &mut pass,
            data.meeting_measures
                .iter()
                .map(meeting_measure_row)
                .collect(),
            meeting_measure::Entity::find().all(&txn).await?,
            |m| m.clone(),
            LogAs {
                entity: "meeting_measure",
                key: |m| m.meeting_id.clone(),
            },
        )
        .await?;

        let report = ImportReport {
            organisations,
            people,
            affiliations,
            meetings,
            participations,
            meeting_organisations,
            measures,
            meeting_measures,
            changes,
        };
        if mode == ImportMode::DryRun {
            // Nothing was written; the transaction only gave the reads one snapshot.
            txn.rollback().await?;
            return Ok(report);
        }
        let total = report.total();
        if total.created + total.updated > 0 {
            let detail = format!("{} created, {} updated", total.created, total.updated);
            // A small import names its rows in the change log, so that the model is
            // patched with them; a large one, or one that changes the plan's
            // measures (which no patch holds), is logged as one import, and the
            // model is rebuilt.
            let plan = report.measures.created
                + report.measures.updated
                + report.meeting_measures.created
                + report.meeting_measures.updated;
            logged.sort_unstable();
            logged.dedup();
            // The rows go in one change-log entry, so that the data version moves
            // by one per import, as for any write, and not by the number of rows
            // (which would count rows of meetings a reader does not see).
            if plan == 0 && logged.len() <= ROWS_LOGGED {
                let packed = pack_changes(&logged);
                log_keyed_change(&txn, writer, "import", ROWS, &packed, "-", Some(detail)).await?;
            } else {
                log_change(&txn, writer, "import", "bundle", "-", Some(detail)).await?;
            }
        }
        txn.commit().await?;
        Ok(report)
    }
}

//! Writing a whole dataset (an imported bundle) in one transaction.
//!
//! Records are matched by id (links by their keys) and only what differs is written:
//! new rows are inserted in batches, changed rows updated, equal rows left alone. So
//! importing the same bundle twice changes nothing, not even the data version.
//! Nothing is deleted: rows missing from the bundle stay.
//!
//! A dry run takes the same path, the same reads and the same comparisons, and only
//! leaves out the statements that write; so its counts are the import's.

use super::Store;
use super::changes::{ROWS, pack_changes};
use super::convert::*;
use super::entities::{
    affiliation, measure, meeting, meeting_measure, meeting_organisation, organisation,
    participation, person,
};
use super::error::{RefusedRow, StoreError, StoreResult};
use super::write::{Writer, log_change, log_keyed_change};
use crate::domain::{Confidentiality, Dataset};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, IdenStatic, IntoActiveModel, Iterable, ModelTrait, QueryFilter,
    QuerySelect, Statement, TransactionTrait, Value,
};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Told how many more rows an import has handled.
pub type Progress<'a> = dyn Fn(u64) + Sync + 'a;

/// The most changed rows an import names one by one in the change log.
const ROWS_LOGGED: usize = 2_000;

/// Rows per INSERT statement; well under SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 1000;
/// Rows per statement of PostgreSQL's bulk insert, which carries them as one JSON
/// parameter rather than one parameter per field.
const JSON_BATCH: usize = 20_000;

/// What an import did to one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl ImportCounts {
    fn add(&mut self, other: ImportCounts) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// Whether an import writes, or only says what it would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    Write,
    DryRun,
}

/// The most changed rows of each table a report shows one by one.
pub const CHANGES_SHOWN: usize = 10;

/// Whether a row is new or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
}

/// A row an import creates or changes: the first few of each table are reported
/// with their values, column by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    /// The table, named as the bundle file without `.csv` (e.g. `people`).
    pub table: &'static str,
    /// The row's position in the dataset's list for the table.
    pub index: usize,
    /// The row's id, or for a link the ids it joins.
    pub key: String,
    pub kind: ChangeKind,
    /// The columns that differ (for a new row, those with a value).
    pub fields: Vec<FieldChange>,
}

/// One column of a changed row, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub column: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A column's value as the bundle writes it; none when empty.
fn cell(value: Value) -> Option<String> {
    let text = match value {
        Value::String(v) => v.map(|s| s.to_string()),
        Value::Bool(v) => v.map(|b| b.to_string()),
        Value::Int(v) => v.map(|i| i.to_string()),
        Value::BigInt(v) => v.map(|i| i.to_string()),
        Value::SmallInt(v) => v.map(|i| i.to_string()),
        Value::ChronoDate(v) => v.map(|d| d.to_string()),
        other => Some(other.to_string()),
    };
    text.filter(|t| !t.is_empty())
}

/// The columns in which `new` differs from `old` (all set columns for a new row).
fn field_changes<E, M>(old: Option<&M>, new: &M) -> Vec<FieldChange>
where
    E: EntityTrait<Model = M>,
    M: ModelTrait<Entity = E>,
{
    E::Column::iter()
        .filter_map(|column| {
            let after = cell(new.get(column));
            let before = old.and_then(|o| cell(o.get(column)));
            (after != before).then(|| FieldChange {
                column: column.as_str(),
                old: before,
                new: after,
            })
        })
        .collect()
}

/// What an import did, per file of the bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub organisations: ImportCounts,
    pub people: ImportCounts,
    pub affiliations: ImportCounts,
    pub meetings: ImportCounts,
    pub participations: ImportCounts,
    pub meeting_organisations: ImportCounts,
    pub measures: ImportCounts,
    pub meeting_measures: ImportCounts,
    /// The first changed rows of each table, in table order.
    pub changes: Vec<RowChange>,
}

impl ImportReport {
    /// The counts of each file, in the bundle's file order.
    pub fn per_file(&self) -> [ImportCounts; 8] {
        [
            self.organisations,
            self.people,
            self.affiliations,
            self.meetings,
            self.participations,
            self.meeting_organisations,
            self.measures,
            self.meeting_measures,
        ]
    }

    /// The counts over all files.
    pub fn total(&self) -> ImportCounts {
        let mut total = ImportCounts::default();
        for counts in self.per_file() {
            total.add(counts);
        }
        total
    }
}

/// The change-log rows of an import: (operation, entity, key).
type Logged = Vec<(&'static str, &'static str, String)>;

/// How a table's rows are named in the change log: the entity and the key of a row.
struct LogAs<M> {
    entity: &'static str,
    key: fn(&M) -> String,
}

/// How an import goes through one table: whether it writes, and where it notes
/// the change log's rows and the changes it reports.
struct Pass<'a, 'p> {
    txn: &'a DatabaseTransaction,
    mode: ImportMode,
    logged: &'a mut Logged,
    changes: &'a mut Vec<RowChange>,
    progress: &'a Progress<'p>,
}

/// Inserts `rows` that are new and updates those that differ from `existing` (by
/// key), noting each in the change log as `log` names it; a dry run only counts.
async fn sync_rows<E, M, A, K>(
    pass: &mut Pass<'_, '_>,
    rows: Vec<M>,
    existing: Vec<M>,
    key: impl Fn(&M) -> K,
    log: LogAs<M>,
) -> StoreResult<ImportCounts>
where
    E: EntityTrait<Model = M>,
    M: ModelTrait<Entity = E> + IntoActiveModel<A> + Clone + PartialEq,
    A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    K: Eq + Hash,
{
    let table = E::default().table_name();
    let existing: HashMap<K, M> = existing.into_iter().map(|m| (key(&m), m)).collect();
    let mut counts = ImportCounts::default();
    let mut shown = 0;
    let mut fresh = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        let old = existing.get(&key(&row));
        if old == Some(&row) {
            counts.unchanged += 1;
            (pass.progress)(1);
            continue;
        }
        if shown < CHANGES_SHOWN {
            shown += 1;
            pass.changes.push(RowChange {
                table,
                index,
                key: (log.key)(&row),
                kind: match old {
                    Some(_) => ChangeKind::Updated,
                    None => ChangeKind::Created,
                },
                fields: field_changes(old, &row),
            });
        }
        if old.is_none() {
            fresh.push(row);
            continue;
        }
        pass.logged.push(("update", log.entity, (log.key)(&row)));
        if pass.mode == ImportMode::Write {
            row.into_active_model().reset_all().update(pass.txn).await?;
        }
        counts.updated += 1;
        (pass.progress)(1);
    }
    pass.logged.extend(
        fresh
            .iter()
            .map(|row| ("create", log.entity, (log.key)(row))),
    );
    if pass.mode == ImportMode::Write {
        insert_rows::<E, M, A>(pass.txn, &fresh, pass.progress).await?;
    } else {
        (pass.progress)(fresh.len() as u64);
    }
    counts.created += fresh.len() as u64;
    Ok(counts)
}

/// Inserts new rows: on PostgreSQL in large batches, each one statement with the
/// rows as a JSON array that `json_populate_recordset` turns into table rows (about
/// five times faster than multi-row VALUES, whose parameters PostgreSQL binds one by
/// one); elsewhere, or for a column type that path does not carry, as multi-row
/// INSERTs.
async fn insert_rows<E, M, A>(
    txn: &DatabaseTransaction,
    rows: &[M],
    progress: &Progress<'_>,
) -> StoreResult<()>
where
    E: EntityTrait<Model = M>,
    M: ModelTrait<Entity = E> + IntoActiveModel<A> + Clone,
    A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
{
    if txn.get_database_backend() == DbBackend::Postgres {
        let columns: Vec<E::Column> = E::Column::iter().collect();
        let names: Vec<String> = columns
            .iter()
            .map(|c| format!("\"{}\"", c.as_str()))
            .collect();
        let table = E::default().table_name().to_owned();
        let sql = format!(
            "INSERT INTO \"{table}\" ({list}) SELECT {list} FROM json_populate_recordset(NULL::\"{table}\", $1::json)",
            list = names.join(", ")
        );
        let batches: Option<Vec<String>> = rows
            .chunks(JSON_BATCH)
            .map(|chunk| json_rows(chunk, &columns))
            .collect();
        if let Some(batches) = batches {
            for (batch, chunk) in batches.into_iter().zip(rows.chunks(JSON_BATCH)) {
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    &sql,
                    [Value::from(batch)],
                ))
                .await?;
                progress(chunk.len() as u64);
            }
            return Ok(());
        }
    }
    for chunk in rows.chunks(BATCH) {
        E::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(txn)
        .await?;
        progress(chunk.len() as u64);
    }
    Ok(())
}

/// Rows as a JSON array of objects keyed by column name; `None` if a column holds a
/// type other than text, integer, boolean or date.
fn json_rows<E, M>(rows: &[M], columns: &[E::Column]) -> Option<String>
where
    E: EntityTrait<Model = M>,
    M: ModelTrait<Entity = E>,
{
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut object = serde_json::Map::with_capacity(columns.len());
        for column in columns {
            let value = match row.get(*column) {
                Value::String(v) => serde_json::json!(v),
                Value::Bool(v) => serde_json::json!(v),
                Value::Int(v) => serde_json::json!(v),
                Value::BigInt(v) => serde_json::json!(v),
                Value::SmallInt(v) => serde_json::json!(v),
                Value::ChronoDate(v) => serde_json::json!(v.map(|d| d.to_string())),
                _ => return None,
            };
            object.insert(column.as_str().to_owned(), value);
        }
        out.push(serde_json::Value::Object(object));
    }
    Some(serde_json::Value::Array(out).to_string())
}

/// Fails with `Refused` when the dataset names meetings above the writer's ceiling
/// or would create or raise a meeting above it.
async fn refuse_hidden(
    txn: &DatabaseTransaction,
    writer: &Writer,
    data: &Dataset,
) -> StoreResult<()> {
    let visibility = writer.visibility;
    let mut refused = Vec::new();
    if visibility.ceiling() != Confidentiality::Confidential {
        let hidden: HashSet<String> = meeting::Entity::find()
            .filter(meeting::Column::Confidentiality.is_not_in(super::read::levels(visibility)))
            .select_only()
            .column(meeting::Column::Id)
            .into_tuple::<String>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        for (index, m) in data.meetings.iter().enumerate() {
            if hidden.contains(m.id.as_str()) {
                refused.push(RefusedRow {
                    file: "meetings.csv",
                    index,
                    column: "id",
                    message: format!("the id '{}' is already taken", m.id),
                });
            } else if !visibility.admits(m.confidentiality) {
                refused.push(RefusedRow {
                    file: "meetings.csv",
                    index,
                    column: "confidentiality",
                    message: format!(
                        "'{}' is above what this key may see ({} at most)",
                        m.confidentiality.as_str(),
                        visibility.ceiling().as_str()
                    ),
                });
            }
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Refused(refused))
    }
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

/// Affiliations have no id in a bundle: one is new unless an equal one is stored.
async fn sync_affiliations(pass: &mut Pass<'_, '_>, data: &Dataset) -> StoreResult<ImportCounts> {
    let stored: HashSet<_> = affiliation::Entity::find()
        .all(pass.txn)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.person_id,
                m.organisation_id,
                m.role,
                m.start_date,
                m.end_date,
            )
        })
        .collect();
    let mut counts = ImportCounts::default();
    let mut fresh = Vec::new();
    for (index, rec) in data.affiliations.iter().enumerate() {
        let key = (
            rec.person_id.to_string(),
            rec.organisation_id.to_string(),
            rec.role.clone(),
            rec.start_date,
            rec.end_date,
        );
        if stored.contains(&key) {
            counts.unchanged += 1;
            (pass.progress)(1);
            continue;
        }
        if fresh.len() < CHANGES_SHOWN {
            let text = |column, value: Option<String>| FieldChange {
                column,
                old: None,
                new: value,
            };
            let fields = [
                text("person_id", Some(key.0.clone())),
                text("organisation_id", Some(key.1.clone())),
                text("role", key.2.clone()),
                text("start_date", key.3.map(|d| d.to_string())),
                text("end_date", key.4.map(|d| d.to_string())),
            ];
            pass.changes.push(RowChange {
                table: "affiliations",
                index,
                key: format!("{}@{}", key.0, key.1),
                kind: ChangeKind::Created,
                fields: fields.into_iter().filter(|f| f.new.is_some()).collect(),
            });
        }
        pass.logged
            .push(("create", "affiliation", rec.person_id.to_string()));
        fresh.push(affiliation_active(rec));
    }
    for chunk in fresh.chunks(BATCH) {
        if pass.mode == ImportMode::Write {
            affiliation::Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(pass.txn)
                .await?;
        }
        counts.created += chunk.len() as u64;
        (pass.progress)(chunk.len() as u64);
    }
    Ok(counts)
}

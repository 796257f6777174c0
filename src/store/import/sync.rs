//! Writing one table of an import: rows matched by key against the stored ones,
//! new rows inserted in batches, changed rows updated, equal rows left alone; a dry
//! run takes the same path and only counts.

use super::report::{
    CHANGES_SHOWN, ChangeKind, FieldChange, ImportCounts, RowChange, field_changes,
};
use super::{ImportMode, Progress};
use crate::domain::Dataset;
use crate::store::convert::affiliation_active;
use crate::store::entities::affiliation;
use crate::store::error::StoreResult;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend,
    EntityTrait, IdenStatic, IntoActiveModel, Iterable, ModelTrait, Statement, Value,
};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Rows per INSERT statement; well under SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 1000;
/// Rows per statement of PostgreSQL's bulk insert, which carries them as one JSON
/// parameter rather than one parameter per field.
const JSON_BATCH: usize = 20_000;

/// The change-log rows of an import: (operation, entity, key).
pub(super) type Logged = Vec<(&'static str, &'static str, String)>;

/// How a table's rows are named in the change log: the entity and the key of a row.
pub(super) struct LogAs<M> {
    pub(super) entity: &'static str,
    pub(super) key: fn(&M) -> String,
}

/// How an import goes through one table: whether it writes, and where it notes
/// the change log's rows and the changes it reports.
pub(super) struct Pass<'a, 'p> {
    pub(super) txn: &'a DatabaseTransaction,
    pub(super) mode: ImportMode,
    pub(super) logged: &'a mut Logged,
    pub(super) changes: &'a mut Vec<RowChange>,
    pub(super) progress: &'a Progress<'p>,
}

/// Inserts `rows` that are new and updates those that differ from `existing` (by
/// key), noting each in the change log as `log` names it; a dry run only counts.
pub(super) async fn sync_rows<E, M, A, K>(
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

/// Affiliations have no id in a bundle: one is new unless an equal one is stored.
pub(super) async fn sync_affiliations(
    pass: &mut Pass<'_, '_>,
    data: &Dataset,
) -> StoreResult<ImportCounts> {
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

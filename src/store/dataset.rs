//! The whole dataset, for the relationship model and exports: every record with the
//! data version it reflects, read in parallel read transactions that must all see
//! that version (one transaction as the fallback).

use super::Store;
use super::convert::*;
use super::entities::{
    affiliation, change_log, measure, meeting, meeting_measure, meeting_organisation, organisation,
    person,
};
use super::error::{StoreError, StoreResult};
use crate::domain::{Dataset, Participation};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, IsolationLevel,
    QueryOrder, QuerySelect, Statement, TransactionTrait,
};

impl Store {
    /// The data version: the id of the latest change, 0 for a database never written.
    pub async fn data_version(&self) -> StoreResult<i64> {
        version_on(self.db()).await
    }

    /// The data version and every record, as of one committed state: read in one
    /// read transaction (REPEATABLE READ and read only on PostgreSQL; one SQLite
    /// read transaction, a snapshot of the WAL from its first read), so that a
    /// write committed meanwhile is wholly in the answer or wholly out of it, and
    /// the version is the one of the data read.
    ///
    /// The largest tables are read at once, each in a read transaction of its own
    /// that first reads the data version. Every write appends to the change log in
    /// its own transaction, so transactions that see the same version see the same
    /// state; if a write came between them, the read is made again, and after
    /// [`PARALLEL_ATTEMPTS`] in a single transaction.
    pub async fn load_versioned(&self) -> StoreResult<(i64, Dataset)> {
        for _ in 0..PARALLEL_ATTEMPTS {
            if let Some(read) = self.load_in_parallel().await? {
                return Ok(read);
            }
        }
        let txn = self.read_transaction().await?;
        let version = version_on(&txn).await?;
        let data = dataset_on(&txn).await?;
        txn.commit().await?;
        Ok((version, data))
    }

    /// The dataset read in four read transactions at once; `None` when they saw
    /// different versions.
    async fn load_in_parallel(&self) -> StoreResult<Option<(i64, Dataset)>> {
        let tasks: Vec<_> = [
            Part::Participations,
            Part::People,
            Part::Meetings,
            Part::Rest,
        ]
        .into_iter()
        .map(|part| {
            let store = self.clone();
            tokio::spawn(async move {
                let txn = store.read_transaction().await?;
                let version = version_on(&txn).await?;
                let rows = part.read(&txn).await?;
                txn.commit().await?;
                StoreResult::Ok((version, rows))
            })
        })
        .collect();
        let mut versions = Vec::with_capacity(tasks.len());
        let mut data = Dataset::default();
        for task in tasks {
            let (version, rows) = task.await.map_err(|e| StoreError::Task(e.to_string()))??;
            versions.push(version);
            append(&mut data, rows);
        }
        Ok(versions
            .windows(2)
            .all(|w| w[0] == w[1])
            .then(|| (versions[0], data)))
    }

    /// A read transaction that sees one committed state throughout.
    pub(super) async fn read_transaction(&self) -> StoreResult<DatabaseTransaction> {
        Ok(match self.db().get_database_backend() {
            DbBackend::Postgres => {
                self.db()
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await?
            }
            _ => self.db().begin().await?,
        })
    }

    /// Every record, read in one read transaction ([`Store::load_versioned`]).
    pub async fn load_dataset(&self) -> StoreResult<Dataset> {
        Ok(self.load_versioned().await?.1)
    }
}

/// The id of the latest change on `db`.
pub(super) async fn version_on(db: &impl ConnectionTrait) -> StoreResult<i64> {
    let latest: Option<i64> = change_log::Entity::find()
        .select_only()
        .column(change_log::Column::Id)
        .order_by_desc(change_log::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(latest.unwrap_or(0))
}

/// One of the sets of tables read at once, each in its own transaction.
#[derive(Debug, Clone, Copy)]
enum Part {
    Participations,
    People,
    Meetings,
    Rest,
}

impl Part {
    /// The tables of this part, the others left empty.
    async fn read(self, db: &impl ConnectionTrait) -> StoreResult<Dataset> {
        Ok(match self {
            Part::Participations => Dataset {
                participations: participations_on(db).await?,
                ..Dataset::default()
            },
            Part::People => Dataset {
                people: all(db, person::Entity, [person::Column::Id], person_from).await?,
                ..Dataset::default()
            },
            Part::Meetings => Dataset {
                meetings: all(db, meeting::Entity, [meeting::Column::Id], meeting_from).await?,
                ..Dataset::default()
            },
            Part::Rest => dataset_on_without_large(db).await?,
        })
    }
}

/// Adds the rows of `more` to `data`.
fn append(data: &mut Dataset, more: Dataset) {
    data.organisations.extend(more.organisations);
    data.people.extend(more.people);
    data.affiliations.extend(more.affiliations);
    data.meetings.extend(more.meetings);
    data.participations.extend(more.participations);
    data.meeting_organisations
        .extend(more.meeting_organisations);
    data.measures.extend(more.measures);
    data.meeting_measures.extend(more.meeting_measures);
}

/// How many times the tables are read at once before they are read in one
/// transaction.
const PARALLEL_ATTEMPTS: usize = 2;

/// Every record on `db`, in a stable order (by id, links by their keys).
async fn dataset_on(db: &impl ConnectionTrait) -> StoreResult<Dataset> {
    let mut data = Dataset::default();
    for part in [
        Part::Participations,
        Part::People,
        Part::Meetings,
        Part::Rest,
    ] {
        append(&mut data, part.read(db).await?);
    }
    Ok(data)
}

/// Every record on `db` but the people, meetings and participations.
async fn dataset_on_without_large(db: &impl ConnectionTrait) -> StoreResult<Dataset> {
    Ok(Dataset {
        organisations: all(
            db,
            organisation::Entity,
            [organisation::Column::Id],
            organisation_from,
        )
        .await?,
        people: Vec::new(),
        affiliations: all(db, affiliation::Entity, [affiliation::Column::Id], |row| {
            affiliation_from(row).map(|(_, a)| a)
        })
        .await?,
        meetings: Vec::new(),
        participations: Vec::new(),
        meeting_organisations: all(
            db,
            meeting_organisation::Entity,
            [
                meeting_organisation::Column::MeetingId,
                meeting_organisation::Column::OrganisationId,
                meeting_organisation::Column::Role,
            ],
            meeting_organisation_from,
        )
        .await?,
        measures: all(db, measure::Entity, [measure::Column::Id], measure_from).await?,
        meeting_measures: all(
            db,
            meeting_measure::Entity,
            [
                meeting_measure::Column::MeetingId,
                meeting_measure::Column::MeasureId,
            ],
            meeting_measure_from,
        )
        .await?,
    })
}

/// Every participation, ordered by meeting then person. They travel packed, one row
/// per meeting ([`participations_packed`]), so that a million participations are
/// read as some thousands of rows.
async fn participations_on(db: &impl ConnectionTrait) -> StoreResult<Vec<Participation>> {
    let backend = db.get_database_backend();
    let people = match backend {
        DbBackend::Postgres => {
            "string_agg(person_id || chr(31) || role || chr(31) || coalesce(organisation_id, ''), chr(30))"
        }
        _ => {
            "group_concat(person_id || char(31) || role || char(31) || coalesce(organisation_id, ''), char(30))"
        }
    };
    let sql = format!(
        "SELECT meeting_id, {people} AS people FROM participations GROUP BY meeting_id ORDER BY meeting_id"
    );
    let mut out = Vec::new();
    for row in db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let meeting: String = row.try_get("", "meeting_id")?;
        let packed: String = row.try_get("", "people")?;
        out.extend(participations_packed(&meeting, &packed)?);
    }
    Ok(out)
}

/// Every row of `E`, ordered by `order`, converted.
async fn all<E, T>(
    db: &impl ConnectionTrait,
    _: E,
    order: impl IntoIterator<Item = E::Column>,
    convert: impl Fn(E::Model) -> StoreResult<T>,
) -> StoreResult<Vec<T>>
where
    E: EntityTrait,
{
    let query = order
        .into_iter()
        .fold(E::find(), |query, column| query.order_by_asc(column));
    query.all(db).await?.into_iter().map(convert).collect()
}

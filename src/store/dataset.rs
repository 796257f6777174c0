//! The whole dataset, for the relationship model and exports: every record with the
//! data version it reflects, read in one read transaction.

use super::Store;
use super::convert::*;
use super::entities::{
    affiliation, change_log, measure, meeting, meeting_measure, meeting_organisation, organisation,
    person,
};
use super::error::StoreResult;
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

    /// The data version and every record, read in one read transaction (REPEATABLE
    /// READ and read only on PostgreSQL; one SQLite read transaction, a snapshot of
    /// the WAL from its first read): a write committed meanwhile is wholly in the
    /// answer or wholly out of it, and the version is the one of the data read.
    pub async fn load_versioned(&self) -> StoreResult<(i64, Dataset)> {
        let txn = self.read_transaction().await?;
        let version = version_on(&txn).await?;
        let data = dataset_on(&txn).await?;
        txn.commit().await?;
        Ok((version, data))
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

/// Every record on `db`, in a stable order (by id, links by their keys).
async fn dataset_on(db: &impl ConnectionTrait) -> StoreResult<Dataset> {
    Ok(Dataset {
        organisations: all(
            db,
            organisation::Entity,
            [organisation::Column::Id],
            organisation_from,
        )
        .await?,
        people: all(db, person::Entity, [person::Column::Id], person_from).await?,
        affiliations: all(db, affiliation::Entity, [affiliation::Column::Id], |row| {
            affiliation_from(row).map(|(_, a)| a)
        })
        .await?,
        meetings: all(db, meeting::Entity, [meeting::Column::Id], meeting_from).await?,
        participations: participations_on(db).await?,
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

//! The whole dataset, for the relationship model and exports: every record with the
//! data version it reflects, read in one read transaction.

use super::Store;
use super::convert::*;
use super::entities::{
    affiliation, change_log, measure, meeting, meeting_measure, meeting_organisation, organisation,
    participation, person,
};
use super::error::StoreResult;
use crate::domain::Dataset;
use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, EntityTrait, IsolationLevel, QueryOrder, QuerySelect,
    TransactionTrait,
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
        let txn = match self.db().get_database_backend() {
            DbBackend::Postgres => {
                self.db()
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await?
            }
            _ => self.db().begin().await?,
        };
        let version = version_on(&txn).await?;
        let data = dataset_on(&txn).await?;
        txn.commit().await?;
        Ok((version, data))
    }

    /// Every record, read in one read transaction ([`Store::load_versioned`]).
    pub async fn load_dataset(&self) -> StoreResult<Dataset> {
        Ok(self.load_versioned().await?.1)
    }
}

/// The id of the latest change on `db`.
async fn version_on(db: &impl ConnectionTrait) -> StoreResult<i64> {
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
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(organisation_from)
        .collect::<Result<_, _>>()?;
    let people = person::Entity::find()
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(person_from)
        .collect::<Result<_, _>>()?;
    let affiliations = affiliation::Entity::find()
        .order_by_asc(affiliation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| affiliation_from(row).map(|(_, a)| a))
        .collect::<Result<_, _>>()?;
    let meetings = meeting::Entity::find()
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(meeting_from)
        .collect::<Result<_, _>>()?;
    let participations = participation::Entity::find()
        .order_by_asc(participation::Column::MeetingId)
        .order_by_asc(participation::Column::PersonId)
        .all(db)
        .await?
        .into_iter()
        .map(participation_from)
        .collect::<Result<_, _>>()?;
    let meeting_organisations = meeting_organisation::Entity::find()
        .order_by_asc(meeting_organisation::Column::MeetingId)
        .order_by_asc(meeting_organisation::Column::OrganisationId)
        .order_by_asc(meeting_organisation::Column::Role)
        .all(db)
        .await?
        .into_iter()
        .map(meeting_organisation_from)
        .collect::<Result<_, _>>()?;
    let measures = measure::Entity::find()
        .order_by_asc(measure::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(measure_from)
        .collect::<Result<_, _>>()?;
    let meeting_measures = meeting_measure::Entity::find()
        .order_by_asc(meeting_measure::Column::MeetingId)
        .order_by_asc(meeting_measure::Column::MeasureId)
        .all(db)
        .await?
        .into_iter()
        .map(meeting_measure_from)
        .collect::<Result<_, _>>()?;
    Ok(Dataset {
        organisations,
        people,
        affiliations,
        meetings,
        participations,
        meeting_organisations,
        measures,
        meeting_measures,
    })
}

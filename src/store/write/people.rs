//! Creating, updating and deleting people, and adding and removing their
//! affiliations; a delete takes the person's participations and affiliations
//! with it.

use super::checks::{absent, counted, existing, require};
use super::{Writer, log_change, log_keyed_change};
use crate::domain::{Affiliation, EntityId, Person};
use crate::store::Store;
use crate::store::convert::*;
use crate::store::entities::{affiliation, organisation, participation, person};
use crate::store::error::{StoreError, StoreResult};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
};

/// Deletes a person with their participations and affiliations; returns how many of
/// each went.
pub(in crate::store) async fn remove_person(
    txn: &DatabaseTransaction,
    id: &str,
) -> StoreResult<(u64, u64)> {
    let participations = participation::Entity::delete_many()
        .filter(participation::Column::PersonId.eq(id))
        .exec(txn)
        .await?
        .rows_affected;
    let affiliations = affiliation::Entity::delete_many()
        .filter(affiliation::Column::PersonId.eq(id))
        .exec(txn)
        .await?
        .rows_affected;
    person::Entity::delete_by_id(id.to_owned())
        .exec(txn)
        .await?;
    Ok((participations, affiliations))
}

impl Store {
    pub async fn create_person(&self, writer: &Writer, rec: &Person) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        absent::<person::Entity>(&txn, "person", rec.id.as_str()).await?;
        person::Entity::insert(person_row(rec).into_active_model())
            .exec_without_returning(&txn)
            .await?;
        log_change(&txn, writer, "create", "person", rec.id.as_str(), None).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn update_person(&self, writer: &Writer, rec: &Person) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        existing::<person::Entity>(&txn, "person", rec.id.as_str()).await?;
        person_row(rec)
            .into_active_model()
            .reset_all()
            .update(&txn)
            .await?;
        log_change(&txn, writer, "update", "person", rec.id.as_str(), None).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn delete_person(&self, writer: &Writer, id: &EntityId) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        let id = id.as_str();
        existing::<person::Entity>(&txn, "person", id).await?;
        let (participations, affiliations) = remove_person(&txn, id).await?;
        let detail = counted(&[
            ("participations", participations),
            ("affiliations", affiliations),
        ]);
        log_change(&txn, writer, "delete", "person", id, detail).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records an affiliation; returns its id.
    pub async fn add_affiliation(&self, writer: &Writer, rec: &Affiliation) -> StoreResult<i32> {
        let (_turn, txn) = self.begin_write().await?;
        require::<person::Entity>(&txn, "person", "person", rec.person_id.as_str()).await?;
        require::<organisation::Entity>(
            &txn,
            "organisation",
            "organisation",
            rec.organisation_id.as_str(),
        )
        .await?;
        let row = affiliation_active(rec).insert(&txn).await?;
        log_keyed_change(
            &txn,
            writer,
            "create",
            "affiliation",
            rec.person_id.as_str(),
            &row.id.to_string(),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Removes an affiliation; returns what was removed.
    pub async fn remove_affiliation(&self, writer: &Writer, id: i32) -> StoreResult<Affiliation> {
        let (_turn, txn) = self.begin_write().await?;
        let row = affiliation::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "affiliation",
                id: id.to_string(),
            })?;
        affiliation::Entity::delete_by_id(id).exec(&txn).await?;
        log_keyed_change(
            &txn,
            writer,
            "delete",
            "affiliation",
            &row.person_id,
            &id.to_string(),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(affiliation_from(row)?.1)
    }
}

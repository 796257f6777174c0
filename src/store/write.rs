//! Writes from the API: create, update and delete entities, add and remove links.
//!
//! Each call is one transaction that also appends to the change log, so a failure
//! anywhere leaves nothing behind.
//!
//! Deletion rule: deleting a person or a meeting deletes its participations and other
//! links (affiliations; organisation roles and measure links of a meeting). Deleting an
//! organisation deletes its affiliations and meeting roles and clears it from
//! participations that named it as the represented organisation; the people and
//! meetings themselves stay.

use super::Store;
use super::convert::*;
use super::entities::{
    affiliation, audit, change_log, meeting, meeting_measure, meeting_organisation, organisation,
    participation, person,
};
use super::error::{StoreError, StoreResult};
use crate::domain::{
    Affiliation, Confidentiality, EntityId, Meeting, Organisation, Participation, Person, Role,
    Visibility,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};

/// Who is writing, as the store needs to know it: what they may see (a meeting above
/// their ceiling does not exist for the write) and who to audit. Every write takes
/// one, and its audit row commits in the write's own transaction.
#[derive(Debug, Clone)]
pub struct Writer {
    pub visibility: Visibility,
    pub role: Role,
    /// The API key, if any.
    pub key_id: Option<i32>,
    /// The operation named in the audit log (`createMeeting`, `import`...).
    pub operation: String,
}

impl Writer {
    /// The service's operator (the CLI, the demo load): sees everything.
    pub fn operator(operation: &str) -> Writer {
        Writer {
            visibility: Visibility::EVERYTHING,
            role: Role::Admin,
            key_id: None,
            operation: operation.to_owned(),
        }
    }
}

/// Appends one change to the change log and its audit row, in the write's
/// transaction. `detail` names ids and counts, never personal data.
pub(super) async fn log_change(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    operation: &str,
    entity: &str,
    entity_id: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    log_keyed_change(txn, writer, operation, entity, entity_id, entity_id, detail).await
}

/// [`log_change`] where the change log names the change by `key` (what the model
/// patches: an affiliation change is logged under its person) and the audit row by
/// the record's own id.
pub(super) async fn log_keyed_change(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    operation: &str,
    entity: &str,
    key: &str,
    entity_id: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    log_audit(txn, writer, entity_id, detail.clone()).await?;
    change_log::Entity::insert(change_log::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
        operation: sea_orm::ActiveValue::Set(operation.to_owned()),
        entity: sea_orm::ActiveValue::Set(entity.to_owned()),
        entity_id: sea_orm::ActiveValue::Set(key.to_owned()),
        detail: sea_orm::ActiveValue::Set(detail),
    })
    .exec_without_returning(txn)
    .await?;
    // Replicas on PostgreSQL hear of the change when the transaction commits.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {}", super::CHANGES_CHANNEL))
            .await?;
    }
    Ok(())
}

/// Appends the audit row of a write, in its transaction.
async fn log_audit(
    txn: &impl ConnectionTrait,
    writer: &Writer,
    ids: &str,
    detail: Option<String>,
) -> StoreResult<()> {
    audit::Entity::insert(audit::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
        key_id: sea_orm::ActiveValue::Set(writer.key_id),
        role: sea_orm::ActiveValue::Set(writer.role.as_str().to_owned()),
        operation: sea_orm::ActiveValue::Set(writer.operation.clone()),
        ids: sea_orm::ActiveValue::Set(ids.to_owned()),
        detail: sea_orm::ActiveValue::Set(detail),
        spool_id: sea_orm::ActiveValue::Set(None),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Fails with `Invalid` on `field` unless the row with this id exists.
async fn require<E>(
    txn: &DatabaseTransaction,
    field: &str,
    entity: &str,
    id: &str,
) -> StoreResult<()>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<String>,
{
    if E::find_by_id(id.to_owned()).one(txn).await?.is_none() {
        return Err(StoreError::Invalid {
            field: field.to_owned(),
            message: format!("{entity} '{id}' does not exist"),
        });
    }
    Ok(())
}

/// Fails with `NotFound` unless the row with this id exists.
async fn existing<E>(
    txn: &DatabaseTransaction,
    entity: &'static str,
    id: &str,
) -> StoreResult<E::Model>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<String>,
{
    E::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity,
            id: id.to_owned(),
        })
}

/// The meeting with this id, if it exists and `visibility` admits it: a meeting
/// above the writer's ceiling is, for the write, a meeting that does not exist.
async fn visible_meeting(
    txn: &DatabaseTransaction,
    visibility: Visibility,
    id: &str,
) -> StoreResult<Option<meeting::Model>> {
    let row = meeting::Entity::find_by_id(id.to_owned()).one(txn).await?;
    Ok(row
        .filter(|m| Confidentiality::parse(&m.confidentiality).is_ok_and(|c| visibility.admits(c))))
}

/// Fails with `Invalid` on `field` unless the writer may see meetings of `level`: a
/// writer cannot make a meeting they would not see.
fn within_ceiling(visibility: Visibility, field: &str, level: Confidentiality) -> StoreResult<()> {
    if visibility.admits(level) {
        Ok(())
    } else {
        Err(StoreError::Invalid {
            field: field.to_owned(),
            message: format!(
                "'{}' is above what this key may see ({} at most)",
                level.as_str(),
                visibility.ceiling().as_str()
            ),
        })
    }
}

/// Fails with `AlreadyExists` if the row with this id exists.
async fn absent<E>(txn: &DatabaseTransaction, entity: &'static str, id: &str) -> StoreResult<()>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<String>,
{
    if E::find_by_id(id.to_owned()).one(txn).await?.is_some() {
        return Err(StoreError::AlreadyExists {
            entity,
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// Deletes a person with their participations and affiliations; returns how many of
/// each went.
pub(super) async fn remove_person(txn: &DatabaseTransaction, id: &str) -> StoreResult<(u64, u64)> {
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

fn counted(parts: &[(&str, u64)]) -> Option<String> {
    let text: Vec<String> = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    (!text.is_empty()).then(|| format!("removed {}", text.join(", ")))
}

impl Store {
    pub async fn create_organisation(
        &self,
        writer: &Writer,
        rec: &Organisation,
    ) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        absent::<organisation::Entity>(&txn, "organisation", rec.id.as_str()).await?;
        organisation::Entity::insert(organisation_row(rec).into_active_model())
            .exec_without_returning(&txn)
            .await?;
        log_change(
            &txn,
            writer,
            "create",
            "organisation",
            rec.id.as_str(),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn update_organisation(
        &self,
        writer: &Writer,
        rec: &Organisation,
    ) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        existing::<organisation::Entity>(&txn, "organisation", rec.id.as_str()).await?;
        organisation_row(rec)
            .into_active_model()
            .reset_all()
            .update(&txn)
            .await?;
        log_change(
            &txn,
            writer,
            "update",
            "organisation",
            rec.id.as_str(),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn delete_organisation(&self, writer: &Writer, id: &EntityId) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        let id = id.as_str();
        existing::<organisation::Entity>(&txn, "organisation", id).await?;
        let affiliations = affiliation::Entity::delete_many()
            .filter(affiliation::Column::OrganisationId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        let roles = meeting_organisation::Entity::delete_many()
            .filter(meeting_organisation::Column::OrganisationId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        let cleared = participation::Entity::update_many()
            .col_expr(
                participation::Column::OrganisationId,
                Expr::value(Option::<String>::None),
            )
            .filter(participation::Column::OrganisationId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        organisation::Entity::delete_by_id(id.to_owned())
            .exec(&txn)
            .await?;
        let mut detail = counted(&[("affiliations", affiliations), ("meeting roles", roles)]);
        if cleared > 0 {
            let cleared = format!("cleared from {cleared} participations");
            detail = Some(match detail {
                Some(d) => format!("{d}; {cleared}"),
                None => cleared,
            });
        }
        log_change(&txn, writer, "delete", "organisation", id, detail).await?;
        txn.commit().await?;
        Ok(())
    }

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

    pub async fn create_meeting(&self, writer: &Writer, rec: &Meeting) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        within_ceiling(writer.visibility, "confidentiality", rec.confidentiality)?;
        // A hidden meeting holding the id tells only that the id is taken.
        absent::<meeting::Entity>(&txn, "meeting", rec.id.as_str()).await?;
        meeting::Entity::insert(meeting_row(rec).into_active_model())
            .exec_without_returning(&txn)
            .await?;
        log_change(&txn, writer, "create", "meeting", rec.id.as_str(), None).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn update_meeting(&self, writer: &Writer, rec: &Meeting) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        if visible_meeting(&txn, writer.visibility, rec.id.as_str())
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound {
                entity: "meeting",
                id: rec.id.to_string(),
            });
        }
        within_ceiling(writer.visibility, "confidentiality", rec.confidentiality)?;
        meeting_row(rec)
            .into_active_model()
            .reset_all()
            .update(&txn)
            .await?;
        log_change(&txn, writer, "update", "meeting", rec.id.as_str(), None).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn delete_meeting(&self, writer: &Writer, id: &EntityId) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        let id = id.as_str();
        if visible_meeting(&txn, writer.visibility, id)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound {
                entity: "meeting",
                id: id.to_owned(),
            });
        }
        let participations = participation::Entity::delete_many()
            .filter(participation::Column::MeetingId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        let roles = meeting_organisation::Entity::delete_many()
            .filter(meeting_organisation::Column::MeetingId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        let measures = meeting_measure::Entity::delete_many()
            .filter(meeting_measure::Column::MeetingId.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        meeting::Entity::delete_by_id(id.to_owned())
            .exec(&txn)
            .await?;
        let detail = counted(&[
            ("participations", participations),
            ("organisation roles", roles),
            ("measure links", measures),
        ]);
        log_change(&txn, writer, "delete", "meeting", id, detail).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records that a person took part in a meeting.
    pub async fn add_participation(&self, writer: &Writer, rec: &Participation) -> StoreResult<()> {
        let (_turn, txn) = self.begin_write().await?;
        let (person_id, meeting_id) = (rec.person_id.as_str(), rec.meeting_id.as_str());
        require::<person::Entity>(&txn, "person", "person", person_id).await?;
        if visible_meeting(&txn, writer.visibility, meeting_id)
            .await?
            .is_none()
        {
            return Err(StoreError::Invalid {
                field: "meeting".to_owned(),
                message: format!("meeting '{meeting_id}' does not exist"),
            });
        }
        if let Some(org) = &rec.organisation_id {
            require::<organisation::Entity>(&txn, "organisation", "organisation", org.as_str())
                .await?;
        }
        let key = format!("{person_id}@{meeting_id}");
        if participation::Entity::find_by_id((person_id.to_owned(), meeting_id.to_owned()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::AlreadyExists {
                entity: "participation",
                id: key,
            });
        }
        participation::Entity::insert(participation_row(rec).into_active_model())
            .exec_without_returning(&txn)
            .await?;
        log_change(&txn, writer, "create", "participation", &key, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Removes a participation; returns what was removed.
    pub async fn remove_participation(
        &self,
        writer: &Writer,
        person_id: &EntityId,
        meeting_id: &EntityId,
    ) -> StoreResult<Participation> {
        let (_turn, txn) = self.begin_write().await?;
        let pk = (person_id.to_string(), meeting_id.to_string());
        let key = format!("{person_id}@{meeting_id}");
        let not_found = || StoreError::NotFound {
            entity: "participation",
            id: key.clone(),
        };
        if visible_meeting(&txn, writer.visibility, meeting_id.as_str())
            .await?
            .is_none()
        {
            return Err(not_found());
        }
        let row = participation::Entity::find_by_id(pk.clone())
            .one(&txn)
            .await?
            .ok_or_else(not_found)?;
        participation::Entity::delete_by_id(pk).exec(&txn).await?;
        log_change(&txn, writer, "delete", "participation", &key, None).await?;
        txn.commit().await?;
        participation_from(row)
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

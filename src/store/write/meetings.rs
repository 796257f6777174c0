//! Creating, updating and deleting meetings, and adding and removing
//! participations; a meeting above the writer's ceiling does not exist for these
//! writes, and a delete takes the meeting's links with it.

use super::checks::{absent, counted, require, visible_meeting, within_ceiling};
use super::{Writer, log_change};
use crate::domain::{EntityId, Meeting, Participation};
use crate::store::Store;
use crate::store::convert::*;
use crate::store::entities::{
    meeting, meeting_measure, meeting_organisation, organisation, participation, person,
};
use crate::store::error::{StoreError, StoreResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

impl Store {
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
}

//! Creating, updating and deleting organisations; a delete takes the
//! organisation's affiliations and meeting roles with it and clears it from
//! participations.

use super::checks::{absent, counted, existing};
use super::{Writer, log_change};
use crate::domain::{EntityId, Organisation};
use crate::store::Store;
use crate::store::convert::*;
use crate::store::entities::{affiliation, meeting_organisation, organisation, participation};
use crate::store::error::StoreResult;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

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
}

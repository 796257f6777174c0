//! Erasure: removing a person for good, with their participations and affiliations,
//! and scrubbing their id from the change and audit logs. The erasure itself is
//! logged without the erased data.

use super::Store;
use super::entities::{audit, change_log, person};
use super::error::{StoreError, StoreResult};
use super::read::escape_like;
use super::write::{log_change, remove_person};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// What an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    pub participations: u64,
    pub affiliations: u64,
}

/// The placeholder that replaces an erased id in the logs.
pub const ERASED: &str = "[erased]";

fn like_prefix(prefix: &str) -> LikeExpr {
    LikeExpr::new(format!("{}%", escape_like(prefix))).escape('\\')
}

fn like_anywhere(text: &str) -> LikeExpr {
    LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\')
}

impl Store {
    /// Erases the person with this id in one transaction.
    pub async fn erase_person(&self, writer: &super::Writer, id: &str) -> StoreResult<Erased> {
        let (_turn, txn) = self.begin_write().await?;
        if person::Entity::find_by_id(id.to_owned())
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound {
                entity: "person",
                id: id.to_owned(),
            });
        }
        let (participations, affiliations) = remove_person(&txn, id).await?;

        // The change log names people, their affiliations and their participations
        // (`person@meeting`) by the person's id.
        change_log::Entity::update_many()
            .col_expr(change_log::Column::EntityId, Expr::value(ERASED))
            .filter(
                sea_orm::Condition::any()
                    .add(
                        sea_orm::Condition::all()
                            .add(change_log::Column::Entity.is_in(["person", "affiliation"]))
                            .add(change_log::Column::EntityId.eq(id)),
                    )
                    .add(
                        sea_orm::Condition::all()
                            .add(change_log::Column::Entity.eq("participation"))
                            .add(change_log::Column::EntityId.like(like_prefix(&format!("{id}@")))),
                    ),
            )
            .exec(&txn)
            .await?;
        // An import's packed rows ([`super::changes::ROWS`]) that may name them are
        // made an unnamed import, which the model rebuilds from.
        change_log::Entity::update_many()
            .col_expr(change_log::Column::Entity, Expr::value("bundle"))
            .col_expr(change_log::Column::EntityId, Expr::value(ERASED))
            .filter(change_log::Column::Entity.eq(super::changes::ROWS))
            .filter(change_log::Column::EntityId.like(like_anywhere(id)))
            .exec(&txn)
            .await?;
        // The audit log lists ids separated by `;`: rewrite the rows that mention it.
        let mentions = audit::Entity::find()
            .filter(audit::Column::Ids.like(like_anywhere(id)))
            .all(&txn)
            .await?;
        for row in mentions {
            let scrubbed: Vec<String> = row
                .ids
                .split(';')
                .map(|item| {
                    let person = item.split('@').next().unwrap_or(item);
                    if person == id {
                        ERASED.to_owned()
                    } else {
                        item.to_owned()
                    }
                })
                .collect();
            let scrubbed = scrubbed.join(";");
            if scrubbed != row.ids {
                let mut active = row.into_active_model();
                active.ids = sea_orm::ActiveValue::Set(scrubbed);
                active.update(&txn).await?;
            }
        }
        let detail =
            format!("removed {participations} participations, {affiliations} affiliations");
        log_change(&txn, writer, "erase", "person", ERASED, Some(detail)).await?;
        txn.commit().await?;
        Ok(Erased {
            participations,
            affiliations,
        })
    }
}

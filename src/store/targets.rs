//! Named target sets: the share of participations a group should reach.

use super::Store;
use super::entities::target_set;
use super::error::{StoreError, StoreResult};
use super::write::log_change;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One target of a set: a group (dimension and value) and its share.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTarget {
    pub dimension: String,
    pub group: String,
    pub share: f64,
}

impl Store {
    /// The targets of the set `name` (empty when there is no such set).
    pub async fn target_set(&self, name: &str) -> StoreResult<Vec<StoredTarget>> {
        let rows = target_set::Entity::find()
            .filter(target_set::Column::SetName.eq(name))
            .order_by_asc(target_set::Column::Dimension)
            .order_by_asc(target_set::Column::GroupValue)
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| StoredTarget {
                dimension: r.dimension,
                group: r.group_value,
                share: r.share,
            })
            .collect())
    }

    /// The names of every stored set.
    pub async fn target_set_names(&self) -> StoreResult<Vec<String>> {
        let mut names: Vec<String> = target_set::Entity::find()
            .order_by_asc(target_set::Column::SetName)
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| r.set_name)
            .collect();
        names.dedup();
        Ok(names)
    }

    /// Replaces the set `name` with `targets` (validated by the caller).
    pub async fn save_target_set(
        &self,
        writer: &super::Writer,
        name: &str,
        targets: &[StoredTarget],
    ) -> StoreResult<()> {
        if name.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "name".into(),
                message: "a target set needs a name".into(),
            });
        }
        let (_turn, txn) = self.begin_write().await?;
        target_set::Entity::delete_many()
            .filter(target_set::Column::SetName.eq(name))
            .exec(&txn)
            .await?;
        if !targets.is_empty() {
            target_set::Entity::insert_many(targets.iter().map(|t| target_set::ActiveModel {
                set_name: sea_orm::ActiveValue::Set(name.to_owned()),
                dimension: sea_orm::ActiveValue::Set(t.dimension.clone()),
                group_value: sea_orm::ActiveValue::Set(t.group.clone()),
                share: sea_orm::ActiveValue::Set(t.share),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        log_change(&txn, writer, "update", "target_set", name, None).await?;
        txn.commit().await?;
        Ok(())
    }
}

//! Installation secrets, created once and kept in the database so that every
//! replica derives the same values from them.

use super::Store;
use super::entities::secret;
use super::error::StoreResult;
use sea_orm::EntityTrait;
use sea_orm::sea_query::OnConflict;

impl Store {
    /// The secret `name`, stored as `fresh` if there is none yet.
    pub async fn instance_secret(&self, name: &str, fresh: String) -> StoreResult<String> {
        let turn = self.write_turn().await?;
        secret::Entity::insert(secret::ActiveModel {
            name: sea_orm::ActiveValue::Set(name.to_owned()),
            value: sea_orm::ActiveValue::Set(fresh),
        })
        .on_conflict(
            OnConflict::column(secret::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(self.db())
        .await?;
        drop(turn);
        let stored = secret::Entity::find_by_id(name.to_owned())
            .one(self.db())
            .await?
            .map(|s| s.value)
            .unwrap_or_default();
        Ok(stored)
    }
}

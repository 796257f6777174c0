//! API keys: created with a role, found by the hash of their token, revoked.
//! The token itself is never stored.

use super::Store;
use super::entities::api_key;
use super::error::{StoreError, StoreResult};
use crate::domain::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

/// A stored key, as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyInfo {
    pub id: i32,
    pub name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked: bool,
}

/// A stored key's role; a role the service does not know is a corrupt row.
fn role_of(key: &api_key::Model) -> StoreResult<Role> {
    Role::parse(&key.role).ok_or_else(|| StoreError::Corrupt {
        table: "api_keys",
        id: key.id.to_string(),
        message: format!("unknown role '{}'", key.role),
    })
}

impl Store {
    /// Stores a key by the hash of its token; returns its id.
    pub async fn create_api_key(&self, name: &str, role: Role, key_hash: &str) -> StoreResult<i32> {
        let _turn = self.write_turn().await?;
        let row = api_key::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            name: sea_orm::ActiveValue::Set(name.to_owned()),
            role: sea_orm::ActiveValue::Set(role.as_str().to_owned()),
            key_hash: sea_orm::ActiveValue::Set(key_hash.to_owned()),
            created_at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
            revoked_at: sea_orm::ActiveValue::Set(None),
        }
        .insert(self.db())
        .await?;
        self.announce_keys().await?;
        Ok(row.id)
    }

    /// The id and role of the live (not revoked) key with this token hash.
    pub async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<(i32, Role)>> {
        api_key::Entity::find()
            .filter(api_key::Column::KeyHash.eq(key_hash))
            .filter(api_key::Column::RevokedAt.is_null())
            .one(self.db())
            .await?
            .map(|k| Ok((k.id, role_of(&k)?)))
            .transpose()
    }

    /// Revokes a key; revoking twice is not an error.
    pub async fn revoke_api_key(&self, id: i32) -> StoreResult<()> {
        let key = api_key::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "API key",
                id: id.to_string(),
            })?;
        if key.revoked_at.is_none() {
            let _turn = self.write_turn().await?;
            let mut active: api_key::ActiveModel = key.into();
            active.revoked_at = sea_orm::ActiveValue::Set(Some(chrono::Utc::now()));
            active.update(self.db()).await?;
            self.announce_keys().await?;
        }
        Ok(())
    }

    /// The live keys, as (token hash, id, role): what the service holds in memory to
    /// know readers while the database is away.
    pub async fn live_api_keys(&self) -> StoreResult<Vec<(String, i32, Role)>> {
        api_key::Entity::find()
            .filter(api_key::Column::RevokedAt.is_null())
            .all(self.db())
            .await?
            .into_iter()
            .map(|k| Ok((k.key_hash.clone(), k.id, role_of(&k)?)))
            .collect()
    }

    /// Tells the other replicas (on PostgreSQL) that the keys changed, so that they
    /// reload them at once.
    async fn announce_keys(&self) -> StoreResult<()> {
        if self.db().get_database_backend() == sea_orm::DbBackend::Postgres {
            self.db()
                .execute_unprepared(&format!("NOTIFY {}", super::CHANGES_CHANNEL))
                .await?;
        }
        Ok(())
    }

    /// Every key, oldest first.
    pub async fn api_keys(&self) -> StoreResult<Vec<ApiKeyInfo>> {
        api_key::Entity::find()
            .order_by_asc(api_key::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(|k| {
                Ok(ApiKeyInfo {
                    id: k.id,
                    role: role_of(&k)?,
                    name: k.name,
                    created_at: k.created_at,
                    revoked: k.revoked_at.is_some(),
                })
            })
            .collect()
    }
}

//! The checks writes share: that a row exists (or does not), that a meeting is
//! visible to the writer, that a new level is within the writer's ceiling; and the
//! audit detail of what a delete took with it.

use crate::domain::{Confidentiality, Visibility};
use crate::store::entities::meeting;
use crate::store::error::{StoreError, StoreResult};
use sea_orm::{DatabaseTransaction, EntityTrait};

/// Fails with `Invalid` on `field` unless the row with this id exists.
pub(super) async fn require<E>(
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
pub(super) async fn existing<E>(
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
pub(super) async fn visible_meeting(
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
pub(super) fn within_ceiling(
    visibility: Visibility,
    field: &str,
    level: Confidentiality,
) -> StoreResult<()> {
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
pub(super) async fn absent<E>(
    txn: &DatabaseTransaction,
    entity: &'static str,
    id: &str,
) -> StoreResult<()>
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

pub(super) fn counted(parts: &[(&str, u64)]) -> Option<String> {
    let text: Vec<String> = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    (!text.is_empty()).then(|| format!("removed {}", text.join(", ")))
}

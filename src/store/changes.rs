//! What changed since a data version: the change log's entries after it, with the
//! current rows of the participations and updated people they name, read in one
//! read transaction so that the rows are the state the last entry names.

use super::Store;
use super::convert::{participation_from, person_from};
use super::entities::{change_log, participation, person};
use super::error::StoreResult;
use crate::domain::{Participation, Person};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub operation: String,
    pub entity: String,
    /// The entity's id; for a participation, `person@meeting`.
    pub entity_id: String,
}

/// The changes after a data version.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// The data version they lead to.
    pub version: i64,
    /// In commit order; `None` when there were more than asked for.
    pub entries: Option<Vec<Change>>,
    /// The current rows of the participations the entries name (absent when gone).
    pub participations: Vec<Participation>,
    /// The current rows of the people whose update the entries record.
    pub people: Vec<Person>,
}

impl Store {
    /// The changes committed after `version`, at most `limit` of them.
    pub async fn changes_since(&self, version: i64, limit: u64) -> StoreResult<Changes> {
        let txn = self.read_transaction().await?;
        let rows = change_log::Entity::find()
            .filter(change_log::Column::Id.gt(version))
            .order_by_asc(change_log::Column::Id)
            .limit(limit + 1)
            .all(&txn)
            .await?;
        let latest = match rows.last() {
            Some(row) if rows.len() as u64 <= limit => row.id,
            // Too many to patch: only the version is needed.
            _ => {
                let latest = super::dataset::version_on(&txn).await?;
                txn.commit().await?;
                return Ok(Changes {
                    version: latest,
                    entries: None,
                    participations: Vec::new(),
                    people: Vec::new(),
                });
            }
        };
        // Every way of reading `person@meeting` (ids may hold an '@' themselves).
        let mut named = Condition::any();
        let mut any = false;
        for row in rows.iter().filter(|r| r.entity == "participation") {
            for (i, _) in row.entity_id.match_indices('@') {
                named = named.add(
                    Condition::all()
                        .add(participation::Column::PersonId.eq(&row.entity_id[..i]))
                        .add(participation::Column::MeetingId.eq(&row.entity_id[i + 1..])),
                );
                any = true;
            }
        }
        let participations = if any {
            participation::Entity::find()
                .filter(named)
                .all(&txn)
                .await?
                .into_iter()
                .map(participation_from)
                .collect::<StoreResult<_>>()?
        } else {
            Vec::new()
        };
        let updated: Vec<&str> = rows
            .iter()
            .filter(|r| r.entity == "person" && r.operation == "update")
            .map(|r| r.entity_id.as_str())
            .collect();
        let people = if updated.is_empty() {
            Vec::new()
        } else {
            person::Entity::find()
                .filter(person::Column::Id.is_in(updated))
                .all(&txn)
                .await?
                .into_iter()
                .map(person_from)
                .collect::<StoreResult<_>>()?
        };
        txn.commit().await?;
        Ok(Changes {
            people,
            version: latest,
            entries: Some(
                rows.into_iter()
                    .map(|r| Change {
                        operation: r.operation,
                        entity: r.entity,
                        entity_id: r.entity_id,
                    })
                    .collect(),
            ),
            participations,
        })
    }
}

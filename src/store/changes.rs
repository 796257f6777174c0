//! What changed since a data version: the change log's entries after it, with the
//! current rows of the participations and updated people they name, read in one
//! read transaction so that the rows are the state the last entry names.

use super::Store;
use super::convert::{participation_from, person_from};
use super::entities::{change_log, participation, person};
use super::error::StoreResult;
use crate::domain::{Participation, Person};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Participations looked up per statement.
const LOOKUPS_PER_QUERY: usize = 100;

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
        // Every way of reading `person@meeting` (ids may hold an '@' themselves),
        // asked for a few at a time: a long chain of ORs would pass SQLite's limit on
        // the depth of an expression.
        let readings: Vec<(&str, &str)> = rows
            .iter()
            .filter(|r| r.entity == "participation")
            .flat_map(|r| {
                let id = r.entity_id.as_str();
                id.match_indices('@')
                    .map(move |(i, _)| (&id[..i], &id[i + 1..]))
            })
            .collect();
        let mut participations = Vec::new();
        for chunk in readings.chunks(LOOKUPS_PER_QUERY) {
            let named = chunk
                .iter()
                .fold(Condition::any(), |any, (person, meeting)| {
                    any.add(
                        Condition::all()
                            .add(participation::Column::PersonId.eq(*person))
                            .add(participation::Column::MeetingId.eq(*meeting)),
                    )
                });
            for row in participation::Entity::find()
                .filter(named)
                .all(&txn)
                .await?
            {
                participations.push(participation_from(row)?);
            }
        }
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

//! What changed since a data version: the change log's entries after it, with the
//! current rows of the records they name, read in one read transaction so that the
//! rows are the state the last entry names.

use super::Store;
use super::convert::{
    affiliation_from, meeting_from, organisation_from, participation_from, person_from,
};
use super::entities::{affiliation, change_log, meeting, organisation, participation, person};
use super::error::StoreResult;
use crate::domain::{Affiliation, Meeting, Organisation, Participation, Person};
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Records looked up per statement: a long chain of ORs would pass SQLite's limit on
/// the depth of an expression.
const LOOKUPS_PER_QUERY: usize = 100;

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub operation: String,
    pub entity: String,
    /// The entity's id; for a participation, `person@meeting`; for an affiliation,
    /// the person's id.
    pub entity_id: String,
}

/// The changes after a data version.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The data version they lead to.
    pub version: i64,
    /// In commit order; `None` when there were more than asked for.
    pub entries: Option<Vec<Change>>,
    /// The current rows of the participations the entries name (absent when gone).
    pub participations: Vec<Participation>,
    /// The current rows of the people the entries name (absent when gone).
    pub people: Vec<Person>,
    /// The current rows of the meetings the entries name.
    pub meetings: Vec<Meeting>,
    /// The current rows of the organisations the entries name.
    pub organisations: Vec<Organisation>,
    /// Every current affiliation of the people whose affiliations changed.
    pub affiliations: Vec<Affiliation>,
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
                    ..Changes::default()
                });
            }
        };
        let named = |entity: &str| -> Vec<&str> {
            let mut ids: Vec<&str> = rows
                .iter()
                .filter(|r| r.entity == entity)
                .map(|r| r.entity_id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let changes = Changes {
            version: latest,
            participations: participations_named(&txn, &named("participation")).await?,
            people: rows_named::<person::Entity, _>(&txn, person::Column::Id, &named("person"))
                .await?
                .into_iter()
                .map(person_from)
                .collect::<StoreResult<_>>()?,
            meetings: rows_named::<meeting::Entity, _>(
                &txn,
                meeting::Column::Id,
                &named("meeting"),
            )
            .await?
            .into_iter()
            .map(meeting_from)
            .collect::<StoreResult<_>>()?,
            organisations: rows_named::<organisation::Entity, _>(
                &txn,
                organisation::Column::Id,
                &named("organisation"),
            )
            .await?
            .into_iter()
            .map(organisation_from)
            .collect::<StoreResult<_>>()?,
            affiliations: rows_named::<affiliation::Entity, _>(
                &txn,
                affiliation::Column::PersonId,
                &named("affiliation"),
            )
            .await?
            .into_iter()
            .map(|row| affiliation_from(row).map(|(_, a)| a))
            .collect::<StoreResult<_>>()?,
            entries: None,
        };
        let entries = rows
            .into_iter()
            .map(|r| Change {
                operation: r.operation,
                entity: r.entity,
                entity_id: r.entity_id,
            })
            .collect();
        txn.commit().await?;
        Ok(Changes {
            entries: Some(entries),
            ..changes
        })
    }
}

/// The rows of `E` whose `column` is one of `ids`.
async fn rows_named<E, C>(
    txn: &DatabaseTransaction,
    column: C,
    ids: &[&str],
) -> StoreResult<Vec<E::Model>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let mut found = Vec::new();
    for chunk in ids.chunks(LOOKUPS_PER_QUERY) {
        found.extend(
            E::find()
                .filter(column.is_in(chunk.iter().copied()))
                .all(txn)
                .await?,
        );
    }
    Ok(found)
}

/// The participations named `person@meeting`, read every way the key can be split
/// (ids may hold an '@' themselves).
async fn participations_named(
    txn: &DatabaseTransaction,
    keys: &[&str],
) -> StoreResult<Vec<Participation>> {
    let readings: Vec<(&str, &str)> = keys
        .iter()
        .flat_map(|id| {
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
        for row in participation::Entity::find().filter(named).all(txn).await? {
            participations.push(participation_from(row)?);
        }
    }
    Ok(participations)
}

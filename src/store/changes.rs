//! What changed since a data version: the change log's entries after it, with the
//! current rows of the records they name, read in one read transaction so that the
//! rows are the state the last entry names.

use super::Store;
use super::convert::{
    affiliation_from, meeting_from, meeting_organisation_from, organisation_from,
    participation_from, person_from,
};
use super::entities::{
    affiliation, change_log, meeting, meeting_organisation, organisation, participation, person,
};
use super::error::StoreResult;
use crate::domain::{
    Affiliation, Meeting, MeetingOrganisation, Organisation, Participation, Person,
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// The entity of a change-log entry that packs the rows of one import: its key
/// holds `operation US entity US key` items separated by RS.
pub const ROWS: &str = "rows";

/// The rows of an import as one change-log key ([`ROWS`]).
pub(super) fn pack_changes(rows: &[(&str, &str, String)]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(operation, entity, key)| format!("{operation}\u{1f}{entity}\u{1f}{key}"))
        .collect();
    items.join("\u{1e}")
}

/// The entries of the change log as the model reads them: an import's packed rows
/// unpacked, in order.
fn unpacked(rows: Vec<change_log::Model>) -> Vec<Change> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if row.entity != ROWS {
            out.push(Change {
                operation: row.operation,
                entity: row.entity,
                entity_id: row.entity_id,
            });
            continue;
        }
        for item in row.entity_id.split('\u{1e}') {
            let mut parts = item.splitn(3, '\u{1f}');
            if let (Some(operation), Some(entity), Some(key)) =
                (parts.next(), parts.next(), parts.next())
            {
                out.push(Change {
                    operation: operation.to_owned(),
                    entity: entity.to_owned(),
                    entity_id: key.to_owned(),
                });
            }
        }
    }
    out
}

/// Records looked up per statement: a long chain of ORs would pass SQLite's limit on
/// the depth of an expression.
const LOOKUPS_PER_QUERY: usize = 100;

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub operation: String,
    pub entity: String,
    /// The entity's id; for a participation, `person@meeting`; for an affiliation,
    /// the person's id; for `meeting_roles` (an import's organisation roles), the
    /// meeting's id.
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
    /// Every current organisation role of the meetings whose roles changed.
    pub meeting_roles: Vec<MeetingOrganisation>,
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
        let latest = rows.last().map(|row| row.id);
        let entries = unpacked(rows);
        let latest = match latest {
            Some(id) if entries.len() as u64 <= limit => id,
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
            let mut ids: Vec<&str> = entries
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
            meeting_roles: rows_named::<meeting_organisation::Entity, _>(
                &txn,
                meeting_organisation::Column::MeetingId,
                &named("meeting_roles"),
            )
            .await?
            .into_iter()
            .map(meeting_organisation_from)
            .collect::<StoreResult<_>>()?,
            entries: None,
        };
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

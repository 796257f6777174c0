//! DataLoaders: every nested relation is fetched through these, so that a query over
//! many parents runs one batched statement per relation and level, not one per parent.
//!
//! One loader, [`StoreLoader`], answers every key type below; a new one is made per
//! request, so its cache never outlives the request.

use super::audit::AuditTrail;
use super::steps::Steps;
use crate::access::View;
use crate::domain::{
    Affiliation, Confidentiality, Measure, Meeting, MeetingMeasure, MeetingOrganisation,
    Organisation, Participation, Person,
};
use crate::snapshot::Snapshot;
use crate::store::{Store, StoreError};
use async_graphql::dataloader::{DataLoader, Loader};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

/// Batches lookups against the store.
pub struct StoreLoader {
    store: Store,
    /// The request's view: what its reader may see, and in which order people.
    view: View,
    /// The snapshot of the request, to tell which meetings are not public.
    snapshot: Arc<Snapshot>,
    /// Where reads of closed or confidential participation are recorded.
    trail: Arc<AuditTrail>,
}

impl StoreLoader {
    /// Records the participations in non-public meetings among `rows`.
    fn audit(&self, rows: &[Participation]) {
        let hidden: Vec<String> = rows
            .iter()
            .filter(|p| {
                self.snapshot
                    .unmasked()
                    .meeting_by_id(p.meeting_id.as_str())
                    .is_none_or(|m| m.confidentiality > Confidentiality::Public)
            })
            .map(|p| format!("{}@{}", p.person_id, p.meeting_id))
            .collect();
        if !hidden.is_empty() {
            self.trail.record(
                "read participations",
                hidden,
                Some("closed or confidential participation".into()),
            );
        }
    }
}

impl StoreLoader {
    /// Whether the person `id` is masked for the request's reader.
    fn masked(&self, id: &str) -> bool {
        self.view.masks_id(&self.snapshot, id)
    }

    /// Participations as the reader may see them: a masked person's represented
    /// organisation is withheld, and the people of a meeting come in the reader's
    /// order (named by id, then masked by pseudonym), not by real id.
    fn masked_rows(&self, mut rows: Vec<Participation>) -> Vec<Participation> {
        if !self.view.masks() {
            return rows;
        }
        for row in &mut rows {
            if row.organisation_id.is_some() && self.masked(row.person_id.as_str()) {
                row.organisation_id = None;
            }
        }
        rows.sort_by_cached_key(|row| {
            let masked = self.masked(row.person_id.as_str());
            (
                row.meeting_id.to_string(),
                masked,
                self.view.shown_key(row.person_id.as_str(), masked),
            )
        });
        rows
    }
}

/// The loader of one request.
pub type Loaders = DataLoader<StoreLoader>;

/// The most keys one batched statement looks up; well under SQLite's and
/// PostgreSQL's parameter limits.
const MAX_BATCH: usize = 5000;

/// A fresh loader for one request. Keys requested within `window` of the first are
/// fetched together: a longer window batches deep trees more tightly at the cost of
/// that much latency per level.
pub fn loaders(
    store: Store,
    window: Duration,
    view: View,
    snapshot: Arc<Snapshot>,
    trail: Arc<AuditTrail>,
    steps: Arc<Steps>,
) -> Loaders {
    let loader = StoreLoader {
        store,
        view,
        snapshot,
        trail,
    };
    // Fetches run as tasks of the request's own `LocalSet` (see `http::execute`),
    // each once the execution step that asked for it has ended, so that every load
    // of the step is in its batch, without waiting for a timer.
    DataLoader::new(loader, move |fetch| {
        let since = steps.now();
        let steps = Arc::clone(&steps);
        tokio::task::spawn_local(async move {
            steps.ended(since).await;
            fetch.await;
        })
    })
    .max_batch_size(MAX_BATCH)
    .delay(window)
}

type LoadResult<K, V> = Result<HashMap<K, V>, Arc<StoreError>>;

fn strings<K>(keys: &[K], key: impl Fn(&K) -> &String) -> Vec<String> {
    keys.iter().map(|k| key(k).clone()).collect()
}

/// Groups rows under every requested key, so that keys with no rows get an empty list.
fn group<K: Hash + Eq + Clone, V>(
    keys: &[K],
    rows: impl IntoIterator<Item = V>,
    key_of: impl Fn(&V) -> Option<K>,
) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for row in rows {
        if let Some(list) = key_of(&row).and_then(|k| map.get_mut(&k)) {
            list.push(row);
        }
    }
    map
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(pub String);
    };
}

key_type!(/// A person by id.
    PersonKey);
key_type!(/// A meeting by id.
    MeetingKey);
key_type!(/// An organisation by id.
    OrganisationKey);
key_type!(/// A measure by id.
    MeasureKey);
key_type!(/// The participations of a person.
    ParticipationsOfPerson);
key_type!(/// The participations in a meeting.
    ParticipationsInMeeting);
key_type!(/// The participations on behalf of an organisation.
    ParticipationsForOrganisation);
key_type!(/// The affiliations of a person.
    AffiliationsOfPerson);
key_type!(/// The affiliations with an organisation.
    AffiliationsOfOrganisation);
key_type!(/// The organisation roles in a meeting.
    RolesInMeeting);
key_type!(/// The meeting roles of an organisation.
    RolesOfOrganisation);
key_type!(/// The measure links of a meeting.
    MeasuresOfMeeting);
key_type!(/// The meeting links of a measure.
    MeetingsOfMeasure);

/// An affiliation by its storage id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AffiliationKey(pub i32);

impl Loader<PersonKey> for StoreLoader {
    type Value = Person;
    type Error = Arc<StoreError>;
    async fn load(&self, keys: &[PersonKey]) -> LoadResult<PersonKey, Person> {
        let rows = self.store.people_by_ids(&strings(keys, |k| &k.0)).await?;
        Ok(rows
            .into_iter()
            .map(|r| (PersonKey(r.id.to_string()), r))
            .collect())
    }
}

impl Loader<MeetingKey> for StoreLoader {
    type Value = Meeting;
    type Error = Arc<StoreError>;
    async fn load(&self, keys: &[MeetingKey]) -> LoadResult<MeetingKey, Meeting> {
        let rows = self
            .store
            .meetings_by_ids(&strings(keys, |k| &k.0), self.view.visibility())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (MeetingKey(r.id.to_string()), r))
            .collect())
    }
}

impl Loader<OrganisationKey> for StoreLoader {
    type Value = Organisation;
    type Error = Arc<StoreError>;
    async fn load(&self, keys: &[OrganisationKey]) -> LoadResult<OrganisationKey, Organisation> {
        let rows = self
            .store
            .organisations_by_ids(&strings(keys, |k| &k.0))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (OrganisationKey(r.id.to_string()), r))
            .collect())
    }
}

impl Loader<MeasureKey> for StoreLoader {
    type Value = Measure;
    type Error = Arc<StoreError>;
    async fn load(&self, keys: &[MeasureKey]) -> LoadResult<MeasureKey, Measure> {
        let rows = self.store.measures_by_ids(&strings(keys, |k| &k.0)).await?;
        Ok(rows
            .into_iter()
            .map(|r| (MeasureKey(r.id.to_string()), r))
            .collect())
    }
}

impl Loader<AffiliationKey> for StoreLoader {
    type Value = (i32, Affiliation);
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[AffiliationKey],
    ) -> LoadResult<AffiliationKey, (i32, Affiliation)> {
        let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
        let rows = self.store.affiliations_by_ids(&ids).await?;
        Ok(rows.into_iter().map(|r| (AffiliationKey(r.0), r)).collect())
    }
}

impl Loader<ParticipationsOfPerson> for StoreLoader {
    type Value = Vec<Participation>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[ParticipationsOfPerson],
    ) -> LoadResult<ParticipationsOfPerson, Vec<Participation>> {
        let rows = self
            .store
            .participations_of(&strings(keys, |k| &k.0), &[], &[], self.view.visibility())
            .await?;
        self.audit(&rows);
        let rows = self.masked_rows(rows);
        Ok(group(keys, rows, |r| {
            Some(ParticipationsOfPerson(r.person_id.to_string()))
        }))
    }
}

impl Loader<ParticipationsInMeeting> for StoreLoader {
    type Value = Vec<Participation>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[ParticipationsInMeeting],
    ) -> LoadResult<ParticipationsInMeeting, Vec<Participation>> {
        let rows = self
            .store
            .participations_of(&[], &strings(keys, |k| &k.0), &[], self.view.visibility())
            .await?;
        self.audit(&rows);
        let rows = self.masked_rows(rows);
        Ok(group(keys, rows, |r| {
            Some(ParticipationsInMeeting(r.meeting_id.to_string()))
        }))
    }
}

impl Loader<ParticipationsForOrganisation> for StoreLoader {
    type Value = Vec<Participation>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[ParticipationsForOrganisation],
    ) -> LoadResult<ParticipationsForOrganisation, Vec<Participation>> {
        let rows = self
            .store
            .participations_of(&[], &[], &strings(keys, |k| &k.0), self.view.visibility())
            .await?;
        // A masked person's represented organisation is withheld, so their rows
        // leave the organisation's list.
        let rows: Vec<Participation> = rows
            .into_iter()
            .filter(|r| !self.masked(r.person_id.as_str()))
            .collect();
        self.audit(&rows);
        Ok(group(keys, rows, |r| {
            r.organisation_id
                .as_ref()
                .map(|o| ParticipationsForOrganisation(o.to_string()))
        }))
    }
}

impl Loader<AffiliationsOfPerson> for StoreLoader {
    type Value = Vec<(i32, Affiliation)>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[AffiliationsOfPerson],
    ) -> LoadResult<AffiliationsOfPerson, Vec<(i32, Affiliation)>> {
        let rows = self
            .store
            .affiliations_of(&strings(keys, |k| &k.0), &[])
            .await?;
        Ok(group(keys, rows, |r| {
            Some(AffiliationsOfPerson(r.1.person_id.to_string()))
        }))
    }
}

impl Loader<AffiliationsOfOrganisation> for StoreLoader {
    type Value = Vec<(i32, Affiliation)>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[AffiliationsOfOrganisation],
    ) -> LoadResult<AffiliationsOfOrganisation, Vec<(i32, Affiliation)>> {
        let rows = self
            .store
            .affiliations_of(&[], &strings(keys, |k| &k.0))
            .await?;
        Ok(group(keys, rows, |r| {
            Some(AffiliationsOfOrganisation(r.1.organisation_id.to_string()))
        }))
    }
}

impl Loader<RolesInMeeting> for StoreLoader {
    type Value = Vec<MeetingOrganisation>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[RolesInMeeting],
    ) -> LoadResult<RolesInMeeting, Vec<MeetingOrganisation>> {
        let rows = self
            .store
            .meeting_organisations_of(&strings(keys, |k| &k.0), &[], self.view.visibility())
            .await?;
        Ok(group(keys, rows, |r| {
            Some(RolesInMeeting(r.meeting_id.to_string()))
        }))
    }
}

impl Loader<RolesOfOrganisation> for StoreLoader {
    type Value = Vec<MeetingOrganisation>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[RolesOfOrganisation],
    ) -> LoadResult<RolesOfOrganisation, Vec<MeetingOrganisation>> {
        let rows = self
            .store
            .meeting_organisations_of(&[], &strings(keys, |k| &k.0), self.view.visibility())
            .await?;
        Ok(group(keys, rows, |r| {
            Some(RolesOfOrganisation(r.organisation_id.to_string()))
        }))
    }
}

impl Loader<MeasuresOfMeeting> for StoreLoader {
    type Value = Vec<MeetingMeasure>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[MeasuresOfMeeting],
    ) -> LoadResult<MeasuresOfMeeting, Vec<MeetingMeasure>> {
        let rows = self
            .store
            .meeting_measures_of(&strings(keys, |k| &k.0), &[], self.view.visibility())
            .await?;
        Ok(group(keys, rows, |r| {
            Some(MeasuresOfMeeting(r.meeting_id.to_string()))
        }))
    }
}

impl Loader<MeetingsOfMeasure> for StoreLoader {
    type Value = Vec<MeetingMeasure>;
    type Error = Arc<StoreError>;
    async fn load(
        &self,
        keys: &[MeetingsOfMeasure],
    ) -> LoadResult<MeetingsOfMeasure, Vec<MeetingMeasure>> {
        let rows = self
            .store
            .meeting_measures_of(&[], &strings(keys, |k| &k.0), self.view.visibility())
            .await?;
        Ok(group(keys, rows, |r| {
            Some(MeetingsOfMeasure(r.measure_id.to_string()))
        }))
    }
}

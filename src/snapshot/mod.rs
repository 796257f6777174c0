//! The live relationship model: the current [`Network`] snapshot, loaded from the
//! store at start-up and replaced after each committed write.
//!
//! Readers take an `Arc` of the snapshot and keep a consistent view for as long as
//! they hold it; a new one is swapped in atomically. A new snapshot is made only when
//! the store's data version has moved, so writes from other processes (a CLI import,
//! another replica) are picked up by [`LiveNetwork::refresh`] too, from the change
//! log: a write to people, meetings, organisations, affiliations or participations
//! patches the current snapshot ([`Network::patched`]) with the changed rows alone
//! (writes the model does not hold, such as target sets or a person's name, change
//! nothing); participation changes keep the analysis results of every scope they
//! cannot reach. A small import names its rows in the change log and patches it
//! the same way; a large one, one that changes the plan's measures, or an erasure
//! rebuilds it.

use crate::network::{
    Delta, MeetingNode, MetGraph, Network, NetworkError, OrganisationNode, ParticipationEdit,
    Reach, RecordEdit, Scope,
};
use crate::store::{Changes, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// The most changes a refresh patches; past them it rebuilds.
const PATCH_LIMIT: u64 = 2_000;

mod cache;
mod seen;

use cache::Cache;
pub use cache::{Weigh, Weighed};
pub use seen::LastChanges;

type CacheKey = (Scope, String);

/// The pseudonym of a person id, for ordering the masked copy of a network (the
/// access layer provides it; the model never sees the secret behind it).
pub type Pseudonymiser = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// A network snapshot with the analysis results computed on it. The results go
/// when the snapshot is replaced, so they are never stale.
pub struct Snapshot {
    network: Network,
    /// The network as masked readers see it, made on first use.
    masked: OnceLock<Network>,
    pseudonymiser: Pseudonymiser,
    /// How long reading the data and building the network took.
    build_time: Duration,
    cache: Mutex<Cache>,
    /// The last version that changed what each ceiling of reader sees.
    last_changes: LastChanges,
}

impl Snapshot {
    /// A snapshot of `network`, which took `build_time` to read and build.
    pub fn new(
        network: Network,
        build_time: Duration,
        pseudonymiser: Pseudonymiser,
        cache_bytes: usize,
    ) -> Self {
        Snapshot {
            masked: OnceLock::new(),
            pseudonymiser,
            last_changes: LastChanges::all(network.version()),
            network,
            build_time,
            cache: Mutex::new(Cache::new(cache_bytes)),
        }
    }

    /// The network as a reader of `scope` sees it: for a masked scope, sensitive
    /// people's attributes and represented organisations are withheld
    /// ([`Network::masked`]). Every query for a reader goes through here.
    pub fn network(&self, scope: &Scope) -> &Network {
        if scope.masked() {
            self.masked_copy()
        } else {
            &self.network
        }
    }

    /// The masked copy, made on first use.
    fn masked_copy(&self) -> &Network {
        self.masked
            .get_or_init(|| self.network.masked(&*self.pseudonymiser))
    }

    /// The whole network, every name and attribute: for the service's own
    /// bookkeeping (versions, pseudonym tables, metrics), never for a reader's answer.
    pub fn unmasked(&self) -> &Network {
        &self.network
    }

    /// The data version this snapshot reflects.
    pub fn version(&self) -> i64 {
        self.network.version()
    }

    /// The last data version that changed what readers of `ceiling` see.
    pub fn last_change_for(&self, ceiling: crate::domain::Confidentiality) -> i64 {
        self.last_changes.for_ceiling(ceiling)
    }

    /// How long reading the data and building this snapshot took.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// This snapshot with `delta` applied, at `version`. When only participations
    /// changed, the masked copy (if made) is patched too, and the analysis results
    /// of every scope that admits none of their meetings are kept, since the patch
    /// cannot reach them; otherwise both are made anew on first use.
    fn patched(
        &self,
        version: i64,
        delta: &Delta<'_>,
        started: Instant,
    ) -> Result<Snapshot, NetworkError> {
        let (network, reach) = self.network.patched(version, delta)?;
        let mut masked = OnceLock::new();
        let carried = match (&reach, self.cache.lock()) {
            (Reach::Meetings(changed), Ok(old)) => {
                if let Some(copy) = self.masked.get() {
                    let (copy, _) = copy.patched(version, delta)?;
                    masked = OnceLock::from(copy);
                }
                let meetings = network.meetings();
                old.carried(|(scope, _)| {
                    !changed.iter().any(|&m| scope.admits(&meetings[m.index()]))
                })
            }
            (Reach::Everything, Ok(old)) => Cache::new(old.limit()),
            (_, Err(poisoned)) => Cache::new(poisoned.into_inner().limit()),
        };
        Ok(Snapshot {
            last_changes: self
                .last_changes
                .after(version, delta, &self.network, &network),
            network,
            masked,
            pseudonymiser: Arc::clone(&self.pseudonymiser),
            build_time: started.elapsed(),
            cache: Mutex::new(carried),
        })
    }

    /// The result of `key` for `scope`, computed once per snapshot while the cache
    /// keeps it (it is bounded in bytes; the least recently used results go first).
    pub fn cached<T, E>(
        &self,
        scope: &Scope,
        key: &str,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Weigh + Send + Sync + 'static,
    {
        let cache_key = (*scope, key.to_owned());
        let hit = self
            .cache
            .lock()
            .ok()
            .and_then(|mut cache| cache.get(&cache_key));
        if let Some(value) = hit.and_then(|v| v.downcast::<T>().ok()) {
            return Ok(value);
        }
        let value = Arc::new(compute()?);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(cache_key, Arc::clone(&value));
        }
        Ok(value)
    }

    /// The met graph of `scope`, built once per snapshot while the cache keeps it:
    /// every analysis of the scope walks this one.
    pub fn met_graph(&self, scope: &Scope) -> Arc<MetGraph> {
        let built = self.cached(scope, "met", || {
            Ok::<_, std::convert::Infallible>(MetGraph::build(self.network(scope), scope))
        });
        match built {
            Ok(graph) => graph,
            Err(never) => match never {},
        }
    }

    /// The bytes the cached results hold now.
    pub fn cache_bytes(&self) -> usize {
        self.cache.lock().map_or(0, |cache| cache.bytes())
    }
}

/// Why the model could not be (re)built.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Network(#[from] NetworkError),
    #[error("the model rebuild task failed: {0}")]
    Task(String),
}

/// The current snapshot and the store it follows.
pub struct LiveNetwork {
    store: Store,
    pseudonymiser: Pseudonymiser,
    /// The most bytes each snapshot's analysis results may hold.
    cache_bytes: usize,
    current: RwLock<Arc<Snapshot>>,
    /// Serialises rebuilds, so two writers do not both rebuild the same version.
    rebuilding: tokio::sync::Mutex<()>,
    /// Snapshots built since start-up, the first one included.
    builds: AtomicU64,
    /// Snapshots patched from the one before.
    patches: AtomicU64,
    /// Tells live-update subscribers of each new snapshot.
    announce: tokio::sync::watch::Sender<Arc<Snapshot>>,
}

impl LiveNetwork {
    /// Loads the model from the store; each snapshot's analysis results may hold
    /// `cache_bytes`.
    pub async fn load(
        store: Store,
        pseudonymiser: Pseudonymiser,
        cache_bytes: usize,
    ) -> Result<LiveNetwork, SnapshotError> {
        let snapshot = Arc::new(build(&store, &pseudonymiser, cache_bytes).await?);
        Ok(LiveNetwork {
            store,
            pseudonymiser,
            cache_bytes,
            announce: tokio::sync::watch::Sender::new(Arc::clone(&snapshot)),
            current: RwLock::new(snapshot),
            rebuilding: tokio::sync::Mutex::new(()),
            builds: AtomicU64::new(1),
            patches: AtomicU64::new(0),
        })
    }

    /// The current snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Brings the model up to the store's data version, patching the current
    /// snapshot where the changes allow and rebuilding it otherwise; returns the
    /// snapshot now current.
    pub async fn refresh(&self) -> Result<Arc<Snapshot>, SnapshotError> {
        let _guard = self.rebuilding.lock().await;
        let current = self.current();
        let changes = self
            .store
            .changes_since(current.version(), PATCH_LIMIT)
            .await?;
        if changes.version == current.version() {
            return Ok(current);
        }
        let started = Instant::now();
        let patched = match delta(current.unmasked(), &changes) {
            Some(delta) => match current.patched(changes.version, &delta, started) {
                Ok(snapshot) => Some(snapshot),
                Err(e) => {
                    tracing::warn!(error = %e, "patching the model failed; rebuilding it");
                    None
                }
            },
            None => None,
        };
        let network = Arc::new(match patched {
            Some(snapshot) => {
                self.patches.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(
                    version = changes.version,
                    elapsed_us = started.elapsed().as_micros() as u64,
                    "relationship model patched"
                );
                snapshot
            }
            None => {
                self.builds.fetch_add(1, Ordering::Relaxed);
                build(&self.store, &self.pseudonymiser, self.cache_bytes).await?
            }
        });
        match self.current.write() {
            Ok(mut guard) => *guard = Arc::clone(&network),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&network),
        }
        self.announce.send_replace(Arc::clone(&network));
        // Masked readers were reading the old snapshot: make their copy of the new
        // one now, off the request path, rather than in their next query.
        if current.masked.get().is_some() && network.masked.get().is_none() {
            let next = Arc::clone(&network);
            tokio::task::spawn_blocking(move || {
                next.masked_copy();
            });
        }
        Ok(network)
    }

    /// Follows the snapshots as they are swapped in (the latest one at any time).
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<Arc<Snapshot>> {
        self.announce.subscribe()
    }

    /// How many snapshots were built since start-up, the first one included.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }

    /// How many snapshots were patched from the one before since start-up.
    pub fn patches(&self) -> u64 {
        self.patches.load(Ordering::Relaxed)
    }
}

/// The changes as a patch of `network`; `None` when one is not a change a patch
/// can make (an import, an erasure: the caller rebuilds).
fn delta<'a>(network: &Network, changes: &'a Changes) -> Option<Delta<'a>> {
    let entries = changes.entries.as_ref()?;
    let mut named: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    for entry in entries {
        match entry.entity.as_str() {
            // Target sets are not part of the model.
            "target_set" => continue,
            "person" | "meeting" | "organisation" | "affiliation" | "participation"
            | "meeting_roles"
                if matches!(entry.operation.as_str(), "create" | "update" | "delete") => {}
            _ => return None,
        }
        let deleted = named
            .entry((entry.entity.as_str(), entry.entity_id.as_str()))
            .or_default();
        *deleted |= entry.operation == "delete";
    }
    // The current rows by id, looked up once each.
    let people: HashMap<&str, _> = changes.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let meetings: HashMap<&str, _> = changes
        .meetings
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    let organisations: HashMap<&str, _> = changes
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let mut affiliations: HashMap<&str, Vec<_>> = HashMap::new();
    for a in &changes.affiliations {
        affiliations
            .entry(a.person_id.as_str())
            .or_default()
            .push(a);
    }
    let mut roles: HashMap<&str, Vec<_>> = HashMap::new();
    for r in &changes.meeting_roles {
        roles.entry(r.meeting_id.as_str()).or_default().push(r);
    }
    let participations: HashMap<(&str, &str), _> = changes
        .participations
        .iter()
        .map(|p| ((p.person_id.as_str(), p.meeting_id.as_str()), p))
        .collect();
    let mut delta = Delta::default();
    for (&(entity, id), &deleted) in &named {
        match entity {
            "person" => {
                let now = people.get(id).copied();
                // A name, say, is not in the model: nothing to patch.
                if deleted || !now.is_some_and(|p| network.holds_as_is(p)) {
                    delta.people.push(RecordEdit { id, now, deleted });
                }
            }
            "meeting" => {
                let now = meetings.get(id).copied();
                let same = match (now, network.meeting_by_id(id)) {
                    (Some(now), Some(node)) => *node == MeetingNode::from(now),
                    _ => false,
                };
                if deleted || !same {
                    delta.meetings.push(RecordEdit { id, now, deleted });
                }
            }
            "organisation" => {
                let now = organisations.get(id).copied();
                let same = match (now, network.organisation_position(id)) {
                    (Some(now), Some(i)) => {
                        network.organisations()[i as usize] == OrganisationNode::from(now)
                    }
                    _ => false,
                };
                if deleted || !same {
                    delta.organisations.push(RecordEdit { id, now, deleted });
                }
            }
            "meeting_roles" => delta
                .meeting_roles
                .push((id, roles.remove(id).unwrap_or_default())),
            "affiliation" => delta
                .affiliations
                .push((id, affiliations.remove(id).unwrap_or_default())),
            _ => {}
        }
    }
    // Whether a person or meeting exists after the changes.
    let people_now: HashMap<&str, bool> = delta
        .people
        .iter()
        .map(|e| (e.id, e.now.is_some()))
        .collect();
    let meetings_now: HashMap<&str, bool> = delta
        .meetings
        .iter()
        .map(|e| (e.id, e.now.is_some()))
        .collect();
    let person_stays = |id: &str| match people_now.get(id) {
        Some(&stays) => stays,
        None => network.person_index(id).is_ok(),
    };
    let meeting_stays = |id: &str| match meetings_now.get(id) {
        Some(&stays) => stays,
        None => network.meeting_by_id(id).is_some(),
    };
    for &(entity, key) in named.keys() {
        if entity != "participation" {
            continue;
        }
        // The one reading of `person@meeting` that names a person and a meeting that
        // exist after the changes; none, and the participation went with one of
        // them; several, and the model is rebuilt.
        let mut readings = key.match_indices('@').filter_map(|(i, _)| {
            let (person, meeting) = (&key[..i], &key[i + 1..]);
            (person_stays(person) && meeting_stays(meeting)).then_some((person, meeting))
        });
        let (person, meeting) = match (readings.next(), readings.next()) {
            (None, _) => continue,
            (Some(reading), None) => reading,
            (Some(_), Some(_)) => return None,
        };
        let now = participations
            .get(&(person, meeting))
            .map(|p| (p.role, p.organisation_id.as_ref().map(|o| o.as_str())));
        delta.participations.push(ParticipationEdit {
            person,
            meeting,
            now,
        });
    }
    Some(delta)
}

/// Reads the dataset and builds the network off the async workers.
async fn build(
    store: &Store,
    pseudonymiser: &Pseudonymiser,
    cache_bytes: usize,
) -> Result<Snapshot, SnapshotError> {
    let started = Instant::now();
    // The version and the data are one committed state (read transactions that
    // all saw that version): the snapshot is exactly the state its version names.
    let (version, data) = store.load_versioned().await?;
    let read = started.elapsed();
    let network = tokio::task::spawn_blocking(move || {
        let network = Network::build(&data, version);
        // Freeing a million rows takes a while: not on the way to the snapshot.
        std::thread::spawn(move || drop(data));
        network
    })
    .await
    .map_err(|e| SnapshotError::Task(e.to_string()))??;
    tracing::info!(
        version,
        people = network.people().len(),
        meetings = network.meetings().len(),
        participations = network.participation_count(),
        read_ms = read.as_millis() as u64,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "relationship model built"
    );
    Ok(Snapshot::new(
        network,
        started.elapsed(),
        Arc::clone(pseudonymiser),
        cache_bytes,
    ))
}

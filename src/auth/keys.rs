//! The live API keys held in memory (token hashes and roles only), so that a keyed
//! reader is known while the database is away: analytics and the other answers the
//! model gives keep coming.
//!
//! The table is loaded at start, and reloaded whenever the database announces a
//! change (on PostgreSQL, key changes are announced too), on every refresh tick,
//! after a reconnection, and in the background when a key is looked up in a table
//! older than [`MAX_AGE`]. So a revoked key stops working on every replica within
//! about a second, whatever the settings. A key missing from memory (made since the
//! last reload) is looked up in the database; while the database is away such a key
//! cannot be checked, and the request answers UNAVAILABLE.

use crate::domain::Role;
use crate::store::{Store, StoreResult};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How old the table may be before a lookup has it reloaded.
pub const MAX_AGE: Duration = Duration::from_millis(500);

/// Token hash -> (key id, role).
type Table = HashMap<String, (i32, Role)>;

pub struct KeyTable {
    store: Store,
    /// None until the database has answered once.
    keys: RwLock<Option<Table>>,
    /// When the table was last read (or last tried, so that an outage is not
    /// retried on every request).
    read_at: Mutex<Instant>,
    /// Whether a background reload is under way.
    reloading: AtomicBool,
}

impl KeyTable {
    /// The table, loaded now if the database answers (else on the first reload).
    pub async fn load(store: Store) -> KeyTable {
        let table = KeyTable {
            store,
            keys: RwLock::new(None),
            read_at: Mutex::new(Instant::now()),
            reloading: AtomicBool::new(false),
        };
        if let Err(e) = table.reload().await {
            tracing::warn!(error = %e, "the API keys could not be loaded yet");
        }
        table
    }

    /// Reads the live keys again.
    pub async fn reload(&self) -> StoreResult<()> {
        if let Ok(mut at) = self.read_at.lock() {
            *at = Instant::now();
        }
        let keys: Table = self
            .store
            .live_api_keys()
            .await?
            .into_iter()
            .map(|(hash, id, role)| (hash, (id, role)))
            .collect();
        if let Ok(mut held) = self.keys.write() {
            *held = Some(keys);
        }
        Ok(())
    }

    /// The id and role of the live key with this token hash: from memory, or for a
    /// key not held, from the database (an error when it cannot be reached).
    pub async fn lookup(self: &Arc<Self>, hash: &str) -> StoreResult<Option<(i32, Role)>> {
        self.freshen();
        let held = self
            .keys
            .read()
            .ok()
            .and_then(|keys| keys.as_ref().map(|k| k.get(hash).copied()));
        match held {
            Some(Some(found)) => Ok(Some(found)),
            // Not held: perhaps made since the last reload.
            Some(None) | None => {
                let found = self.store.api_key_by_hash(hash).await?;
                if let (Some(key), Ok(mut held)) = (found, self.keys.write())
                    && let Some(keys) = held.as_mut()
                {
                    keys.insert(hash.to_owned(), key);
                }
                Ok(found)
            }
        }
    }

    /// Has the table reloaded in the background when it is older than [`MAX_AGE`]
    /// (one reload at a time; the lookup answers from the table it has).
    fn freshen(self: &Arc<Self>) {
        let stale = self
            .read_at
            .lock()
            .map(|at| at.elapsed() > MAX_AGE)
            .unwrap_or(true);
        if !stale || self.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        let table = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = table.reload().await {
                tracing::debug!(error = %e, "reloading the API keys failed");
            }
            table.reloading.store(false, Ordering::Release);
        });
    }
}

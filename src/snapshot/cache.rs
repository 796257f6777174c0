//! A snapshot's analysis results, bounded in bytes: past the bound the results used
//! least recently go first, so a reader asking for a new window per request cannot
//! grow the server without end.

use super::CacheKey;
use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

/// How many bytes a cached value holds, roughly: what the bound counts. Asked again
/// at every eviction, so a value that grows after it was cached (a met graph that
/// builds its projection on first use) is counted as it is now.
pub trait Weigh {
    fn bytes(&self) -> usize;
}

/// A computed value with the bytes it is taken to hold.
pub struct Weighed<T> {
    pub value: T,
    pub bytes: usize,
}

impl<T> Weigh for Weighed<T> {
    fn bytes(&self) -> usize {
        self.bytes
    }
}

impl<T> std::ops::Deref for Weighed<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl Weigh for crate::network::MetGraph {
    fn bytes(&self) -> usize {
        crate::network::MetGraph::bytes(self)
    }
}

struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    weight: Arc<dyn Weigh + Send + Sync>,
    used: u64,
}

/// The results of one snapshot, by scope and name.
pub(super) struct Cache {
    entries: HashMap<CacheKey, Entry>,
    /// The most bytes kept.
    limit: usize,
    clock: u64,
}

impl Cache {
    pub(super) fn new(limit: usize) -> Self {
        Cache {
            entries: HashMap::new(),
            limit,
            clock: 0,
        }
    }

    pub(super) fn limit(&self) -> usize {
        self.limit
    }

    pub(super) fn get(&mut self, key: &CacheKey) -> Option<Arc<dyn Any + Send + Sync>> {
        self.clock += 1;
        let entry = self.entries.get_mut(key)?;
        entry.used = self.clock;
        Some(Arc::clone(&entry.value))
    }

    /// Keeps `value` under `key`, then drops the least recently used others until
    /// the cache is within its bound.
    pub(super) fn insert<T: Weigh + Send + Sync + 'static>(
        &mut self,
        key: CacheKey,
        value: Arc<T>,
    ) {
        self.clock += 1;
        let entry = Entry {
            value: Arc::clone(&value) as Arc<dyn Any + Send + Sync>,
            weight: value as Arc<dyn Weigh + Send + Sync>,
            used: self.clock,
        };
        self.entries.insert(key.clone(), entry);
        let mut total = self.bytes();
        while total > self.limit {
            let Some(oldest) = self
                .entries
                .iter()
                .filter(|(k, _)| **k != key)
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = self.entries.remove(&oldest) {
                total = total.saturating_sub(gone.weight.bytes());
            }
        }
    }

    /// The entries still valid after a patch that changed only what `keep` rejects.
    pub(super) fn carried(&self, keep: impl Fn(&CacheKey) -> bool) -> Cache {
        Cache {
            entries: self
                .entries
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, e)| {
                    let entry = Entry {
                        value: Arc::clone(&e.value),
                        weight: Arc::clone(&e.weight),
                        used: e.used,
                    };
                    (k.clone(), entry)
                })
                .collect(),
            limit: self.limit,
            clock: self.clock,
        }
    }

    /// The bytes the entries hold now.
    pub(super) fn bytes(&self) -> usize {
        self.entries.values().map(|e| e.weight.bytes()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Scope;
    use chrono::NaiveDate;

    fn key(day: u32) -> CacheKey {
        let since = NaiveDate::from_ymd_opt(2020, 1, day);
        (Scope::everything().window(since, None), "met".to_owned())
    }

    fn value(bytes: usize) -> Arc<Weighed<()>> {
        Arc::new(Weighed { value: (), bytes })
    }

    #[test]
    fn the_least_recently_used_results_go_first_once_the_bytes_are_spent() {
        let mut cache = Cache::new(1000);
        cache.insert(key(1), value(400));
        cache.insert(key(2), value(400));
        assert!(cache.get(&key(1)).is_some()); // 1 is now used after 2
        cache.insert(key(3), value(400));
        assert!(cache.bytes() <= 1000);
        assert!(cache.get(&key(2)).is_none(), "the least recently used went");
        assert!(cache.get(&key(1)).is_some() && cache.get(&key(3)).is_some());
        // A value larger than the bound is kept alone, the others go.
        cache.insert(key(4), value(5000));
        assert_eq!(cache.bytes(), 5000);
        assert!(cache.get(&key(4)).is_some());
        // What a patch carries keeps its bound.
        let carried = cache.carried(|_| true);
        assert_eq!((carried.bytes(), carried.limit()), (5000, 1000));
    }
}

//! The audit spool: where a replica records the audited reads it answers while the
//! database is away, so that no such answer leaves unrecorded.
//!
//! It is a local append-only file of JSON lines, each event with a random spool id,
//! flushed to disk (`fsync`) before the answer goes. When the database answers again
//! the spool is replayed into the audit log in one transaction, in its order, and
//! then emptied; the audit log's unique spool ids make a replay that is repeated
//! (say, after a crash between the commit and the emptying) record nothing twice.
//! A torn last line, from a crash in the middle of an append whose answer therefore
//! never left, is dropped.

use super::Store;
use super::audit::AuditRecord;
use super::error::{StoreError, StoreResult};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One spooled event, as a line of the file.
#[derive(serde::Serialize, serde::Deserialize)]
struct Line {
    spool_id: String,
    at: chrono::DateTime<chrono::Utc>,
    key_id: Option<i32>,
    role: String,
    operation: String,
    ids: String,
    detail: Option<String>,
}

/// The spool of one replica.
#[derive(Clone)]
pub struct AuditSpool {
    path: Arc<PathBuf>,
    /// Appends and replays take turns, so that a replay sees whole appends and
    /// empties only what it has recorded.
    turn: Arc<tokio::sync::Mutex<()>>,
    /// Whether the file may hold events: read from it once at start, set by every
    /// append, cleared (under the turn) when a replay empties it; so that the
    /// request path asks no file system.
    pending: Arc<AtomicBool>,
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Spool(e.to_string())
}

impl AuditSpool {
    pub fn new(path: PathBuf) -> AuditSpool {
        let pending = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
        AuditSpool {
            path: Arc::new(path),
            turn: Arc::new(tokio::sync::Mutex::new(())),
            pending: Arc::new(AtomicBool::new(pending)),
        }
    }

    /// Whether events wait to be replayed.
    pub fn pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    /// Appends events and flushes them to disk; an error when they could not be.
    pub async fn append(&self, events: &[AuditRecord]) -> StoreResult<()> {
        let mut text = String::new();
        for e in events {
            let mut id = [0u8; 16];
            getrandom::fill(&mut id).map_err(failed)?;
            let line = Line {
                spool_id: hex::encode(id),
                at: e.at,
                key_id: e.key_id,
                role: e.role.clone(),
                operation: e.operation.clone(),
                ids: e.ids.clone(),
                detail: e.detail.clone(),
            };
            text.push_str(&serde_json::to_string(&line).map_err(failed)?);
            text.push('\n');
        }
        let _turn = self.turn.lock().await;
        // Set before the write: one that fails half way may leave a torn line,
        // which the next replay drops.
        self.pending.store(true, Ordering::Release);
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&*path)?;
            file.write_all(text.as_bytes())?;
            file.sync_data()
        })
        .await
        .map_err(failed)?
        .map_err(failed)
    }

    /// Replays the spooled events into the audit log, then empties the spool;
    /// returns how many there were.
    pub async fn replay(&self, store: &Store) -> StoreResult<usize> {
        let _turn = self.turn.lock().await;
        let text = match std::fs::read_to_string(&*self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.pending.store(false, Ordering::Release);
                return Ok(0);
            }
            Err(e) => return Err(failed(e)),
        };
        // Only whole lines: a torn last one was never acknowledged.
        let events: Vec<(String, AuditRecord)> = text
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n'))
            .filter_map(|l| serde_json::from_str::<Line>(l).ok())
            .map(|l| {
                let record = AuditRecord {
                    id: 0,
                    at: l.at,
                    key_id: l.key_id,
                    role: l.role,
                    operation: l.operation,
                    ids: l.ids,
                    detail: l.detail,
                };
                (l.spool_id, record)
            })
            .collect();
        store.replay_audit(&events).await?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&*self.path)
            .map_err(failed)?;
        file.set_len(0).map_err(failed)?;
        file.sync_data().map_err(failed)?;
        self.pending.store(false, Ordering::Release);
        if !events.is_empty() {
            tracing::info!(
                events = events.len(),
                "the audit spool was replayed into the audit log"
            );
        }
        Ok(events.len())
    }

    /// Records events: in the audit log, or while the database is away in the
    /// spool. Events spooled earlier go to the log first, so that it keeps their
    /// order. An error only when neither could be written.
    pub async fn record(&self, store: &Store, events: &[AuditRecord]) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        if self.pending() {
            match self.replay(store).await {
                Ok(_) => {}
                Err(e) if e.is_unavailable() => return self.append(events).await,
                Err(e) => return Err(e),
            }
        }
        match store.append_audit(events).await {
            Err(e) if e.is_unavailable() => {
                tracing::warn!(error = %e, events = events.len(), "the database is away; audit events go to the spool");
                self.append(events).await
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditRecord {
        AuditRecord {
            id: 0,
            at: chrono::Utc::now(),
            key_id: None,
            role: "analyst".into(),
            operation: "export".into(),
            ids: "m1".into(),
            detail: None,
        }
    }

    #[tokio::test]
    async fn pending_follows_appends_and_what_the_file_held_at_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.spool");
        let spool = AuditSpool::new(path.clone());
        assert!(!spool.pending(), "no file yet");
        spool.append(&[event()]).await.expect("appended");
        assert!(spool.pending());
        // A spool opened on a file that holds events knows it.
        assert!(AuditSpool::new(path.clone()).pending());
        std::fs::write(&path, "").expect("emptied");
        assert!(!AuditSpool::new(path).pending(), "an empty file");
    }
}

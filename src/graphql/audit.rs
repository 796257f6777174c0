//! The audit trail of one request: writes and reads of closed or confidential
//! participation, collected while the request runs and appended to the audit log
//! when it ends (by the HTTP layer, which knows the reader).

use std::sync::Mutex;

/// One event: an operation and the ids it concerned (never personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub operation: String,
    pub ids: Vec<String>,
    pub detail: Option<String>,
}

/// The events of one request.
#[derive(Debug, Default)]
pub struct AuditTrail {
    events: Mutex<Vec<AuditEvent>>,
}

impl AuditTrail {
    pub fn record(&self, operation: &str, ids: Vec<String>, detail: Option<String>) {
        if let Ok(mut events) = self.events.lock() {
            events.push(AuditEvent {
                operation: operation.to_owned(),
                ids,
                detail,
            });
        }
    }

    /// Takes the events recorded so far.
    pub fn take(&self) -> Vec<AuditEvent> {
        self.events
            .lock()
            .map(|mut events| std::mem::take(&mut *events))
            .unwrap_or_default()
    }
}

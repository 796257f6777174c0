//! Errors of the store layer.

use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr};

/// What can go wrong reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The entity named does not exist.
    #[error("{entity} '{id}' does not exist")]
    NotFound { entity: &'static str, id: String },
    /// An entity with this id (or this link) exists already.
    #[error("{entity} '{id}' already exists")]
    AlreadyExists { entity: &'static str, id: String },
    /// A field refers to something that does not exist, or breaks a rule of the data.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Rows of an import that the writer may not write (they name meetings above
    /// the writer's ceiling); nothing was written.
    #[error("{} row(s) of the import cannot be written", .0.len())]
    Refused(Vec<RefusedRow>),
    /// A stored row does not parse into a domain record (data written around the service).
    #[error("stored {table} row '{id}' is invalid: {message}")]
    Corrupt {
        table: &'static str,
        id: String,
        message: String,
    },
    /// A task reading the store failed (it panicked or was cancelled).
    #[error("a store task failed: {0}")]
    Task(String),
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// The local audit spool could not be written or read.
    #[error("the audit spool failed: {0}")]
    Spool(String),
    /// A write waited too long for its turn (SQLite takes one writer at a time).
    #[error("the database is busy with other writes")]
    Busy,
}

/// A row of an imported dataset the writer may not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// The dataset's table, named as its bundle file (`meetings.csv`).
    pub file: &'static str,
    /// The row's position in that table of the dataset (0-based).
    pub index: usize,
    /// The column at fault.
    pub column: &'static str,
    /// Says no more than a missing or taken id would.
    pub message: String,
}

impl StoreError {
    /// Whether the database could not be reached or could not take the statement now
    /// (as opposed to refusing it): no connection could be made or kept, the pool
    /// gave none in time, the server is shutting down or full, or SQLite stayed busy
    /// past its timeout. Such a request may succeed when tried again.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Busy => true,
            StoreError::Database(e) => unavailable(e),
            _ => false,
        }
    }
}

impl StoreError {
    /// Whether PostgreSQL aborted the transaction for a concurrent one (SQLSTATE
    /// 40001, a serialization failure, or 40P01, a deadlock): the same write may
    /// succeed when run again.
    pub fn is_retryable(&self) -> bool {
        self.sqlstate()
            .is_some_and(|code| matches!(code.as_str(), "40001" | "40P01"))
    }

    /// Whether the write broke a unique key: a row with this key was written at the
    /// same time (PostgreSQL 23505; SQLite 1555 and 2067).
    pub fn is_duplicate(&self) -> bool {
        self.sqlstate()
            .is_some_and(|code| matches!(code.as_str(), "23505" | "1555" | "2067"))
    }

    /// The database's own code for the error (a SQLSTATE, or SQLite's extended
    /// result code).
    fn sqlstate(&self) -> Option<String> {
        let StoreError::Database(
            DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)),
        ) = self
        else {
            return None;
        };
        match &**e {
            sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
            _ => None,
        }
    }
}

fn unavailable(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            driver_unavailable(e)
        }
        _ => false,
    }
}

/// The connection-class failures of the driver.
fn driver_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            let Some(code) = db.code() else {
                return false;
            };
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                sqlite_busy(&code)
            } else {
                postgres_unavailable(&code)
            }
        }
        _ => false,
    }
}

/// SQLSTATEs of a server that cannot take statements now: class 08 (connection
/// exception), 57P01-57P03 (shutting down, crashed, cannot connect now) and 53300
/// (too many connections).
fn postgres_unavailable(sqlstate: &str) -> bool {
    sqlstate.starts_with("08") || matches!(sqlstate, "57P01" | "57P02" | "57P03" | "53300")
}

/// SQLite's BUSY (5) and LOCKED (6), with their extended codes (e.g. 517, a busy
/// snapshot), once the busy timeout has run out.
fn sqlite_busy(code: &str) -> bool {
    code.parse::<u32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_classes_are_unavailable_and_refusals_are_not() {
        for code in [
            "08000", "08006", "08P01", "57P01", "57P02", "57P03", "53300",
        ] {
            assert!(postgres_unavailable(code), "{code}");
        }
        for code in ["23505", "40001", "42601", "57014", "53200"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
        for code in ["5", "6", "517", "261", "262"] {
            assert!(sqlite_busy(code), "{code}");
        }
        for code in ["19", "2067", "1555", "11"] {
            assert!(!sqlite_busy(code), "{code}");
        }
    }
}

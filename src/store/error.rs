//! Errors of the store layer.

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
    /// Whether the database could not be reached (as opposed to refusing a statement):
    /// no connection could be made or kept, or the pool gave none in time.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(e) = self else {
            return false;
        };
        match e {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
            DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
                matches!(
                    **e,
                    sea_orm::sqlx::Error::Io(_)
                        | sea_orm::sqlx::Error::PoolTimedOut
                        | sea_orm::sqlx::Error::PoolClosed
                        | sea_orm::sqlx::Error::WorkerCrashed
                        | sea_orm::sqlx::Error::Tls(_)
                )
            }
            _ => false,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

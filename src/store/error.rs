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
    /// A stored row does not parse into a domain record (data written around the service).
    #[error("stored {table} row '{id}' is invalid: {message}")]
    Corrupt {
        table: &'static str,
        id: String,
        message: String,
    },
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
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

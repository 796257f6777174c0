//! Errors of the store layer.

use sea_orm::DbErr;

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

pub type StoreResult<T> = Result<T, StoreError>;

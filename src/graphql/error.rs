//! The one place where the errors of resolvers become what a client sees: a safe
//! message and a stable `extensions.code` ([`ErrorCode`], mapped by [`ApiError::code`]).
//!
//! Internal causes (database errors and the like) are logged with a correlation id and
//! never echoed; the client gets the id to quote.

use super::code::ErrorCode;
use crate::bundle::{BundleError, Problem};
use crate::network::NetworkError;
use crate::snapshot::SnapshotError;
use crate::store::StoreError;
use async_graphql::{ErrorExtensions, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// An error on its way to a client.
#[derive(Debug)]
pub enum ApiError {
    NotFound(String),
    BadInput {
        message: String,
        /// The input field at fault, as a path (`input.country`).
        field: Option<String>,
    },
    InvalidBundle(Vec<Problem>),
    Conflict(String),
    /// The reader's role does not allow this.
    Forbidden(String),
    /// A computation would run past its time budget.
    OverBudget(String),
    /// The request ran past its time limit.
    Timeout(String),
    /// The database cannot be reached; the detail is logged, never shown.
    Unavailable(String),
    Internal(String),
}

impl ApiError {
    /// The code the client sees for this error: the one place that maps them.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::BadInput { .. } | ApiError::InvalidBundle(_) => ErrorCode::BadInput,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::OverBudget(_) => ErrorCode::BudgetExceeded,
            ApiError::Timeout(_) => ErrorCode::Timeout,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::BadInput {
            message: message.into(),
            field: Some(field.into()),
        }
    }
}

/// Turns a store field name (`organisation_id`) into the API's (`organisationId`).
fn camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => ApiError::NotFound(e.to_string()),
            StoreError::AlreadyExists { .. } => ApiError::Conflict(e.to_string()),
            // The mutation that imports maps each row to its line; this is the
            // fallback, which says only that rows were refused.
            StoreError::Refused(_) => ApiError::BadInput {
                field: None,
                message: e.to_string(),
            },
            StoreError::Invalid { field, message } => ApiError::BadInput {
                field: Some(format!("input.{}", camel(&field))),
                message,
            },
            StoreError::Database(_) | StoreError::Busy if e.is_unavailable() => {
                ApiError::Unavailable(e.to_string())
            }
            StoreError::Database(_) if e.is_retryable() => ApiError::Conflict(
                "the database gave way to a concurrent write; send this one again".into(),
            ),
            StoreError::Database(_) if e.is_duplicate() => ApiError::Conflict(
                "a record with this id was written at the same time; read it, then send this again if still needed".into(),
            ),
            StoreError::Corrupt { .. }
            | StoreError::Database(_)
            | StoreError::Busy
            | StoreError::Spool(_)
            | StoreError::Task(_) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<crate::access::Forbidden> for ApiError {
    fn from(e: crate::access::Forbidden) -> Self {
        ApiError::Forbidden(e.to_string())
    }
}

impl From<Arc<StoreError>> for ApiError {
    fn from(e: Arc<StoreError>) -> Self {
        match Arc::try_unwrap(e) {
            Ok(e) => e.into(),
            Err(shared) => match &*shared {
                e if e.is_unavailable() => ApiError::Unavailable(shared.to_string()),
                StoreError::Database(_) | StoreError::Corrupt { .. } => {
                    ApiError::Internal(shared.to_string())
                }
                other => ApiError::Internal(format!("unexpected loader error: {other}")),
            },
        }
    }
}

impl From<NetworkError> for ApiError {
    fn from(e: NetworkError) -> Self {
        match e {
            NetworkError::UnknownPerson(_) => ApiError::NotFound(e.to_string()),
            NetworkError::DanglingReference { .. } => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<crate::network::analysis::OverBudget> for ApiError {
    fn from(e: crate::network::analysis::OverBudget) -> Self {
        ApiError::OverBudget(format!(
            "{e}; narrow the time window, ask for a sample, or raise ANALYSIS_BUDGET_MS"
        ))
    }
}

impl From<SnapshotError> for ApiError {
    fn from(e: SnapshotError) -> Self {
        match e {
            SnapshotError::Store(e) => e.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<BundleError> for ApiError {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::Invalid(problems) => ApiError::InvalidBundle(problems),
            BundleError::Io { .. } | BundleError::Workbook(_) => ApiError::Internal(e.to_string()),
        }
    }
}

/// A short id to find an internal error in the server log.
fn correlation_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:x}",
        nanos.rotate_left(17) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    )
}

/// A problem as `extensions.problems` lists it: `file`, `line` and `column` for a CSV
/// file; for a workbook `sheet`, `row` and `columnLetter` too (and `line` null).
fn problem_value(p: &Problem) -> Value {
    let text = |value: Option<&str>| value.map(Value::from).unwrap_or(Value::Null);
    let number = |value: Option<u64>| value.map(Value::from).unwrap_or(Value::Null);
    let cell = p.cell.as_ref();
    let fields = [
        ("file", Value::from(p.file.clone())),
        ("line", number(p.csv_line())),
        ("column", text(p.column.as_deref())),
        ("sheet", text(cell.map(|c| c.sheet.as_str()))),
        ("row", number(p.sheet_row())),
        ("columnLetter", text(cell.and_then(|c| c.letter.as_deref()))),
        ("message", Value::from(p.message.clone())),
    ];
    Value::Object(
        fields
            .into_iter()
            .map(|(name, value)| (async_graphql::Name::new(name), value))
            .collect(),
    )
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        let code = e.code().as_str();
        match e {
            ApiError::NotFound(message)
            | ApiError::Conflict(message)
            | ApiError::Forbidden(message)
            | ApiError::OverBudget(message)
            | ApiError::Timeout(message) => {
                async_graphql::Error::new(message).extend_with(|_, ext| ext.set("code", code))
            }
            ApiError::BadInput { message, field } => async_graphql::Error::new(message)
                .extend_with(|_, ext| {
                    ext.set("code", code);
                    if let Some(field) = &field {
                        ext.set("field", field.as_str());
                    }
                }),
            ApiError::InvalidBundle(problems) => async_graphql::Error::new(format!(
                "the bundle has {} problem(s); nothing was imported",
                problems.len()
            ))
            .extend_with(|_, ext| {
                ext.set("code", code);
                ext.set(
                    "problems",
                    Value::List(problems.iter().map(problem_value).collect()),
                );
            }),
            ApiError::Unavailable(detail) => {
                let id = correlation_id();
                tracing::error!(correlation_id = %id, error = %detail, "database unavailable");
                async_graphql::Error::new(format!(
                    "the database cannot be reached right now; try again shortly (correlation id {id})"
                ))
                .extend_with(|_, ext| {
                    ext.set("code", code);
                    ext.set("correlationId", id.as_str());
                })
            }
            ApiError::Internal(detail) => {
                let id = correlation_id();
                tracing::error!(correlation_id = %id, error = %detail, "internal error");
                async_graphql::Error::new(format!("internal error (correlation id {id})"))
                    .extend_with(|_, ext| {
                        ext.set("code", code);
                        ext.set("correlationId", id.as_str());
                    })
            }
        }
    }
}

/// The result type of resolvers.
pub type ApiResult<T> = Result<T, ApiError>;

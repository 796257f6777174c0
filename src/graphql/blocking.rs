//! Work that takes CPU rather than waiting (an analysis, coverage's tables, reading
//! a bundle) runs on a blocking thread, so that the async workers keep serving
//! other requests and `/health`; a task that panicked is an internal error that
//! says which work it was.

use super::error::{ApiError, ApiResult};

/// Runs `work` on a blocking thread and waits for it; `what` names the work in the
/// (logged, never shown) internal error of a task that did not finish.
pub async fn off_workers<T, F>(what: &str, work: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(format!("the {what} task failed: {e}")))
}

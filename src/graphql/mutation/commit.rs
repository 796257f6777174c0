//! How a write runs: by an editor, as the request's writer, in one transaction
//! retried when PostgreSQL aborts it for a concurrent one, then the relationship
//! model brought up to date.

use crate::domain::Role;
use crate::graphql::context::{ApiContext, api, require};
use crate::graphql::error::ApiResult;
use crate::store::{StoreResult, Writer};
use async_graphql::Context;

/// The request's writer, for the store: the view's visibility and the key to audit,
/// under the mutation's name.
pub(super) fn writer(ctx: &Context<'_>) -> ApiResult<Writer> {
    let view = crate::graphql::context::view(ctx)?;
    Ok(Writer {
        visibility: view.visibility(),
        role: view.role(),
        key_id: view.reader().key_id,
        operation: ctx.field().name().to_owned(),
    })
}

/// The most times a write is run when PostgreSQL aborts it for a concurrent one.
pub(super) const ATTEMPTS: u32 = 3;

/// Runs a store write, again (at most [`ATTEMPTS`] times in all, a little later
/// each time) when the database aborted it for a serialization failure or a
/// deadlock; then brings the relationship model up to date.
pub(super) async fn commit<T, F, Fut>(api: &ApiContext, write: F) -> ApiResult<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StoreResult<T>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(e) if e.is_retryable() && attempt < ATTEMPTS => {
                tracing::info!(attempt, error = %e, "a write gave way to a concurrent one; again");
                tokio::time::sleep(std::time::Duration::from_millis(25 * u64::from(attempt))).await;
                attempt += 1;
            }
            result => {
                let value = result?;
                api.written().await;
                return Ok(value);
            }
        }
    }
}

/// The API context, for a reader allowed to write (editor or admin).
pub(super) fn editor<'a>(ctx: &Context<'a>) -> ApiResult<&'a ApiContext> {
    require(ctx, Role::WRITES)?;
    api(ctx)
}

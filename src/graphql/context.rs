//! What resolvers reach through the GraphQL context: the store, the live model, the
//! request's access view, loaders and limits.

use super::audit::AuditTrail;
use super::error::{ApiError, ApiResult};
use super::loaders::Loaders;
use crate::access::{Policy, View};
use crate::domain::{Confidentiality, Role};
use crate::network::{MeetingNode, Network, Scope};
use crate::snapshot::LiveNetwork;
use crate::store::Store;
use async_graphql::Context;
use async_graphql::dataloader::Loader;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// Shared by every request.
pub struct ApiContext {
    pub store: Store,
    pub live: Arc<LiveNetwork>,
    pub max_page_size: usize,
    /// How long one analysis may compute.
    pub analysis_budget: std::time::Duration,
    /// The installation's privacy settings, from which each request's view is made.
    pub policy: Policy,
}

impl ApiContext {
    /// Brings the live model up to date after a committed write (whose audit row
    /// the store committed with it). The write stands even if the rebuild fails (it
    /// is logged, and the next write or poll retries).
    pub async fn written(&self) {
        if let Err(e) = self.live.refresh().await {
            tracing::error!(error = %e, "rebuilding the relationship model after a write failed");
        }
    }
}

pub fn api<'a>(ctx: &Context<'a>) -> ApiResult<&'a ApiContext> {
    ctx.data::<ApiContext>()
        .map_err(|_| ApiError::Internal("the API context is missing".into()))
}

/// Records an event in the request's audit trail.
pub fn audit(ctx: &Context<'_>, operation: &str, ids: Vec<String>, detail: Option<String>) {
    match ctx.data::<Arc<AuditTrail>>() {
        Ok(trail) => trail.record(operation, ids, detail),
        Err(_) => tracing::error!(operation, "a request without an audit trail"),
    }
}

/// Audits a read that showed participations in non-public meetings.
pub fn audit_read(ctx: &Context<'_>, operation: &str, meetings: Vec<String>) {
    if !meetings.is_empty() {
        audit(
            ctx,
            operation,
            meetings,
            Some("closed or confidential participation".into()),
        );
    }
}

/// Audits a computation over the meetings of `scope` when any of them is not public.
pub fn audit_scope(ctx: &Context<'_>, operation: &str, network: &Network, scope: &Scope) {
    let hidden = network
        .meetings()
        .iter()
        .filter(|m| scope.admits(m) && m.confidentiality > Confidentiality::Public)
        .count();
    if hidden > 0 {
        audit(
            ctx,
            operation,
            Vec::new(),
            Some(format!(
                "computed over {hidden} closed or confidential meetings"
            )),
        );
    }
}

/// The ids of the non-public meetings among `meetings`.
pub fn non_public<'a>(meetings: impl IntoIterator<Item = &'a MeetingNode>) -> Vec<String> {
    let mut ids: Vec<String> = meetings
        .into_iter()
        .filter(|m| m.confidentiality > Confidentiality::Public)
        .map(|m| m.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The request's access view (set by the HTTP layer from the API key): what its
/// reader may see and do.
pub fn view<'a>(ctx: &Context<'a>) -> ApiResult<&'a View> {
    ctx.data::<View>()
        .map_err(|_| ApiError::Internal("the request's access view is missing".into()))
}

/// The meetings the request's reader may see, over all time.
pub fn scope(ctx: &Context<'_>) -> ApiResult<Scope> {
    Ok(view(ctx)?.scope())
}

/// The small-cell threshold for this request's reader: MIN_CELL_SIZE for a masked
/// reader, none for analysts and above.
pub fn small_cell_threshold(ctx: &Context<'_>) -> ApiResult<Option<usize>> {
    Ok(view(ctx)?.small_cell_threshold())
}

/// Fails with FORBIDDEN unless the reader's role is at least `role`.
pub fn require(ctx: &Context<'_>, role: Role) -> ApiResult<()> {
    Ok(view(ctx)?.require(role)?)
}

pub fn loader<'a>(ctx: &Context<'a>) -> ApiResult<&'a Loaders> {
    ctx.data::<Loaders>()
        .map_err(|_| ApiError::Internal("the request's loader is missing".into()))
}

/// Loads one value through the request's loader.
pub async fn load_one<K>(
    ctx: &Context<'_>,
    key: K,
) -> ApiResult<Option<<super::loaders::StoreLoader as Loader<K>>::Value>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    super::loaders::StoreLoader: Loader<K, Error = Arc<crate::store::StoreError>>,
{
    Ok(loader(ctx)?.load_one(key).await?)
}

/// Loads many values through the request's loader, in the order of `keys`, skipping
/// keys with no value.
pub async fn load_ordered<K>(
    ctx: &Context<'_>,
    keys: Vec<K>,
) -> ApiResult<Vec<<super::loaders::StoreLoader as Loader<K>>::Value>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    super::loaders::StoreLoader: Loader<K, Error = Arc<crate::store::StoreError>>,
{
    let mut found: HashMap<K, _> = loader(ctx)?.load_many(keys.iter().cloned()).await?;
    Ok(keys.iter().filter_map(|k| found.remove(k)).collect())
}

//! What resolvers reach through the GraphQL context: the store, the live model, the
//! request's loaders and the limits.

use super::error::{ApiError, ApiResult};
use super::loaders::Loaders;
use crate::network::Scope;
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
}

impl ApiContext {
    /// The meetings the current reader may see. Until readers are identified, every
    /// reader sees every meeting; this is the one place that will narrow it.
    pub fn scope(&self) -> Scope {
        Scope::everything()
    }

    /// Brings the live model up to date after a committed write. The write stands
    /// even if the rebuild fails (it is logged, and the next write or poll retries).
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

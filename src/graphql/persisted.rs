//! Automatic persisted queries: a client sends a query's SHA-256 with its text once
//! (the `persistedQuery` extension, version 1), and the hash alone after that. Every
//! refusal is coded where it is made: a hash not held answers
//! `PERSISTED_QUERY_NOT_FOUND` (the client then sends the text too), a malformed
//! extension or a hash that is not the text's `BAD_REQUEST`.

use super::code::ErrorCode;
use async_graphql::extensions::apollo_persisted_queries::{CacheStorage, LruCacheStorage};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerError, ServerResult};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The message of a hash not held, as Apollo clients look for it.
const NOT_FOUND: &str = "PersistedQueryNotFound";

/// The answer to a query sent by a hash not held.
pub fn persisted_query_not_found() -> ServerError {
    ErrorCode::PersistedQueryNotFound.error(NOT_FOUND)
}

/// The `persistedQuery` extension of a request.
#[derive(serde::Deserialize)]
struct Persisted {
    version: i32,
    #[serde(rename = "sha256Hash")]
    sha256_hash: String,
}

/// The extension that registers and recalls persisted queries in a bounded cache.
pub struct PersistedQueries(pub LruCacheStorage);

impl ExtensionFactory for PersistedQueries {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PersistedQueries(self.0.clone()))
    }
}

impl PersistedQueries {
    /// Fills in the document of a request sent by hash, or registers the one sent
    /// with its hash.
    async fn resolve(&self, request: &mut Request, persisted: Persisted) -> ServerResult<()> {
        if persisted.version != 1 {
            return Err(ErrorCode::BadRequest.error(format!(
                "Only the \"PersistedQuery\" extension of version \"1\" is supported, and the current version is \"{}\".",
                persisted.version
            )));
        }
        if request.query.is_empty() {
            let document = self
                .0
                .get(persisted.sha256_hash)
                .await
                .ok_or_else(persisted_query_not_found)?;
            request.set_parsed_query(document);
            return Ok(());
        }
        let hash = hex::encode(Sha256::digest(request.query.as_bytes()));
        if persisted.sha256_hash != hash {
            return Err(ErrorCode::BadRequest.error("provided sha does not match query"));
        }
        let document = request.parsed_query().map_err(|mut error| {
            ErrorCode::GraphqlValidationFailed.mark(&mut error);
            error
        })?;
        self.0.set(hash, document.clone()).await;
        Ok(())
    }
}

#[async_trait::async_trait]
impl Extension for PersistedQueries {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Some(value) = request.extensions.remove("persistedQuery") {
            let persisted: Persisted = async_graphql::from_value(value).map_err(|_| {
                ErrorCode::BadRequest.error("Invalid \"PersistedQuery\" extension configuration.")
            })?;
            self.resolve(&mut request, persisted).await?;
        }
        next.run(ctx, request).await
    }
}

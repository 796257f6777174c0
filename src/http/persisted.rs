//! Requests that name their query by hash alone (automatic persisted queries): their
//! document is recalled before the checks made ahead of execution, so that those
//! see what will run. The schema's extension registers the queries
//! (`graphql/persisted.rs`); this side only reads the shared cache.

use super::media::{MediaType, graphql_response};
use super::{HttpState, observed};
use crate::graphql::{ErrorCode, persisted_query_not_found};
use async_graphql::extensions::apollo_persisted_queries::CacheStorage;
use axum::response::Response;

/// The hash of a request that names its query by hash alone (a `persistedQuery`
/// extension and no query text).
fn persisted_hash(request: &async_graphql::Request) -> Option<String> {
    if !request.query.is_empty() {
        return None;
    }
    let async_graphql::Value::Object(persisted) = request.extensions.get("persistedQuery")? else {
        return None;
    };
    match persisted.get("sha256Hash")? {
        async_graphql::Value::String(hash) => Some(hash.clone()),
        _ => None,
    }
}

/// Fills in the document of a request sent by hash alone; a hash not held answers
/// `PERSISTED_QUERY_NOT_FOUND`, after which the client sends the query too.
pub(super) async fn recall_persisted(
    state: &HttpState,
    media: MediaType,
    request: &mut async_graphql::Request,
) -> Result<(), Response> {
    let Some(hash) = persisted_hash(request) else {
        return Ok(());
    };
    match state.persisted_queries.get(hash).await {
        Some(document) => {
            request.set_parsed_query(document);
            Ok(())
        }
        None => {
            let response = async_graphql::Response::from_errors(vec![persisted_query_not_found()]);
            Err(observed(
                graphql_response(media, &response),
                None,
                vec![ErrorCode::PersistedQueryNotFound],
            ))
        }
    }
}

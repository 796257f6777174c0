//! The caching headers of `/graphql` answers to GET: a successful one may be kept by
//! the reader's own cache and is revalidated with its entity tag; anything else is
//! kept by no cache.

use super::metrics::Observation;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Marks an answer as not to be kept by any cache.
pub(super) fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// A GET query's answer, for the browser's cache: a successful one may be kept by
/// the reader's own cache only (it depends on the key) and is revalidated each time
/// with its entity tag (the query runs again, as its audit needs, but an unchanged
/// answer travels as 304 without a body); an error is not kept.
pub(super) async fn cacheable(headers: &HeaderMap, response: Response) -> Response {
    let succeeded = response.status() == StatusCode::OK
        && response
            .extensions()
            .get::<Observation>()
            .is_some_and(|o| o.codes.is_empty());
    if !succeeded {
        return no_store(response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let opaque = format!("\"{}\"", hex::encode(&Sha256::digest(&bytes)[..16]));
    let Ok(tag) = header::HeaderValue::from_str(&format!("W/{opaque}")) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-cache"),
    );
    parts.headers.append(
        header::VARY,
        header::HeaderValue::from_static("authorization, accept"),
    );
    let unchanged = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == opaque
        });
    parts.headers.insert(header::ETAG, tag);
    if unchanged {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

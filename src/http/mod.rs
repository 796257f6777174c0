//! The HTTP surface (axum): `/graphql` (POST with a JSON body; GET for queries and,
//! from a browser, GraphiQL; [`endpoint`]), `/graphql/ws` (subscriptions over WebSocket), the explorer page at `/`, `/exports/...`, `/health`,
//! `/ready` and `/metrics`. Around them: CORS for the origins the installation lists
//! ([`cors`]), compression of answers above [`COMPRESS_ABOVE`] bytes (gzip or brotli,
//! as `Accept-Encoding` asks) and the URL length limit ([`MAX_URL_BYTES`]).

mod caching;
pub mod cors;
mod endpoint;
mod exports;
mod limits;
mod live;
mod media;
pub mod metrics;
mod persisted;
mod web;

use crate::access::{Policy, Reader};
use crate::auth::{AuthError, Role, authenticate};
use crate::graphql::{AppSchema, AuditTrail, ErrorCode};
use crate::snapshot::LiveNetwork;
use crate::store::AuditRecord;
use crate::store::Store;
use async_graphql::extensions::apollo_persisted_queries::LruCacheStorage;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics::{Metrics, Observation};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{
    DefaultPredicate, NotForContentType, Predicate, SizeAbove,
};

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub schema: AppSchema,
    pub store: Store,
    /// The live API keys, held in memory.
    pub keys: Arc<crate::auth::KeyTable>,
    /// Where audited reads are recorded while the database is away.
    pub spool: crate::store::AuditSpool,
    pub live: Arc<LiveNetwork>,
    /// How long a DataLoader fetch waits for more loads past the end of its
    /// execution step (none by default).
    pub batch_window: Duration,
    /// The role of readers without a key; None refuses them.
    pub anonymous: Option<Role>,
    /// The privacy settings each request's access view is made with.
    pub policy: Policy,
    pub limits: RequestLimits,
    pub metrics: Arc<Metrics>,
    /// Places for live-update WebSocket connections.
    pub sockets: Arc<tokio::sync::Semaphore>,
    /// The web origins whose pages may call the API.
    pub cors: cors::CorsOrigins,
    /// The automatic persisted queries (the schema's extension registers them; a
    /// request by hash alone is looked up here before it is checked).
    pub persisted_queries: LruCacheStorage,
}

/// Places for as many live-update connections as the service takes at once.
pub fn socket_places() -> Arc<tokio::sync::Semaphore> {
    Arc::new(tokio::sync::Semaphore::new(live::MAX_CONNECTIONS))
}

/// Limits on each request.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    pub max_aliases: usize,
    pub max_body_bytes: usize,
    /// How long a request may run.
    pub timeout: Duration,
    /// How long a download's graph may take to compute (as an analysis may).
    pub analysis_budget: Duration,
}

/// The most queries the automatic persisted query cache holds (least recently used
/// out first).
pub const PERSISTED_QUERIES: usize = 1000;

/// The longest URL accepted (path and query string), in bytes; 414 beyond. A query
/// that long belongs in a POST body.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// Answers smaller than this many bytes are sent uncompressed (compressing them
/// would save little and cost a round of work each).
pub const COMPRESS_ABOVE: u16 = 1024;

/// The router of the service.
pub fn router(state: HttpState) -> Router {
    let max_body = state.limits.max_body_bytes;
    let cors = state.cors.layer();
    let observed = Router::new()
        .route("/graphql", get(endpoint::get).post(endpoint::post))
        .route("/graphql/ws", get(live::upgrade))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state.metrics),
            metrics::observe,
        ));
    let router = Router::new()
        .merge(observed)
        .route("/", get(web::index))
        .route("/explorer.js", get(web::script))
        .route("/explorer.css", get(web::style))
        .route("/import", get(web::import_page))
        .route("/import.js", get(web::import_script))
        .route("/import.css", get(web::import_style))
        .route("/vendor/{file}", get(web::vendor))
        .route("/exports/{file}", get(exports::download))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
        .layer(axum::middleware::from_fn(limit_url))
        .layer(compression());
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// Refuses URLs longer than [`MAX_URL_BYTES`] with a GraphQL error.
async fn limit_url(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if length > MAX_URL_BYTES {
        return request_error(
            ErrorCode::UriTooLong,
            &format!(
                "the URL is {length} bytes long; at most {MAX_URL_BYTES} are accepted (send a long query by POST)"
            ),
        );
    }
    next.run(request).await
}

/// Compression of answers (JSON, downloads) as the client's `Accept-Encoding` asks:
/// brotli or gzip, above [`COMPRESS_ABOVE`] bytes; zip files are compressed already.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(
        DefaultPredicate::new()
            .and(SizeAbove::new(COMPRESS_ABOVE))
            .and(NotForContentType::const_new("application/zip")),
    )
}

fn json_response(status: StatusCode, body: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A request that never reached execution, as a GraphQL error response with the
/// code's own status.
fn request_error(code: ErrorCode, message: &str) -> Response {
    request_error_as(code.status(), code, message)
}

/// A request that never reached execution, answered with a status more precise than
/// the code's (`405` for a mutation sent by GET, say).
fn request_error_as(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let response = json_response(
        status,
        &serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] }),
    );
    observed(response, None, vec![code])
}

/// Leaves what the metrics need to know in the response.
fn observed(mut response: Response, operation: Option<String>, codes: Vec<ErrorCode>) -> Response {
    response
        .extensions_mut()
        .insert(Observation { operation, codes });
    response
}

/// Records the request's audit events, in the audit log or while the database is
/// away in the spool; an error when they could not be recorded (the answer must
/// then not leave the server).
async fn record_audit(
    state: &HttpState,
    reader: &Reader,
    trail: &AuditTrail,
) -> Result<(), crate::store::StoreError> {
    let events: Vec<AuditRecord> = trail
        .take()
        .into_iter()
        .map(|e| AuditRecord {
            id: 0,
            at: chrono::Utc::now(),
            key_id: reader.key_id,
            role: reader.role.as_str().to_owned(),
            operation: e.operation,
            ids: e.ids.join(";"),
            detail: e.detail,
        })
        .collect();
    state
        .spool
        .record(&state.store, &events)
        .await
        .inspect_err(|e| {
            tracing::error!(error = %e, events = events.len(), "recording audit events failed");
        })
}

/// Identifies the reader from the `Authorization` header.
async fn reader(state: &HttpState, headers: &HeaderMap) -> Result<Reader, Response> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match authenticate(&state.keys, authorization, state.anonymous).await {
        Ok(reader) => Ok(reader),
        Err(AuthError::Store(e)) => {
            tracing::error!(error = %e, "authenticating a request failed");
            Err(request_error(
                ErrorCode::Unavailable,
                "the service cannot check keys right now",
            ))
        }
        Err(e) => {
            let mut response = request_error(ErrorCode::Unauthenticated, &e.to_string());
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            Err(response)
        }
    }
}

/// Ready when the database answers and the relationship model is loaded.
async fn ready(State(state): State<HttpState>) -> Response {
    let version = state.live.current().version();
    if state.store.ping().await {
        json_response(
            StatusCode::OK,
            &serde_json::json!({ "status": "ready", "modelVersion": version }),
        )
    } else {
        json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({ "status": "unavailable", "reason": "the database does not answer" }),
        )
    }
}

async fn health() -> Response {
    json_response(StatusCode::OK, &serde_json::json!({ "status": "ok" }))
}

/// Prometheus text format; for administrators (a scraper presents an admin key).
async fn metrics(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    match reader(&state, &headers).await {
        Ok(reader) if reader.role == Role::Admin => {}
        Ok(_) => {
            return request_error(ErrorCode::Forbidden, "/metrics needs the admin role");
        }
        Err(response) => return response,
    }
    match state.metrics.encode() {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            body,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

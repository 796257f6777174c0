//! The `/graphql` endpoint over HTTP: media types and status codes (GraphQL over
//! HTTP), GET for queries and POST for everything, automatic persisted queries, the
//! execution of a request on a blocking thread under its deadline and with its
//! reader's view, the audit of what it read, and the caching headers of GET answers.

use super::metrics::Observation;
use super::{HttpState, json_response, observed, reader, record_audit, request_error};
use crate::access::{Reader, View};
use crate::graphql::{
    AuditTrail, Deadline, MAX_STRING_CHARS, Steps, TooLong, count_aliases, loaders, too_long,
};
use async_graphql::extensions::apollo_persisted_queries::CacheStorage;
use async_graphql::parser::types::{
    DocumentOperations, OperationDefinition, OperationType, Selection,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;

/// The media types a GraphQL response can be sent as (GraphQL over HTTP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    /// `application/graphql-response+json`: the status code tells request errors.
    GraphqlResponse,
    /// `application/json`: every executed request answers 200.
    Json,
}

impl MediaType {
    fn as_str(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json",
        }
    }
}

/// The response media type the client accepts; 406 when it accepts neither.
fn negotiate(headers: &HeaderMap) -> Result<MediaType, Box<Response>> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(MediaType::Json);
    };
    let types: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .collect();
    if types.contains(&"application/graphql-response+json") {
        Ok(MediaType::GraphqlResponse)
    } else if types
        .iter()
        .any(|t| *t == "application/json" || *t == "application/*" || *t == "*/*")
    {
        Ok(MediaType::Json)
    } else {
        Err(Box::new(request_error(
            StatusCode::NOT_ACCEPTABLE,
            "the response is sent as application/graphql-response+json or application/json",
            "NOT_ACCEPTABLE",
        )))
    }
}

/// A GraphQL result in the negotiated media type. A request that failed before
/// execution (parse or validation errors) has no `data` entry, and with
/// `application/graphql-response+json` answers 400.
fn graphql_response(media: MediaType, response: &async_graphql::Response) -> Response {
    let request_failed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let status = if media == MediaType::GraphqlResponse && request_failed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut body = match serde_json::to_value(response) {
        Ok(body) => body,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if request_failed {
        // Nothing executed, so there is no `data` entry (not even null).
        if let Some(entries) = body.as_object_mut() {
            entries.remove("data");
        }
    }
    match serde_json::to_vec(&body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, media.as_str())], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The operation a request would run, with its name: the named one, or the only one
/// when no name is given (as the executor chooses). None when the query does not
/// parse or names no operation it holds.
pub(super) fn selected_operation(
    request: &mut async_graphql::Request,
) -> Option<(Option<String>, &OperationDefinition)> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match &document.operations {
        DocumentOperations::Single(op) => Some((None, &op.node)),
        DocumentOperations::Multiple(ops) => {
            let (found, op) = match name {
                Some(name) => ops.iter().find(|(k, _)| k.as_str() == name)?,
                None if ops.len() == 1 => ops.iter().next()?,
                None => return None,
            };
            Some((Some(found.to_string()), &op.node))
        }
    }
}

/// The metrics label of an operation: its name, or else its root fields.
fn operation_label(operation: Option<(Option<String>, &OperationDefinition)>) -> Option<String> {
    let (name, operation) = operation?;
    if let Some(name) = name {
        return Some(name);
    }
    let fields: Vec<&str> = operation
        .selection_set
        .node
        .items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => f.node.name.node.as_str(),
            _ => "...",
        })
        .collect();
    Some(fields.join(","))
}

/// Gives errors raised by the GraphQL engine itself (parsing, validation, limits) a
/// stable code; errors from resolvers carry theirs already.
fn coded(error: &mut async_graphql::ServerError) {
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some());
    if has_code {
        return;
    }
    let code = if error.message == PERSISTED_QUERY_NOT_FOUND {
        "PERSISTED_QUERY_NOT_FOUND"
    } else if error.message.contains("PersistedQuery")
        || error.message.contains("sha does not match")
    {
        "BAD_REQUEST"
    } else if error.message.contains("nested too deep") {
        "QUERY_TOO_DEEP"
    } else if error.message.contains("too complex") {
        "QUERY_TOO_COMPLEX"
    } else {
        "GRAPHQL_VALIDATION_FAILED"
    };
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

/// The message of the persisted query extension when it does not hold a hash.
const PERSISTED_QUERY_NOT_FOUND: &str = "PersistedQueryNotFound";

/// The hash of a request that names its query by hash alone (automatic persisted
/// queries: a `persistedQuery` extension and no query text).
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

/// Fills in the document of a request sent by hash alone, so that the checks made
/// before execution (mutations by GET, aliases) see what will run; a hash not held
/// answers `PERSISTED_QUERY_NOT_FOUND`, after which the client sends the query too.
async fn recall_persisted(
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
            let mut error = async_graphql::ServerError::new(PERSISTED_QUERY_NOT_FOUND, None);
            coded(&mut error);
            let response = async_graphql::Response::from_errors(vec![error]);
            Err(observed(
                graphql_response(media, &response),
                None,
                vec!["PERSISTED_QUERY_NOT_FOUND".to_owned()],
            ))
        }
    }
}

/// How long past its deadline a query may take to wind down (its remaining fields
/// answer at once) before the request is answered without it.
const DEADLINE_GRACE: Duration = Duration::from_millis(250);

/// Whether the query was stopped by its deadline.
fn timed_out(response: &async_graphql::Response) -> bool {
    response.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == async_graphql::Value::from("TIMEOUT"))
    })
}

async fn execute(
    state: &HttpState,
    reader: Reader,
    media: MediaType,
    mut request: async_graphql::Request,
) -> Response {
    // Taken out for the check, so that a large bundle's text is not copied.
    let variables = std::mem::take(&mut request.variables);
    let long = request
        .parsed_query()
        .ok()
        .and_then(|document| too_long(document, &variables));
    request.variables = variables;
    if let Some(TooLong { argument, chars }) = long {
        let message = format!(
            "the argument '{argument}' is {chars} characters long; at most {MAX_STRING_CHARS} are accepted"
        );
        let body = serde_json::json!({ "errors": [{
            "message": message,
            "extensions": { "code": "BAD_INPUT", "field": argument },
        }] });
        let response = json_response(StatusCode::BAD_REQUEST, &body);
        return observed(response, None, vec!["BAD_INPUT".to_owned()]);
    }
    if let Ok(document) = request.parsed_query() {
        let aliases = count_aliases(document);
        if aliases > state.limits.max_aliases {
            return request_error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "the query has {aliases} aliases; at most {} are accepted",
                    state.limits.max_aliases
                ),
                "TOO_MANY_ALIASES",
            );
        }
    }
    let operation = operation_label(selected_operation(&mut request));
    let trail = Arc::new(AuditTrail::default());
    let steps = Steps::new();
    let view = View::new(reader, &state.policy);
    let loaders = loaders(
        state.store.clone(),
        state.batch_window,
        view.clone(),
        state.live.current(),
        Arc::clone(&trail),
        Arc::clone(&steps),
    );
    let request = request
        .data(loaders)
        .data(view)
        .data(Arc::clone(&trail))
        .data(Deadline::after(state.limits.timeout));
    // The query runs on a blocking thread, never on an async worker: however heavy
    // its resolvers, the workers stay free for `/health`, `/metrics` and the other
    // requests. Its deadline stops it from within; the timer here is the backstop.
    let schema = state.schema.clone();
    let runtime = tokio::runtime::Handle::current();
    // The loaders' fetches are tasks of this LocalSet, each run when the step of
    // the query that asked for it has ended (graphql/steps.rs).
    let running = tokio::task::spawn_blocking(move || {
        let local = tokio::task::LocalSet::new();
        runtime.block_on(local.run_until(steps.drive(schema.execute(request))))
    });
    let response = match tokio::time::timeout(state.limits.timeout + DEADLINE_GRACE, running).await
    {
        Ok(Ok(response)) if !timed_out(&response) => Ok(response),
        Ok(Ok(_)) | Err(_) => Err(()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a query's task failed");
            return request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                "INTERNAL",
            );
        }
    };
    // Reads of closed or confidential participation are on record before their
    // answer leaves; when they cannot be recorded, the answer does not leave.
    if record_audit(state, &reader, &trail).await.is_err() {
        let response = request_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the audit log cannot be written right now, so the answer is withheld; try again shortly",
            "UNAVAILABLE",
        );
        return observed(response, operation, vec!["UNAVAILABLE".to_owned()]);
    }
    match response {
        Ok(mut response) => {
            for error in &mut response.errors {
                coded(error);
            }
            let codes = response
                .errors
                .iter()
                .filter_map(|e| e.extensions.as_ref()?.get("code"))
                .map(|code| match code {
                    async_graphql::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            observed(graphql_response(media, &response), operation, codes)
        }
        Err(()) => {
            let response = request_error(
                StatusCode::GATEWAY_TIMEOUT,
                &format!(
                    "the request ran longer than {} ms and was stopped",
                    state.limits.timeout.as_millis()
                ),
                "TIMEOUT",
            );
            observed(response, operation, vec!["TIMEOUT".to_owned()])
        }
    }
}

pub(super) async fn post(
    State(state): State<HttpState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return request_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "the body is larger than {} bytes, the most accepted",
                    state.limits.max_body_bytes
                ),
                "PAYLOAD_TOO_LARGE",
            );
        }
        Err(rejection) => {
            return request_error(rejection.status(), &rejection.body_text(), "BAD_REQUEST");
        }
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "POST /graphql takes a JSON body (Content-Type: application/json)",
            "BAD_REQUEST",
        );
    }
    let media = match negotiate(&headers) {
        Ok(media) => media,
        Err(response) => return *response,
    };
    let reader = match reader(&state, &headers).await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(mut request) => match recall_persisted(&state, media, &mut request).await {
            Ok(()) => execute(&state, reader, media, request).await,
            Err(response) => response,
        },
        Err(e) => request_error(
            StatusCode::BAD_REQUEST,
            &format!("the body is not a GraphQL request: {e}"),
            "BAD_REQUEST",
        ),
    }
}

/// Whether the operation a request would run is a mutation.
fn is_mutation(request: &mut async_graphql::Request) -> bool {
    selected_operation(request).is_some_and(|(_, op)| op.ty == OperationType::Mutation)
}

pub(super) async fn get(
    State(state): State<HttpState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if query.is_empty() && wants_html {
        return super::web::graphiql().into_response();
    }
    let media = match negotiate(&headers) {
        Ok(media) => media,
        Err(response) => return *response,
    };
    let mut request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(e) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                &format!("bad query string: {e}"),
                "BAD_REQUEST",
            );
        }
    };
    if is_mutation(&mut request) {
        return mutation_by_get();
    }
    let reader = match reader(&state, &headers).await {
        Ok(reader) => reader,
        Err(response) => return no_store(response),
    };
    // A query sent by hash is checked again once its document is known.
    if let Err(response) = recall_persisted(&state, media, &mut request).await {
        return no_store(response);
    }
    if is_mutation(&mut request) {
        return mutation_by_get();
    }
    let response = execute(&state, reader, media, request).await;
    cacheable(&headers, response).await
}

/// The answer to a mutation sent by GET.
fn mutation_by_get() -> Response {
    let mut response = request_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "mutations are only accepted by POST",
        "BAD_REQUEST",
    );
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    response
}

/// Marks an answer as not to be kept by any cache.
fn no_store(mut response: Response) -> Response {
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
async fn cacheable(headers: &HeaderMap, response: Response) -> Response {
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

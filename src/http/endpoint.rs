//! The `/graphql` endpoint over HTTP: GET for queries and POST for everything, and
//! the execution of a request on a blocking thread under its deadline and with its
//! reader's view, with the audit of what it read. Around it: the media types
//! ([`super::media`]), persisted queries ([`super::persisted`]), the document's
//! limits ([`super::limits`]) and the caching of GET answers ([`super::caching`]).

use super::caching::{cacheable, no_store};
use super::media::{MediaType, graphql_response, negotiate};
use super::persisted::recall_persisted;
use super::{HttpState, observed, reader, record_audit, request_error, request_error_as};
use crate::access::{Reader, View};
use crate::graphql::{AuditTrail, Deadline, ErrorCode, Steps, loaders};
use async_graphql::parser::types::{
    DocumentOperations, OperationDefinition, OperationType, Selection,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

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

/// How long past its deadline a query may take to wind down (its remaining fields
/// answer at once) before the request is answered without it.
const DEADLINE_GRACE: Duration = Duration::from_millis(250);

/// Whether the query was stopped by its deadline.
fn timed_out(response: &async_graphql::Response) -> bool {
    response
        .errors
        .iter()
        .any(|e| ErrorCode::of(e) == Some(ErrorCode::Timeout))
}

async fn execute(
    state: &HttpState,
    reader: Reader,
    media: MediaType,
    mut request: async_graphql::Request,
) -> Response {
    if let Some(response) = super::limits::refused(state, &mut request) {
        return response;
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
            return request_error(ErrorCode::Internal, "internal error");
        }
    };
    // Reads of closed or confidential participation are on record before their
    // answer leaves; when they cannot be recorded, the answer does not leave.
    if record_audit(state, &reader, &trail).await.is_err() {
        let response = request_error(
            ErrorCode::Unavailable,
            "the audit log cannot be written right now, so the answer is withheld; try again shortly",
        );
        return observed(response, operation, vec![ErrorCode::Unavailable]);
    }
    match response {
        Ok(response) => {
            // Every error leaves the schema coded (graphql/engine.rs); one that did
            // not would be a fault of ours.
            let codes = response
                .errors
                .iter()
                .map(|e| ErrorCode::of(e).unwrap_or(ErrorCode::Internal))
                .collect();
            observed(graphql_response(media, &response), operation, codes)
        }
        Err(()) => {
            let response = request_error(
                ErrorCode::Timeout,
                &format!(
                    "the request ran longer than {} ms and was stopped",
                    state.limits.timeout.as_millis()
                ),
            );
            observed(response, operation, vec![ErrorCode::Timeout])
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
                ErrorCode::PayloadTooLarge,
                &format!(
                    "the body is larger than {} bytes, the most accepted",
                    state.limits.max_body_bytes
                ),
            );
        }
        Err(rejection) => {
            return request_error_as(
                rejection.status(),
                ErrorCode::BadRequest,
                &rejection.body_text(),
            );
        }
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return request_error_as(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadRequest,
            "POST /graphql takes a JSON body (Content-Type: application/json)",
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
            ErrorCode::BadRequest,
            &format!("the body is not a GraphQL request: {e}"),
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
            return request_error(ErrorCode::BadRequest, &format!("bad query string: {e}"));
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
    let mut response = request_error_as(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadRequest,
        "mutations are only accepted by POST",
    );
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    response
}

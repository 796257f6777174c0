//! The media types of `/graphql` answers (GraphQL over HTTP): which one the client
//! accepts, and a GraphQL response sent as it, with the status code it calls for.

use super::request_error;
use crate::graphql::ErrorCode;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The media types a GraphQL response can be sent as (GraphQL over HTTP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaType {
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
pub(super) fn negotiate(headers: &HeaderMap) -> Result<MediaType, Box<Response>> {
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
            ErrorCode::NotAcceptable,
            "the response is sent as application/graphql-response+json or application/json",
        )))
    }
}

/// A GraphQL result in the negotiated media type. A request that failed before
/// execution (parse or validation errors) has no `data` entry, and with
/// `application/graphql-response+json` answers 400.
pub(super) fn graphql_response(media: MediaType, response: &async_graphql::Response) -> Response {
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

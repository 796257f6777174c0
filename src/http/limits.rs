//! The limits a `/graphql` request's document is checked against before it runs:
//! the length of every string argument (`BAD_INPUT`, naming the argument) and the
//! number of aliases (`TOO_MANY_ALIASES`). The depth and complexity limits are the
//! schema's own (`graphql/engine.rs`).

use super::{HttpState, json_response, observed, request_error};
use crate::graphql::{ErrorCode, MAX_STRING_CHARS, TooLong, count_aliases, too_long};
use axum::response::Response;

/// The answer to a request over one of the limits, or None when it is within them
/// (or does not parse, which the engine then reports).
pub(super) fn refused(state: &HttpState, request: &mut async_graphql::Request) -> Option<Response> {
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
        let code = ErrorCode::BadInput;
        let body = serde_json::json!({ "errors": [{
            "message": message,
            "extensions": { "code": code.as_str(), "field": argument },
        }] });
        let response = json_response(code.status(), &body);
        return Some(observed(response, None, vec![code]));
    }
    let aliases = count_aliases(request.parsed_query().ok()?);
    (aliases > state.limits.max_aliases).then(|| {
        request_error(
            ErrorCode::TooManyAliases,
            &format!(
                "the query has {aliases} aliases; at most {} are accepted",
                state.limits.max_aliases
            ),
        )
    })
}

//! The codes a client sees in `extensions.code`, one enum for every surface: GraphQL
//! errors, requests refused before they run, downloads and the WebSocket. Each code
//! has its wire string and the HTTP status of an answer that carries it alone.

use async_graphql::ServerError;
use axum::http::StatusCode;

/// A client error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// What was asked for does not exist (or the reader may not know of it).
    NotFound,
    /// An argument or input field is not acceptable.
    BadInput,
    /// The write met another one; read again, then send it again if still needed.
    Conflict,
    /// The reader's role does not allow this.
    Forbidden,
    /// A computation would run past its time budget.
    BudgetExceeded,
    /// The request ran past its time limit.
    Timeout,
    /// The database (or the audit log) cannot be reached right now.
    Unavailable,
    /// Something failed inside the service; the detail is in its log.
    Internal,
    /// No key, or one that is not known.
    Unauthenticated,
    /// The request is not one the endpoint takes (its method, media type or form).
    BadRequest,
    /// The client accepts none of the media types the answer is sent as.
    NotAcceptable,
    /// The body is larger than the most accepted.
    PayloadTooLarge,
    /// The URL is longer than the most accepted.
    UriTooLong,
    /// The query has more aliases than accepted.
    TooManyAliases,
    /// The query nests deeper than accepted.
    QueryTooDeep,
    /// The query would cost more than accepted.
    QueryTooComplex,
    /// The query does not parse, or does not fit the schema.
    GraphqlValidationFailed,
    /// A query sent by hash alone whose hash is not held; send the query too.
    PersistedQueryNotFound,
}

impl ErrorCode {
    /// Every code.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::NotFound,
        ErrorCode::BadInput,
        ErrorCode::Conflict,
        ErrorCode::Forbidden,
        ErrorCode::BudgetExceeded,
        ErrorCode::Timeout,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
        ErrorCode::Unauthenticated,
        ErrorCode::BadRequest,
        ErrorCode::NotAcceptable,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UriTooLong,
        ErrorCode::TooManyAliases,
        ErrorCode::QueryTooDeep,
        ErrorCode::QueryTooComplex,
        ErrorCode::GraphqlValidationFailed,
        ErrorCode::PersistedQueryNotFound,
    ];

    /// The string clients see.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadInput => "BAD_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::BudgetExceeded => "BUDGET_EXCEEDED",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::NotAcceptable => "NOT_ACCEPTABLE",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::UriTooLong => "URI_TOO_LONG",
            ErrorCode::TooManyAliases => "TOO_MANY_ALIASES",
            ErrorCode::QueryTooDeep => "QUERY_TOO_DEEP",
            ErrorCode::QueryTooComplex => "QUERY_TOO_COMPLEX",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
        }
    }

    /// The HTTP status of an answer that carries this code alone: a request refused
    /// before it runs, or a download. (Errors inside a GraphQL response follow
    /// GraphQL over HTTP instead: 200, or 400 when nothing ran.)
    pub const fn status(self) -> StatusCode {
        match self {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::BadInput
            | ErrorCode::BadRequest
            | ErrorCode::TooManyAliases
            | ErrorCode::QueryTooDeep
            | ErrorCode::QueryTooComplex
            | ErrorCode::GraphqlValidationFailed
            | ErrorCode::PersistedQueryNotFound => StatusCode::BAD_REQUEST,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::BudgetExceeded => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UriTooLong => StatusCode::URI_TOO_LONG,
        }
    }

    /// The code whose string this is.
    pub fn parse(wire: &str) -> Option<ErrorCode> {
        ErrorCode::ALL
            .into_iter()
            .find(|code| code.as_str() == wire)
    }

    /// The code an error carries, if any.
    pub fn of(error: &ServerError) -> Option<ErrorCode> {
        match error.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(wire) => ErrorCode::parse(wire),
            _ => None,
        }
    }

    /// Gives `error` this code, unless it carries one already.
    pub fn mark(self, error: &mut ServerError) {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", self.as_str());
        }
    }

    /// A new error with this code.
    pub fn error(self, message: impl Into<String>) -> ServerError {
        let mut error = ServerError::new(message, None);
        self.mark(&mut error);
        error
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_its_wire_string_and_status() {
        let expected = [
            (ErrorCode::NotFound, "NOT_FOUND", 404),
            (ErrorCode::BadInput, "BAD_INPUT", 400),
            (ErrorCode::Conflict, "CONFLICT", 409),
            (ErrorCode::Forbidden, "FORBIDDEN", 403),
            (ErrorCode::BudgetExceeded, "BUDGET_EXCEEDED", 422),
            (ErrorCode::Timeout, "TIMEOUT", 504),
            (ErrorCode::Unavailable, "UNAVAILABLE", 503),
            (ErrorCode::Internal, "INTERNAL", 500),
            (ErrorCode::Unauthenticated, "UNAUTHENTICATED", 401),
            (ErrorCode::BadRequest, "BAD_REQUEST", 400),
            (ErrorCode::NotAcceptable, "NOT_ACCEPTABLE", 406),
            (ErrorCode::PayloadTooLarge, "PAYLOAD_TOO_LARGE", 413),
            (ErrorCode::UriTooLong, "URI_TOO_LONG", 414),
            (ErrorCode::TooManyAliases, "TOO_MANY_ALIASES", 400),
            (ErrorCode::QueryTooDeep, "QUERY_TOO_DEEP", 400),
            (ErrorCode::QueryTooComplex, "QUERY_TOO_COMPLEX", 400),
            (
                ErrorCode::GraphqlValidationFailed,
                "GRAPHQL_VALIDATION_FAILED",
                400,
            ),
            (
                ErrorCode::PersistedQueryNotFound,
                "PERSISTED_QUERY_NOT_FOUND",
                400,
            ),
        ];
        assert_eq!(expected.len(), ErrorCode::ALL.len());
        for (code, wire, status) in expected {
            assert!(ErrorCode::ALL.contains(&code), "{code:?} is in ALL");
            assert_eq!(code.as_str(), wire);
            assert_eq!(code.to_string(), wire);
            assert_eq!(code.status().as_u16(), status, "{wire}");
            assert_eq!(ErrorCode::parse(wire), Some(code));
        }
        assert_eq!(ErrorCode::parse("not_found"), None);
    }

    #[test]
    fn no_two_codes_share_a_string() {
        let strings: HashSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(strings.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn marking_keeps_a_code_already_given() {
        let mut error = ErrorCode::NotFound.error("gone");
        assert_eq!(ErrorCode::of(&error), Some(ErrorCode::NotFound));
        ErrorCode::Internal.mark(&mut error);
        assert_eq!(ErrorCode::of(&error), Some(ErrorCode::NotFound));
        assert_eq!(ErrorCode::of(&ServerError::new("bare", None)), None);
    }
}

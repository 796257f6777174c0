//! Cross-origin requests from browser clients (tower-http's CORS layer): the
//! installation lists the web origins whose pages may call the API; with none listed,
//! no CORS header is sent and browsers keep other sites' pages out.

use crate::auth::Role;
use axum::http::{HeaderValue, Method, Uri, header};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may reuse a preflight's answer.
pub const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// Which web origins may call the API from a browser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// None: no CORS headers at all.
    #[default]
    None,
    /// Every origin (`*`); only for installations that answer readers without a key.
    Any,
    /// These origins (`scheme://host[:port]`, lowercase).
    List(Vec<HeaderValue>),
}

/// Why the CORS setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorsError {
    #[error(
        "CORS origin {0:?} is not an origin: give scheme://host or scheme://host:port (http or https, no path, no trailing slash)"
    )]
    NotAnOrigin(String),
    #[error("CORS origin `*` cannot be combined with other origins")]
    WildcardWithOthers,
    #[error(
        "CORS origin `*` lets every web page call the API, so it is accepted only when readers without a key have a role (--anonymous-role, or --demo); list the origins of the clients instead"
    )]
    WildcardNeedsAnonymousRole,
}

impl CorsOrigins {
    /// The setting from the origins given (`--cors-origin`, `CORS_ORIGINS`) and the
    /// role of readers without a key.
    pub fn parse(origins: &[String], anonymous: Option<Role>) -> Result<CorsOrigins, CorsError> {
        let origins: Vec<&str> = origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .collect();
        if origins.contains(&"*") {
            if origins.len() > 1 {
                return Err(CorsError::WildcardWithOthers);
            }
            if anonymous.is_none() {
                return Err(CorsError::WildcardNeedsAnonymousRole);
            }
            return Ok(CorsOrigins::Any);
        }
        if origins.is_empty() {
            return Ok(CorsOrigins::None);
        }
        origins
            .into_iter()
            .map(origin)
            .collect::<Result<Vec<_>, _>>()
            .map(CorsOrigins::List)
    }

    /// The layer answering preflights and marking the answers, when any origin is
    /// allowed. Requests may send `Authorization` (the API key) and `Content-Type`;
    /// credentials (cookies) are never allowed: keys travel in the header.
    pub fn layer(&self) -> Option<CorsLayer> {
        let allowed = match self {
            CorsOrigins::None => return None,
            CorsOrigins::Any => AllowOrigin::any(),
            CorsOrigins::List(origins) => AllowOrigin::list(origins.iter().cloned()),
        };
        Some(
            CorsLayer::new()
                .allow_origin(allowed)
                .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .max_age(PREFLIGHT_MAX_AGE),
        )
    }
}

/// One origin as browsers send it in `Origin`: scheme and host in lowercase.
fn origin(given: &str) -> Result<HeaderValue, CorsError> {
    let refused = || CorsError::NotAnOrigin(given.to_owned());
    let lower = given.to_ascii_lowercase();
    let uri: Uri = lower.parse().map_err(|_| refused())?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(refused());
    };
    let exact = format!("{scheme}://{authority}");
    if !matches!(scheme, "http" | "https") || authority.as_str().contains('@') || exact != lower {
        return Err(refused());
    }
    HeaderValue::from_str(&exact).map_err(|_| refused())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(origins: &[&str], anonymous: Option<Role>) -> Result<CorsOrigins, CorsError> {
        let origins: Vec<String> = origins.iter().map(|o| (*o).to_owned()).collect();
        CorsOrigins::parse(&origins, anonymous)
    }

    #[test]
    fn origins_are_checked_and_lowercased() {
        assert_eq!(parse(&[], None), Ok(CorsOrigins::None));
        assert_eq!(
            parse(&["https://App.example.org", "http://127.0.0.1:5173"], None),
            Ok(CorsOrigins::List(vec![
                HeaderValue::from_static("https://app.example.org"),
                HeaderValue::from_static("http://127.0.0.1:5173"),
            ]))
        );
        for bad in [
            "app.example.org",
            "https://app.example.org/",
            "https://app.example.org/path",
            "ftp://app.example.org",
            "https://user@app.example.org",
            "https://app.example.org?x=1",
        ] {
            assert!(
                matches!(parse(&[bad], None), Err(CorsError::NotAnOrigin(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_wildcard_needs_an_anonymous_role_and_stands_alone() {
        assert_eq!(
            parse(&["*"], None),
            Err(CorsError::WildcardNeedsAnonymousRole)
        );
        assert_eq!(parse(&["*"], Some(Role::Viewer)), Ok(CorsOrigins::Any));
        assert_eq!(
            parse(&["*", "https://a.example"], Some(Role::Viewer)),
            Err(CorsError::WildcardWithOthers)
        );
    }
}

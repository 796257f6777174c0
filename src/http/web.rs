//! The pages for people: the network explorer at `/` and its assets, the import
//! page for editors at `/import`, and GraphiQL opened with the example queries of
//! `queries/`. All are compiled into the binary. The pages use only the public
//! GraphQL API; their modules (`web/src`) are bundled with their npm libraries
//! (sigma.js, graphology, ForceAtlas2) by `build.rs`.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::sync::OnceLock;

/// The example queries GraphiQL opens with, one tab each.
pub const EXAMPLES: [(&str, &str); 5] = [
    (
        "who-has-met-whom",
        include_str!("../../queries/who-has-met-whom.graphql"),
    ),
    (
        "chain-of-acquaintance",
        include_str!("../../queries/chain-of-acquaintance.graphql"),
    ),
    ("brokers", include_str!("../../queries/brokers.graphql")),
    (
        "connectivity-across-the-divide",
        include_str!("../../queries/connectivity-across-the-divide.graphql"),
    ),
    (
        "coverage-gaps",
        include_str!("../../queries/coverage-gaps.graphql"),
    ),
];

const GRAPHIQL: &str = include_str!("../../web/graphiql.html");

/// GraphiQL with a tab per example query.
pub fn graphiql() -> Html<&'static str> {
    static PAGE: OnceLock<String> = OnceLock::new();
    Html(PAGE.get_or_init(|| {
        let tabs: Vec<serde_json::Value> = EXAMPLES
            .iter()
            .map(|(_, query)| serde_json::json!({ "query": query }))
            .collect();
        // JSON inside a script element: `</` must not end it.
        let tabs = serde_json::Value::from(tabs)
            .to_string()
            .replace("</", "<\\/");
        GRAPHIQL.replacen("__EXAMPLES__", &tabs, 1)
    }))
}

const INDEX: &str = include_str!("../../web/index.html");
const STYLE: &str = include_str!("../../web/explorer.css");
const IMPORT_PAGE: &str = include_str!("../../web/import.html");
const IMPORT_STYLE: &str = include_str!("../../web/import.css");

/// A library from npm, embedded by `build.rs`.
macro_rules! vendored {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $name))
    };
}

fn asset(media_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub async fn index() -> Html<&'static str> {
    Html(INDEX)
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

pub async fn script() -> Response {
    asset(JS, vendored!("explorer.js"))
}

pub async fn style() -> Response {
    asset(CSS, STYLE)
}

/// `/import`: the page where an editor imports a bundle (web/src/import).
pub async fn import_page() -> Html<&'static str> {
    Html(IMPORT_PAGE)
}

pub async fn import_script() -> Response {
    asset(JS, vendored!("import.js"))
}

pub async fn import_style() -> Response {
    asset(CSS, IMPORT_STYLE)
}

/// `/vendor/{file}`: the browser libraries from npm.
pub async fn vendor(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (media_type, body) = match file.as_str() {
        "react.production.min.js" => (JS, vendored!("react.production.min.js")),
        "react-dom.production.min.js" => (JS, vendored!("react-dom.production.min.js")),
        "graphiql.min.js" => (JS, vendored!("graphiql.min.js")),
        "graphiql.min.css" => (CSS, vendored!("graphiql.min.css")),
        _ => return axum::http::StatusCode::NOT_FOUND.into_response(),
    };
    asset(media_type, body)
}

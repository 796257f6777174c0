//! The pages for people: the explorer at `/` with its assets, and GraphiQL opened
//! with the example queries of `queries/`, each of which answers on the demo data.

use crate::helpers::{settings, spawn_app_with};
use peacenet::config::ServeArgs;
use serde_json::json;
use std::path::Path;

/// Every example query in `queries/`, by file name.
fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("queries/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect();
    found.sort();
    found
}

/// The name of the operation a query file defines.
fn operation_name(query: &str) -> &str {
    query
        .lines()
        .find_map(|l| l.strip_prefix("query "))
        .and_then(|rest| rest.split([' ', '(', '{']).next())
        .expect("a named query")
}

#[tokio::test]
async fn every_example_query_answers_on_the_demo_and_opens_in_graphiql() {
    let app = spawn_app_with(ServeArgs {
        demo: true,
        ..settings()
    })
    .await;
    let examples = examples();
    assert!(examples.len() >= 5, "{examples:?}");
    let page = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .expect("GraphiQL");
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("HTML");
    assert!(
        page.contains("/vendor/graphiql.min.js"),
        "GraphiQL is served locally"
    );
    for (file, query) in &examples {
        let body = app.post(query, json!({})).await;
        assert!(body.get("errors").is_none(), "{file}: {body:#}");
        let data = body["data"].as_object().expect("data");
        assert!(
            data.values().all(|v| !v.is_null()),
            "{file} found nothing on the demo: {body:#}"
        );
        assert!(
            page.contains(&format!("query {}", operation_name(query))),
            "{file} is not a GraphiQL tab"
        );
    }
}

#[tokio::test]
async fn the_explorer_page_and_its_libraries_are_served() {
    let app = spawn_app_with(settings()).await;
    let get = |path: &str| app.client.get(format!("{}{path}", app.address)).send();
    let page = get("/").await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("HTML");
    for needed in [
        "id=\"graph\"",
        "/explorer.js",
        "id=\"coverage\"",
        "href=\"/import\"",
    ] {
        assert!(html.contains(needed), "the page lacks {needed}");
    }
    let import = get("/import").await.expect("import page");
    assert_eq!(import.status(), 200);
    let html = import.text().await.expect("HTML");
    assert!(html.contains("/import.js"), "{html}");
    for (path, media) in [
        ("/explorer.js", "text/javascript"),
        ("/explorer.css", "text/css"),
        ("/import.js", "text/javascript"),
        ("/import.css", "text/css"),
        ("/vendor/react.production.min.js", "text/javascript"),
        ("/vendor/graphiql.min.css", "text/css"),
    ] {
        let response = get(path).await.expect(path);
        assert_eq!(response.status(), 200, "{path}");
        let kind = response.headers()["content-type"]
            .to_str()
            .expect("type")
            .to_owned();
        assert!(kind.starts_with(media), "{path}: {kind}");
        assert!(!response.bytes().await.expect("body").is_empty(), "{path}");
    }
    assert_eq!(get("/vendor/other.js").await.expect("404").status(), 404);
}

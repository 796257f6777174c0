//! The HTTP surface: GET and POST rules, GraphiQL, health.

use crate::helpers::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    let app = spawn_app().await;
    let url = format!("{}/graphql", app.address);
    let response = app
        .client
        .get(&url)
        .query(&[("query", "{ network { people } }")])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["data"]["network"]["people"], 0);

    let response = app
        .client
        .get(&url)
        .query(&[("query", r#"mutation { deletePerson(id: "x") }"#)])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");

    // A named mutation, with or without operationName, is refused too.
    for params in [
        vec![("query", r#"mutation Drop { deletePerson(id: "x") }"#)],
        vec![
            ("query", r#"mutation Drop { deletePerson(id: "x") }"#),
            ("operationName", "Drop"),
        ],
    ] {
        let response = app
            .client
            .get(&url)
            .query(&params)
            .send()
            .await
            .expect("GET");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{params:?}"
        );
    }
}

#[tokio::test]
async fn post_takes_json_only() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "text/plain")
        .body(r#"{"query":"{ network { people } }"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_browser_gets_graphiql_and_health_answers() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .to_lowercase()
            .contains("graphiql")
    );
    let health: serde_json::Value = app
        .client
        .get(format!("{}/health", app.address))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(health, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn responses_follow_graphql_over_http_media_types_and_status_codes() {
    let app = spawn_app().await;
    let post = |accept: &'static str, query: &'static str| {
        app.client
            .post(format!("{}/graphql", app.address))
            .header("accept", accept)
            .json(&serde_json::json!({ "query": query }))
            .send()
    };
    let modern = "application/graphql-response+json";
    let ok = post(modern, "{ network { people } }").await.expect("POST");
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(
        ok.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with(modern)
    );
    // A query that does not parse never executes: 400 with the modern type...
    let bad = post(modern, "{ network { people }").await.expect("POST");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let invalid = post(modern, "{ nothing }").await.expect("POST");
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    // ... and 200 with application/json, the legacy type.
    let legacy = post("application/json", "{ network { people }")
        .await
        .expect("POST");
    assert_eq!(legacy.status(), StatusCode::OK);
    assert_eq!(legacy.headers()["content-type"], "application/json");
    // An error in a field that ran is not a request error.
    let field_error = post(modern, r#"{ haveMet(a: "x", b: "y") { met } }"#)
        .await
        .expect("POST");
    assert_eq!(field_error.status(), StatusCode::OK);
    // Neither type acceptable: 406.
    let refused = post("text/csv", "{ network { people } }")
        .await
        .expect("POST");
    assert_eq!(refused.status(), StatusCode::NOT_ACCEPTABLE);
    // GET without a query is a bad request.
    let empty = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", modern)
        .send()
        .await
        .expect("GET");
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn ready_reports_the_model_version_while_the_database_answers() {
    let app = spawn_app().await;
    app.import(&crate::helpers::fixture_dir("small")).await;
    let response = app
        .client
        .get(format!("{}/ready", app.address))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["status"], "ready");
    assert!(body["modelVersion"].as_i64().expect("version") >= 1);
}

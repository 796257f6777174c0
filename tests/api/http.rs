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

/// A server with the demo data that lets pages of `origins` call it.
async fn open_to(origins: &[&str]) -> crate::helpers::TestApp {
    crate::helpers::spawn_app_with(peacenet::config::ServeArgs {
        demo: true,
        cors_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        ..crate::helpers::settings()
    })
    .await
}

#[tokio::test]
async fn cors_answers_the_allowed_origins_only() {
    let app = open_to(&["http://app.example:5173"]).await;
    let preflight = |path: &'static str, origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}{path}", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
    };
    let allowed = preflight("/graphql", "http://app.example:5173")
        .await
        .expect("OPTIONS");
    assert!(allowed.status().is_success(), "{}", allowed.status());
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().expect("text").to_lowercase())
    };
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some("http://app.example:5173")
    );
    let methods = header(&allowed, "access-control-allow-methods").expect("methods");
    assert!(
        methods.contains("get") && methods.contains("post"),
        "{methods}"
    );
    let headers = header(&allowed, "access-control-allow-headers").expect("headers");
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    assert_eq!(
        header(&allowed, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(header(&allowed, "access-control-allow-credentials"), None);
    // Downloads too.
    let download = preflight("/exports/met.gexf", "http://app.example:5173")
        .await
        .expect("OPTIONS");
    assert!(download.status().is_success());
    assert!(header(&download, "access-control-allow-origin").is_some());

    // Another origin gets no grant: the browser refuses the call.
    for origin in ["http://elsewhere.example", "http://app.example:5174"] {
        let refused = preflight("/graphql", origin).await.expect("OPTIONS");
        assert_eq!(
            header(&refused, "access-control-allow-origin"),
            None,
            "{origin}"
        );
    }

    // The real request from the allowed origin carries the grant.
    let post = |origin: &'static str| {
        app.client
            .post(format!("{}/graphql", app.address))
            .header("origin", origin)
            .json(&serde_json::json!({ "query": "{ network { people } }" }))
            .send()
    };
    let answered = post("http://app.example:5173").await.expect("POST");
    assert_eq!(answered.status(), StatusCode::OK);
    assert_eq!(
        header(&answered, "access-control-allow-origin").as_deref(),
        Some("http://app.example:5173")
    );
    let other = post("http://elsewhere.example").await.expect("POST");
    assert_eq!(header(&other, "access-control-allow-origin"), None);

    // Without the setting there is no CORS header at all.
    let closed = open_to(&[]).await;
    let response = closed
        .client
        .post(format!("{}/graphql", closed.address))
        .header("origin", "http://app.example:5173")
        .json(&serde_json::json!({ "query": "{ network { people } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        !response
            .headers()
            .keys()
            .any(|k| k.as_str().starts_with("access-control-")),
        "{:?}",
        response.headers()
    );
}

#[tokio::test]
async fn every_origin_is_allowed_only_when_no_key_is_needed() {
    let db = crate::helpers::fresh_db().await;
    let keyed = peacenet::config::ServeArgs {
        cors_origins: vec!["*".to_owned()],
        anonymous_role: None,
        ..crate::helpers::settings()
    };
    let refused = match peacenet::app::App::open(&db.url, &keyed).await {
        Ok(_) => panic!("`*` with keys required must not start"),
        Err(e) => e.to_string(),
    };
    assert!(refused.contains("anonymous-role"), "{refused}");
    let bad = peacenet::config::ServeArgs {
        cors_origins: vec!["https://app.example/".to_owned()],
        ..crate::helpers::settings()
    };
    let refused = match peacenet::app::App::open(&db.url, &bad).await {
        Ok(_) => panic!("an origin with a path must not start"),
        Err(e) => e.to_string(),
    };
    assert!(refused.contains("not an origin"), "{refused}");

    let open = open_to(&["*"]).await;
    let response = open
        .client
        .post(format!("{}/graphql", open.address))
        .header("origin", "http://anywhere.example")
        .json(&serde_json::json!({ "query": "{ network { people } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
}

/// A query with a large answer on the demo data.
const LARGE: &str = "{ people(first: 100) { edges { node { key name } } } }";

#[tokio::test]
async fn large_answers_are_compressed_as_the_client_asks() {
    let app = open_to(&[]).await;
    // A client that leaves the bytes as sent.
    let raw = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client");
    let url = format!("{}/graphql", app.address);
    let send = |client: &reqwest::Client, encoding: &str, query: &str| {
        client
            .post(&url)
            .header("accept-encoding", encoding)
            .json(&serde_json::json!({ "query": query }))
            .send()
    };
    let identity = send(&raw, "identity", LARGE).await.expect("POST");
    assert!(identity.headers().get("content-encoding").is_none());
    let plain = identity.bytes().await.expect("body");
    assert!(plain.len() > 4 * 1024, "{} bytes", plain.len());
    let plain: serde_json::Value = serde_json::from_slice(&plain).expect("JSON");
    assert!(plain.get("errors").is_none(), "{plain}");
    for encoding in ["br", "gzip"] {
        let compressed = send(&raw, encoding, LARGE).await.expect("POST");
        assert_eq!(compressed.headers()["content-encoding"], encoding);
        assert_eq!(compressed.headers()["content-type"], "application/json");
        let size = compressed.bytes().await.expect("body").len();
        assert!(size * 3 < serde_json::to_vec(&plain).expect("JSON").len());
        // A client that decodes gets the same answer.
        let decoded: serde_json::Value = send(&app.client, encoding, LARGE)
            .await
            .expect("POST")
            .json()
            .await
            .expect("decoded JSON");
        assert_eq!(decoded, plain, "{encoding}");
    }
    // A small answer is sent as it is.
    let small = send(&raw, "br, gzip", "{ network { people } }")
        .await
        .expect("POST");
    assert!(small.headers().get("content-encoding").is_none());
    // Downloads are compressed too, and /health answers.
    let download = raw
        .get(format!("{}/exports/met.gexf", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-encoding"], "gzip");
    let health = raw
        .get(format!("{}/health", app.address))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(health.status(), StatusCode::OK);
    assert!(health.headers().get("content-encoding").is_none());
    assert_eq!(
        health.json::<serde_json::Value>().await.expect("JSON"),
        serde_json::json!({ "status": "ok" })
    );
}

#[tokio::test]
async fn a_request_error_has_no_data_entry() {
    let app = spawn_app().await;
    for (accept, status) in [
        ("application/graphql-response+json", StatusCode::BAD_REQUEST),
        ("application/json", StatusCode::OK),
    ] {
        for query in ["{ network { people }", "{ nothing }"] {
            let response = app
                .client
                .post(format!("{}/graphql", app.address))
                .header("accept", accept)
                .json(&serde_json::json!({ "query": query }))
                .send()
                .await
                .expect("POST");
            assert_eq!(response.status(), status, "{accept} {query}");
            let body: serde_json::Value = response.json().await.expect("JSON");
            assert!(body.get("data").is_none(), "{body}");
            assert_eq!(
                body["errors"][0]["extensions"]["code"],
                "GRAPHQL_VALIDATION_FAILED"
            );
        }
    }
    // A query that ran keeps its data, even null.
    let ran = app
        .post(r#"{ person(id: "nobody") { key } }"#, serde_json::json!({}))
        .await;
    assert!(ran.get("data").is_some(), "{ran}");
}

#[tokio::test]
async fn oversized_bodies_and_urls_answer_graphql_errors() {
    let app = crate::helpers::spawn_app_with(peacenet::config::ServeArgs {
        max_body_bytes: 1000,
        ..crate::helpers::settings()
    })
    .await;
    let padding = " ".repeat(2000);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"query":"{{ network {{ people }} }}{padding}"}}"#
        ))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("application/json")
    );
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");
    assert!(body.get("data").is_none());

    // A query padded to `bytes` (spaces are ignored; `#` starts a comment), by GET.
    let get_padded = |pad: &'static str, bytes: usize| {
        let query = format!("{{ network {{ people }} }}{}", pad.repeat(bytes));
        app.client
            .get(format!("{}/graphql", app.address))
            .query(&[("query", query)])
            .send()
    };
    let response = get_padded("#", 20 * 1024).await.expect("GET");
    assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "URI_TOO_LONG");
    // Under the limit is served.
    let response = get_padded(" ", 10 * 1024).await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

#[tokio::test]
async fn persisted_queries_are_registered_then_sent_by_hash() {
    let app = open_to(&[]).await;
    let url = format!("{}/graphql", app.address);
    let query = "query People { people(first: 3) { edges { node { key } } } }";
    let persisted =
        serde_json::json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(query) } });
    let by_hash = || {
        app.client
            .get(&url)
            .query(&[("extensions", persisted.to_string())])
            .send()
    };
    // Unknown hash: the client is told to send the query.
    let missing = by_hash().await.expect("GET");
    assert_eq!(missing.status(), StatusCode::OK);
    assert_eq!(missing.headers()["cache-control"], "no-store");
    let body: serde_json::Value = missing.json().await.expect("JSON");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert!(body.get("data").is_none(), "{body}");

    // A hash that is not the query's is refused.
    let wrong = app
        .client
        .post(&url)
        .json(&serde_json::json!({ "query": "{ network { people } }", "extensions": persisted }))
        .send()
        .await
        .expect("POST");
    let body: serde_json::Value = wrong.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    // The query with its hash registers it and answers.
    let registered: serde_json::Value = app
        .client
        .post(&url)
        .json(&serde_json::json!({ "query": query, "extensions": persisted }))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert!(registered.get("errors").is_none(), "{registered}");
    let keys = registered["data"]["people"]["edges"]
        .as_array()
        .expect("edges");
    assert_eq!(keys.len(), 3);

    // Then the hash alone answers, cacheable by the reader's browser.
    let answered = by_hash().await.expect("GET");
    assert_eq!(answered.status(), StatusCode::OK);
    assert_eq!(answered.headers()["cache-control"], "private, no-cache");
    let vary: Vec<&str> = answered
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().expect("text"))
        .collect();
    assert!(vary.join(",").contains("authorization"), "{vary:?}");
    let tag = answered.headers()["etag"].clone();
    let body: serde_json::Value = answered.json().await.expect("JSON");
    assert_eq!(body["data"], registered["data"]);
    // Unchanged: 304 without a body.
    let again = app
        .client
        .get(&url)
        .query(&[("extensions", persisted.to_string())])
        .header("if-none-match", tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.expect("body").is_empty());

    // A mutation registered by POST is still refused by GET when sent by hash.
    let mutation = r#"mutation { deletePerson(id: "nobody") }"#;
    let persisted_mutation =
        serde_json::json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(mutation) } });
    app.client
        .post(&url)
        .json(&serde_json::json!({ "query": mutation, "extensions": persisted_mutation }))
        .send()
        .await
        .expect("POST");
    let refused = app
        .client
        .get(&url)
        .query(&[("extensions", persisted_mutation.to_string())])
        .send()
        .await
        .expect("GET");
    assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
}

/// Sends `body` by POST to `/graphql` asking for `application/graphql-response+json`.
async fn post_json(
    app: &crate::helpers::TestApp,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept", "application/graphql-response+json")
        .json(&body)
        .send()
        .await
        .expect("POST");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn every_surface_answers_its_error_code_and_status() {
    let app = spawn_app().await;
    let code = |body: &serde_json::Value| body["errors"][0]["extensions"]["code"].clone();

    // A resolver's error, inside a response that ran.
    let (status, body) = post_json(
        &app,
        serde_json::json!({ "query": r#"{ haveMet(a: "ana", b: "nobody") { met } }"# }),
    )
    .await;
    assert_eq!((status, code(&body)), (StatusCode::OK, "NOT_FOUND".into()));

    // A request refused before it runs.
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept", "text/csv")
        .json(&serde_json::json!({ "query": "{ network { people } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(code(&body), "NOT_ACCEPTABLE");

    // The engine's own errors, coded where they arise: an operation the document
    // does not hold (found after validation), a malformed persisted query.
    let (status, body) = post_json(
        &app,
        serde_json::json!({ "query": "query A { network { people } }", "operationName": "B" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        body["errors"][0]["message"],
        r#"Unknown operation named "B""#
    );
    let (status, body) = post_json(
        &app,
        serde_json::json!({
            "query": "{ network { people } }",
            "extensions": { "persistedQuery": { "version": 2, "sha256Hash": "00" } },
        }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), "BAD_REQUEST");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("version \"1\""),
        "{body}"
    );

    // A download's error.
    let response = app
        .client
        .get(format!("{}/exports/met.gexf?since=2013-02-30", app.address))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(code(&body), "BAD_INPUT");
    assert_eq!(
        body["errors"][0]["message"],
        "'since' must be a date as YYYY-MM-DD, not '2013-02-30'"
    );
}

//! Abuse limits, each tested at its threshold.

use crate::helpers::{TestApp, cli_import, fixture_dir, fresh_db, settings, spawn_on};
use peacenet::config::ServeArgs;
use serde_json::json;

/// A server with the given limits over the small fixture (imported with the CLI, so
/// that the import itself is not subject to them).
async fn app(settings: ServeArgs) -> TestApp {
    let db = fresh_db().await;
    cli_import(&db.url, &fixture_dir("small"));
    spawn_on(db, settings).await
}

/// Checks that `query` is refused before it runs, as GraphQL over HTTP answers that
/// with `application/graphql-response+json`: 400, no `data`, the error's `code`.
async fn assert_refused_before_running(app: &TestApp, query: &str, code: &str) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert!(body.get("data").is_none(), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], code, "{body}");
}

#[tokio::test]
async fn query_depth_is_limited() {
    let app = app(ServeArgs {
        max_depth: 6,
        ..settings()
    })
    .await;
    // person > meetings > nodes > participants > nodes > key: six levels.
    let ok = app
        .post(
            r#"{ person(id: "ana") { meetings { nodes { participants { nodes { key } } } } } }"#,
            json!({}),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let deep = app
        .query_error(
            r#"{ person(id: "ana") { meetings { nodes { participants { nodes { meetings { nodes { key } } } } } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(deep["extensions"]["code"], "QUERY_TOO_DEEP");
    assert_eq!(deep["message"], "Query is nested too deep.");
    assert_refused_before_running(
        &app,
        r#"{ person(id: "ana") { meetings { nodes { participants { nodes { meetings { nodes { key } } } } } } } }"#,
        "QUERY_TOO_DEEP",
    )
    .await;
}

#[tokio::test]
async fn query_complexity_is_limited() {
    let app = app(ServeArgs {
        max_complexity: 5,
        ..settings()
    })
    .await;
    let ok = app
        .post(
            "{ network { people meetings organisations ties } }",
            json!({}),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let complex = app
        .query_error(
            "{ network { people meetings organisations participations ties } }",
            json!({}),
        )
        .await;
    assert_eq!(complex["extensions"]["code"], "QUERY_TOO_COMPLEX");
    assert_eq!(complex["message"], "Query is too complex.");
    assert_refused_before_running(
        &app,
        "{ network { people meetings organisations participations ties } }",
        "QUERY_TOO_COMPLEX",
    )
    .await;
}

#[tokio::test]
async fn aliases_are_limited() {
    let app = app(ServeArgs {
        max_aliases: 2,
        ..settings()
    })
    .await;
    let ok = app
        .post("{ a: network { people } b: network { ties } }", json!({}))
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ a: network { people } b: network { ties } c: network { meetings } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_MANY_ALIASES");
}

#[tokio::test]
async fn request_bodies_are_limited() {
    let app = app(ServeArgs {
        max_body_bytes: 200,
        ..settings()
    })
    .await;
    let body = |size: usize| {
        let base = r#"{"query":"{ network { people } }"}"#;
        format!("{}{}", base, " ".repeat(size - base.len()))
    };
    let post = |text: String| {
        app.client
            .post(format!("{}/graphql", app.address))
            .header("content-type", "application/json")
            .body(text)
            .send()
    };
    assert_eq!(post(body(200)).await.expect("POST").status(), 200);
    assert_eq!(post(body(201)).await.expect("POST").status(), 413);
}

#[tokio::test]
async fn a_request_past_its_time_limit_is_stopped() {
    // Exact betweenness on 947 people takes far longer than 1 ms.
    let db = fresh_db().await;
    cli_import(&db.url, &fixture_dir("synthetic_1k"));
    let app = spawn_on(
        db,
        ServeArgs {
            request_timeout_ms: 1,
            ..settings()
        },
    )
    .await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ analytics { centrality(first: 1) { edges { node { betweenness } } } } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 504);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
}

#[tokio::test]
async fn introspection_and_suggestions_are_off_unless_enabled() {
    let closed = app(settings()).await;
    let hidden = closed
        .query("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert!(hidden["__schema"].is_null(), "{hidden}");
    let typo = closed.query_error("{ netwrk { people } }", json!({})).await;
    assert!(
        !typo["message"]
            .as_str()
            .expect("message")
            .contains("Did you mean"),
        "{typo}"
    );
    assert_eq!(typo["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");

    let open = app(ServeArgs {
        introspection: true,
        ..settings()
    })
    .await;
    let data = open
        .query("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn batches_are_not_accepted() {
    let app = app(settings()).await;
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!([{ "query": "{ network { people } }" }, { "query": "{ network { ties } }" }]))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
}

/// The fan-out query of a dashboard gone wrong: every contact of every contact of
/// every participant of a hundred meetings.
const FAN_OUT: &str = "{ meetings(first:100) { nodes { participants { nodes { contacts(first:100) { nodes { person { contacts(first:100) { totalCount } } } } } } } } }";

#[tokio::test]
async fn the_complexity_limit_counts_the_rows_that_pages_and_lists_multiply() {
    let app = app(settings()).await;
    let error = app.query_error(FAN_OUT, json!({})).await;
    assert_eq!(error["extensions"]["code"], "QUERY_TOO_COMPLEX");
    // One page of a hundred meetings with their participants is no problem.
    let ok = app
        .post(
            "{ meetings(first: 100) { nodes { key participants { nodes { key name } } } } }",
            json!({}),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
}

/// How long `/health` takes to answer, in the middle of whatever else runs.
async fn health_latency(app: &TestApp) -> std::time::Duration {
    let started = std::time::Instant::now();
    let status = app
        .client
        .get(format!("{}/health", app.address))
        .send()
        .await
        .expect("GET /health")
        .status();
    assert_eq!(status, 200);
    started.elapsed()
}

// Two workers, as a two-core server has: two heavy queries could hold both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_and_every_query_ends_by_its_timeout_while_heavy_queries_run() {
    let db = fresh_db().await;
    cli_import(&db.url, &fixture_dir("synthetic_1k"));
    let timeout_ms = 2_000;
    let app = spawn_on(
        db,
        ServeArgs {
            // Only the clock stops this one: far past the complexity limit, and
            // resolved without waiting anywhere a timer could interrupt it.
            max_complexity: usize::MAX,
            max_page_size: 1000,
            request_timeout_ms: timeout_ms,
            ..settings()
        },
    )
    .await;
    let heavy = "{ people(first: 1000) { nodes { contacts(first: 1000) { nodes { person { contacts(first: 1000) { totalCount nodes { meetings { nodes { key } } } } } } } } } }";
    let send = |app: &TestApp| {
        let request = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": heavy }));
        async move {
            let started = std::time::Instant::now();
            let response = request.send().await.expect("POST");
            let status = response.status();
            let body: serde_json::Value = response.json().await.expect("JSON");
            (status, body, started.elapsed())
        }
    };
    let (first, second) = (send(&app), send(&app));
    let queries = tokio::spawn(async move { tokio::join!(first, second) });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut slowest = std::time::Duration::ZERO;
    while !queries.is_finished() {
        slowest = slowest.max(health_latency(&app).await);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let ((s1, b1, t1), (s2, b2, t2)) = queries.await.expect("both queries answer");
    for (status, body, took) in [(s1, b1, t1), (s2, b2, t2)] {
        assert_eq!(status, 504, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
        // Liveness, not speed: the query ends by its timeout (plus the server's
        // grace to wind down and a debug build's slack), not whenever it is done.
        assert!(
            took < std::time::Duration::from_millis(timeout_ms + 1_500),
            "the query ran {took:?} past a {timeout_ms} ms timeout"
        );
    }
    // Liveness again: the health check is not queued behind the queries.
    assert!(
        slowest < std::time::Duration::from_millis(1_000),
        "/health took {slowest:?} while the queries ran"
    );
}

#[tokio::test]
async fn a_new_window_per_request_stays_within_the_analysis_cache_bound() {
    let db = fresh_db().await;
    cli_import(&db.url, &fixture_dir("synthetic_1k"));
    let app = spawn_on(
        db,
        ServeArgs {
            analysis_cache_mb: 1,
            ..settings()
        },
    )
    .await;
    let query = "query($since: Date) { analytics(since: $since) { summary { people ties } crossDivide { crossDivideTies } } }";
    let first = app.query(query, json!({ "since": "2008-01-01" })).await;
    let mut peak = 0.0f64;
    for day in 1..=28 {
        for month in [1, 4, 7] {
            let since = format!("2010-{month:02}-{day:02}");
            app.query(query, json!({ "since": since })).await;
            let bytes = app.metrics().await["peacenet_analysis_cache_bytes"];
            peak = peak.max(bytes);
        }
    }
    assert!(peak > 0.0);
    assert!(peak <= (1 << 20) as f64, "the cache held {peak} bytes");
    // What was dropped is computed again, alike.
    assert_eq!(
        app.query(query, json!({ "since": "2008-01-01" })).await,
        first
    );
}

#[tokio::test]
async fn string_arguments_past_their_length_are_refused_naming_the_argument() {
    let app = app(settings()).await;
    let long = "x".repeat(50_000);
    let post = |query: String, variables: serde_json::Value| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(format!("{}/graphql", app.address))
                .json(&json!({ "query": query, "variables": variables }))
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            (
                status,
                response.json::<serde_json::Value>().await.expect("JSON"),
            )
        }
    };
    let cases = [
        (
            format!(r#"{{ people(filter: {{ tag: "{long}" }}) {{ totalCount }} }}"#),
            json!({}),
            "people.filter.tag",
        ),
        (
            "query($t: String) { people(filter: { tag: $t }) { totalCount } }".to_owned(),
            json!({ "t": long }),
            "people.filter.tag",
        ),
        (
            "mutation($n: String!) { createPerson(input: { name: $n }) { id } }".to_owned(),
            json!({ "n": long }),
            "createPerson.input.name",
        ),
        (
            "query($c: String) { people(after: $c) { totalCount } }".to_owned(),
            json!({ "c": long }),
            "people.after",
        ),
    ];
    for (query, variables, argument) in cases {
        let (status, body) = post(query, variables).await;
        assert_eq!(status, 400, "{body}");
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{body}");
        assert_eq!(error["extensions"]["field"], argument, "{body}");
        let message = error["message"].as_str().expect("message");
        assert!(
            message.contains("50000 characters") && message.contains("at most 1000"),
            "{message}"
        );
    }
    // At the limit, the argument is taken (and matches nothing).
    let (status, body) = post(
        "query($t: String) { people(filter: { tag: $t }) { totalCount } }".to_owned(),
        json!({ "t": "y".repeat(1_000) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["people"]["totalCount"], 0, "{body}");
}

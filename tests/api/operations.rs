//! What an operator relies on: metrics by operation and error code, JSON logs, a
//! clean stop on SIGTERM, and a service that runs under a role that may not change
//! the schema.

use crate::helpers::{
    cli, cli_import, fixture_dir, fresh_db, settings, spawn_app, spawn_with_database, start_server,
    terminate,
};
use peacenet::app::{App, AppError};
use peacenet::config::ServeArgs;
use peacenet::store::DatabaseSettings;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::io::Read;
use std::time::{Duration, Instant};

#[tokio::test]
async fn metrics_count_requests_by_operation_and_errors_by_code() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let before = app.metrics().await;
    assert!(before["peacenet_model_builds_total"] >= 2.0, "{before:?}");
    let version = before["peacenet_model_version"];
    assert!(version > 0.0, "{before:?}");
    assert!(before["peacenet_model_build_seconds"] > 0.0, "{before:?}");
    assert_eq!(before["peacenet_db_pool_connections_max"], 10.0);
    assert!(
        before["peacenet_db_pool_connections_open"] >= 1.0,
        "{before:?}"
    );

    for _ in 0..2 {
        app.query(
            "query People { people(first: 2) { totalCount } }",
            json!({}),
        )
        .await;
    }
    let error = app
        .query_error("{ haveMet(a: \"ana\", b: \"nobody\") { met } }", json!({}))
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
    let unsupported = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "text/plain")
        .body("{ people { totalCount } }")
        .send()
        .await
        .expect("request");
    assert_eq!(unsupported.status(), 415);

    let after = app.metrics().await;
    let ok = "peacenet_graphql_requests_total{operation=\"People\",outcome=\"ok\"}";
    assert_eq!(after[ok], 2.0, "{after:?}");
    assert_eq!(
        after["peacenet_graphql_request_duration_seconds_count{operation=\"People\"}"],
        2.0
    );
    assert!(after["peacenet_graphql_request_duration_seconds_sum{operation=\"People\"}"] > 0.0);
    assert_eq!(
        after["peacenet_graphql_requests_total{operation=\"haveMet\",outcome=\"error\"}"],
        1.0
    );
    assert_eq!(
        after["peacenet_graphql_errors_total{code=\"NOT_FOUND\"}"],
        1.0
    );
    assert_eq!(
        after["peacenet_graphql_requests_total{operation=\"(not executed)\",outcome=\"error\"}"],
        1.0
    );
    assert_eq!(
        after["peacenet_graphql_errors_total{code=\"BAD_REQUEST\"}"],
        1.0
    );
    assert_eq!(after["peacenet_model_version"], version);
    assert!(after["peacenet_sql_statements_total"] > before["peacenet_sql_statements_total"]);
}

/// Reads lines from `reader` until one holds `needle`; returns everything read.
#[tokio::test]
async fn serve_writes_json_logs_and_stops_cleanly_on_sigterm() {
    let db = fresh_db().await;
    let (mut child, address) = start_server(&db.url, &["--log-format", "json"], &[]);
    let health: Value = reqwest::get(format!("http://{address}/health"))
        .await
        .expect("health")
        .json()
        .await
        .expect("JSON");
    assert_eq!(health["status"], "ok");

    terminate(&child);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let events: Vec<Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let built = events
        .iter()
        .find(|e| e["fields"]["message"] == "relationship model built")
        .unwrap_or_else(|| panic!("no model log in {stderr}"));
    assert_eq!(built["level"], "INFO");
    assert!(built["fields"]["elapsed_ms"].is_u64(), "{built}");
    assert!(
        events
            .iter()
            .any(|e| e["fields"]["message"] == "shutting down"),
        "{stderr}"
    );
}

#[tokio::test]
async fn on_sigterm_a_request_in_flight_still_gets_its_answer() {
    let db = fresh_db().await;
    cli_import(&db.url, &fixture_dir("synthetic_1k"));
    let (mut child, address) = start_server(&db.url, &[], &["--anonymous-role", "analyst"]);
    let url = format!("http://{address}/graphql");

    // Several exact analyses of ~950 people: long enough to be cut by a careless stop.
    let slow = "{ analytics { centrality(first: 1) { edges { node { betweenness closeness } } } \
                communities { modularity } structuralHoles(first: 1) { totalCount } } }";
    let request = tokio::spawn(
        reqwest::Client::new()
            .post(url)
            .json(&json!({ "query": slow }))
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(150)).await;
    terminate(&child);
    let signalled = Instant::now();
    let response = request
        .await
        .expect("task")
        .expect("an answer, not a dropped connection");
    let answered_after_signal = signalled.elapsed();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert!(body.get("errors").is_none(), "{body:#}");
    assert!(body["data"]["analytics"]["communities"]["modularity"].is_number());
    assert!(
        answered_after_signal > Duration::from_millis(10),
        "the answer came before SIGTERM, so this proves nothing; use a slower request"
    );
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn a_server_that_may_not_migrate_refuses_to_start_on_an_old_schema() {
    let db = fresh_db().await;
    assert!(cli(&db.url, &["migrate"]).status.success());
    assert!(cli(&db.url, &["migrate", "--down", "1"]).status.success());
    let settings = ServeArgs {
        no_migrate: true,
        ..settings()
    };
    let refused = App::open(&db.url, &settings).await.err();
    match refused {
        Some(error @ AppError::Unmigrated(_)) => {
            let message = error.to_string();
            assert!(message.contains("1 pending migration"), "{message}");
            assert!(message.contains("peacenet migrate"), "{message}");
        }
        Some(other) => panic!("unexpected error: {other}"),
        None => panic!("the server started on an old schema"),
    }
    assert!(cli(&db.url, &["migrate"]).status.success());
    assert!(App::open(&db.url, &settings).await.is_ok());
}

/// The grants of `deploy/postgres/grants.sql`, for an application role named `role`
/// in a database whose schema `owner` owns.
fn grants(owner: &str, role: &str) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/postgres/grants.sql"
    ))
    .expect("grants.sql");
    let statements: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    statements
        .split(';')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.replace("peacenet_owner", owner)
                .replace("peacenet_app", role)
        })
        .collect()
}

#[tokio::test]
async fn the_service_runs_under_a_postgres_role_that_does_not_own_the_schema() {
    let Some(server) = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    else {
        eprintln!("skipped: needs DATABASE_URL to point at PostgreSQL");
        return;
    };
    let db = fresh_db().await;
    assert!(cli(&db.url, &["migrate"]).status.success());
    let role = format!("pn_test_app_{}", std::process::id());
    let owner = sea_orm::Database::connect(db.url.as_str())
        .await
        .expect("connect as the owner");
    owner
        .execute_unprepared(&format!(
            "DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
        .await
        .expect("create the role");
    let owner_name = server
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['@', ':']).next())
        .expect("user in DATABASE_URL")
        .to_owned();
    for statement in grants(&owner_name, &role) {
        owner
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }

    let as_app = db
        .url
        .replacen(&format!("{owner_name}@"), &format!("{role}@"), 1);
    let app_db = crate::helpers::TestDb::at(&as_app);
    let app = spawn_with_database(
        app_db,
        &DatabaseSettings::new(&as_app),
        ServeArgs {
            no_migrate: true,
            ..settings()
        },
    )
    .await;
    let report = app.import(&fixture_dir("small")).await;
    assert_eq!(report["people"]["created"], 7);
    let data = app
        .query("{ people { totalCount } network { version } }", json!({}))
        .await;
    assert_eq!(data["people"]["totalCount"], 7);

    // The role reads and writes rows but cannot change the schema.
    let as_app_conn = sea_orm::Database::connect(as_app.as_str())
        .await
        .expect("connect as the application role");
    let ddl = as_app_conn
        .execute_unprepared("CREATE TABLE intruder (id integer)")
        .await;
    assert!(ddl.is_err(), "the application role could create a table");
    let migrations = as_app_conn
        .execute_unprepared("DELETE FROM seaql_migrations")
        .await;
    assert!(
        migrations.is_err(),
        "the application role could edit the migrations"
    );
    as_app_conn.close().await.ok();
    drop(app);
    owner
        .execute_unprepared(&format!("DROP OWNED BY {role}"))
        .await
        .ok();
    owner.close().await.ok();
}

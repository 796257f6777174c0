//! Several servers over one database: a write through one reaches the others'
//! analytics without a restart (PostgreSQL notifications, or polling on SQLite).

use crate::helpers::{fixture_dir, settings, spawn_app_with};
use peacenet::config::ServeArgs;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Polls `query` on `app` until `done` holds (or a generous deadline passes).
async fn eventually(
    app: &crate::helpers::TestApp,
    query: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let data = app.query(query, json!({})).await;
        if done(&data) || Instant::now() > deadline {
            return data;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_write_through_one_replica_reaches_the_others_analytics_even_in_a_burst() {
    // On PostgreSQL the change notifications alone must carry the writes across;
    // SQLite has none, so its replicas poll the change log.
    let postgres = std::env::var("DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    let follow = ServeArgs {
        no_notifications: false,
        refresh_interval_ms: if postgres { 0 } else { 200 },
        ..settings()
    };
    let first = spawn_app_with(follow.clone()).await;
    first.import(&fixture_dir("small")).await;
    let second = first.replica(follow).await;

    let summary = "{ network { version } analytics { summary { people ties } } }";
    let before = second.query(summary, json!({})).await;
    assert_eq!(
        before["analytics"]["summary"],
        json!({ "people": 6, "ties": 6 })
    );

    // One write: Farid joins the 2018 town hall and meets Eric and Gala.
    first
        .query(
            r#"mutation { addParticipation(input: { person: "farid", meeting: "m5" }) { role } }"#,
            json!({}),
        )
        .await;
    let seen = eventually(&second, summary, |d| d["analytics"]["summary"]["ties"] == 8).await;
    assert_eq!(
        seen["analytics"]["summary"],
        json!({ "people": 7, "ties": 8 })
    );

    // A burst of 100 writes: the other replica ends at the same version, with all.
    for i in 0..100 {
        first
            .query(
                "mutation($input: CreatePersonInput!) { createPerson(input: $input) { key } }",
                json!({ "input": { "key": format!("burst-{i:03}"), "name": format!("Burst {i}") } }),
            )
            .await;
    }
    let target = first
        .query("{ network { version people } }", json!({}))
        .await;
    let seen = eventually(&second, "{ network { version people } }", |d| d == &target).await;
    assert_eq!(seen, target, "no change lost or out of order");
    assert_eq!(target["network"]["people"], 107);
}

#[tokio::test]
async fn a_revoked_key_stops_working_on_every_replica_within_a_second() {
    let postgres = std::env::var("DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    // On PostgreSQL the revocation is announced; elsewhere the replicas' keys are
    // reloaded as they are asked for.
    let follow = ServeArgs {
        no_notifications: !postgres,
        refresh_interval_ms: 0,
        ..settings()
    };
    let first = spawn_app_with(follow.clone()).await;
    first.import(&fixture_dir("small")).await;
    let second = first.replica(follow).await;
    let token = first.create_key("analyst");
    let query = "{ network { people } }";
    for app in [&first, &second] {
        let (status, body) = app.post_as(Some(&token), query, json!({})).await;
        assert_eq!(status, 200, "{body:#}");
    }
    let listed = crate::helpers::cli(&first.db.url, &["keys", "list"]);
    let id = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .find(|l| l.contains("\tanalyst\t"))
        .and_then(|l| l.split('\t').next())
        .expect("the key is listed")
        .to_owned();
    let revoked = Instant::now();
    let out = crate::helpers::cli(&first.db.url, &["keys", "revoke", &id]);
    assert!(out.status.success());
    for app in [&first, &second] {
        loop {
            let (status, _) = app.post_as(Some(&token), query, json!({})).await;
            if status == 401 {
                break;
            }
            assert!(
                revoked.elapsed() < Duration::from_secs(1),
                "the revoked key still works on a replica after a second"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

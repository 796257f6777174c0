//! The chaos run: under a small steady load of writes, plain reads and audited
//! reads, PostgreSQL's connections are cut at a proxy, its backends terminated and
//! the server restarted. Afterwards: no answer was anything but a success or
//! UNAVAILABLE, no acknowledged write is lost, the model and the audit log agree with
//! what was committed, and the service recovered without a restart.
//!
//! It restarts the PostgreSQL server, so it runs alone, after the suite:
//! `DATABASE_URL=postgres://... cargo test --test api chaos -- --ignored` (.ci/run).

use crate::faults::{behind_proxy, eventually, on_postgres, terminate_backends};
use crate::helpers::settings;
use peacenet::config::ServeArgs;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CREATE: &str =
    "mutation($key: String!) { createPerson(input: { key: $key, name: $key }) { id } }";
const READ: &str = "{ people(first: 5) { totalCount } }";
/// Over closed meetings: every answer is audited.
const AUDITED: &str = "{ analytics { summary { people ties } } }";

/// What the load saw.
#[derive(Default)]
struct Seen {
    /// Keys whose creation was acknowledged.
    written: Vec<String>,
    audited_reads: u64,
    /// Answers by code (`ok` for a success).
    codes: BTreeMap<String, u64>,
    /// Answers that were neither a success nor UNAVAILABLE.
    wrong: Vec<Value>,
    /// The longest an UNAVAILABLE answer took.
    slowest_unavailable: Duration,
}

fn code(body: &Value) -> String {
    match body.get("errors") {
        None => "ok".to_owned(),
        Some(errors) => errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("no code")
            .to_owned(),
    }
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql,
        ))
        .await
        .expect("query")
        .expect("a row");
    row.try_get_by_index::<i64>(0).expect("a count")
}

fn restart_postgres() {
    let version = std::fs::read_dir("/etc/postgresql")
        .expect("/etc/postgresql")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .next()
        .expect("a PostgreSQL version");
    let status = std::process::Command::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", &version, "main", "restart"])
        .status()
        .expect("run pg_ctlcluster");
    assert!(status.success(), "PostgreSQL did not restart");
}

#[tokio::test]
#[ignore = "restarts PostgreSQL: run alone, as .ci/run does"]
async fn under_load_cuts_terminations_and_a_restart_lose_nothing_and_heal() {
    if !on_postgres() {
        return;
    }
    let (app, proxy, direct) = behind_proxy(ServeArgs {
        refresh_interval_ms: 500,
        ..settings()
    })
    .await;
    let admin = sea_orm::Database::connect(direct.as_str())
        .await
        .expect("connect");
    // How many audit rows one audited read makes.
    let before = count(&admin, "SELECT count(*) FROM audit_log").await;
    assert_eq!(code(&app.post(AUDITED, json!({})).await), "ok");
    let per_read = count(&admin, "SELECT count(*) FROM audit_log").await - before;
    assert!(per_read > 0, "the audited read left no audit row");
    let reads_before = count(
        &admin,
        "SELECT count(*) FROM audit_log WHERE operation <> 'createPerson'",
    )
    .await;
    admin.close().await.ok();

    let seen = Arc::new(Mutex::new(Seen::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (seen, stop) = (Arc::clone(&seen), Arc::clone(&stop));
        let app = &app;
        async move {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let (query, variables, key) = match n % 3 {
                    0 => {
                        let key = format!("chaos-{n}");
                        (CREATE, json!({ "key": key }), Some(key))
                    }
                    1 => (READ, json!({}), None),
                    _ => (AUDITED, json!({}), None),
                };
                let asked = Instant::now();
                let body = app.post(query, variables).await;
                let took = asked.elapsed();
                let answer = code(&body);
                {
                    let mut seen = seen.lock().expect("seen");
                    *seen.codes.entry(answer.clone()).or_default() += 1;
                    match answer.as_str() {
                        "ok" => {
                            if let Some(key) = key {
                                seen.written.push(key);
                            } else if query == AUDITED {
                                seen.audited_reads += 1;
                            }
                        }
                        "UNAVAILABLE" => {
                            seen.slowest_unavailable = seen.slowest_unavailable.max(took);
                        }
                        _ => seen.wrong.push(body),
                    }
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    let faults = async {
        let calm = Duration::from_secs(2);
        tokio::time::sleep(calm).await;
        proxy.cut();
        tokio::time::sleep(Duration::from_secs(2)).await;
        proxy.restore();
        tokio::time::sleep(calm).await;
        let killer = sea_orm::Database::connect(direct.as_str())
            .await
            .expect("connect");
        terminate_backends(&killer).await;
        killer.close().await.ok();
        tokio::time::sleep(calm).await;
        tokio::task::spawn_blocking(restart_postgres)
            .await
            .expect("restart");
        tokio::time::sleep(Duration::from_secs(3)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let started = Instant::now();
    tokio::join!(load, faults);
    eprintln!("chaos ran {:?}", started.elapsed());

    // Recovered without a restart.
    let recovered = eventually(Duration::from_secs(30), || async {
        app.ready().await == 200 && code(&app.post(READ, json!({})).await) == "ok"
    })
    .await;
    assert!(recovered, "the service did not recover");

    let seen = std::mem::take(&mut *seen.lock().expect("seen"));
    eprintln!(
        "answers: {:?}; the slowest UNAVAILABLE took {:?}",
        seen.codes, seen.slowest_unavailable
    );
    assert!(
        seen.wrong.is_empty(),
        "answers other than success or UNAVAILABLE: {:#?}",
        seen.wrong
    );
    assert!(
        seen.codes.get("ok").copied().unwrap_or(0) > 50,
        "too little got through: {:?}",
        seen.codes
    );
    assert!(
        seen.codes.contains_key("UNAVAILABLE"),
        "the faults were not felt: {:?}",
        seen.codes
    );

    let admin = sea_orm::Database::connect(direct.as_str())
        .await
        .expect("connect");
    // No acknowledged write is lost; each committed one has its audit row.
    let stored: i64 = count(
        &admin,
        "SELECT count(*) FROM people WHERE id LIKE 'chaos-%'",
    )
    .await;
    for key in &seen.written {
        let sql = format!("SELECT count(*) FROM people WHERE id = '{key}'");
        assert_eq!(
            count(&admin, &sql).await,
            1,
            "the acknowledged write {key} is lost"
        );
    }
    assert!(stored >= seen.written.len() as i64);
    let write_rows = count(
        &admin,
        "SELECT count(*) FROM audit_log WHERE operation = 'createPerson'",
    )
    .await;
    assert_eq!(
        write_rows, stored,
        "a committed write without its audit row, or the reverse"
    );
    // Every acknowledged audited read is in the audit log once (from the spool, for
    // those answered while the database was away).
    let _ = eventually(Duration::from_secs(15), || async {
        std::fs::metadata(app.db_dir().join("audit.spool")).map_or(true, |m| m.len() == 0)
    })
    .await;
    let reads = count(
        &admin,
        "SELECT count(*) FROM audit_log WHERE operation <> 'createPerson'",
    )
    .await;
    assert_eq!(
        reads - reads_before,
        per_read * seen.audited_reads as i64,
        "audited reads acknowledged {} x {per_read} rows each",
        seen.audited_reads
    );
    // The model holds what was committed.
    let people = count(&admin, "SELECT count(*) FROM people").await;
    let agrees = eventually(Duration::from_secs(15), || async {
        app.post("{ network { people } }", json!({})).await["data"]["network"]["people"].as_i64()
            == Some(people)
    })
    .await;
    assert!(
        agrees,
        "the model does not hold the {people} people committed"
    );
    admin.close().await.ok();
}

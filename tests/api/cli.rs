//! The command line contract: schema, migrate, import and export, failures.

use crate::helpers::{cli, fixture_dir, fresh_db};

#[test]
fn the_committed_schema_is_the_served_schema() {
    let output = cli("sqlite::memory:", &["schema"]);
    assert!(output.status.success());
    let served = String::from_utf8(output.stdout).expect("UTF-8");
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .expect("schema.graphql");
    assert!(
        served == committed,
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
}

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let db = fresh_db().await;
    let up = cli(&db.url, &["migrate"]);
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let down = cli(&db.url, &["migrate", "--down", "9"]);
    assert!(
        down.status.success(),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );
    let up = cli(&db.url, &["migrate"]);
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let import = cli(
        &db.url,
        &["import", fixture_dir("small").to_str().expect("path")],
    );
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(String::from_utf8_lossy(&import.stdout).contains("39 created"));
}

#[tokio::test]
async fn a_failing_command_exits_non_zero_with_its_reason_on_stderr() {
    let db = fresh_db().await;
    let output = cli(&db.url, &["import", "/no/such/bundle"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/no/such/bundle"), "{stderr}");

    let output = cli("postgres://nobody@127.0.0.1:1/none", &["migrate"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error:"));
}

//! The command line contract: schema, migrate, import and export, failures.

use crate::helpers::{cli, fresh_db};

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
    // Readable: tabs indent only, so no arguments run together on one line; the
    // conventional root names.
    for (n, line) in served.lines().enumerate() {
        assert!(
            !line.trim_start_matches('\t').contains('\t'),
            "line {}: {line:?}",
            n + 1
        );
    }
    for root in ["type Query {", "type Mutation {", "type Subscription {"] {
        assert!(served.contains(root), "{root}");
    }
    assert!(!served.contains("Root"), "no QueryRoot or MutationRoot");
}

#[tokio::test]
async fn a_failing_command_exits_non_zero_with_its_reason_on_stderr() {
    let db = fresh_db().await;
    let output = cli(&db.url, &["import", "/no/such/bundle"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/no/such/bundle"), "{stderr}");

    let output = cli(
        "postgres://nobody@127.0.0.1:1/none",
        &["--connect-timeout-ms", "500", "migrate"],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error:"));
}

#[tokio::test]
async fn generate_writes_a_realistic_bundle_deterministically_that_imports() {
    let (a, b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    for dir in [&a, &b] {
        let out = cli(
            "sqlite::memory:",
            &[
                "generate",
                "--people",
                "2000",
                "--seed",
                "9",
                dir.path().to_str().expect("path"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for file in [
        "people.csv",
        "meetings.csv",
        "participations.csv",
        "organisations.csv",
        "affiliations.csv",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(file)).expect("a"),
            std::fs::read(b.path().join(file)).expect("b"),
        );
        assert!(x == y, "{file} differs between two runs with one seed");
    }
    let rows = crate::helpers::bundle_rows(a.path());
    let count = |file: &str| rows[file].len() - 1;
    assert_eq!(count("people.csv"), 2000);
    assert_eq!(count("organisations.csv"), 100);
    assert_eq!(count("meetings.csv"), 500);
    let participations = count("participations.csv");
    assert!(
        (9_000..=15_000).contains(&participations),
        "about 6 per person: {participations}"
    );
    let mut sizes: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut attending = std::collections::HashSet::new();
    for row in &rows["participations.csv"][1..] {
        *sizes.entry(row[1].as_str()).or_default() += 1;
        attending.insert(row[0].as_str());
    }
    assert!(
        sizes.values().all(|&s| (3..=300).contains(&s)),
        "meeting sizes between 3 and 300"
    );
    assert!(
        sizes.values().any(|&s| s >= 60),
        "a heavy tail of large meetings"
    );
    assert!(
        attending.len() < 2000 * 97 / 100,
        "some people never attend"
    );

    let db = fresh_db().await;
    let import = cli(&db.url, &["import", a.path().to_str().expect("path")]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
}

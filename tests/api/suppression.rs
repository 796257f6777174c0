//! The auditor over HTTP: every table a viewer gets, read as an attacker would read
//! it (shown cells exact, withheld cells at least 1, cells adding up to a shown
//! total), must leave each withheld cell a range of more than one value reaching
//! MIN_CELL_SIZE (docs/suppression.md).

use crate::helpers::{cli, fixture_dir};
use crate::privacy::{data, guarded};
use serde_json::Value;

/// MIN_CELL_SIZE by default (above 1, so a range reaching it is never one value).
const K: u64 = 5;

/// The largest value a withheld cell of a partition could have: the residual less
/// one for each other withheld cell; None without a shown total (unbounded).
fn largest(cells: &[Option<u64>], total: Option<u64>) -> Option<u64> {
    let total = total?;
    let shown: u64 = cells.iter().flatten().sum();
    let withheld = cells.iter().filter(|c| c.is_none()).count() as u64;
    Some((total.saturating_sub(shown) + 1).saturating_sub(withheld))
}

/// Fails with `what` when a withheld cell of the table is pinned or bounded below k.
fn audit(what: &str, cells: &[Option<u64>], total: Option<u64>, audited: &mut usize) {
    if cells.iter().all(Option::is_some) {
        return;
    }
    *audited += 1;
    if let Some(hi) = largest(cells, total) {
        assert!(
            hi >= K,
            "{what}: cells {cells:?} of {total:?} leave a withheld cell at most {hi}"
        );
    }
}

fn cells_of(rows: &Value, field: &str) -> Vec<Option<u64>> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| r[field].as_u64())
        .collect()
}

/// Every cell's count, as a viewer gets it, with no zeros withheld as nulls in a
/// table that is shown.
fn check_tables(seen: &Value, audited: &mut usize) {
    let c = &seen["coverage"];
    let people = c["totals"]["people"].as_u64();
    let participations = c["totals"]["participations"].as_u64();
    for (name, by_people) in [
        ("gender", true),
        ("side", true),
        ("country", true),
        ("youth", false),
        ("track", false),
        ("format", false),
        ("role", false),
    ] {
        let rows = &c[name];
        for row in rows.as_array().expect("rows") {
            if participations.is_none() {
                assert!(
                    row["ofParticipations"].is_null() && row["participationShare"].is_null(),
                    "{row}"
                );
            }
            if row["suppressed"] == true {
                assert!(
                    row["participationShare"].is_null() && row["gap"].is_null(),
                    "{row}"
                );
            }
        }
        if by_people {
            audit(name, &cells_of(rows, "people"), people, audited);
        }
        audit(
            name,
            &cells_of(rows, "participations"),
            participations,
            audited,
        );
    }
    for year in c["trends"].as_array().expect("years") {
        let people = year["totals"]["people"].as_u64();
        audit(
            "trend",
            &cells_of(&year["groups"], "people"),
            people,
            audited,
        );
        let participations = year["totals"]["participations"].as_u64();
        audit(
            "trend",
            &cells_of(&year["groups"], "participations"),
            participations,
            audited,
        );
    }
    for edge in c["meetings"]["edges"].as_array().expect("edges") {
        let m = &edge["node"];
        let total = m["participants"].as_u64();
        for table in ["genders", "sides", "roles"] {
            if total.is_none() {
                assert_eq!(m[table], Value::Array(vec![]), "{m}");
            }
            audit(table, &cells_of(&m[table], "count"), total, audited);
        }
    }
    // Retention and rounds: [once only or returned, the others] out of the people.
    let r = &c["retention"];
    let pair = |part: &Value, whole: &Value| {
        let other = match (part.as_u64(), whole.as_u64()) {
            (Some(p), Some(w)) => Some(w - p),
            _ => None,
        };
        ([part.as_u64(), other], whole.as_u64())
    };
    let (cells, total) = pair(&r["onceOnly"], &r["participants"]);
    audit("retention", &cells, total, audited);
    if people.is_none() {
        assert!(r["participants"].is_null(), "{r}");
    }
    for round in r["rounds"].as_array().expect("rounds") {
        let (cells, total) = pair(&round["returned"], &round["participants"]);
        audit("round", &cells, total, audited);
        if round["returned"].is_null() {
            assert!(round["share"].is_null(), "{round}");
        }
    }
    // Isolated groups: withheld wherever their row of byDimension is.
    for g in c["withoutCrossDivideTies"].as_array().expect("groups") {
        let dimension = g["dimension"].as_str().expect("dimension").to_lowercase();
        if let Some(rows) = c.get(&dimension).and_then(Value::as_array) {
            let row = rows.iter().find(|r| r["group"] == g["group"]).expect("row");
            if row["suppressed"] == true {
                assert!(g["activeMembers"].is_null(), "{g} beside {row}");
            }
        }
    }
    let a = &seen["analytics"];
    for community in a["communities"]["communities"]
        .as_array()
        .expect("communities")
    {
        let size = community["size"].as_u64();
        for table in ["sides", "genders"] {
            audit(table, &cells_of(&community[table], "count"), size, audited);
        }
    }
    for broker in a["articulationPoints"].as_array().expect("brokers") {
        for part in broker["parts"].as_array().expect("parts") {
            audit(
                "part",
                &cells_of(&part["sides"], "count"),
                part["size"].as_u64(),
                audited,
            );
        }
    }
}

const TABLES: &str = "{ coverage {
    totals { people participations meetings suppressed }
    gender: byDimension(dimension: GENDER) { ...row }
    side: byDimension(dimension: SIDE) { ...row }
    country: byDimension(dimension: COUNTRY) { ...row }
    youth: byDimension(dimension: YOUTH) { ...row }
    track: byDimension(dimension: TRACK) { ...row }
    format: byDimension(dimension: FORMAT) { ...row }
    role: byDimension(dimension: ROLE) { ...row }
    trends(dimension: SIDE) { year totals { people participations } groups { people participations } }
    meetings(first: 5000) { edges { node { participants genders { count } sides { count } roles { count } } } }
    withoutCrossDivideTies { dimension group activeMembers suppressed }
    retention(series: \"Dialogue\") { participants onceOnly onceOnlyShare rounds { participants returned share } }
  }
  analytics {
    communities { communities { size sides { count } genders { count } } }
    articulationPoints { parts { size sides { count } } }
  } }
  fragment row on GroupCoverage { group people participations participationShare ofParticipations gap suppressed }";

/// The number of tables with withheld cells audited, and whether the coverage
/// totals were shown.
async fn audit_bundle(bundle: &std::path::Path) -> (usize, bool) {
    let (app, _) = guarded(bundle).await;
    let viewer = app.create_key("viewer");
    let seen = data(&app, &viewer, TABLES).await;
    let mut audited = 0;
    check_tables(&seen, &mut audited);
    (audited, seen["coverage"]["totals"]["suppressed"] == false)
}

#[test]
fn the_auditor_catches_the_leaks_it_is_for() {
    let mut n = 0;
    let caught = |cells: &[Option<u64>], total| {
        std::panic::catch_unwind(|| {
            let mut n = 0;
            audit("t", cells, total, &mut n)
        })
        .is_err()
    };
    // 10 of 12 with two withheld; 82 = 15 + 65 + 0 + two withheld; one label of 3.
    assert!(caught(&[Some(10), None, None], Some(12)));
    assert!(caught(&[Some(15), Some(65), Some(0), None, None], Some(82)));
    assert!(caught(&[None], Some(3)));
    audit("t", &[Some(10), None, None], Some(20), &mut n);
    audit("t", &[Some(10), None], None, &mut n);
    assert_eq!(n, 2);
}

#[tokio::test]
async fn no_table_a_viewer_gets_of_the_small_fixture_gives_a_withheld_cell_away() {
    let (audited, _) = audit_bundle(&fixture_dir("small")).await;
    assert!(audited > 0, "the small fixture has withheld cells");
}

#[tokio::test]
async fn no_table_a_viewer_gets_of_a_generated_bundle_gives_a_withheld_cell_away() {
    let dir = tempfile::tempdir().expect("dir");
    let out = cli(
        "sqlite::memory:",
        &[
            "generate",
            "--people",
            "300",
            "--seed",
            "11",
            dir.path().to_str().expect("path"),
        ],
    );
    assert!(out.status.success());
    let (audited, totals_shown) = audit_bundle(dir.path()).await;
    assert!(totals_shown, "tables are audited against shown totals");
    assert!(
        audited > 10,
        "the generated bundle has withheld cells: {audited}"
    );
}

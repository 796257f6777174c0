//! Nested queries in one request, batched through the DataLoaders.

use crate::generated::generate;
use crate::helpers::{demo_dir, settings, spawn_app, spawn_app_with};
use peacenet::config::ServeArgs;
use serde_json::json;

const NESTED: &str = "query($first: Int) {
  organisations(first: $first) {
    edges { node { key members(first: 10) { nodes { key meetings(first: 10) { nodes { key participants(first: 10) { nodes { key name } } } } } } } }
  }
}";

#[tokio::test]
async fn a_three_level_query_over_50_parents_runs_as_many_statements_as_over_5() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), 1000, 3); // 50 organisations
    // No batching window: the loads of each execution step are one batch, however
    // long the server takes to walk a level of the tree.
    let app = spawn_app_with(ServeArgs {
        batch_window_ms: 0,
        ..settings()
    })
    .await;
    app.import(dir.path()).await;

    let mut counts = Vec::new();
    for first in [5, 50] {
        let before = app.sql_statements().await;
        let data = app.query(NESTED, json!({ "first": first })).await;
        let after = app.sql_statements().await;
        let edges = data["organisations"]["edges"].as_array().expect("edges");
        assert_eq!(edges.len(), first);
        let participants: usize = edges
            .iter()
            .flat_map(|e| e["node"]["members"]["nodes"].as_array().expect("members"))
            .flat_map(|m| m["meetings"]["nodes"].as_array().expect("meetings"))
            .map(|m| {
                m["participants"]["nodes"]
                    .as_array()
                    .expect("participants")
                    .len()
            })
            .sum();
        assert!(participants > 0, "the query reaches real participants");
        counts.push(after - before);
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for 5 and 50 parents: {counts:?}"
    );
    // One page query, then one batched lookup per relation and level.
    assert!(
        counts[0] <= 8,
        "a small, fixed number of statements: {}",
        counts[0]
    );
}

#[tokio::test]
async fn the_demo_answers_organisation_members_meetings_participants_in_one_request() {
    let app = spawn_app().await;
    app.import(&demo_dir()).await;
    let data = app
        .query(
            r#"{ organisation(id: "Organisation:org-imagine-center") {
                   name
                   meetings { nodes { key organisations { nodes { role organisation { key } } } } }
                 }
                 liaison: meeting(id: "m-jlg-2021-2022") {
                   participants { nodes { name organisations { nodes { name } } affiliations { nodes { role organisation { key } } } } }
                 } }"#,
            json!({}),
        )
        .await;
    let org = &data["organisation"];
    assert_eq!(org["name"], "Imagine Center");
    let meetings = org["meetings"]["nodes"].as_array().expect("meetings");
    assert_eq!(
        meetings.len(),
        11,
        "the eleven Breaking the Impasse meetings"
    );
    assert_eq!(meetings[0]["key"], "m-bti-2008-columbia");
    assert!(
        meetings[0]["organisations"]["nodes"]
            .as_array()
            .expect("roles")
            .contains(
                &json!({ "role": "ORGANISER", "organisation": { "key": "org-imagine-center" } })
            )
    );
    let members = data["liaison"]["participants"]["nodes"]
        .as_array()
        .expect("participants");
    assert_eq!(members.len(), 9);
    assert!(members.iter().all(|m| {
        !m["organisations"]["nodes"]
            .as_array()
            .expect("orgs")
            .is_empty()
    }));
}

#[tokio::test]
async fn every_type_is_reachable_by_its_global_id_and_back() {
    let app = spawn_app().await;
    app.import(&crate::helpers::fixture_dir("small")).await;
    let data = app
        .query(
            r#"{ a: node(id: "Person:ana") { id ... on Person { name } }
                 b: node(id: "Meeting:m3") { id ... on Meeting { title } }
                 c: node(id: "Organisation:org-c") { id ... on Organisation { kind } }
                 d: node(id: "Measure:cbm-b") { id ... on Measure { meetings { nodes { key } } } }
                 e: node(id: "Person:nobody") { id }
                 f: node(id: "nonsense") { id }
                 person(id: "ana") { affiliations { nodes { id } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["a"], json!({ "id": "Person:ana", "name": "Ana" }));
    assert_eq!(
        data["b"],
        json!({ "id": "Meeting:m3", "title": "Closed expert group" })
    );
    assert_eq!(
        data["c"],
        json!({ "id": "Organisation:org-c", "kind": "DONOR" })
    );
    assert_eq!(
        data["d"],
        json!({ "id": "Measure:cbm-b", "meetings": { "nodes": [{ "key": "m5" }] } })
    );
    assert!(data["e"].is_null() && data["f"].is_null());
    let affiliation = data["person"]["affiliations"]["nodes"][0]["id"].clone();
    let data = app
        .query(
            "query($id: ID!) { node(id: $id) { ... on Affiliation { role person { key } organisation { key } } } }",
            json!({ "id": affiliation }),
        )
        .await;
    assert_eq!(
        data["node"],
        json!({ "role": "director", "person": { "key": "ana" }, "organisation": { "key": "org-a" } })
    );
}

#[tokio::test]
async fn lists_filter_and_paginate_with_a_total_count() {
    let app = spawn_app().await;
    app.import(&crate::helpers::fixture_dir("small")).await;
    let q =
        "query($f: PersonFilterInput) { people(filter: $f) { totalCount edges { node { key } } } }";
    let keys = |data: &serde_json::Value| -> Vec<String> {
        data["people"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| e["node"]["key"].as_str().expect("key").to_owned())
            .collect()
    };
    let d = app
        .query(q, json!({ "f": { "side": "azerbaijani" } }))
        .await;
    assert_eq!(keys(&d), ["bora", "dilara", "farid"]);
    assert_eq!(d["people"]["totalCount"], 3);
    let d = app.query(q, json!({ "f": { "tag": "youth" } })).await;
    assert_eq!(keys(&d), ["ana", "dilara"]);
    let d = app
        .query(
            q,
            json!({ "f": { "gender": "FEMALE", "organisation": "org-b" } }),
        )
        .await;
    assert_eq!(keys(&d), ["dilara"]);

    let m = "query($f: MeetingFilterInput, $first: Int, $after: String) {
      meetings(filter: $f, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { key } } } }";
    let d = app
        .query(
            m,
            json!({ "f": { "since": "2012-01-01", "until": "2016-01-15" } }),
        )
        .await;
    assert_eq!(d["meetings"]["totalCount"], 3);
    let d = app
        .query(
            m,
            json!({ "f": { "series": "Dialogue", "track": "TRACK_2", "country": "GE" } }),
        )
        .await;
    assert_eq!(d["meetings"]["totalCount"], 2);
    let d = app
        .query(m, json!({ "f": { "format": "TOWN_HALL" } }))
        .await;
    assert_eq!(d["meetings"]["edges"], json!([{ "node": { "key": "m5" } }]));

    // Pages in date order, then the rest after the cursor.
    let page = app.query(m, json!({ "first": 2 })).await;
    assert_eq!(
        page["meetings"]["edges"],
        json!([{ "node": { "key": "m1" } }, { "node": { "key": "m2" } }])
    );
    assert_eq!(page["meetings"]["pageInfo"]["hasNextPage"], true);
    let after = page["meetings"]["pageInfo"]["endCursor"].clone();
    let rest = app.query(m, json!({ "first": 10, "after": after })).await;
    assert_eq!(
        rest["meetings"]["edges"].as_array().expect("edges").len(),
        3
    );
    assert_eq!(rest["meetings"]["pageInfo"]["hasNextPage"], false);

    let o = "query($f: OrganisationFilterInput) { organisations(filter: $f) { totalCount edges { node { key } } } }";
    let d = app.query(o, json!({ "f": { "kind": "ACADEMIC" } })).await;
    assert_eq!(
        d["organisations"]["edges"],
        json!([{ "node": { "key": "org-b" } }])
    );
    let d = app.query(o, json!({ "f": { "country": "GB" } })).await;
    assert_eq!(d["organisations"]["totalCount"], 1);
}

#[tokio::test]
async fn a_page_larger_than_the_maximum_is_refused() {
    let app = spawn_app().await;
    let error = app
        .query_error("{ people(first: 101) { totalCount } }", json!({}))
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT");
    assert_eq!(error["extensions"]["field"], "first");
    let error = app
        .query_error(r#"{ people(after: "garbage") { totalCount } }"#, json!({}))
        .await;
    assert_eq!(error["extensions"]["field"], "after");
    let data = app
        .query("{ people(first: 100) { totalCount } }", json!({}))
        .await;
    assert_eq!(data["people"]["totalCount"], 0);
}

/// A cursor as the API makes them (base64 of its JSON).
fn cursor(json: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

#[tokio::test]
async fn every_list_pages_alike_and_no_crafted_cursor_breaks_it() {
    let app = spawn_app().await;
    app.import(&crate::helpers::fixture_dir("small")).await;
    // A meeting's participants page like any list.
    let q = r#"query($after: String) { meeting(id: "m1") { participants(first: 2, after: $after) {
                 totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { key } } } }"#;
    let first = app.query(q, json!({})).await;
    let page = &first["meeting"]["participants"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["nodes"], json!([{ "key": "ana" }, { "key": "bora" }]));
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let next = app
        .query(q, json!({ "after": page["pageInfo"]["endCursor"] }))
        .await;
    let page = &next["meeting"]["participants"];
    assert_eq!(page["nodes"], json!([{ "key": "chris" }]));
    assert_eq!(page["pageInfo"]["hasNextPage"], false);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], true);
    // Offsets at and past the end, up to the largest, give an empty last page.
    for crafted in ["2", "3", "18446744073709551614", "18446744073709551615"] {
        let data = app
            .query(
                q,
                json!({ "after": cursor(&format!(r#"{{"Offset":{crafted}}}"#)) }),
            )
            .await;
        let page = &data["meeting"]["participants"];
        assert_eq!(page["nodes"], json!([]), "{crafted}");
        assert_eq!(page["totalCount"], 3);
        assert_eq!(page["pageInfo"]["hasNextPage"], false);
    }
    // Offsets that are not numbers of this size, and cursors of other lists, are
    // refused by name.
    for crafted in [
        r#"{"Offset":18446744073709551616}"#,
        r#"{"Offset":-1}"#,
        r#"{"Key":"ana"}"#,
        r#"{"Entry":1}"#,
    ] {
        let error = app
            .query_error(q, json!({ "after": cursor(crafted) }))
            .await;
        assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{crafted}");
        assert_eq!(error["extensions"]["field"], "after", "{crafted}");
    }
    // A list in key order refuses an offset cursor too.
    let error = app
        .query_error(
            r#"query($after: String) { people(after: $after) { totalCount } }"#,
            json!({ "after": cursor(r#"{"Offset":0}"#) }),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "after");
}

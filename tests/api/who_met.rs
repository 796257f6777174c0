//! Who has met whom, with expectations worked out by hand on the small fixture
//! (tests/fixtures/small) and on the demo data.

use crate::helpers::{TestApp, demo_dir, fixture_dir, spawn_app};
use serde_json::{Value, json};

async fn small() -> TestApp {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    app
}

const HAVE_MET: &str = "query($a: ID!, $b: ID!, $since: Date, $until: Date) {
  haveMet(a: $a, b: $b, since: $since, until: $until) {
    met meetingCount firstMet lastMet meetings { nodes { key } }
  }
}";

const CONTACTS: &str = "query($p: ID!, $first: Int, $after: String, $since: Date) {
  person(id: $p) {
    contacts(first: $first, after: $after, since: $since) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { person { key } sharedMeetings firstMet lastMet meetings { nodes { key } } } }
    }
  }
}";

const CHAIN: &str = "query($a: ID!, $b: ID!, $until: Date) {
  chainOfAcquaintance(from: $a, to: $b, until: $until) {
    length
    people { key }
    steps { from { key } to { key } meeting { key } }
  }
}";

fn keys(list: &Value, path: &[&str]) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| {
            let mut v = item;
            for p in path {
                v = &v[*p];
            }
            v.as_str().expect("a string").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn have_met_lists_the_shared_meetings_in_time_order() {
    let app = small().await;
    let data = app
        .query(HAVE_MET, json!({ "a": "ana", "b": "Person:bora" }))
        .await;
    assert_eq!(
        data["haveMet"],
        json!({ "met": true, "meetingCount": 2, "firstMet": "2010-05-01", "lastMet": "2012-03-10",
                "meetings": { "nodes": [{ "key": "m1" }, { "key": "m2" }] } })
    );
    let data = app
        .query(
            HAVE_MET,
            json!({ "a": "ana", "b": "bora", "since": "2011-01-01" }),
        )
        .await;
    assert_eq!(
        keys(&data["haveMet"]["meetings"]["nodes"], &["key"]),
        ["m2"]
    );
    let data = app
        .query(
            HAVE_MET,
            json!({ "a": "ana", "b": "bora", "until": "2010-05-01" }),
        )
        .await;
    assert_eq!(
        keys(&data["haveMet"]["meetings"]["nodes"], &["key"]),
        ["m1"],
        "until is inclusive"
    );

    let data = app
        .query(HAVE_MET, json!({ "a": "ana", "b": "dilara" }))
        .await;
    assert_eq!(
        data["haveMet"],
        json!({ "met": false, "meetingCount": 0, "firstMet": null, "lastMet": null, "meetings": { "nodes": [] } })
    );
}

#[tokio::test]
async fn have_met_with_an_unknown_person_is_not_found() {
    let app = small().await;
    let error = app
        .query_error(HAVE_MET, json!({ "a": "ana", "b": "nobody" }))
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("nobody")
    );
}

#[tokio::test]
async fn contacts_are_ordered_by_shared_meetings_then_recency_and_paginate() {
    let app = small().await;
    let data = app.query(CONTACTS, json!({ "p": "bora" })).await;
    let contacts = &data["person"]["contacts"];
    assert_eq!(contacts["totalCount"], 3);
    // ana: 2 meetings; dilara: 1, met 2014; chris: 1, met 2010.
    assert_eq!(
        keys(&contacts["edges"], &["node", "person", "key"]),
        ["ana", "dilara", "chris"]
    );
    assert_eq!(
        contacts["edges"][0]["node"],
        json!({ "person": { "key": "ana" }, "sharedMeetings": 2, "firstMet": "2010-05-01",
                "lastMet": "2012-03-10", "meetings": { "nodes": [{ "key": "m1" }, { "key": "m2" }] } })
    );

    let page1 = app
        .query(CONTACTS, json!({ "p": "bora", "first": 2 }))
        .await;
    let c1 = &page1["person"]["contacts"];
    assert_eq!(
        keys(&c1["edges"], &["node", "person", "key"]),
        ["ana", "dilara"]
    );
    assert_eq!(c1["pageInfo"]["hasNextPage"], true);
    let after = c1["pageInfo"]["endCursor"].clone();
    let page2 = app
        .query(CONTACTS, json!({ "p": "bora", "first": 2, "after": after }))
        .await;
    let c2 = &page2["person"]["contacts"];
    assert_eq!(keys(&c2["edges"], &["node", "person", "key"]), ["chris"]);
    assert_eq!(c2["pageInfo"]["hasNextPage"], false);
    assert_eq!(c2["pageInfo"]["hasPreviousPage"], true);

    let windowed = app
        .query(CONTACTS, json!({ "p": "bora", "since": "2011-01-01" }))
        .await;
    let w = &windowed["person"]["contacts"];
    // One shared meeting each since 2011: the more recent contact comes first.
    assert_eq!(
        keys(&w["edges"], &["node", "person", "key"]),
        ["dilara", "ana"]
    );
    assert_eq!(w["edges"][0]["node"]["sharedMeetings"], 1);
}

#[tokio::test]
async fn the_shortest_chain_names_the_meeting_of_each_step() {
    let app = small().await;
    let data = app.query(CHAIN, json!({ "a": "ana", "b": "gala" })).await;
    assert_eq!(
        data["chainOfAcquaintance"],
        json!({
            "length": 4,
            "people": [{ "key": "ana" }, { "key": "bora" }, { "key": "dilara" }, { "key": "eric" }, { "key": "gala" }],
            "steps": [
                { "from": { "key": "ana" }, "to": { "key": "bora" }, "meeting": { "key": "m1" } },
                { "from": { "key": "bora" }, "to": { "key": "dilara" }, "meeting": { "key": "m3" } },
                { "from": { "key": "dilara" }, "to": { "key": "eric" }, "meeting": { "key": "m4" } },
                { "from": { "key": "eric" }, "to": { "key": "gala" }, "meeting": { "key": "m5" } }
            ]
        })
    );
    // Without the 2016 and 2018 meetings, no chain reaches Gala.
    let data = app
        .query(
            CHAIN,
            json!({ "a": "ana", "b": "gala", "until": "2015-12-31" }),
        )
        .await;
    assert!(data["chainOfAcquaintance"].is_null());
    // Farid never took part in anything.
    let data = app.query(CHAIN, json!({ "a": "ana", "b": "farid" })).await;
    assert!(data["chainOfAcquaintance"].is_null());
    let data = app.query(CHAIN, json!({ "a": "ana", "b": "ana" })).await;
    assert_eq!(
        data["chainOfAcquaintance"],
        json!({ "length": 0, "people": [{ "key": "ana" }], "steps": [] })
    );
}

#[tokio::test]
async fn the_network_overview_counts_people_meetings_and_ties() {
    let app = small().await;
    let data = app
        .query(
            "{ network { people meetings organisations participations ties } }",
            json!({}),
        )
        .await;
    // Ties: ana-bora, ana-chris, bora-chris (m1), bora-dilara, dilara-eric, eric-gala.
    assert_eq!(
        data["network"],
        json!({ "people": 7, "meetings": 5, "organisations": 3, "participations": 11, "ties": 6 })
    );
    let data = app
        .query(r#"{ network(since: "2012-01-01", until: "2016-12-31") { meetings participations ties } }"#, json!({}))
        .await;
    assert_eq!(
        data["network"],
        json!({ "meetings": 3, "participations": 6, "ties": 3 })
    );
}

#[tokio::test]
async fn on_the_demo_the_liaison_group_members_met_once_and_form_their_own_island() {
    let app = spawn_app().await;
    app.import(&demo_dir()).await;
    // Both sat in the Joint Liaison Group (October 2021 - March 2022), and nowhere else.
    let data = app
        .query(
            HAVE_MET,
            json!({ "a": "p-shahla-ismayil", "b": "p-stepan-grigoryan" }),
        )
        .await;
    assert_eq!(
        data["haveMet"],
        json!({ "met": true, "meetingCount": 1, "firstMet": "2021-10-01", "lastMet": "2021-10-01",
                "meetings": { "nodes": [{ "key": "m-jlg-2021-2022" }] } })
    );
    // The nine members each met the eight others.
    let data = app.query(CONTACTS, json!({ "p": "p-anar-valiyev" })).await;
    assert_eq!(data["person"]["contacts"]["totalCount"], 8);
    // Dennis Sammut co-authored the report but no meeting of his is stated.
    let data = app.query(CONTACTS, json!({ "p": "p-dennis-sammut" })).await;
    assert_eq!(data["person"]["contacts"]["totalCount"], 0);
    // No chain links the 2008-2014 series to the 2021 group.
    let data = app
        .query(CHAIN, json!({ "a": "p-syn-az-01", "b": "p-ahmad-alili" }))
        .await;
    assert!(data["chainOfAcquaintance"].is_null());
    // The 2009 symposium: eight Armenians and eight Azerbaijanis; the closed-door
    // workshop was for the symposium's participants.
    let data = app
        .query(
            r#"{ meeting(id: "m-bti-2009-fletcher-symposium") { participants { nodes { key side } } }
                 workshop: meeting(id: "m-bti-2009-fletcher-workshop") { confidentiality participants { nodes { key } } } }"#,
            json!({}),
        )
        .await;
    let sides: Vec<&str> = data["meeting"]["participants"]["nodes"]
        .as_array()
        .expect("participants")
        .iter()
        .filter_map(|p| p["side"].as_str())
        .collect();
    assert_eq!(sides.iter().filter(|s| **s == "armenian").count(), 8);
    assert_eq!(sides.iter().filter(|s| **s == "azerbaijani").count(), 8);
    assert_eq!(data["workshop"]["confidentiality"], "CLOSED");
    let symposium = keys(&data["meeting"]["participants"]["nodes"], &["key"]);
    let workshop = keys(&data["workshop"]["participants"]["nodes"], &["key"]);
    assert!(workshop.len() >= 16);
    assert!(
        workshop.iter().all(|k| symposium.contains(k)),
        "{workshop:?} within {symposium:?}"
    );
}

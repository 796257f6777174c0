//! Coverage, with expected values worked out by hand on `tests/fixtures/small`
//! (11 participations in 5 meetings; see the comments for the counts).

use crate::helpers::{TestApp, demo_dir, fixture_dir, spawn_app};
use serde_json::{Value, json};

async fn small() -> TestApp {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    app
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-12)
}

fn by_group(list: &Value, group: &str) -> Value {
    list.as_array()
        .expect("groups")
        .iter()
        .find(|g| g["group"] == group)
        .cloned()
        .unwrap_or(Value::Null)
}

const BY_DIMENSION: &str = "query($d: CoverageDimension!, $f: CoverageFilterInput, $t: [TargetInput!], $set: String) {
  coverage(filter: $f, targets: $t, targetSet: $set) {
    totals { participations meetings people }
    byDimension(dimension: $d) {
      group participations people participationShare ofParticipations meetings meetingShare ofMeetings target gap
    }
  }
}";

#[tokio::test]
async fn gender_coverage_counts_unknowns_and_measures_the_gap_to_the_default_target() {
    let app = small().await;
    let data = app.query(BY_DIMENSION, json!({ "d": "GENDER" })).await;
    let c = &data["coverage"];
    assert_eq!(
        c["totals"],
        json!({ "participations": 11, "meetings": 5, "people": 6 })
    );
    let groups = &c["byDimension"];
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["FEMALE", "MALE", "OTHER", "UNKNOWN"]);
    // Women: Ana (m1, m2), Dilara (m3, m4), Gala (m5).
    let female = by_group(groups, "FEMALE");
    assert_eq!(female["participations"], 5);
    assert_eq!(female["people"], 3);
    assert!(close(&female["participationShare"], 5.0 / 11.0));
    assert_eq!(female["ofParticipations"], 11);
    assert_eq!(female["meetings"], 5);
    assert!(close(&female["meetingShare"], 1.0));
    assert!(close(&female["target"], 0.5));
    assert!(close(&female["gap"], 5.0 / 11.0 - 0.5));
    // Men: Bora (m1, m2, m3), Chris (m1).
    let male = by_group(groups, "MALE");
    assert_eq!(
        (
            male["participations"].clone(),
            male["people"].clone(),
            male["meetings"].clone()
        ),
        (json!(4), json!(2), json!(3))
    );
    assert!(male["target"].is_null() && male["gap"].is_null());
    // Eric's gender is not recorded: his two participations are their own group.
    let unknown = by_group(groups, "UNKNOWN");
    assert_eq!(
        (
            unknown["participations"].clone(),
            unknown["meetings"].clone()
        ),
        (json!(2), json!(2))
    );
    assert_eq!(by_group(groups, "OTHER")["participations"], 0);
}

#[tokio::test]
async fn youth_and_organisation_kind_depend_on_the_meeting() {
    let app = small().await;
    let data = app.query(BY_DIMENSION, json!({ "d": "YOUTH" })).await;
    let groups = &data["coverage"]["byDimension"];
    // Ana (born 1990) in 2010 and 2012, Dilara (1998) in 2014 and 2016.
    assert_eq!(by_group(groups, "youth")["participations"], 4);
    assert_eq!(by_group(groups, "youth")["people"], 2);
    assert_eq!(by_group(groups, "adult")["participations"], 7);
    assert_eq!(by_group(groups, "unknown")["participations"], 0);

    let data = app
        .query(BY_DIMENSION, json!({ "d": "ORGANISATION_KIND" }))
        .await;
    let groups = &data["coverage"]["byDimension"];
    // Bora's university affiliation (2005-2015) covers m1-m3; Dilara represented it at
    // m3 but her own affiliation only starts in September 2016, after m4.
    assert_eq!(by_group(groups, "ACADEMIC")["participations"], 4);
    assert_eq!(by_group(groups, "ACADEMIC")["people"], 2);
    assert_eq!(by_group(groups, "NGO")["participations"], 2);
    assert_eq!(by_group(groups, "DONOR")["participations"], 1);
    assert_eq!(by_group(groups, "UNKNOWN")["participations"], 4);

    let data = app.query(BY_DIMENSION, json!({ "d": "ROLE" })).await;
    let groups = &data["coverage"]["byDimension"];
    for (role, count) in [
        ("participant", 6),
        ("facilitator", 1),
        ("observer", 1),
        ("speaker", 2),
        ("rapporteur", 1),
        ("mediator", 0),
    ] {
        assert_eq!(
            by_group(groups, &role.to_uppercase())["participations"],
            count,
            "{role}"
        );
    }
}

#[tokio::test]
async fn the_meeting_filter_and_window_select_what_is_counted() {
    let app = small().await;
    let totals = |data: &Value| data["coverage"]["totals"].clone();
    let series = app
        .query(
            BY_DIMENSION,
            json!({ "d": "GENDER", "f": { "series": "Dialogue" } }),
        )
        .await;
    assert_eq!(
        totals(&series),
        json!({ "participations": 5, "meetings": 2, "people": 3 })
    );
    let organiser = app
        .query(
            BY_DIMENSION,
            json!({ "d": "GENDER", "f": { "organiser": "org-a" } }),
        )
        .await;
    assert_eq!(
        totals(&organiser),
        json!({ "participations": 3, "meetings": 1, "people": 3 })
    );
    let track = app
        .query(
            BY_DIMENSION,
            json!({ "d": "SIDE", "f": { "track": "TRACK_1", "country": "DE" } }),
        )
        .await;
    assert_eq!(
        totals(&track),
        json!({ "participations": 2, "meetings": 1, "people": 2 })
    );
    let windowed = app
        .query(
            r#"{ coverage(since: "2014-01-01", until: "2016-12-31") { totals { participations meetings people } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        totals(&windowed),
        json!({ "participations": 4, "meetings": 2, "people": 3 })
    );
    let error = app
        .query_error(
            BY_DIMENSION,
            json!({ "d": "GENDER", "f": { "organiser": "org-zzz" } }),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "filter.organiser");
}

#[tokio::test]
async fn a_selection_without_participations_has_no_shares_and_no_one_under_engaged() {
    let app = small().await;
    let data = app
        .query(
            "query($t: [TargetInput!]) { coverage(since: \"2040-01-01\", targets: $t) {
               totals { participations meetings }
               byDimension(dimension: GENDER) { group participationShare ofParticipations meetingShare ofMeetings target gap }
               underEngaged { group } } }",
            json!({ "t": [{ "dimension": "GENDER", "group": "FEMALE", "share": 0.5 }] }),
        )
        .await;
    let coverage = &data["coverage"];
    assert_eq!(
        coverage["totals"],
        json!({ "participations": 0, "meetings": 0 })
    );
    let rows = coverage["byDimension"].as_array().unwrap();
    assert!(rows.len() > 1);
    for row in rows {
        let target = if row["group"] == "FEMALE" {
            json!(0.5)
        } else {
            json!(null)
        };
        let group = row["group"].clone();
        assert_eq!(
            row,
            &json!({ "group": group, "participationShare": null, "ofParticipations": 0,
                     "meetingShare": null, "ofMeetings": 0, "target": target, "gap": null })
        );
    }
    assert_eq!(coverage["underEngaged"], json!([]));
}

#[tokio::test]
async fn targets_come_from_arguments_and_stored_sets_and_rank_the_under_engaged() {
    let app = small().await;
    let data = app
        .query(
            "query($t: [TargetInput!]) { coverage(targets: $t) { underEngaged { dimension group participationShare target gap } } }",
            json!({ "t": [{ "dimension": "TAG", "group": "youth", "share": 0.4 }, { "dimension": "SIDE", "group": "armenian", "share": 0.2 }] }),
        )
        .await;
    let under = data["coverage"]["underEngaged"].as_array().unwrap();
    // Women: 5/11 against 50%; youth-tagged: 4/11 against 40%; Armenians (Ana 2, Eric 2)
    // at 4/11 exceed their 20% and are not listed.
    assert_eq!(under.len(), 2);
    assert_eq!(
        (under[0]["dimension"].clone(), under[0]["group"].clone()),
        (json!("GENDER"), json!("FEMALE"))
    );
    assert!(close(&under[0]["gap"], 5.0 / 11.0 - 0.5));
    assert_eq!(
        (under[1]["dimension"].clone(), under[1]["group"].clone()),
        (json!("TAG"), json!("youth"))
    );
    assert!(close(&under[1]["gap"], 4.0 / 11.0 - 0.4));

    let saved = app
        .query(
            r#"mutation { saveTargetSet(name: "plan", targets: [{ dimension: SIDE, group: "azerbaijani", share: 0.5 }]) {
                 name targets { dimension group share } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        saved["saveTargetSet"],
        json!({ "name": "plan", "targets": [{ "dimension": "SIDE", "group": "azerbaijani", "share": 0.5 }] })
    );
    let data = app
        .query(BY_DIMENSION, json!({ "d": "SIDE", "set": "plan" }))
        .await;
    // Bora 3 + Dilara 2.
    let az = by_group(&data["coverage"]["byDimension"], "azerbaijani");
    assert!(close(&az["gap"], 5.0 / 11.0 - 0.5));
    let data = app
        .query(BY_DIMENSION, json!({ "d": "GENDER", "set": "plan" }))
        .await;
    assert!(by_group(&data["coverage"]["byDimension"], "FEMALE")["target"].is_null());
    let sets = app.query("{ targetSets { name } }", json!({})).await;
    assert_eq!(
        sets["targetSets"],
        json!([{ "name": "default" }, { "name": "plan" }])
    );
    let error = app
        .query_error(r#"{ coverage(targets: [{ dimension: GENDER, group: "FEMALE", share: 1.5 }]) { totals { meetings } } }"#, json!({}))
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT");
}

#[tokio::test]
async fn groups_silent_since_a_date_falling_or_without_cross_divide_ties() {
    let app = small().await;
    let data = app
        .query(
            r#"{ coverage {
                 silentSince(date: "2015-01-01") { dimension group lastParticipation }
                 falling { dimension group previousYear previousShare year share }
                 withoutCrossDivideTies { dimension group activeMembers } } }"#,
            json!({}),
        )
        .await;
    let silent = data["coverage"]["silentSince"].as_array().unwrap();
    let find = |dimension: &str, group: &str| {
        silent
            .iter()
            .find(|s| s["dimension"] == dimension && s["group"] == group)
            .map(|s| s["lastParticipation"].clone())
    };
    // Only Dilara, Eric and Gala took part after 2015 (m4, m5).
    assert_eq!(find("GENDER", "MALE"), Some(json!("2014-07-20")));
    assert_eq!(find("SIDE", "international"), Some(json!("2010-05-01")));
    assert_eq!(find("GENDER", "OTHER"), Some(Value::Null));
    assert_eq!(find("GENDER", "FEMALE"), None);
    assert_eq!(find("TAG", "youth"), None, "Dilara carries the youth tag");

    // 2016 (m4: Dilara, Eric) against 2018 (m5: Eric, Gala).
    let falling: Vec<(String, String)> = data["coverage"]["falling"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["dimension"].as_str().unwrap().to_owned(),
                f["group"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("SIDE", "azerbaijani"),
        ("TAG", "displaced"),
        ("TAG", "youth"),
        ("YOUTH", "youth"),
        ("COUNTRY", "AZ"),
        ("TRACK", "TRACK_1"),
        ("FORMAT", "STRATEGIC_MEETING"),
        ("ROLE", "PARTICIPANT"),
    ]
    .iter()
    .map(|(d, g)| (d.to_string(), g.to_string()))
    .collect();
    assert_eq!(falling, expected);
    let first = &data["coverage"]["falling"][0];
    assert_eq!(
        (first["previousYear"].clone(), first["year"].clone()),
        (json!(2016), json!(2018))
    );
    assert!(close(&first["previousShare"], 0.5) && close(&first["share"], 0.0));

    // Chris (international, diplomat, GB) met only Ana and Bora, neither across the divide.
    assert_eq!(
        data["coverage"]["withoutCrossDivideTies"],
        json!([
            { "dimension": "SIDE", "group": "international", "activeMembers": 1 },
            { "dimension": "TAG", "group": "diplomat", "activeMembers": 1 },
            { "dimension": "COUNTRY", "group": "GB", "activeMembers": 1 }
        ])
    );
}

#[tokio::test]
async fn intersections_count_people_in_every_group_at_once() {
    let app = small().await;
    let data = app
        .query(
            r#"{ coverage {
                 youngWomen: intersection(groups: [{ dimension: YOUTH, group: "youth" }, { dimension: GENDER, group: "FEMALE" }], target: 0.5) {
                   participations people meetings participationShare gap }
                 displacedWomen: intersection(groups: [{ dimension: TAG, group: "displaced" }, { dimension: GENDER, group: "FEMALE" }]) {
                   group participations people meetings } } }"#,
            json!({}),
        )
        .await;
    let young = &data["coverage"]["youngWomen"];
    assert_eq!(
        (
            young["participations"].clone(),
            young["people"].clone(),
            young["meetings"].clone()
        ),
        (json!(4), json!(2), json!(4))
    );
    assert!(close(&young["gap"], 4.0 / 11.0 - 0.5));
    assert_eq!(
        data["coverage"]["displacedWomen"],
        json!({ "group": "TAG=displaced & GENDER=FEMALE", "participations": 2, "people": 1, "meetings": 2 })
    );
}

#[tokio::test]
async fn meeting_composition_flags_unbalanced_meetings() {
    let app = small().await;
    let data = app
        .query(
            "{ coverage { meetings { edges { node { meeting { key } participants noWomen onlyMenSpeaking oneSided genderBalance
                 genders { label count } roles { label count } } } }
               flagged: meetings(flagged: true) { totalCount edges { node { meeting { key } } } } } }",
            json!({}),
        )
        .await;
    let rows: Vec<&Value> = data["coverage"]["meetings"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .collect();
    let flags = |r: &Value| {
        (
            r["noWomen"].clone(),
            r["onlyMenSpeaking"].clone(),
            r["oneSided"].clone(),
        )
    };
    // m1: Ana facilitates; Armenian and Azerbaijani present.
    assert_eq!(flags(rows[0]), (json!(false), json!(false), json!(false)));
    assert!(close(&rows[0]["genderBalance"], 1.0 / 3.0));
    assert_eq!(
        rows[0]["genders"],
        json!([{ "label": "FEMALE", "count": 1 }, { "label": "MALE", "count": 2 }])
    );
    // m2: Bora is the only speaker.
    assert_eq!(flags(rows[1]), (json!(false), json!(true), json!(false)));
    // m3: Bora and Dilara, both Azerbaijani.
    assert_eq!(flags(rows[2]), (json!(false), json!(false), json!(true)));
    // m4: Dilara and Eric (gender not recorded): balance counts only women and men.
    assert!(close(&rows[3]["genderBalance"], 1.0));
    assert_eq!(
        rows[3]["genders"],
        json!([{ "label": "FEMALE", "count": 1 }, { "label": "UNKNOWN", "count": 1 }])
    );
    // m5: Eric speaks, but his gender is unknown: not "only men".
    assert_eq!(flags(rows[4]), (json!(false), json!(false), json!(false)));
    assert_eq!(data["coverage"]["flagged"]["totalCount"], 2);
}

#[tokio::test]
async fn plan_coverage_gives_each_measure_its_meetings_target_groups_and_status() {
    let app = small().await;
    let data = app
        .query(
            "{ coverage { plan { measure { key } status targetsNeverMet participations targetPeople meetings { nodes { key } }
                 targetGroups { dimension group participations people share reachedAnywhere } } } }",
            json!({}),
        )
        .await;
    let plan = data["coverage"]["plan"].as_array().unwrap();
    let measure = |key: &str| {
        plan.iter()
            .find(|m| m["measure"]["key"] == key)
            .unwrap()
            .clone()
    };
    // cbm-w (2022-2030): no linked meeting.
    let w = measure("cbm-w");
    assert_eq!(w["status"], "NOT_STARTED");
    assert_eq!(
        w["targetsNeverMet"], false,
        "women and both sides took part elsewhere"
    );
    assert_eq!(w["targetGroups"].as_array().unwrap().len(), 4);
    // cbm-b (no time frame): the 2018 town hall, where Gala (border community) took part.
    let b = measure("cbm-b");
    assert_eq!(b["status"], "ON_TRACK");
    assert_eq!(b["meetings"]["nodes"], json!([{ "key": "m5" }]));
    assert_eq!(b["participations"], 2);
    assert_eq!(
        b["targetGroups"],
        json!([{ "dimension": "TAG", "group": "border_community", "participations": 1, "people": 1, "share": 0.5, "reachedAnywhere": true }])
    );
    // cbm-d (2015-2020): the town hall had Eric (diaspora) but no displaced person.
    let d = measure("cbm-d");
    assert_eq!(d["status"], "UNDER_ENGAGED");
    assert_eq!(d["targetPeople"], 1);
    // cbm-v: no veteran ever took part.
    let v = measure("cbm-v");
    assert_eq!(
        (v["status"].clone(), v["targetsNeverMet"].clone()),
        (json!("NOT_STARTED"), json!(true))
    );
}

#[tokio::test]
async fn retention_counts_one_time_participants_and_returns_between_rounds() {
    let app = small().await;
    let data = app
        .query(
            r#"{ coverage { retention(series: "Dialogue") { participants onceOnly onceOnlyShare
                 onceOnlyPeople { edges { node { key } } }
                 rounds { from { key } to { key } participants returned share } } } }"#,
            json!({}),
        )
        .await;
    let r = &data["coverage"]["retention"];
    // Chris and Gala came once.
    assert_eq!(
        (r["participants"].clone(), r["onceOnly"].clone()),
        (json!(6), json!(2))
    );
    assert!(close(&r["onceOnlyShare"], 2.0 / 6.0));
    assert_eq!(
        r["onceOnlyPeople"]["edges"],
        json!([{ "node": { "key": "chris" } }, { "node": { "key": "gala" } }])
    );
    // Of m1's three, Ana and Bora came back to m2.
    assert_eq!(r["rounds"][0]["participants"], 3);
    assert_eq!(r["rounds"][0]["returned"], 2);
    assert_eq!(
        (
            r["rounds"][0]["from"]["key"].clone(),
            r["rounds"][0]["to"]["key"].clone()
        ),
        (json!("m1"), json!("m2"))
    );
}

#[tokio::test]
async fn trends_give_each_year_its_own_figures() {
    let app = small().await;
    let data = app
        .query("{ coverage { trends(dimension: GENDER) { year totals { participations } groups { group participations } } } }", json!({}))
        .await;
    let years = data["coverage"]["trends"].as_array().unwrap();
    let female: Vec<(i64, i64, i64)> = years
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                by_group(&y["groups"], "FEMALE")["participations"]
                    .as_i64()
                    .unwrap(),
                y["totals"]["participations"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        female,
        [
            (2010, 1, 3),
            (2012, 1, 2),
            (2014, 1, 2),
            (2016, 1, 2),
            (2018, 1, 2)
        ]
    );
}

#[tokio::test]
async fn on_the_demo_the_thirty_measures_appear_with_target_groups_and_status() {
    let app = spawn_app().await;
    app.import(&demo_dir()).await;
    let data = app
        .query(
            "{ coverage { plan { measure { code } status targetGroups { dimension group } } } }",
            json!({}),
        )
        .await;
    let plan = data["coverage"]["plan"].as_array().unwrap();
    assert_eq!(plan.len(), 30);
    // None of the demo's meetings is linked to a measure: none has started.
    assert!(plan.iter().all(|m| m["status"] == "NOT_STARTED"));
    // Measure 21 is the one aimed at women.
    let women = plan.iter().find(|m| m["measure"]["code"] == "21").unwrap();
    assert!(
        women["targetGroups"]
            .as_array()
            .unwrap()
            .contains(&json!({ "dimension": "GENDER", "group": "FEMALE" }))
    );
}

#[tokio::test]
async fn on_a_generated_bundle_single_valued_dimensions_partition_every_participation() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    for dimension in [
        "GENDER", "SIDE", "YOUTH", "COUNTRY", "TRACK", "FORMAT", "ROLE",
    ] {
        let data = app.query(BY_DIMENSION, json!({ "d": dimension })).await;
        let total = data["coverage"]["totals"]["participations"]
            .as_u64()
            .unwrap();
        assert!(total > 1000);
        let groups = data["coverage"]["byDimension"].as_array().unwrap();
        let sum: u64 = groups
            .iter()
            .map(|g| g["participations"].as_u64().unwrap())
            .sum();
        assert_eq!(
            sum, total,
            "{dimension} groups add up to every participation"
        );
        let shares: f64 = groups
            .iter()
            .map(|g| g["participationShare"].as_f64().unwrap())
            .sum();
        assert!(
            (shares - 1.0).abs() < 1e-9,
            "{dimension} shares add up to 1"
        );
    }
}

//! Network analytics checked against NetworkX: the expected values in
//! `tests/fixtures/<bundle>/expected.json` come from `tools/reference/`, computed
//! from the same bundle the test imports.

use crate::helpers::{TestApp, fixture_dir, settings, spawn_app_with};
use peacenet::config::ServeArgs;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub const ANALYTICS: &str = "query($since: Date, $until: Date) {
  analytics(since: $since, until: $until) {
    summary { people inactivePeople ties density components componentSizes
              largestComponentShare isolated averageShortestPath diameter pathsExact }
    centrality(first: 5000) { edges { node {
      person { key } degree degreeCentrality weightedDegree betweenness closeness eigenvector } } }
    structuralHoles(first: 5000) { edges { node { person { key } constraint effectiveSize } } }
    articulationPoints { person { key } parts { size sides { label count } } }
    bridges { a { key } b { key } parts { size sides { label count } } }
    communities(seed: 42) { modularity communities { members { key } } }
    crossDivide {
      crossDivideTies crossDivideShare peopleWithCrossTieShare eiIndex eiBySide { side eiIndex }
      people(first: 5000) { edges { node { person { key } crossDivideTies reach } } }
      firstEncounters { meeting { key } newPairs }
    }
    trackCoordination {
      multiTrackPeople { key } track1Links track2WithinTwoShare
      track2Distances { person { key } distance }
    }
    organisationNetwork { a { key } b { key } weight }
    evolution { year people ties largestComponentShare crossDivideShare meanDegree }
  }
}";

const EGO: &str = "query($p: ID!, $k: Int!) {
  analytics { egoNetwork(person: $p, steps: $k) { people { person { key } } ties { weight } } }
}";

fn expected(bundle: &str) -> Value {
    let path = fixture_dir(bundle).join("expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected.json")).expect("JSON")
}

async fn app_with(bundle: &str) -> TestApp {
    let app = spawn_app_with(ServeArgs {
        max_page_size: 5000,
        ..settings()
    })
    .await;
    app.import(&fixture_dir(bundle)).await;
    app
}

/// Floats agree to 1e-9 (relative to magnitudes above 1); null matches null.
fn assert_close(what: &str, got: &Value, want: &Value) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => assert!(
            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            "{what}: got {g}, NetworkX {w}"
        ),
        _ => assert_eq!(got, want, "{what}"),
    }
}

fn key(v: &Value) -> String {
    v["key"].as_str().expect("key").to_owned()
}

fn edges(v: &Value) -> Vec<Value> {
    v["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

/// `[{label, count}]` as `{label: count}`.
fn label_map(v: &Value) -> Value {
    let mut map = Map::new();
    for item in v.as_array().expect("labels") {
        map.insert(
            item["label"].as_str().expect("label").to_owned(),
            item["count"].clone(),
        );
    }
    Value::Object(map)
}

fn parts(v: &Value) -> Vec<Value> {
    v.as_array()
        .expect("parts")
        .iter()
        .map(|p| json!({ "size": p["size"], "sides": label_map(&p["sides"]) }))
        .collect()
}

fn check_summary(got: &Value, want: &Value) {
    for field in [
        "people",
        "inactivePeople",
        "ties",
        "components",
        "componentSizes",
        "isolated",
        "diameter",
    ] {
        assert_eq!(got[field], want[field], "summary.{field}");
    }
    for field in ["density", "largestComponentShare", "averageShortestPath"] {
        assert_close(&format!("summary.{field}"), &got[field], &want[field]);
    }
    assert_eq!(got["pathsExact"], true);
}

fn check_people(got: &Value, want: &Value) {
    let want = want.as_object().expect("people");
    let centrality = edges(&got["centrality"]);
    assert_eq!(
        centrality.len(),
        want.len(),
        "one centrality row per active person"
    );
    for row in &centrality {
        let id = key(&row["person"]);
        let expected = &want[&id];
        for field in ["degree", "weightedDegree"] {
            assert_eq!(row[field], expected[field], "{id}.{field}");
        }
        for field in [
            "degreeCentrality",
            "betweenness",
            "closeness",
            "eigenvector",
        ] {
            assert_close(&format!("{id}.{field}"), &row[field], &expected[field]);
        }
    }
    let holes = edges(&got["structuralHoles"]);
    assert_eq!(holes.len(), want.len());
    for row in &holes {
        let id = key(&row["person"]);
        for field in ["constraint", "effectiveSize"] {
            assert_close(&format!("{id}.{field}"), &row[field], &want[&id][field]);
        }
    }
}

fn check_brokers(got: &Value, want: &Value) {
    let points: Vec<Value> = got["articulationPoints"]
        .as_array()
        .expect("points")
        .iter()
        .map(|b| json!({ "person": key(&b["person"]), "parts": parts(&b["parts"]) }))
        .collect();
    assert_eq!(
        Value::Array(points),
        want["articulationPoints"],
        "articulation points"
    );
    let bridges: Vec<Value> = got["bridges"]
        .as_array()
        .expect("bridges")
        .iter()
        .map(|b| json!({ "pair": [key(&b["a"]), key(&b["b"])], "parts": parts(&b["parts"]) }))
        .collect();
    assert_eq!(Value::Array(bridges), want["bridges"], "bridges");
}

/// Modularity of a partition, computed here from the bundle's participations.
fn modularity_from_bundle(bundle: &str, communities: &[BTreeSet<String>]) -> f64 {
    let mut meetings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut reader =
        csv::Reader::from_path(fixture_dir(bundle).join("participations.csv")).expect("csv");
    for row in reader.records() {
        let row = row.expect("row");
        meetings
            .entry(row[1].to_owned())
            .or_default()
            .push(row[0].to_owned());
    }
    let mut weight: BTreeMap<(String, String), f64> = BTreeMap::new();
    for people in meetings.values() {
        for a in people {
            for b in people {
                if a < b {
                    *weight.entry((a.clone(), b.clone())).or_default() += 1.0;
                }
            }
        }
    }
    let total: f64 = weight.values().sum();
    let community_of = |p: &str| communities.iter().position(|c| c.contains(p));
    let mut inside = vec![0.0; communities.len()];
    let mut degree = vec![0.0; communities.len()];
    for ((a, b), w) in &weight {
        let (ca, cb) = (community_of(a).expect("a"), community_of(b).expect("b"));
        if ca == cb {
            inside[ca] += w;
        }
        degree[ca] += w;
        degree[cb] += w;
    }
    (0..communities.len())
        .map(|c| inside[c] / total - (degree[c] / (2.0 * total)).powi(2))
        .sum()
}

fn check_communities(bundle: &str, got: &Value, want: &Value) {
    let communities: Vec<BTreeSet<String>> = got["communities"]
        .as_array()
        .expect("communities")
        .iter()
        .map(|c| {
            c["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(key)
                .collect()
        })
        .collect();
    let people: usize = communities.iter().map(BTreeSet::len).sum();
    assert_eq!(
        people,
        want["people"].as_object().expect("people").len(),
        "a partition of everyone"
    );
    let reported = got["modularity"].as_f64().expect("modularity");
    let recomputed = modularity_from_bundle(bundle, &communities);
    assert!(
        (reported - recomputed).abs() < 1e-9,
        "modularity {reported} vs {recomputed}"
    );
    let reference = want["louvain"]["modularity"].as_f64().expect("reference");
    assert!(
        reported >= reference - 0.02,
        "Louvain modularity {reported} falls short of NetworkX's {reference}"
    );
}

fn check_cross_divide(got: &Value, want: &Value) {
    assert_eq!(
        got["crossDivideTies"], want["crossDivideTies"],
        "crossDivide.crossDivideTies"
    );
    for field in ["crossDivideShare", "peopleWithCrossTieShare", "eiIndex"] {
        assert_close(&format!("crossDivide.{field}"), &got[field], &want[field]);
    }
    let by_side = want["eiBySide"].as_object().expect("eiBySide");
    let got_sides = got["eiBySide"].as_array().expect("eiBySide");
    assert_eq!(got_sides.len(), by_side.len(), "sides with an E-I index");
    for side in got_sides {
        let name = side["side"].as_str().expect("side");
        assert_close(
            &format!("eiBySide.{name}"),
            &side["eiIndex"],
            &by_side[name],
        );
    }
    let per_person = want["perPerson"].as_object().expect("perPerson");
    let people = edges(&got["people"]);
    assert_eq!(people.len(), per_person.len());
    for row in people {
        let id = key(&row["person"]);
        assert_eq!(
            row["crossDivideTies"], per_person[&id]["crossDivideTies"],
            "{id} cross ties"
        );
        assert_eq!(row["reach"], per_person[&id]["reach"], "{id} reach");
    }
    let mut meetings = Map::new();
    for m in got["firstEncounters"].as_array().expect("meetings") {
        meetings.insert(key(&m["meeting"]), m["newPairs"].clone());
    }
    assert_eq!(
        Value::Object(meetings),
        want["perMeeting"],
        "first encounters per meeting"
    );
}

fn check_tracks(got: &Value, want: &Value) {
    let multi: Vec<String> = got["multiTrackPeople"]
        .as_array()
        .expect("multi")
        .iter()
        .map(key)
        .collect();
    assert_eq!(json!(multi), want["multiTrackPeople"]);
    assert_eq!(got["track1Links"], want["track1Links"]);
    assert_close(
        "track2WithinTwoShare",
        &got["track2WithinTwoShare"],
        &want["track2WithinTwoShare"],
    );
    let mut distances = Map::new();
    for d in got["track2Distances"].as_array().expect("distances") {
        distances.insert(key(&d["person"]), d["distance"].clone());
    }
    assert_eq!(Value::Object(distances), want["track2Distance"]);
}

fn check_organisations_and_years(got: &Value, want: &Value) {
    let ties: Vec<Value> = got["organisationNetwork"]
        .as_array()
        .expect("ties")
        .iter()
        .map(|t| json!([key(&t["a"]), key(&t["b"]), t["weight"]]))
        .collect();
    assert_eq!(
        Value::Array(ties),
        want["organisationNetwork"],
        "organisation network"
    );
    let years = got["evolution"].as_array().expect("years");
    let expected = want["evolution"].as_array().expect("years");
    assert_eq!(years.len(), expected.len(), "years");
    for (g, w) in years.iter().zip(expected) {
        for field in ["year", "people", "ties"] {
            assert_eq!(g[field], w[field], "evolution.{field}");
        }
        for field in ["largestComponentShare", "crossDivideShare", "meanDegree"] {
            assert_close(
                &format!("evolution {}.{field}", w["year"]),
                &g[field],
                &w[field],
            );
        }
    }
}

async fn check_ego(app: &TestApp, want: &Value) {
    for (person, radii) in want["ego"].as_object().expect("ego") {
        for (k, steps) in [("k1", 1), ("k2", 2)] {
            let data = app.query(EGO, json!({ "p": person, "k": steps })).await;
            let ego = &data["analytics"]["egoNetwork"];
            let mut people: Vec<String> = ego["people"]
                .as_array()
                .expect("people")
                .iter()
                .map(|p| key(&p["person"]))
                .collect();
            assert_eq!(people.first(), Some(person), "the ego comes first");
            people.sort();
            assert_eq!(json!(people), radii[k]["people"], "{person} {k} people");
            assert_eq!(
                json!(ego["ties"].as_array().expect("ties").len()),
                radii[k]["ties"],
                "{person} {k} ties"
            );
        }
    }
}

async fn check_bundle(bundle: &str) {
    let want = expected(bundle);
    let app = app_with(bundle).await;
    let data = app.query(ANALYTICS, json!({})).await;
    let got = &data["analytics"];
    check_summary(&got["summary"], &want["summary"]);
    check_people(got, &want["people"]);
    check_brokers(got, &want);
    check_communities(bundle, &got["communities"], &want);
    check_cross_divide(&got["crossDivide"], &want["crossDivide"]);
    check_tracks(&got["trackCoordination"], &want["tracks"]);
    check_organisations_and_years(got, &want);
    check_ego(&app, &want).await;
}

#[tokio::test]
async fn analytics_match_networkx_on_the_davis_southern_women() {
    check_bundle("davis").await;
}

#[tokio::test]
async fn analytics_match_networkx_on_a_generated_bundle_of_1000_people() {
    check_bundle("synthetic_1k").await;
}

#[tokio::test]
async fn a_time_window_gives_the_analytics_of_its_meetings_only() {
    let want = expected("synthetic_1k");
    let window = &want["window"];
    let app = app_with("synthetic_1k").await;
    let data = app
        .query(
            ANALYTICS,
            json!({ "since": window["since"], "until": window["until"] }),
        )
        .await;
    let got = &data["analytics"];
    check_summary(&got["summary"], &window["summary"]);
    let betweenness = window["betweenness"].as_object().expect("betweenness");
    let rows = edges(&got["centrality"]);
    assert_eq!(rows.len(), betweenness.len());
    for row in rows {
        let id = key(&row["person"]);
        assert_close(
            &format!("{id} betweenness in the window"),
            &row["betweenness"],
            &betweenness[&id],
        );
    }
}

#[tokio::test]
async fn a_window_without_meetings_has_no_shares_rather_than_shares_of_zero() {
    let want = expected("synthetic_1k");
    let window = &want["emptyWindow"];
    assert_eq!(window["summary"]["largestComponentShare"], Value::Null);
    let app = app_with("synthetic_1k").await;
    let data = app
        .query(ANALYTICS, json!({ "since": window["since"] }))
        .await;
    let got = &data["analytics"];
    check_summary(&got["summary"], &window["summary"]);
    check_cross_divide(&got["crossDivide"], &window["crossDivide"]);
    assert_eq!(got["crossDivide"]["crossDivideShare"], Value::Null);
    assert_eq!(got["evolution"], json!([]));
}

#[tokio::test]
async fn sampled_betweenness_ranks_people_like_the_exact_one() {
    let app = app_with("synthetic_1k").await;
    let query =
        "query($samples: Int) { analytics { centrality(samples: $samples, seed: 7, first: 5000) {
        edges { node { person { key } betweenness } } } } }";
    let exact = app.query(query, json!({ "samples": null })).await;
    let sampled = app.query(query, json!({ "samples": 200 })).await;
    let again = app.query(query, json!({ "samples": 200 })).await;
    assert_eq!(sampled, again, "a seeded sample is deterministic");
    let values = |data: &Value| -> BTreeMap<String, f64> {
        edges(&data["analytics"]["centrality"])
            .iter()
            .map(|r| (key(&r["person"]), r["betweenness"].as_f64().expect("value")))
            .collect()
    };
    let (exact, sampled) = (values(&exact), values(&sampled));
    let ids: Vec<&String> = exact.keys().collect();
    let rank = |map: &BTreeMap<String, f64>| -> Vec<f64> {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|&a, &b| map[ids[a]].total_cmp(&map[ids[b]]));
        let mut ranks = vec![0.0; ids.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && map[ids[order[j + 1]]] == map[ids[order[i]]] {
                j += 1;
            }
            for k in i..=j {
                ranks[order[k]] = (i + j) as f64 / 2.0;
            }
            i = j + 1;
        }
        ranks
    };
    let (a, b) = (rank(&exact), rank(&sampled));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ma, mb) = (mean(&a), mean(&b));
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>();
    let spearman = cov / (var(&a, ma) * var(&b, mb)).sqrt();
    assert!(spearman >= 0.95, "Spearman rank correlation {spearman}");
}

#[tokio::test]
async fn an_analysis_over_its_budget_fails_clearly() {
    let app = spawn_app_with(ServeArgs {
        analysis_budget_ms: 0,
        ..settings()
    })
    .await;
    app.import(&fixture_dir("synthetic_1k")).await;
    let error = app
        .query_error(
            "{ analytics { centrality(first: 1) { edges { node { betweenness } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "BUDGET_EXCEEDED");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("ANALYSIS_BUDGET_MS")
    );
}

#[tokio::test]
async fn on_the_demo_the_2021_liaison_group_is_its_own_component() {
    let app = spawn_app_with(ServeArgs { ..settings() }).await;
    app.import(&crate::helpers::demo_dir()).await;
    let data = app
        .query(
            "{ analytics { summary { people inactivePeople components componentSizes }
                           trackCoordination { track1Links }
                           communities { communities { size } } }
               later: analytics(since: \"2021-01-01\") { summary { people ties } } }",
            json!({}),
        )
        .await;
    // Dennis Sammut is in the data but at no stated meeting.
    assert_eq!(
        data["analytics"]["summary"],
        json!({ "people": 79, "inactivePeople": 1, "components": 2, "componentSizes": [70, 9] })
    );
    // None of the demo's meetings is Track 1.
    assert_eq!(data["analytics"]["trackCoordination"]["track1Links"], 0);
    // Nine members, every pair of them met: 36 ties.
    assert_eq!(data["later"]["summary"], json!({ "people": 9, "ties": 36 }));
}

#[tokio::test]
async fn analytics_follow_every_write() {
    let app = app_with("small").await;
    let query = "{ analytics { summary { people inactivePeople ties } } }";
    let before = app.query(query, json!({})).await;
    assert_eq!(
        before["analytics"]["summary"],
        json!({ "people": 6, "inactivePeople": 1, "ties": 6 })
    );
    app.query(
        r#"mutation { addParticipation(input: { person: "farid", meeting: "m5" }) { role } }"#,
        json!({}),
    )
    .await;
    let after = app.query(query, json!({})).await;
    // Farid joins the 2018 town hall and meets Eric and Gala.
    assert_eq!(
        after["analytics"]["summary"],
        json!({ "people": 7, "inactivePeople": 0, "ties": 8 })
    );
}

const DRAWING: &str =
    "query($track: Track, $maxTies: Int) { analytics { drawing(track: $track, maxTies: $maxTies) {
  people { person { key } degree betweenness }
  communities firstYears mainTracks brokers totalTies omittedTies betweennessExact
  links { source target weight firstYear crossDivide }
  bridges { source target weight firstYear crossDivide } } } }";

/// A drawing's tie columns as sorted (a, b, weight, first year, cross-divide) rows.
fn drawn_ties(data: &Value, list: &str) -> BTreeSet<(String, String, u64, u64, bool)> {
    let drawing = &data["analytics"]["drawing"];
    let key = |i: &Value| {
        drawing["people"][i.as_u64().expect("an index") as usize]["person"]["key"]
            .as_str()
            .expect("a key")
            .to_owned()
    };
    let ties = &drawing[list];
    let column = |name: &str| ties[name].as_array().expect("a column").clone();
    let (source, target, weight, year, cross) = (
        column("source"),
        column("target"),
        column("weight"),
        column("firstYear"),
        column("crossDivide"),
    );
    (0..source.len())
        .map(|i| {
            let (a, b) = (key(&source[i]), key(&target[i]));
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            let weight = weight[i].as_u64().expect("weight");
            let year = year[i].as_u64().expect("year");
            (a, b, weight, year, cross[i].as_bool().expect("cross"))
        })
        .collect()
}

#[tokio::test]
async fn the_drawing_holds_every_tie_and_narrows_by_track() {
    let app = spawn_app_with(settings()).await;
    app.import(&fixture_dir("small")).await;
    let all = app.query(DRAWING, json!({})).await;
    let tie = |a: &str, b: &str, w: u64, year: u64, cross: bool| {
        (a.to_owned(), b.to_owned(), w, year, cross)
    };
    assert_eq!(
        drawn_ties(&all, "links"),
        BTreeSet::from([
            tie("ana", "bora", 2, 2010, true),
            tie("ana", "chris", 1, 2010, false),
            tie("bora", "chris", 1, 2010, false),
            tie("bora", "dilara", 1, 2014, false),
            tie("dilara", "eric", 1, 2016, true),
            tie("eric", "gala", 1, 2018, true),
        ])
    );
    let drawing = &all["analytics"]["drawing"];
    assert_eq!(drawing["totalTies"], 6);
    assert_eq!(drawing["omittedTies"], 0);
    assert_eq!(drawing["betweennessExact"], true);
    let people = drawing["people"].as_array().expect("people");
    assert_eq!(people.len(), 6, "everyone who took part in a meeting");
    let index = |key: &str| {
        people
            .iter()
            .position(|p| p["person"]["key"] == key)
            .expect("drawn")
    };
    // bora lies on every path between the m1/m2 group and the rest.
    let bora = &people[index("bora")];
    assert_eq!(bora["degree"], 3);
    assert!(bora["betweenness"].as_f64().expect("betweenness") > 0.5);
    // The brokers and bridges are those of articulationPoints and bridges.
    let mut brokers: Vec<u64> = drawing["brokers"]
        .as_array()
        .expect("brokers")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    brokers.sort_unstable();
    let mut wanted: Vec<u64> = ["bora", "dilara", "eric"]
        .iter()
        .map(|k| index(k) as u64)
        .collect();
    wanted.sort_unstable();
    assert_eq!(brokers, wanted);
    assert_eq!(
        drawn_ties(&all, "bridges"),
        BTreeSet::from([
            tie("bora", "dilara", 1, 2014, false),
            tie("dilara", "eric", 1, 2016, true),
            tie("eric", "gala", 1, 2018, true),
        ])
    );
    // First years, main tracks and communities, person by person.
    assert_eq!(drawing["firstYears"][index("dilara")], 2014);
    assert_eq!(drawing["mainTracks"][index("ana")], "TRACK_2");
    assert_eq!(drawing["mainTracks"][index("gala")], "TRACK_3");
    let community = |key: &str| drawing["communities"][index(key)].clone();
    assert_eq!(community("ana"), community("chris"));
    assert_ne!(community("ana"), community("gala"));

    // Track 2 holds m1 and m2 only.
    let track2 = app.query(DRAWING, json!({ "track": "TRACK_2" })).await;
    assert_eq!(
        drawn_ties(&track2, "links"),
        BTreeSet::from([
            tie("ana", "bora", 2, 2010, true),
            tie("ana", "chris", 1, 2010, false),
            tie("bora", "chris", 1, 2010, false)
        ])
    );
    assert_eq!(
        track2["analytics"]["drawing"]["people"]
            .as_array()
            .expect("people")
            .len(),
        3
    );
    // `analytics(track:)` narrows the drawing the same way.
    let by_analytics = app
        .query(
            "{ analytics(track: TRACK_2) { drawing { totalTies people { person { key } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(by_analytics["analytics"]["drawing"]["totalTies"], 3);
}

#[tokio::test]
async fn a_capped_drawing_keeps_the_strongest_ties_and_counts_the_rest() {
    let app = spawn_app_with(settings()).await;
    app.import(&fixture_dir("small")).await;
    let capped = app.query(DRAWING, json!({ "maxTies": 2 })).await;
    let drawing = &capped["analytics"]["drawing"];
    assert_eq!(drawing["totalTies"], 6);
    assert_eq!(drawing["omittedTies"], 4);
    let links = drawn_ties(&capped, "links");
    assert_eq!(links.len(), 2);
    assert!(
        links
            .iter()
            .any(|t| t.0 == "ana" && t.1 == "bora" && t.2 == 2),
        "the strongest tie is kept: {links:?}"
    );
    // Bridges are listed whether drawn or not.
    assert_eq!(drawn_ties(&capped, "bridges").len(), 3);
    // Out-of-range caps are refused by name.
    for bad in [-1, 200_001] {
        let error = app.query_error(DRAWING, json!({ "maxTies": bad })).await;
        assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap_or_default()
                .contains("maxTies"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_track_narrows_chains_and_analytics() {
    let app = spawn_app_with(settings()).await;
    app.import(&fixture_dir("small")).await;
    let answer = app
        .query(
            r#"{
              all: chainOfAcquaintance(from: "ana", to: "gala") { length }
              track2: chainOfAcquaintance(from: "ana", to: "chris", track: TRACK_2) { length }
              apart: chainOfAcquaintance(from: "ana", to: "gala", track: TRACK_2) { length }
              t3: analytics(track: TRACK_3) { summary { people ties } }
              me { role mayExport mayEdit }
            }"#,
            json!({}),
        )
        .await;
    assert_eq!(answer["all"]["length"], 4);
    assert_eq!(answer["track2"]["length"], 1);
    assert_eq!(
        answer["apart"],
        Value::Null,
        "gala took part in no Track 2 meeting"
    );
    assert_eq!(answer["t3"]["summary"], json!({ "people": 2, "ties": 1 }));
    assert_eq!(answer["me"]["role"], "ADMIN");
    assert_eq!(answer["me"]["mayExport"], true);
}

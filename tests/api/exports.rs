//! Exports for Gephi and Kumu, from the CLI and as HTTP downloads: each format parsed
//! by an independent reader and checked against the API's own figures, and each
//! limited to what the reader may see.

use crate::helpers::{TestApp, bundle_rows, cli, fixture_dir, spawn_app};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

const GRAPHML: &str = "http://graphml.graphdrawing.org/xmlns";
const GEXF: &str = "http://gexf.net/1.3";

async fn small() -> TestApp {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    app
}

/// GETs an export; returns the status, content type and body.
pub async fn download(app: &TestApp, token: Option<&str>, path: &str) -> (u16, String, Vec<u8>) {
    let mut request = app.client.get(format!("{}/exports/{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("GET");
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        media,
        response.bytes().await.expect("body").to_vec(),
    )
}

/// An undirected edge list: (smaller id, larger id) -> weight.
type Edges = BTreeMap<(String, String), u64>;

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// The nodes an XML edge joins, checked to exist.
fn endpoints<'a, T>(
    edge: roxmltree::Node<'a, '_>,
    nodes: &BTreeMap<String, T>,
) -> (&'a str, &'a str) {
    let (a, b) = (
        edge.attribute("source").expect("source"),
        edge.attribute("target").expect("target"),
    );
    assert!(
        nodes.contains_key(a) && nodes.contains_key(b),
        "edge {a}-{b} to no node"
    );
    (a, b)
}

/// Nodes (id -> label) and weighted edges of a GraphML file, read by roxmltree.
fn read_graphml(bytes: &[u8]) -> (BTreeMap<String, String>, Edges) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed GraphML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some(GRAPHML));
    // Every data element refers to a key declared for its kind of element.
    let keys: BTreeMap<&str, (&str, &str)> = root
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "key")))
        .map(|k| {
            (
                k.attribute("id").expect("key id"),
                (
                    k.attribute("for").expect("key for"),
                    k.attribute("attr.name").expect("attr.name"),
                ),
            )
        })
        .collect();
    let graph = root
        .children()
        .find(|n| n.has_tag_name((GRAPHML, "graph")))
        .expect("graph");
    assert_eq!(graph.attribute("edgedefault"), Some("undirected"));
    let data = |element: roxmltree::Node, kind: &str| -> BTreeMap<String, String> {
        element
            .children()
            .filter(|n| n.has_tag_name((GRAPHML, "data")))
            .map(|d| {
                let key = d.attribute("key").expect("data key");
                let (of, name) = keys
                    .get(key)
                    .unwrap_or_else(|| panic!("undeclared key {key}"));
                assert_eq!(*of, kind, "key {key} is declared for {of}");
                (name.to_string(), d.text().unwrap_or_default().to_owned())
            })
            .collect()
    };
    let mut nodes = BTreeMap::new();
    for node in graph
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "node")))
    {
        let values = data(node, "node");
        nodes.insert(
            node.attribute("id").expect("node id").to_owned(),
            values["label"].clone(),
        );
    }
    let mut edges = Edges::new();
    for edge in graph
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "edge")))
    {
        let (a, b) = endpoints(edge, &nodes);
        let weight = data(edge, "edge")["weight"].parse().expect("weight");
        assert!(
            edges.insert(pair(a, b), weight).is_none(),
            "edge {a}-{b} twice"
        );
    }
    (nodes, edges)
}

/// A GEXF node or edge with its time data.
#[derive(Debug, Default)]
struct Timed {
    start: Option<String>,
    spells: Vec<(String, String)>,
    weight: u64,
}

/// A GEXF file's nodes, edges and mode.
struct Gexf {
    nodes: BTreeMap<String, Timed>,
    edges: BTreeMap<(String, String), Timed>,
    mode: String,
}

fn read_gexf(bytes: &[u8]) -> Gexf {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed GEXF");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "gexf");
    assert_eq!(root.tag_name().namespace(), Some(GEXF));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root
        .children()
        .find(|n| n.has_tag_name((GEXF, "graph")))
        .expect("graph");
    let mode = graph.attribute("mode").unwrap_or("static").to_owned();
    let declared: BTreeSet<&str> = graph
        .descendants()
        .filter(|n| n.has_tag_name((GEXF, "attribute")))
        .filter_map(|a| a.attribute("id"))
        .collect();
    for value in graph
        .descendants()
        .filter(|n| n.has_tag_name((GEXF, "attvalue")))
    {
        let key = value.attribute("for").expect("for");
        assert!(declared.contains(key), "undeclared attribute {key}");
    }
    let spells = |n: roxmltree::Node| -> Vec<(String, String)> {
        n.descendants()
            .filter(|s| s.has_tag_name((GEXF, "spell")))
            .map(|s| {
                (
                    s.attribute("start").expect("start").to_owned(),
                    s.attribute("end").expect("end").to_owned(),
                )
            })
            .collect()
    };
    let mut nodes = BTreeMap::new();
    for node in graph
        .descendants()
        .filter(|n| n.has_tag_name((GEXF, "node")))
    {
        nodes.insert(
            node.attribute("id").expect("id").to_owned(),
            Timed {
                start: node.attribute("start").map(str::to_owned),
                spells: spells(node),
                weight: 0,
            },
        );
    }
    let mut edges = BTreeMap::new();
    for edge in graph
        .descendants()
        .filter(|n| n.has_tag_name((GEXF, "edge")))
    {
        let (a, b) = endpoints(edge, &nodes);
        edges.insert(
            pair(a, b),
            Timed {
                start: None,
                spells: spells(edge),
                weight: edge
                    .attribute("weight")
                    .expect("weight")
                    .parse()
                    .expect("number"),
            },
        );
    }
    Gexf { nodes, edges, mode }
}

/// Kumu elements (id -> element) and connections, checked for unique ids and
/// connections between existing elements.
fn read_kumu(bytes: &[u8]) -> (BTreeMap<String, Value>, Edges) {
    let blueprint: Value = serde_json::from_slice(bytes).expect("JSON");
    let mut ids = BTreeSet::new();
    let mut elements = BTreeMap::new();
    for element in blueprint["elements"].as_array().expect("elements") {
        let id = element["id"].as_str().expect("element id").to_owned();
        assert!(element["label"].is_string(), "{element}");
        assert!(ids.insert(id.clone()), "id {id} twice");
        elements.insert(id, element.clone());
    }
    let mut edges = Edges::new();
    for connection in blueprint["connections"].as_array().expect("connections") {
        let id = connection["id"].as_str().expect("connection id");
        assert!(ids.insert(id.to_owned()), "id {id} twice");
        let (a, b) = (
            connection["from"].as_str().expect("from"),
            connection["to"].as_str().expect("to"),
        );
        assert!(
            elements.contains_key(a) && elements.contains_key(b),
            "{connection}"
        );
        edges.insert(pair(a, b), connection["weight"].as_u64().expect("weight"));
    }
    (elements, edges)
}

fn person(id: &str) -> String {
    format!("Person:{id}")
}

/// The met graph of `tests/fixtures/small`, worked out by hand: every meeting, or
/// without the confidential m4 (dilara and eric met only there).
fn small_met(with_confidential: bool) -> Edges {
    let mut edges: Edges = [
        (("ana", "bora"), 2),
        (("ana", "chris"), 1),
        (("bora", "chris"), 1),
        (("bora", "dilara"), 1),
        (("eric", "gala"), 1),
    ]
    .into_iter()
    .map(|((a, b), w)| (pair(&person(a), &person(b)), w))
    .collect();
    if with_confidential {
        edges.insert(pair(&person("dilara"), &person("eric")), 1);
    }
    edges
}

fn export_graph(url: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("graph");
    let mut all = vec!["export-graph"];
    all.extend_from_slice(args);
    all.push(out.to_str().expect("path"));
    let run = cli(url, &all);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).expect("export written")
}

#[tokio::test]
async fn the_met_graph_in_every_format_is_the_graph_the_api_analyses() {
    let app = small().await;
    let summary = app
        .query("{ analytics { summary { people ties } } }", json!({}))
        .await["analytics"]["summary"]
        .clone();
    let expected = small_met(true);
    assert_eq!(summary["ties"], expected.len());

    let (nodes, edges) = read_graphml(&export_graph(
        &app.db.url,
        &["--graph", "met", "--format", "graphml"],
    ));
    assert_eq!(edges, expected);
    assert_eq!(
        nodes.len() as u64,
        summary["people"].as_u64().expect("people")
    );
    assert_eq!(nodes[&person("ana")], "Ana");

    let (elements, edges) = read_kumu(&export_graph(
        &app.db.url,
        &["--graph", "met", "--format", "kumu"],
    ));
    assert_eq!(edges, expected);
    assert_eq!(elements.len(), nodes.len());
    assert_eq!(elements[&person("ana")]["type"], "Person");
    assert_eq!(
        elements[&person("ana")]["tags"],
        json!(["youth", "civil_society"])
    );

    let Gexf {
        nodes: timed,
        edges,
        mode,
    } = read_gexf(&export_graph(
        &app.db.url,
        &["--graph", "met", "--format", "gexf"],
    ));
    assert_eq!(mode, "dynamic");
    let weights: Edges = edges.iter().map(|(k, t)| (k.clone(), t.weight)).collect();
    assert_eq!(weights, expected);
    // One spell per meeting shared, first to last day; a person starts at their
    // first meeting.
    assert_eq!(
        edges[&pair(&person("ana"), &person("bora"))].spells,
        [
            ("2010-05-01".into(), "2010-05-03".into()),
            ("2012-03-10".into(), "2012-03-10".into())
        ]
    );
    assert_eq!(timed[&person("eric")].start.as_deref(), Some("2016-01-15"));
    assert_eq!(timed[&person("gala")].start.as_deref(), Some("2018-09-09"));
}

#[tokio::test]
async fn the_organisation_and_bipartite_graphs_match_the_api() {
    let app = small().await;
    let ties = app
        .query(
            "{ analytics { organisationNetwork { a { key } b { key } weight } } network { participations } }",
            json!({}),
        )
        .await;
    let expected: Edges = ties["analytics"]["organisationNetwork"]
        .as_array()
        .expect("ties")
        .iter()
        .map(|t| {
            (
                pair(
                    &format!("Organisation:{}", t["a"]["key"].as_str().expect("a")),
                    &format!("Organisation:{}", t["b"]["key"].as_str().expect("b")),
                ),
                t["weight"].as_u64().expect("weight"),
            )
        })
        .collect();
    assert!(!expected.is_empty());
    let (_, edges) = read_graphml(&export_graph(
        &app.db.url,
        &["--graph", "organisations", "--format", "graphml"],
    ));
    assert_eq!(edges, expected);
    let Gexf { edges, mode, .. } = read_gexf(&export_graph(
        &app.db.url,
        &["--graph", "organisations", "--format", "gexf"],
    ));
    assert_eq!(mode, "static");
    assert_eq!(edges.len(), expected.len());

    let (nodes, edges) = read_graphml(&export_graph(
        &app.db.url,
        &["--graph", "bipartite", "--format", "graphml"],
    ));
    assert_eq!(
        edges.len() as u64,
        ties["network"]["participations"].as_u64().expect("n")
    );
    assert!(edges.contains_key(&pair(&person("gala"), "Meeting:m5")));
    assert_eq!(nodes["Meeting:m4"], "Confidential consultation");
    let Gexf { nodes: timed, .. } = read_gexf(&export_graph(
        &app.db.url,
        &["--graph", "bipartite", "--format", "gexf"],
    ));
    assert_eq!(timed["Meeting:m3"].start.as_deref(), Some("2014-07-20"));
}

#[tokio::test]
async fn downloads_hold_only_what_the_reader_may_see() {
    let app = small().await;
    let analyst = app.create_key("analyst");
    let viewer = app.create_key("viewer");

    let (status, media, body) = download(&app, Some(&analyst), "met.graphml").await;
    assert_eq!(status, 200);
    assert_eq!(media, "application/graphml+xml");
    assert_eq!(read_graphml(&body).1, small_met(false));
    let (_, _, body) = download(&app, None, "met.graphml").await;
    assert_eq!(
        read_graphml(&body).1,
        small_met(true),
        "admins see everything"
    );

    let (_, media, body) = download(&app, Some(&analyst), "bipartite.gexf").await;
    assert_eq!(media, "application/gexf+xml");
    let nodes = read_gexf(&body).nodes;
    assert!(!nodes.contains_key("Meeting:m4"));
    assert!(
        nodes.contains_key("Meeting:m3"),
        "analysts see closed meetings"
    );
    let text = String::from_utf8(body).expect("UTF-8");
    assert!(!text.contains("Confidential consultation"));

    let (_, media, body) = download(
        &app,
        Some(&analyst),
        "met.json?since=2012-01-01&until=2015-12-31",
    )
    .await;
    assert_eq!(media, "application/json");
    let expected: Edges = [
        (pair(&person("ana"), &person("bora")), 1),
        (pair(&person("bora"), &person("dilara")), 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(read_kumu(&body).1, expected);

    // The CSV bundle: the confidential meeting and its participations are gone, and
    // what is left imports as a valid bundle.
    let (status, media, body) = download(&app, Some(&analyst), "bundle.zip").await;
    assert_eq!((status, media.as_str()), (200, "application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).expect("a zip archive");
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("read");
        std::fs::write(dir.path().join(file.name().expect("name").as_ref()), text).expect("write");
    }
    let rows = bundle_rows(dir.path());
    assert!(rows["meetings.csv"].iter().all(|r| r[0] != "m4"));
    assert!(rows["participations.csv"].iter().all(|r| r[1] != "m4"));
    assert_eq!(
        rows["participations.csv"].len(),
        1 + 9,
        "header and 9 of 11 rows"
    );
    let fresh = crate::helpers::fresh_db().await;
    let import = cli(&fresh.url, &["import", dir.path().to_str().expect("path")]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );

    // The workbook holds exactly what the zip holds: imported and exported again,
    // the same rows.
    let (status, _, book) = download(&app, Some(&analyst), "bundle.xlsx").await;
    assert_eq!(status, 200);
    let file = dir.path().join("bundle.xlsx");
    std::fs::write(&file, book).expect("write");
    let from_book = crate::helpers::fresh_db().await;
    let import = cli(&from_book.url, &["import", file.to_str().expect("path")]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let out = tempfile::tempdir().expect("temp dir");
    let export = cli(
        &from_book.url,
        &["export", out.path().to_str().expect("path")],
    );
    assert!(export.status.success());
    std::fs::remove_file(&file).expect("remove");
    assert_eq!(bundle_rows(out.path()), rows);
    assert_eq!(download(&app, Some(&viewer), "bundle.xlsx").await.0, 403);

    // Viewers get no exports; without a key nothing at all.
    assert_eq!(download(&app, Some(&viewer), "met.graphml").await.0, 403);
    assert_eq!(
        download(&app, Some("pn_not-a-key"), "met.graphml").await.0,
        401
    );
    let (status, _, body) = download(&app, Some(&analyst), "met.graphml?since=2012-13-01").await;
    assert_eq!(status, 400);
    let error: Value = serde_json::from_slice(&body).expect("JSON error");
    assert!(
        error["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("since")
    );
    assert_eq!(download(&app, Some(&analyst), "met.pdf").await.0, 404);

    // One track, named as the API or as the bundle names it; an unknown one is refused.
    for track in ["TRACK_3", "3"] {
        let (status, _, body) =
            download(&app, Some(&analyst), &format!("met.gexf?track={track}")).await;
        assert_eq!(status, 200);
        let text = String::from_utf8(body).expect("text");
        assert_eq!(text.matches("<node ").count(), 2, "eric and gala: {text}");
    }
    let (status, _, body) = download(&app, Some(&analyst), "met.gexf?track=TRACK_9").await;
    assert_eq!(status, 400);
    let error: Value = serde_json::from_slice(&body).expect("JSON error");
    assert_eq!(error["errors"][0]["extensions"]["code"], "BAD_INPUT");
    assert!(
        error["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("track")
    );

    // Taking closed meetings away is audited.
    let log = app
        .query(
            "{ auditLog(first: 100) { edges { node { operation ids detail role } } } }",
            json!({}),
        )
        .await;
    let exports: Vec<&Value> = log["auditLog"]["edges"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["operation"] == "export")
        .collect();
    assert!(
        exports
            .iter()
            .any(|n| n["role"] == "analyst" && n["detail"] == "bundle.zip"),
        "{exports:?}"
    );
}

#[tokio::test]
async fn a_graph_download_over_the_analysis_budget_says_so_and_how_to_narrow_it() {
    let app = crate::helpers::spawn_app_with(peacenet::config::ServeArgs {
        analysis_budget_ms: 0,
        ..crate::helpers::settings()
    })
    .await;
    app.import(&fixture_dir("synthetic_1k")).await;
    for path in ["met.graphml", "organisations.gexf"] {
        let (status, media, body) = download(&app, None, path).await;
        assert_eq!(
            (status, media.as_str()),
            (422, "application/json"),
            "{path}"
        );
        let body: Value = serde_json::from_slice(&body).expect("JSON");
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "BUDGET_EXCEEDED", "{path}");
        assert!(
            error["message"]
                .as_str()
                .expect("message")
                .contains("since, until"),
            "{error}"
        );
    }
    // The bipartite graph and the bundle compute nothing: they still download.
    assert_eq!(download(&app, None, "bipartite.graphml").await.0, 200);
    assert_eq!(download(&app, None, "bundle.zip").await.0, 200);
}

//! Unit tests of the brokers, the bridges and the structural holes.

use super::holes::{Holes, Scratch};
use super::*;
use crate::network::testing::network;
use crate::network::{MetGraph, NodeIx, Scope};

/// The people of each bridge, by id.
fn bridge_ids(meetings: &[&[&str]]) -> Vec<(String, String)> {
    let network = network(meetings);
    let graph = MetGraph::build(&network, &Scope::everything());
    let id = |u: NodeIx| network.person(graph.person(u)).id.clone();
    bridges(&network, &graph, &Budget::unlimited())
        .expect("no budget")
        .iter()
        .map(|b| (id(b.a), id(b.b)))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// (id, constraint, effective size) of every active person, in id order.
fn holes(meetings: &[&[&str]]) -> Vec<(String, Option<f64>, Option<f64>)> {
    let network = network(meetings);
    let graph = MetGraph::build(&network, &Scope::everything());
    let holes = structural_holes(&graph, &Budget::unlimited()).expect("no budget");
    let mut out: Vec<_> = graph
        .nodes()
        .map(|u| {
            let id = network.person(graph.person(u)).id.clone();
            (
                id,
                holes.constraint[u.index()],
                holes.effective_size[u.index()],
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Compares with `nx.constraint(G, weight="weight")` and
/// `nx.effective_size(G, nodes=[...], weight="weight")` (NetworkX 3.6.1) on the
/// same graph, `None` for NaN.
fn assert_holes(meetings: &[&[&str]], expected: &[(&str, Option<f64>, Option<f64>)]) {
    let got = holes(meetings);
    assert_eq!(got.len(), expected.len(), "{got:?}");
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1.0),
        (a, b) => a == b,
    };
    for ((id, c, e), (want_id, want_c, want_e)) in got.iter().zip(expected) {
        assert_eq!(id, want_id);
        assert!(
            close(*c, *want_c),
            "constraint of {id}: {c:?}, not {want_c:?}"
        );
        assert!(
            close(*e, *want_e),
            "effective size of {id}: {e:?}, not {want_e:?}"
        );
    }
}

#[test]
fn structural_holes_of_a_star_and_a_triangle() {
    // The centre of a star of three spreads its ties evenly over people who do
    // not know one another: 3 x (1/3)^2, and every tie counts in full.
    let star: &[&[&str]] = &[&["a", "b"], &["a", "c"], &["a", "d"]];
    assert_holes(
        star,
        &[
            ("a", Some(1.0 / 3.0), Some(3.0)),
            ("b", Some(1.0), Some(1.0)),
            ("c", Some(1.0), Some(1.0)),
            ("d", Some(1.0), Some(1.0)),
        ],
    );
    // In a triangle each tie is 1/2 direct and 1/4 through the third:
    // 2 x (3/4)^2, and each of the two ties is half redundant.
    let triangle: &[&[&str]] = &[&["a", "b", "c"]];
    let each = (Some(1.125), Some(1.0));
    assert_holes(
        triangle,
        &[
            ("a", each.0, each.1),
            ("b", each.0, each.1),
            ("c", each.0, each.1),
        ],
    );
}

#[test]
fn structural_holes_of_two_triangles_joined_by_a_bridge() {
    let joined: &[&[&str]] = &[&["a", "b", "c"], &["c", "d"], &["d", "e", "f"]];
    let (outer, inner) = (1.0069444444444444, 0.6111111111111112);
    assert_holes(
        joined,
        &[
            ("a", Some(outer), Some(1.0)),
            ("b", Some(outer), Some(1.0)),
            ("c", Some(inner), Some(2.3333333333333335)),
            ("d", Some(inner), Some(2.3333333333333335)),
            ("e", Some(outer), Some(1.0)),
            ("f", Some(outer), Some(1.0)),
        ],
    );
}

#[test]
fn structural_holes_with_weights_and_a_person_without_ties() {
    // a-b weight 3, a-c 2, the others 1; z met no one.
    let weighted: &[&[&str]] = &[
        &["a", "b", "c"],
        &["a", "b"],
        &["a", "b"],
        &["c", "d"],
        &["b", "d"],
        &["a", "c", "e"],
        &["z"],
    ];
    assert_holes(
        weighted,
        &[
            ("a", Some(0.6424999999999998), Some(2.2222222222222223)),
            ("b", Some(0.7699999999999999), Some(1.9666666666666668)),
            ("c", Some(0.7631111111111112), Some(2.6666666666666665)),
            ("d", Some(0.72), Some(1.5833333333333335)),
            ("e", Some(0.9344444444444444), Some(1.1666666666666667)),
            ("z", None, None),
        ],
    );
}

/// The met graph of a seeded network of 60 people in 40 meetings of 2 to 12,
/// and 3 people alone.
fn random_graph() -> MetGraph {
    let mut rng = crate::network::analysis::SplitMix::new(7);
    let mut meetings: Vec<Vec<String>> = (0..40)
        .map(|_| {
            let size = 2 + rng.below(11);
            let mut people: Vec<String> = rng
                .sample(60, size)
                .iter()
                .map(|p| format!("p{p:02}"))
                .collect();
            people.sort();
            people
        })
        .collect();
    meetings.extend((60..63).map(|p| vec![format!("p{p:02}")]));
    let lists: Vec<Vec<&str>> = meetings
        .iter()
        .map(|m| m.iter().map(String::as_str).collect())
        .collect();
    let lists: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
    MetGraph::build(&network(&lists), &Scope::everything())
}

#[test]
fn structural_holes_match_the_definition_term_by_term() {
    let graph = random_graph();
    let got = structural_holes(&graph, &Budget::unlimited()).expect("no budget");
    // The definition, pair by pair, with each tie looked up.
    let n = graph.node_count();
    let total = |u: NodeIx| graph.weighted_degree(u) as f64;
    let strongest = |u: NodeIx| f64::from(*graph.weights(u).iter().max().unwrap_or(&0));
    let p = |u: NodeIx, v: NodeIx| f64::from(graph.weight(u, v)) / total(u);
    let mut with_ties = 0;
    for node in graph.nodes() {
        let u = node.index();
        let neighbours = graph.neighbours(node);
        if neighbours.is_empty() {
            assert_eq!((got.constraint[u], got.effective_size[u]), (None, None));
            continue;
        }
        with_ties += 1;
        let (mut c, mut e) = (0.0, 0.0);
        for &v in neighbours {
            let others = neighbours.iter().copied().filter(|&w| w != v);
            let indirect: f64 = others.clone().map(|w| p(node, w) * p(w, v)).sum();
            let redundancy: f64 = others
                .map(|w| p(node, w) * f64::from(graph.weight(v, w)) / strongest(v))
                .sum();
            c += (p(node, v) + indirect).powi(2);
            e += 1.0 - redundancy;
        }
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() <= 1e-12 * b);
        assert!(close(got.constraint[u], c), "constraint of node {u}");
        assert!(
            close(got.effective_size[u], e),
            "effective size of node {u}"
        );
    }
    assert!(with_ties > 50 && with_ties < n, "{with_ties} of {n}");
}

#[test]
fn structural_holes_do_not_depend_on_how_the_nodes_are_dealt() {
    // The workers take the lanes in any order and reuse their accumulators from
    // node to node: one worker taking every node in reverse gives the same bits.
    let graph = random_graph();
    let got = structural_holes(&graph, &Budget::unlimited()).expect("no budget");
    let n = graph.node_count();
    let holes = Holes::new(&graph);
    let mut scratch = Scratch::new(n);
    for node in graph.nodes().rev() {
        let u = node.index();
        let one = holes.node(&graph, node, &mut scratch);
        let bits = |x: Option<f64>| x.map(f64::to_bits);
        assert_eq!(bits(one.map(|(c, _)| c)), bits(got.constraint[u]));
        assert_eq!(bits(one.map(|(_, e)| e)), bits(got.effective_size[u]));
    }
}

#[test]
fn structural_holes_stop_when_over_budget() {
    let graph = random_graph();
    let spent = Budget::new(std::time::Duration::ZERO);
    std::thread::sleep(std::time::Duration::from_millis(2));
    assert!(structural_holes(&graph, &spent).is_err());
}

#[test]
fn a_tie_resting_on_several_meetings_of_two_is_a_bridge() {
    // Two triangles, c and d joined by two meetings of their own.
    let twice: &[&[&str]] = &[&["a", "b", "c"], &["c", "d"], &["d", "e", "f"], &["c", "d"]];
    assert_eq!(bridge_ids(twice), pairs(&[("c", "d")]));
    let cuts = articulation_points(
        &network(twice),
        &MetGraph::build(&network(twice), &Scope::everything()),
        &Budget::unlimited(),
    )
    .expect("no budget");
    assert_eq!(
        cuts.iter().map(|b| b.node).collect::<Vec<_>>(),
        [NodeIx::new(2), NodeIx::new(3)]
    );
}

#[test]
fn a_tie_with_a_third_person_at_one_of_its_meetings_is_no_bridge() {
    let with_third: &[&[&str]] = &[&["a", "b"], &["a", "b", "c"], &["c", "d"]];
    assert_eq!(bridge_ids(with_third), pairs(&[("c", "d")]));
    // A path: every tie is a bridge, however many meetings it rests on.
    let path: &[&[&str]] = &[
        &["a", "b"],
        &["b", "c"],
        &["a", "b"],
        &["c", "d"],
        &["c", "d"],
    ];
    assert_eq!(
        bridge_ids(path),
        pairs(&[("a", "b"), ("b", "c"), ("c", "d")])
    );
    // A cycle of meetings of two: no bridge.
    let cycle: &[&[&str]] = &[&["a", "b"], &["b", "c"], &["c", "a"], &["a", "b"]];
    assert!(bridge_ids(cycle).is_empty());
}

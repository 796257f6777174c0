//! The summary figures and path lengths: density, components, isolated people,
//! average shortest path and diameter.

use super::assert_close;
use crate::network::analysis::{Budget, Summary, component_sizes, summary};
use crate::network::testing::{Named, davis, karate_club, network, path, star, two_triangles};

fn summary_of(named: &Named) -> Summary {
    summary(&named.graph, &Budget::unlimited()).expect("no budget")
}

/// Checks people, ties, density (`nx.density`), component sizes, isolated people,
/// and the exact `nx.average_shortest_path_length` and `nx.diameter` of the
/// largest component.
#[track_caller]
fn assert_summary(named: &Named, people: usize, ties: usize, density: f64, average: f64) {
    let s = summary_of(named);
    assert_eq!((s.people, s.ties), (people, ties));
    assert_close(s.density, density, "density");
    let paths = s.paths.expect("someone is active");
    assert!(paths.exact);
    assert_close(paths.average, average, "average shortest path");
    assert_close(paths.standard_error, 0.0, "standard error");
}

#[test]
fn a_path_has_closed_form_path_figures() {
    // A path of n: density 2/n, average shortest path (n+1)/3, diameter n-1.
    for n in [2, 3, 5, 8] {
        let p = path(n);
        let nf = n as f64;
        assert_summary(&p, n, n - 1, 2.0 / nf, (nf + 1.0) / 3.0);
        let s = summary_of(&p);
        assert_eq!(s.paths.map(|f| f.diameter), Some(n as u32 - 1));
        assert_eq!(s.component_sizes, [n]);
        assert_eq!((s.isolated, s.largest_component_share), (0, Some(1.0)));
    }
}

#[test]
fn a_star_has_closed_form_path_figures() {
    // A star of k leaves (n = k+1): density 2/n, average 2k/(k+1), diameter 2.
    for k in [2, 4, 7] {
        let kf = k as f64;
        let s = star(k);
        assert_summary(&s, k + 1, k, 2.0 / (kf + 1.0), 2.0 * kf / (kf + 1.0));
        assert_eq!(summary_of(&s).paths.map(|f| f.diameter), Some(2));
    }
}

#[test]
fn two_triangles_joined_by_a_bridge() {
    // nx.density = 7/15, nx.average_shortest_path_length = 1.8, nx.diameter = 3.
    let t = two_triangles();
    assert_summary(&t, 6, 7, 7.0 / 15.0, 1.8);
    assert_eq!(summary_of(&t).paths.map(|f| f.diameter), Some(3));
    assert_eq!(component_sizes(&t.graph), [6]);
}

#[test]
fn the_karate_club() {
    // nx.density(G) = 0.13903743315508021, nx.average_shortest_path_length(G) =
    // 2.408199643493761, nx.diameter(G) = 5.
    let k = karate_club();
    assert_summary(&k, 34, 78, 0.13903743315508021, 2.408199643493761);
    let s = summary_of(&k);
    assert_eq!(s.paths.map(|f| f.diameter), Some(5));
    assert_eq!(
        (s.component_sizes.as_slice(), s.isolated),
        ([34].as_slice(), 0)
    );
}

#[test]
fn the_davis_women_projection() {
    // On bipartite.weighted_projected_graph(G, women): 139 ties, nx.density =
    // 0.9084967320261438, nx.average_shortest_path_length = 1.091503267973856,
    // nx.diameter = 2.
    let d = davis();
    assert_summary(&d, 18, 139, 0.9084967320261438, 1.091503267973856);
    assert_eq!(summary_of(&d).paths.map(|f| f.diameter), Some(2));
}

#[test]
fn components_isolated_people_and_the_largest_component() {
    // A triangle, a path of three, and z alone at a meeting: z is active (a node)
    // but isolated, a component of its own. nx.density = 5/21; the path figures
    // are those of the first largest component, the triangle.
    let named = Named::new(network(&[
        &["a", "b", "c"],
        &["w", "y"],
        &["y", "x"],
        &["z"],
    ]));
    let s = summary_of(&named);
    assert_eq!((s.people, s.ties, s.isolated), (7, 5, 1));
    assert_close(s.density, 5.0 / 21.0, "density");
    assert_eq!(s.component_sizes, [3, 3, 1]);
    assert_eq!(component_sizes(&named.graph), [3, 3, 1]);
    assert_close(
        s.largest_component_share.expect("people"),
        3.0 / 7.0,
        "largest component share",
    );
    let paths = s.paths.expect("someone is active");
    assert_eq!((paths.diameter, paths.sources), (1, 3));
    assert_close(paths.average, 1.0, "average shortest path");
}

#[test]
fn one_person_alone_and_no_one() {
    let alone = Named::new(network(&[&["z"]]));
    let s = summary_of(&alone);
    assert_eq!((s.people, s.ties, s.isolated, s.density), (1, 0, 1, 0.0));
    let paths = s.paths.expect("someone is active");
    assert_eq!((paths.average, paths.diameter), (0.0, 0));
    let empty = Named::new(network(&[]));
    let s = summary_of(&empty);
    assert_eq!(
        (s.people, s.largest_component_share, s.paths),
        (0, None, None)
    );
}

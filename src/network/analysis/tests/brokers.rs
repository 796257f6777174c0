//! Brokers: articulation points, bridges, and Burt's constraint and effective size.

use super::assert_close;
use crate::network::analysis::{
    Budget, StructuralHoles, articulation_points, bridges, structural_holes,
};
use crate::network::testing::{Named, davis, karate_club, network, path, star, two_triangles};

/// Each articulation point by id, with the sizes of the parts it alone connects.
fn points(named: &Named) -> Vec<(&str, Vec<usize>)> {
    let found =
        articulation_points(&named.network, &named.graph, &Budget::unlimited()).expect("budget");
    let mut out: Vec<_> = found
        .iter()
        .map(|b| (named.id(b.node), b.parts.iter().map(|p| p.size).collect()))
        .collect();
    out.sort();
    out
}

/// Each bridge as its two ends by id, each with the size of the part holding it,
/// in id order.
fn bridge_parts(named: &Named) -> Vec<[(&str, usize); 2]> {
    let found = bridges(&named.network, &named.graph, &Budget::unlimited()).expect("budget");
    let mut out: Vec<_> = found
        .iter()
        .map(|b| {
            let mut ends = [
                (named.id(b.a), b.parts[0].size),
                (named.id(b.b), b.parts[1].size),
            ];
            ends.sort();
            ends
        })
        .collect();
    out.sort();
    out
}

fn holes(named: &Named) -> StructuralHoles {
    structural_holes(&named.graph, &Budget::unlimited()).expect("no budget")
}

#[test]
fn the_karate_club_has_one_articulation_point_and_one_bridge() {
    // nx.articulation_points(G) = [0], nx.bridges(G) = [(0, 11)]: without 0 the
    // club falls into 27 people, {4, 5, 6, 10, 16} and {11}, who had no other tie.
    let k = karate_club();
    assert_eq!(points(&k), [("0", vec![27, 5, 1])]);
    assert_eq!(bridge_parts(&k), [[("0", 33), ("11", 1)]]);
}

#[test]
fn two_triangles_are_joined_by_one_bridge_between_two_articulation_points() {
    // nx.articulation_points = [c, d], nx.bridges = [(c, d)].
    let t = two_triangles();
    assert_eq!(points(&t), [("c", vec![3, 2]), ("d", vec![3, 2])]);
    assert_eq!(bridge_parts(&t), [[("c", 3), ("d", 3)]]);
}

#[test]
fn every_tie_of_a_path_is_a_bridge_and_every_inner_person_a_cut() {
    // On path_graph(5): articulation points 1, 2, 3; every tie a bridge.
    let p = path(5);
    assert_eq!(
        points(&p),
        [("p1", vec![3, 1]), ("p2", vec![2, 2]), ("p3", vec![3, 1]),]
    );
    assert_eq!(
        bridge_parts(&p),
        [
            [("p0", 1), ("p1", 4)],
            [("p1", 2), ("p2", 3)],
            [("p2", 3), ("p3", 2)],
            [("p3", 4), ("p4", 1)],
        ]
    );
}

#[test]
fn the_centre_of_a_star_is_its_only_cut() {
    let s = star(4);
    assert_eq!(points(&s), [("hub", vec![1, 1, 1, 1])]);
    assert_eq!(bridge_parts(&s).len(), 4);
}

#[test]
fn a_triangle_and_the_davis_projection_have_no_cut() {
    // A cycle has no articulation point or bridge, and neither has the dense
    // projection of Davis' women (nx.articulation_points and nx.bridges: none).
    for named in [Named::new(network(&[&["a", "b", "c"]])), davis()] {
        assert!(points(&named).is_empty());
        assert!(bridge_parts(&named).is_empty());
    }
}

#[test]
fn a_star_has_burts_values() {
    // Burt: the centre of a star of k leaves is constrained 1/k (k ties of
    // proportion 1/k, none redundant) with effective size k; a leaf, with its one
    // tie, constraint 1 and effective size 1. nx.constraint(star_graph(4)) = 0.25
    // at the centre, nx.effective_size = 4.0.
    for k in [2usize, 4, 6] {
        let s = star(k);
        let h = holes(&s);
        let kf = k as f64;
        let of = |values: &[Option<f64>], id| s.of(values, id).expect("has ties");
        assert_close(of(&h.constraint, "hub"), 1.0 / kf, "constraint of the hub");
        assert_close(
            of(&h.effective_size, "hub"),
            kf,
            "effective size of the hub",
        );
        assert_close(of(&h.constraint, "l1"), 1.0, "constraint of a leaf");
        assert_close(of(&h.effective_size, "l1"), 1.0, "effective size of a leaf");
    }
}

#[test]
fn the_karate_club_has_nx_structural_holes() {
    // nx.constraint(G) and nx.effective_size(G) on the unweighted club.
    let k = karate_club();
    let h = holes(&k);
    for (id, constraint, effective) in [
        ("0", 0.15542329764660495, 13.75),
        ("33", 0.1564186851211073, 15.235294117647058),
        ("11", 1.0, 1.0),
        ("16", 0.78125, 1.0),
    ] {
        let of = |values: &[Option<f64>]| k.of(values, id).expect("has ties");
        assert_close(
            of(&h.constraint),
            constraint,
            &format!("constraint of {id}"),
        );
        assert_close(of(&h.effective_size), effective, &format!("size of {id}"));
    }
}

#[test]
fn the_davis_projection_has_weighted_structural_holes() {
    // nx.constraint(W, weight="weight") and nx.effective_size(W, nodes=[v],
    // weight="weight") on the women's weighted projection W.
    let d = davis();
    let h = holes(&d);
    for (id, constraint, effective) in [
        ("evelyn", 0.25778854898458725, 8.774523809523808),
        ("charlotte", 0.3214603376965317, 4.544146825396825),
        ("olivia", 0.264070166551127, 5.874149659863947),
    ] {
        let of = |values: &[Option<f64>]| d.of(values, id).expect("has ties");
        assert_close(
            of(&h.constraint),
            constraint,
            &format!("constraint of {id}"),
        );
        assert_close(of(&h.effective_size), effective, &format!("size of {id}"));
    }
    let theresa = *d.of(&h.constraint, "theresa");
    assert_close(theresa.expect("ties"), 0.24572150100644907, "theresa");
}

#[test]
fn a_person_without_ties_has_no_structural_holes() {
    // nx gives NaN for an isolated node; here there is no value.
    let named = Named::new(network(&[&["a", "b"], &["z"]]));
    let h = holes(&named);
    assert_eq!(*named.of(&h.constraint, "z"), None);
    assert_eq!(*named.of(&h.effective_size, "z"), None);
}

//! Ego networks: the people within k ties of a person and every tie among them
//! (`nx.ego_graph(G, person, radius=k)`).

use crate::network::analysis::{Budget, EgoNetwork, ego_network};
use crate::network::testing::{Named, karate_club, network, path, two_triangles};

fn ego(named: &Named, id: &str, steps: u32) -> EgoNetwork {
    ego_network(&named.graph, named.node(id), steps, &Budget::unlimited()).expect("no budget")
}

/// The people by id with their distance, in the ego network's order, and the
/// number of ties among them.
fn described<'a>(named: &'a Named, found: &EgoNetwork) -> (Vec<(&'a str, u32)>, usize) {
    let people = found
        .people
        .iter()
        .map(|&(u, d)| (named.id(u), d))
        .collect();
    (people, found.ties.len())
}

#[test]
fn the_ego_networks_of_a_triangle_corner() {
    // nx.ego_graph(G, "a", radius=1): a, b, c and 3 ties; radius 2 adds d and c-d.
    let t = two_triangles();
    let one = described(&t, &ego(&t, "a", 1));
    assert_eq!(one, (vec![("a", 0), ("b", 1), ("c", 1)], 3));
    let two = ego(&t, "a", 2);
    let mut ids: Vec<&str> = two.people.iter().map(|&(u, _)| t.id(u)).collect();
    ids.sort_unstable();
    assert_eq!((ids, two.ties.len()), (vec!["a", "b", "c", "d"], 4));
    let (_, d) = two.people[3];
    assert_eq!((t.id(two.people[3].0), d), ("d", 2));
    // Radius 0 is the person alone.
    assert_eq!(described(&t, &ego(&t, "a", 0)), (vec![("a", 0)], 0));
}

#[test]
fn the_ego_networks_of_the_karate_club() {
    // nx.ego_graph(G, 0, radius=1): 17 people, 34 ties; radius 2: 26 people, 59
    // ties. Of person 16: radius 1 {5, 6, 16} and 3 ties, radius 2
    // {0, 4, 5, 6, 10, 16} and 10 ties.
    let k = karate_club();
    for (id, steps, people, ties) in [("0", 1, 17, 34), ("0", 2, 26, 59), ("16", 1, 3, 3)] {
        let found = ego(&k, id, steps);
        assert_eq!((found.people.len(), found.ties.len()), (people, ties));
        assert_eq!(found.people[0], (k.node(id), 0));
    }
    let found = ego(&k, "16", 2);
    assert_eq!(
        k.ids(found.people.iter().map(|&(u, _)| u)),
        ["0", "10", "16", "4", "5", "6"]
    );
    assert_eq!(found.ties.len(), 10);
}

#[test]
fn ego_ties_carry_their_weights() {
    // a and b met twice, b and c once: the tie a-b has weight 2.
    let named = Named::new(network(&[&["a", "b"], &["a", "b", "c"]]));
    let found = ego(&named, "a", 1);
    let ties: Vec<(&str, &str, u32)> = found
        .ties
        .iter()
        .map(|&(u, v, w)| (named.id(u), named.id(v), w))
        .collect();
    assert_eq!(ties, [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]);
}

#[test]
fn the_ego_network_along_a_path_grows_by_one_each_side() {
    let p = path(7);
    for steps in 0..4 {
        let (people, ties) = described(&p, &ego(&p, "p3", steps));
        let s = steps as usize;
        assert_eq!((people.len(), ties), (2 * s + 1, 2 * s));
    }
}

//! Centralities: degree, betweenness (Brandes), closeness (Wasserman-Faust) and
//! eigenvector, normalised as NetworkX does.

use super::assert_close;
use crate::network::analysis::{Budget, Centrality, betweenness, centrality, closeness};
use crate::network::testing::{
    DAVIS_WOMEN, Named, davis, karate_club, network, path, star, two_triangles,
};

fn all(named: &Named) -> Centrality {
    centrality(&named.graph, None, &Budget::unlimited()).expect("no budget")
}

/// Checks (degree centrality, betweenness, closeness, eigenvector) of each person.
#[track_caller]
fn assert_centralities(named: &Named, expected: &[(&str, [f64; 4])]) {
    let c = all(named);
    for (id, [degree, between, close, eigen]) in expected {
        let of = |values: &[f64]| *named.of(values, id);
        assert_close(
            of(&c.degree_centrality),
            *degree,
            &format!("degree of {id}"),
        );
        assert_close(
            of(&c.betweenness),
            *between,
            &format!("betweenness of {id}"),
        );
        assert_close(of(&c.closeness), *close, &format!("closeness of {id}"));
        assert_close(of(&c.eigenvector), *eigen, &format!("eigenvector of {id}"));
    }
}

#[test]
fn a_path_has_closed_form_centralities() {
    // On a path of n, person i: betweenness 2i(n-1-i)/((n-1)(n-2)), closeness
    // (n-1)/(i(i+1)/2 + (n-1-i)(n-i)/2), eigenvector sin((i+1)pi/(n+1)) over
    // sqrt((n+1)/2). For n = 5 these are nx.betweenness_centrality (0, 1/2, 2/3),
    // nx.closeness_centrality (0.4, 4/7, 2/3), nx.eigenvector_centrality
    // (0.2887, 0.5, 0.5774).
    for n in [3usize, 5, 8] {
        let p = path(n);
        let c = all(&p);
        let nf = n as f64;
        for i in 0..n {
            let id = format!("p{i}");
            let (fi, left, right) = (i as f64, i as f64, (n - 1 - i) as f64);
            let between = 2.0 * left * right / ((nf - 1.0) * (nf - 2.0));
            let distances = left * (left + 1.0) / 2.0 + right * (right + 1.0) / 2.0;
            let eigen =
                ((fi + 1.0) * std::f64::consts::PI / (nf + 1.0)).sin() / ((nf + 1.0) / 2.0).sqrt();
            let degree = if i == 0 || i == n - 1 { 1 } else { 2 };
            assert_eq!(*p.of(&c.degree, &id), degree, "degree of {id}");
            assert_close(*p.of(&c.betweenness, &id), between, &id);
            assert_close(*p.of(&c.closeness, &id), (nf - 1.0) / distances, &id);
            assert_close(*p.of(&c.eigenvector, &id), eigen, &id);
        }
    }
}

#[test]
fn a_star_has_closed_form_centralities() {
    // The centre of a star of k leaves: degree centrality, betweenness and
    // closeness 1, eigenvector 1/sqrt(2); a leaf: 1/k, 0, k/(2k-1), 1/sqrt(2k).
    // For k = 4, nx gives closeness 0.5714285714285714 and eigenvector
    // 0.35355339059327 for a leaf.
    for k in [2usize, 4, 9] {
        let s = star(k);
        let kf = k as f64;
        let leaf = [
            1.0 / kf,
            0.0,
            kf / (2.0 * kf - 1.0),
            1.0 / (2.0 * kf).sqrt(),
        ];
        assert_centralities(
            &s,
            &[
                ("hub", [1.0, 1.0, 1.0, std::f64::consts::FRAC_1_SQRT_2]),
                ("l1", leaf),
                (&format!("l{k}"), leaf),
            ],
        );
        assert_eq!(*s.of(&all(&s).weighted_degree, "hub"), k as u64);
    }
}

#[test]
fn two_triangles_joined_by_a_bridge() {
    // nx.betweenness_centrality: c and d 0.6, the others 0; nx.closeness_centrality:
    // c and d 5/7, the others 0.5; nx.eigenvector_centrality: c and d 1/2, the
    // others 1/sqrt(8).
    let outer = [0.4, 0.0, 0.5, 1.0 / 8f64.sqrt()];
    let inner = [0.6, 0.6, 5.0 / 7.0, 0.5];
    assert_centralities(
        &two_triangles(),
        &[
            ("a", outer),
            ("b", outer),
            ("c", inner),
            ("d", inner),
            ("e", outer),
            ("f", outer),
        ],
    );
}

#[test]
fn the_karate_club() {
    // nx.degree_centrality, nx.betweenness_centrality(G, normalized=True),
    // nx.closeness_centrality, nx.eigenvector_centrality of karate_club_graph().
    assert_centralities(
        &karate_club(),
        &[
            (
                "0",
                [
                    16.0 / 33.0,
                    0.4376352813852815,
                    0.5689655172413793,
                    0.35549144452448955,
                ],
            ),
            (
                "33",
                [17.0 / 33.0, 0.30407497594997596, 0.55, 0.3733634702915571],
            ),
            (
                "32",
                [
                    12.0 / 33.0,
                    0.14524711399711404,
                    0.515625,
                    0.3086442197911119,
                ],
            ),
            (
                "2",
                [
                    10.0 / 33.0,
                    0.14365680615680615,
                    0.559322033898305,
                    0.3171925044864054,
                ],
            ),
            (
                "11",
                [1.0 / 33.0, 0.0, 0.36666666666666664, 0.05285569749350583],
            ),
            (
                "16",
                [2.0 / 33.0, 0.0, 0.28448275862068967, 0.02363562810457971],
            ),
        ],
    );
}

#[test]
fn sampling_every_source_is_exact() {
    // With as many samples as people, every person is a source: the exact values.
    let k = karate_club();
    let (sampled, sources) =
        betweenness(&k.graph, Some((34, 7)), &Budget::unlimited()).expect("no budget");
    assert_eq!(sources, 34);
    assert_close(*k.of(&sampled, "0"), 0.4376352813852815, "betweenness of 0");
    assert_close(
        *k.of(&sampled, "33"),
        0.30407497594997596,
        "betweenness of 33",
    );
}

#[test]
fn the_davis_women_projection() {
    // On the women's projection (weights ignored): degrees, and
    // nx.betweenness_centrality and nx.closeness_centrality.
    let d = davis();
    let c = all(&d);
    let expected = [
        ("evelyn", 17, 50, 0.010122230710466005, 1.0),
        ("laura", 15, 45, 0.0026737967914438505, 0.8947368421052632),
        ("theresa", 17, 57, 0.010122230710466005, 1.0),
        ("brenda", 15, 46, 0.0026737967914438505, 0.8947368421052632),
        ("charlotte", 11, 24, 0.0, 0.7391304347826086),
        ("frances", 15, 32, 0.0026737967914438505, 0.8947368421052632),
        ("eleanor", 15, 36, 0.0026737967914438505, 0.8947368421052632),
        ("pearl", 16, 31, 0.0053475935828877, 0.9444444444444444),
        ("ruth", 17, 40, 0.010122230710466005, 1.0),
        ("verne", 17, 38, 0.010122230710466005, 1.0),
        ("myra", 16, 33, 0.0053475935828877, 0.9444444444444444),
        ("katherina", 16, 37, 0.0053475935828877, 0.9444444444444444),
        ("sylvia", 17, 46, 0.010122230710466005, 1.0),
        ("nora", 17, 43, 0.010122230710466005, 1.0),
        ("helen", 17, 34, 0.010122230710466005, 1.0),
        ("dorothy", 16, 24, 0.0053475935828877, 0.9444444444444444),
        ("olivia", 12, 14, 0.0, 0.7727272727272727),
        ("flora", 12, 14, 0.0, 0.7727272727272727),
    ];
    assert!(expected.iter().map(|e| e.0).eq(DAVIS_WOMEN));
    for (id, degree, weighted, between, close) in expected {
        assert_eq!(*d.of(&c.degree, id), degree, "degree of {id}");
        assert_eq!(*d.of(&c.weighted_degree, id), weighted, "weight of {id}");
        assert_close(*d.of(&c.betweenness, id), between, id);
        assert_close(*d.of(&c.closeness, id), close, id);
    }
}

#[test]
fn closeness_is_scaled_by_the_reach_of_each_person() {
    // A triangle, a path x-y-w, and z alone (n = 7): nx.closeness_centrality gives
    // 1/3 in the triangle and at y, 2/9 at the ends of the path, 0 for z; y's
    // betweenness is 1/15 (one pair over (n-1)(n-2)/2).
    let named = Named::new(network(&[
        &["a", "b", "c"],
        &["x", "y"],
        &["y", "w"],
        &["z"],
    ]));
    let close = closeness(&named.graph, &Budget::unlimited()).expect("no budget");
    for (id, want) in [
        ("a", 1.0 / 3.0),
        ("y", 1.0 / 3.0),
        ("x", 2.0 / 9.0),
        ("z", 0.0),
    ] {
        assert_close(*named.of(&close, id), want, &format!("closeness of {id}"));
    }
    let c = all(&named);
    assert_close(
        *named.of(&c.betweenness, "y"),
        1.0 / 15.0,
        "betweenness of y",
    );
    assert_close(*named.of(&c.degree_centrality, "z"), 0.0, "degree of z");
}

#[test]
fn sampled_betweenness_of_a_star_is_exact_whatever_the_sample() {
    // From a leaf the centre lies on the paths to the k-1 other leaves; from the
    // centre on none. NetworkX 3.6's scale, 1/(s(n-2)) when the centre was not
    // among the s sources and 1/((s-1)(n-2)) when it was, gives it 1 either way
    // (nx.betweenness_centrality(star_graph(6), k=3, seed=s) is 1.0 for every s).
    let s = star(6);
    for seed in [1, 2, 3, 42] {
        let (values, sources) =
            betweenness(&s.graph, Some((3, seed)), &Budget::unlimited()).expect("no budget");
        assert_eq!(sources, 3);
        assert_close(*s.of(&values, "hub"), 1.0, "betweenness of the hub");
        assert_close(*s.of(&values, "l1"), 0.0, "betweenness of a leaf");
    }
}

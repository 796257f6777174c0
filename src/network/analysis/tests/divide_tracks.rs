//! Cross-divide ties (shares, E-I index, reach, first encounters) and track
//! coordination, counted over the ties of the met graph as docs/analytics.md
//! defines them (NetworkX: over `G.edges()` and the people's sides; distances by
//! `nx.multi_source_dijkstra_path_length` from the Track 1 participants).

use super::assert_close;
use crate::domain::Track;
use crate::network::analysis::{
    Budget, CrossDivide, TrackCoordination, cross_divide, cross_divide_flags, crosses,
    track_coordination,
};
use crate::network::model::UNKNOWN;
use crate::network::testing::{Named, TWO_TRIANGLES, custom_network, day};

fn divide(named: &Named) -> CrossDivide {
    cross_divide(&named.network, &named.graph, &Budget::unlimited()).expect("no budget")
}

/// Person `id`'s (cross-divide ties, reach).
fn person(named: &Named, found: &CrossDivide, id: &str) -> (usize, usize) {
    let p = named.of(&found.people, id);
    assert_eq!(named.id(p.node), id);
    (p.cross_ties, p.reach)
}

/// Each meeting with first encounters: its id and the pairs' ids.
fn firsts<'a>(named: &'a Named, found: &CrossDivide) -> Vec<(&'a str, Vec<[&'a str; 2]>)> {
    found
        .meetings
        .iter()
        .map(|m| {
            let pairs = m
                .pairs
                .iter()
                .map(|&(a, b)| {
                    let mut pair = [named.id(a), named.id(b)];
                    pair.sort_unstable();
                    pair
                })
                .collect();
            (named.meeting_id(m.meeting), pairs)
        })
        .collect()
}

/// The two triangles with a-b-c in the north and d-e-f in the south: only the
/// bridge c-d (meeting 3) crosses the divide.
fn sided_triangles() -> Named {
    let meetings: Vec<[&str; 2]> = TWO_TRIANGLES.iter().map(|&(a, b)| [a, b]).collect();
    let planned: Vec<_> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (day(i), m.as_slice(), None))
        .collect();
    let sides = [
        ("a", "north"),
        ("b", "north"),
        ("c", "north"),
        ("d", "south"),
        ("e", "south"),
        ("f", "south"),
    ];
    Named::new(custom_network(&planned, &sides))
}

#[test]
fn only_the_bridge_crosses_between_two_sided_triangles() {
    let t = sided_triangles();
    let found = divide(&t);
    assert_eq!((found.ties, found.cross_divide_ties), (7, 1));
    assert_close(found.cross_divide_share.expect("ties"), 1.0 / 7.0, "share");
    let with_tie = found.people_with_cross_tie_share.expect("people");
    assert_close(with_tie, 2.0 / 6.0, "people with a cross tie");
    // E-I: one tie between the sides, six within: (1 - 6) / 7; per side (1 - 3) / 4.
    assert_close(found.ei_index.expect("known sides"), -5.0 / 7.0, "E-I");
    for side in ["north", "south"] {
        let ei = found.ei_by_side[side].expect("ties");
        assert_close(ei, -0.5, side);
    }
    // Within two steps, c and d reach the whole other triangle; a, b, e and f
    // only the far end of the bridge.
    for (id, want) in [("a", (0, 1)), ("c", (1, 3)), ("d", (1, 3)), ("f", (0, 1))] {
        assert_eq!(person(&t, &found, id), want, "{id}");
    }
    assert_eq!(firsts(&t, &found), [("m0003", vec![["c", "d"]])]);
    let flags = cross_divide_flags(&t.network, &t.graph);
    let flagged: Vec<&str> = ["a", "b", "c", "d", "e", "f"]
        .into_iter()
        .filter(|id| *t.of(&flags, id))
        .collect();
    assert_eq!(flagged, ["c", "d"]);
}

#[test]
fn international_and_unknown_sides_do_not_cross() {
    // x and n are north, y south, i international, u without a side.
    let planned: Vec<(_, &[&str], _)> = vec![
        (day(0), &["x", "y"], None),
        (day(1), &["x", "i"], None),
        (day(2), &["i", "y"], None),
        (day(3), &["y", "u"], None),
        (day(4), &["x", "y"], None),
        (day(5), &["n", "y", "u"], None),
        (day(6), &["x", "n"], None),
    ];
    let sides = [
        ("x", "north"),
        ("n", "north"),
        ("y", "south"),
        ("i", "international"),
    ];
    let named = Named::new(custom_network(&planned, &sides));
    let found = divide(&named);
    // Ties: x-y, x-i, i-y, y-u, n-y, n-u, x-n; only x-y and n-y cross.
    assert_eq!((found.ties, found.cross_divide_ties), (7, 2));
    assert_close(found.cross_divide_share.expect("ties"), 2.0 / 7.0, "share");
    let with_tie = found.people_with_cross_tie_share.expect("people");
    assert_close(with_tie, 3.0 / 5.0, "people with a cross tie");
    // Known sides on both ends: x-y, x-i, i-y, n-y between sides, x-n within.
    assert_close(found.ei_index.expect("known"), 3.0 / 5.0, "E-I");
    let by_side = |side: &str| found.ei_by_side[side].expect("ties");
    assert_close(by_side("north"), 0.5, "north");
    assert_close(by_side("south"), 1.0, "south");
    assert_close(by_side("international"), 1.0, "international");
    assert!(!found.ei_by_side.contains_key(UNKNOWN));
    for (id, want) in [("x", (1, 1)), ("n", (1, 1)), ("y", (2, 2)), ("i", (0, 0))] {
        assert_eq!(person(&named, &found, id), want, "{id}");
    }
    assert_eq!(person(&named, &found, "u"), (0, 0));
    // x and y first met at meeting 0 (not again at 4); n and y at meeting 5.
    assert_eq!(
        firsts(&named, &found),
        [("m0000", vec![["x", "y"]]), ("m0005", vec![["n", "y"]])]
    );
    assert!(crosses(Some("north"), Some("south")));
    assert!(!crosses(Some("north"), Some("international")));
    assert!(!crosses(Some("north"), None));
}

fn tracks(named: &Named) -> TrackCoordination {
    track_coordination(&named.network, &named.graph, &Budget::unlimited()).expect("no budget")
}

#[test]
fn track_two_is_reached_through_the_middle_tracks() {
    // a-b at Track 1, b-c at Track 1.5, c-d and d-e at Track 2, f-g at Track 2 apart,
    // h-a without a track.
    let planned: Vec<(_, &[&str], _)> = vec![
        (day(0), &["a", "b"], Some(Track::One)),
        (day(1), &["b", "c"], Some(Track::OneAndHalf)),
        (day(2), &["c", "d"], Some(Track::Two)),
        (day(3), &["d", "e"], Some(Track::Two)),
        (day(4), &["f", "g"], Some(Track::Two)),
        (day(5), &["h", "a"], None),
    ];
    let named = Named::new(custom_network(&planned, &[]));
    let found = tracks(&named);
    // b is at Tracks 1 and 1.5, c at 1.5 and 2.
    assert_eq!(
        named.ids(found.multi_track_people.iter().copied()),
        ["b", "c"]
    );
    // a-b (a at Track 1, b at 1.5) and b-c (b at Track 1, c at 1.5 and 2).
    assert_eq!(found.track1_links, 2);
    let mut distances: Vec<(&str, Option<u32>)> = found
        .track2_distance
        .iter()
        .map(|&(u, d)| (named.id(u), d))
        .collect();
    distances.sort_unstable();
    assert_eq!(
        distances,
        [
            ("c", Some(1)),
            ("d", Some(2)),
            ("e", Some(3)),
            ("f", None),
            ("g", None)
        ]
    );
    let within_two = found.track2_within_two_share.expect("Track 2 people");
    assert_close(within_two, 2.0 / 5.0, "Track 2 within two steps");
}

#[test]
fn without_track_two_there_is_no_share() {
    let planned: Vec<(_, &[&str], _)> = vec![(day(0), &["a", "b"], Some(Track::One))];
    let found = tracks(&Named::new(custom_network(&planned, &[])));
    assert_eq!(found.track2_within_two_share, None);
    assert_eq!((found.track1_links, found.track2_distance.len()), (0, 0));
}

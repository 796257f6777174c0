//! Small named networks for the unit tests of the model and its analyses: networks
//! built from lists of meetings, the classic graphs with known answers (Zachary's
//! karate club, Davis' Southern Women, a path, a star, two triangles joined by a
//! bridge), and [`Named`], the one lookup between person ids and the node-indexed
//! results of the analyses.

use super::index::{MeetingIx, NodeIx};
use super::metgraph::MetGraph;
use super::model::Network;
use super::scope::Scope;
use crate::domain::{
    Confidentiality, Dataset, EntityId, Label, LabelList, Meeting, Participation,
    ParticipationRole, Person, Track,
};
use chrono::{Days, NaiveDate};

/// A network whose meetings are the given lists of person ids, one day apart in list
/// order (so meeting `i` of the list is the network's meeting `i`), all public.
pub fn network(meetings: &[&[&str]]) -> Network {
    let dated: Vec<(NaiveDate, &[&str])> = meetings
        .iter()
        .enumerate()
        .map(|(i, people)| (day(i), *people))
        .collect();
    dated_network(&dated)
}

/// A network whose meetings are the given lists of person ids on the given dates
/// (in date order), all public.
pub fn dated_network(meetings: &[(NaiveDate, &[&str])]) -> Network {
    let planned: Vec<(NaiveDate, &[&str], Option<Track>)> =
        meetings.iter().map(|(d, m)| (*d, *m, None)).collect();
    custom_network(&planned, &[])
}

/// A network of the given meetings (date, person ids, track; in date order), all
/// public, with the given sides of people by id (others have none).
pub fn custom_network(
    meetings: &[(NaiveDate, &[&str], Option<Track>)],
    sides: &[(&str, &str)],
) -> Network {
    let id = |text: &str| EntityId::parse(text).expect("a valid id");
    let mut people: Vec<&str> = meetings
        .iter()
        .flat_map(|(_, m, _)| m.iter().copied())
        .collect();
    people.sort_unstable();
    people.dedup();
    let side = |p: &str| {
        sides
            .iter()
            .find(|(id, _)| *id == p)
            .map(|(_, s)| Label::parse(s).expect("a valid side"))
    };
    let data = Dataset {
        people: people
            .iter()
            .map(|p| Person {
                id: id(p),
                name: p.to_string(),
                gender: None,
                side: side(p),
                country: None,
                birth_year: None,
                tags: LabelList::default(),
                sensitive: false,
            })
            .collect(),
        meetings: meetings
            .iter()
            .enumerate()
            .map(|(i, (date, _, track))| Meeting {
                id: id(&format!("m{i:04}")),
                title: format!("meeting {i}"),
                series: None,
                start_date: *date,
                end_date: None,
                city: None,
                country: None,
                format: None,
                track: *track,
                confidentiality: Confidentiality::Public,
            })
            .collect(),
        participations: meetings
            .iter()
            .enumerate()
            .flat_map(|(i, (_, people, _))| {
                people.iter().map(move |p| Participation {
                    person_id: id(p),
                    meeting_id: id(&format!("m{i:04}")),
                    role: ParticipationRole::Participant,
                    organisation_id: None,
                })
            })
            .collect(),
        ..Dataset::default()
    };
    Network::build(&data, 1).expect("a consistent network")
}

/// Day `i` after 2020-01-01.
pub fn day(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date") + Days::new(i as u64)
}

/// A network with a tie (a meeting of the two alone) for each pair of ids.
pub fn ties_network(ties: &[(&str, &str)]) -> Network {
    let meetings: Vec<[&str; 2]> = ties.iter().map(|&(a, b)| [a, b]).collect();
    let lists: Vec<&[&str]> = meetings.iter().map(|m| m.as_slice()).collect();
    network(&lists)
}

/// A named test graph: its network and its met graph over every meeting, with the
/// one lookup between person ids and the nodes that index the analyses' results.
/// Tests name people by id only and go through these methods for the rest.
pub struct Named {
    pub network: Network,
    pub graph: MetGraph,
}

impl Named {
    /// The network with its met graph in full scope.
    pub fn new(network: Network) -> Self {
        let graph = MetGraph::build(&network, &Scope::everything());
        Named { network, graph }
    }

    /// The node of the active person `id`.
    pub fn node(&self, id: &str) -> NodeIx {
        let person = self.network.person_index(id).expect("a known person");
        self.graph.node_of(person).expect("an active person")
    }

    /// The id of the person at `node`.
    pub fn id(&self, node: NodeIx) -> &str {
        &self.network.person(self.graph.person(node)).id
    }

    /// Person `id`'s entry in a result indexed by node.
    pub fn of<'v, T>(&self, values: &'v [T], id: &str) -> &'v T {
        &values[self.node(id).index()]
    }

    /// The id of the network's meeting `meeting` (a network meeting index).
    pub fn meeting_id(&self, meeting: MeetingIx) -> &str {
        &self.network.meeting(meeting).id
    }

    /// A value for every node, from the id of its person: an input indexed by node.
    pub fn by_node<T>(&self, value: impl Fn(&str) -> T) -> Vec<T> {
        self.graph.nodes().map(|u| value(self.id(u))).collect()
    }

    /// The ids of `nodes`, sorted.
    pub fn ids(&self, nodes: impl IntoIterator<Item = NodeIx>) -> Vec<&str> {
        let mut ids: Vec<&str> = nodes.into_iter().map(|u| self.id(u)).collect();
        ids.sort_unstable();
        ids
    }
}

/// A path of `n` people `p0`-`p1`-...-`p{n-1}` (NetworkX's `path_graph(n)`).
pub fn path(n: usize) -> Named {
    let ids: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let ties: Vec<(&str, &str)> = ids.windows(2).map(|w| (&*w[0], &*w[1])).collect();
    Named::new(ties_network(&ties))
}

/// A star: the centre `hub` tied to `leaves` people `l1`..`l{leaves}`, who have no
/// other tie (NetworkX's `star_graph(leaves)`, `leaves + 1` people).
pub fn star(leaves: usize) -> Named {
    let ids: Vec<String> = (1..=leaves).map(|i| format!("l{i}")).collect();
    let ties: Vec<(&str, &str)> = ids.iter().map(|l| ("hub", l.as_str())).collect();
    Named::new(ties_network(&ties))
}

/// The ties of two triangles, a-b-c and d-e-f, joined by the bridge c-d.
pub const TWO_TRIANGLES: [(&str, &str); 7] = [
    ("a", "b"),
    ("a", "c"),
    ("b", "c"),
    ("c", "d"),
    ("d", "e"),
    ("d", "f"),
    ("e", "f"),
];

/// Two triangles, a-b-c and d-e-f, joined by the bridge c-d, each tie a meeting of
/// two.
pub fn two_triangles() -> Named {
    Named::new(ties_network(&TWO_TRIANGLES))
}

/// The 78 ties of Zachary's karate club among its 34 members, numbered 0 to 33 as
/// in NetworkX's `karate_club_graph()` (0 is the instructor, 33 the administrator).
#[rustfmt::skip]
pub const KARATE_TIES: [(u8, u8); 78] = [
    (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11),
    (0, 12), (0, 13), (0, 17), (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13),
    (1, 17), (1, 19), (1, 21), (1, 30), (2, 3), (2, 7), (2, 8), (2, 9), (2, 13), (2, 27),
    (2, 28), (2, 32), (3, 7), (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10), (5, 16),
    (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32), (14, 33), (15, 32),
    (15, 33), (18, 32), (18, 33), (19, 33), (20, 32), (20, 33), (22, 32), (22, 33),
    (23, 25), (23, 27), (23, 29), (23, 32), (23, 33), (24, 25), (24, 27), (24, 31),
    (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32), (29, 33),
    (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
];

/// Zachary's karate club: people `"0"` to `"33"` (NetworkX's node numbers), each of
/// the 78 ties a meeting of the two alone, so every tie has weight 1 (NetworkX's
/// `karate_club_graph()` without its edge weights).
pub fn karate_club() -> Named {
    let ids: Vec<(String, String)> = KARATE_TIES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let ties: Vec<(&str, &str)> = ids.iter().map(|(a, b)| (&**a, &**b)).collect();
    Named::new(ties_network(&ties))
}

/// The 18 women of Davis' Southern Women study, by first name, in the order of
/// NetworkX's `davis_southern_women_graph().graph["top"]`.
pub const DAVIS_WOMEN: [&str; 18] = [
    "evelyn",
    "laura",
    "theresa",
    "brenda",
    "charlotte",
    "frances",
    "eleanor",
    "pearl",
    "ruth",
    "verne",
    "myra",
    "katherina",
    "sylvia",
    "nora",
    "helen",
    "dorothy",
    "olivia",
    "flora",
];

/// Who attended each of the 14 events E1..E14 of Davis' Southern Women (NetworkX's
/// `davis_southern_women_graph()`), women by first name.
pub const DAVIS_EVENTS: [&[&str]; 14] = [
    &["evelyn", "laura", "brenda"],
    &["evelyn", "laura", "theresa"],
    &[
        "evelyn",
        "laura",
        "theresa",
        "brenda",
        "charlotte",
        "frances",
    ],
    &["evelyn", "theresa", "brenda", "charlotte"],
    &[
        "evelyn",
        "laura",
        "theresa",
        "brenda",
        "charlotte",
        "frances",
        "eleanor",
        "ruth",
    ],
    &[
        "evelyn", "laura", "theresa", "brenda", "frances", "eleanor", "pearl", "nora",
    ],
    &[
        "laura",
        "theresa",
        "brenda",
        "charlotte",
        "eleanor",
        "ruth",
        "verne",
        "sylvia",
        "nora",
        "helen",
    ],
    &[
        "evelyn",
        "laura",
        "theresa",
        "brenda",
        "frances",
        "eleanor",
        "pearl",
        "ruth",
        "verne",
        "myra",
        "katherina",
        "sylvia",
        "helen",
        "dorothy",
    ],
    &[
        "evelyn",
        "theresa",
        "pearl",
        "ruth",
        "verne",
        "myra",
        "katherina",
        "sylvia",
        "nora",
        "dorothy",
        "olivia",
        "flora",
    ],
    &["myra", "katherina", "sylvia", "nora", "helen"],
    &["nora", "helen", "olivia", "flora"],
    &["verne", "myra", "katherina", "sylvia", "nora", "helen"],
    &["katherina", "sylvia", "nora"],
    &["katherina", "sylvia", "nora"],
];

/// Davis' Southern Women: the women are the people and the events the meetings
/// (event E`i` is meeting `i - 1`), so the met graph is the women's weighted
/// projection (`bipartite.weighted_projected_graph(G, women)` in NetworkX).
pub fn davis() -> Named {
    Named::new(network(&DAVIS_EVENTS))
}

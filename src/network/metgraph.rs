//! The met graph in scope: the structure every analysis walks.
//!
//! Nodes are the active people (at least one in-scope participation), numbered in
//! the order of the network's people. The graph is held in two forms:
//!
//! - **incidence** (always): each node's in-scope meetings and each meeting's nodes,
//!   as a [`Bipartite`] petgraph graph. Its size is the number of participations,
//!   however large a meeting is, and breadth-first searches, components, closeness
//!   and path lengths walk it (person -> meeting -> person reads each participation
//!   once per search);
//! - **repeats** (built on first use): each node's degree, and the few neighbours
//!   it met at more than one meeting. With them a sum over a node's neighbours is a
//!   sum over its meetings minus the repeats, which is how betweenness runs without
//!   the projection;
//! - **projected** (built on first use): each node's sorted neighbours with the
//!   number of in-scope meetings the two shared as the weight. A meeting of `s`
//!   people adds `s(s-1)/2` ties here, so only the analyses that need single ties
//!   (brokers, communities, ego networks, tie lists) build it.

use super::adjacency::Adjacency;
use super::bipartite::Bipartite;
use super::index::{GraphMeetingIx, MeetingIx, NodeIx, PersonIx, all};
use super::model::Network;
use super::scope::Scope;
use std::sync::OnceLock;

/// The met graph of the in-scope meetings.
#[derive(Debug)]
pub struct MetGraph {
    /// The network person index of each node, ascending.
    people: Vec<PersonIx>,
    /// Node index of each network person; `u32::MAX` for inactive people.
    node_of: Vec<u32>,
    /// The in-scope meeting indices, in (start date, id) order. Position `i` here is
    /// the graph's meeting `i`.
    meetings: Vec<MeetingIx>,
    /// Who took part in which of the graph's meetings: its people are the nodes, its
    /// meetings the positions into `meetings`, lists ascending.
    incidence: Bipartite<NodeIx, GraphMeetingIx>,
    /// Number of people in the data, active or not.
    population: usize,
    repeats: OnceLock<Repeats>,
    projection: OnceLock<Projection>,
}

/// Each node's degree and the neighbours it met more than once.
#[derive(Debug)]
struct Repeats {
    degree: Vec<u32>,
    offsets: Vec<usize>,
    /// Neighbours met at two or more meetings, ascending.
    targets: Vec<NodeIx>,
    /// For each such neighbour, the shared meetings beyond the first.
    extra: Vec<u32>,
}

/// The weighted person-person ties, as sorted adjacency lists.
#[derive(Debug)]
struct Projection {
    offsets: Vec<usize>,
    targets: Vec<NodeIx>,
    weights: Vec<u32>,
}

/// Marks a node index as absent.
const NONE: u32 = u32::MAX;

impl MetGraph {
    /// The met graph of the in-scope meetings of `network`.
    pub fn build(network: &Network, scope: &Scope) -> MetGraph {
        let admitted: Vec<bool> = network.meetings.iter().map(|m| scope.admits(m)).collect();
        MetGraph::from_admitted(network, &admitted)
    }

    /// The met graph of the given meetings (indices) of `network`.
    pub fn from_meetings(network: &Network, meetings: &[MeetingIx]) -> MetGraph {
        let mut admitted = vec![false; network.meetings.len()];
        for &m in meetings {
            admitted[m.index()] = true;
        }
        MetGraph::from_admitted(network, &admitted)
    }

    fn from_admitted(network: &Network, admitted: &[bool]) -> MetGraph {
        let mut local = vec![NONE; admitted.len()];
        let mut meetings = Vec::new();
        for (m, _) in admitted.iter().enumerate().filter(|(_, a)| **a) {
            local[m] = meetings.len() as u32;
            meetings.push(MeetingIx::new(m));
        }
        let population = network.people.len();
        let mut node_of = vec![NONE; population];
        let mut people = Vec::new();
        let mut node_meetings = Adjacency::builder();
        for p in (0..population).map(PersonIx::new) {
            let mut attended = network
                .incidence
                .meetings_of(p)
                .iter()
                .map(|&m| local[m.index()])
                .filter(|&l| l != NONE)
                .peekable();
            if attended.peek().is_some() {
                node_of[p.index()] = people.len() as u32;
                people.push(p);
                node_meetings.push_list(attended.map(|l| GraphMeetingIx::new(l as usize)));
            }
        }
        let mut meeting_nodes = Adjacency::builder();
        for &m in &meetings {
            meeting_nodes.push_list(
                network
                    .incidence
                    .people_of(m)
                    .iter()
                    .map(|&p| NodeIx::new(node_of[p.index()] as usize)),
            );
        }
        MetGraph {
            people,
            node_of,
            meetings,
            incidence: Bipartite::from_lists(node_meetings.finish(), meeting_nodes.finish()),
            population,
            repeats: OnceLock::new(),
            projection: OnceLock::new(),
        }
    }

    /// The bytes this graph holds now (its projection and repeated ties included
    /// once built).
    pub fn bytes(&self) -> usize {
        let words = self.people.len() + self.node_of.len() + self.meetings.len();
        let repeats = self.repeats.get().map_or(0, |r| {
            4 * (r.degree.len() + r.targets.len() + r.extra.len()) + 8 * r.offsets.len()
        });
        let projection = self.projection.get().map_or(0, |p| {
            8 * p.offsets.len() + 4 * (p.targets.len() + p.weights.len())
        });
        std::mem::size_of::<Self>() + 4 * words + self.incidence.bytes() + repeats + projection
    }

    /// The number of nodes (active people).
    pub fn node_count(&self) -> usize {
        self.people.len()
    }

    /// The number of ties, counted without building the projection.
    pub fn tie_count(&self) -> usize {
        if let Some(projection) = self.projection.get() {
            return projection.targets.len() / 2;
        }
        let degrees: u64 = self.repeats().degree.iter().map(|&d| u64::from(d)).sum();
        (degrees / 2) as usize
    }

    /// The number of people in the data who took part in no in-scope meeting.
    pub fn inactive_count(&self) -> usize {
        self.population - self.people.len()
    }

    /// The network person index of node `u`.
    pub fn person(&self, u: NodeIx) -> PersonIx {
        self.people[u.index()]
    }

    /// The node of a network person, if active.
    pub fn node_of(&self, person: PersonIx) -> Option<NodeIx> {
        match self.node_of.get(person.index()) {
            Some(&n) if n != NONE => Some(NodeIx::new(n as usize)),
            _ => None,
        }
    }

    /// The nodes, in order.
    pub fn nodes(
        &self,
    ) -> impl DoubleEndedIterator<Item = NodeIx> + ExactSizeIterator + Clone + use<> {
        all(self.node_count())
    }

    /// The network meeting of the graph's meeting `m`.
    pub fn meeting(&self, m: GraphMeetingIx) -> MeetingIx {
        self.meetings[m.index()]
    }

    /// The graph's meetings, in order.
    pub fn graph_meetings(
        &self,
    ) -> impl DoubleEndedIterator<Item = GraphMeetingIx> + ExactSizeIterator + Clone + use<> {
        all(self.meetings.len())
    }

    /// The graph's meetings (positions into [`MetGraph::meetings`]) node `u` took
    /// part in, ascending.
    pub fn meetings_of(&self, u: NodeIx) -> &[GraphMeetingIx] {
        self.incidence.meetings_of(u)
    }

    /// The nodes who took part in the graph's meeting `m` (a position into
    /// [`MetGraph::meetings`]), ascending.
    pub fn nodes_of(&self, m: GraphMeetingIx) -> &[NodeIx] {
        self.incidence.people_of(m)
    }

    /// The graph's people (its nodes) and meetings with their participations, as a
    /// petgraph graph: `Vertex::Person(u)` is node `u`, `Vertex::Meeting(m)` the
    /// graph's meeting `m`.
    pub fn incidence(&self) -> &Bipartite<NodeIx, GraphMeetingIx> {
        &self.incidence
    }

    /// The number of in-scope participations.
    pub fn participation_count(&self) -> usize {
        self.incidence.participation_count()
    }

    /// Whether node `u` met no one: each of its meetings had it alone.
    pub fn is_isolated(&self, u: NodeIx) -> bool {
        self.meetings_of(u)
            .iter()
            .all(|&m| self.nodes_of(m).len() <= 1)
    }

    /// The projected ties, built on first use.
    fn projection(&self) -> &Projection {
        self.projection.get_or_init(|| {
            let mut offsets = Vec::with_capacity(self.node_count() + 1);
            offsets.push(0);
            let (mut targets, mut weights) = (Vec::new(), Vec::new());
            self.for_each_neighbourhood(|_, neighbours| {
                for &(v, w) in neighbours {
                    targets.push(v);
                    weights.push(w);
                }
                offsets.push(targets.len());
            });
            targets.shrink_to_fit();
            weights.shrink_to_fit();
            Projection {
                offsets,
                targets,
                weights,
            }
        })
    }

    /// The degrees and repeated ties, built on first use.
    fn repeats(&self) -> &Repeats {
        self.repeats.get_or_init(|| {
            let mut repeats = Repeats {
                degree: Vec::with_capacity(self.node_count()),
                offsets: Vec::with_capacity(self.node_count() + 1),
                targets: Vec::new(),
                extra: Vec::new(),
            };
            repeats.offsets.push(0);
            self.for_each_neighbourhood(|_, neighbours| {
                repeats.degree.push(neighbours.len() as u32);
                for &(v, w) in neighbours.iter().filter(|(_, w)| *w > 1) {
                    repeats.targets.push(v);
                    repeats.extra.push(w - 1);
                }
                repeats.offsets.push(repeats.targets.len());
            });
            repeats.targets.shrink_to_fit();
            repeats.extra.shrink_to_fit();
            repeats
        })
    }

    /// The neighbours node `u` met at two or more meetings, ascending, and for each
    /// the number of shared meetings beyond the first.
    pub fn repeated(&self, u: NodeIx) -> (&[NodeIx], &[u32]) {
        let r = self.repeats();
        let range = r.offsets[u.index()]..r.offsets[u.index() + 1];
        (&r.targets[range.clone()], &r.extra[range])
    }

    /// Calls `visit(u, neighbours)` for every node in order, with its sorted
    /// (neighbour, shared meetings) pairs; the pairs are computed one node at a time,
    /// so nothing quadratic is kept.
    fn for_each_neighbourhood(&self, mut visit: impl FnMut(NodeIx, &[(NodeIx, u32)])) {
        let mut count = vec![0u32; self.node_count()];
        let mut touched: Vec<NodeIx> = Vec::new();
        let mut pairs: Vec<(NodeIx, u32)> = Vec::new();
        for u in self.nodes() {
            for &m in self.meetings_of(u) {
                for &v in self.nodes_of(m) {
                    if v != u {
                        if count[v.index()] == 0 {
                            touched.push(v);
                        }
                        count[v.index()] += 1;
                    }
                }
            }
            touched.sort_unstable();
            pairs.clear();
            for &v in &touched {
                pairs.push((v, count[v.index()]));
                count[v.index()] = 0;
            }
            touched.clear();
            visit(u, &pairs);
        }
    }

    /// The sorted neighbours of node `u`.
    pub fn neighbours(&self, u: NodeIx) -> &[NodeIx] {
        let p = self.projection();
        &p.targets[p.offsets[u.index()]..p.offsets[u.index() + 1]]
    }

    /// The weights of node `u`'s ties, parallel to [`MetGraph::neighbours`].
    pub fn weights(&self, u: NodeIx) -> &[u32] {
        let p = self.projection();
        &p.weights[p.offsets[u.index()]..p.offsets[u.index() + 1]]
    }

    /// The number of people node `u` met.
    pub fn degree(&self, u: NodeIx) -> usize {
        let u = u.index();
        match self.projection.get() {
            Some(p) => p.offsets[u + 1] - p.offsets[u],
            None => self.repeats().degree[u] as usize,
        }
    }

    /// The sum of node `u`'s tie weights: for each of its meetings, the others there.
    pub fn weighted_degree(&self, u: NodeIx) -> u64 {
        self.meetings_of(u)
            .iter()
            .map(|&m| self.nodes_of(m).len() as u64 - 1)
            .sum()
    }

    /// The weight of the tie between `u` and `v`, 0 if none.
    pub fn weight(&self, u: NodeIx, v: NodeIx) -> u32 {
        match self.neighbours(u).binary_search(&v) {
            Ok(i) => self.weights(u)[i],
            Err(_) => 0,
        }
    }

    /// Every tie once, as (u, v, weight) with u < v.
    pub fn ties(&self) -> impl Iterator<Item = (NodeIx, NodeIx, u32)> + '_ {
        self.nodes().flat_map(move |u| {
            self.neighbours(u)
                .iter()
                .zip(self.weights(u))
                .filter(move |(v, _)| **v > u)
                .map(move |(v, w)| (u, *v, *w))
        })
    }

    /// The in-scope meetings (network indices), in time order.
    pub fn meetings(&self) -> &[MeetingIx] {
        &self.meetings
    }
}

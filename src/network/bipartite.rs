//! The person <-> meeting incidence structure, as a petgraph graph.
//!
//! People and meetings are the vertices ([`Vertex`]), participations the undirected
//! edges. The lists are compact (CSR, [`Adjacency`]) and sorted, so meetings come in
//! time order and people in index order. [`Bipartite`] implements petgraph's visit
//! traits (`GraphBase`, `IntoNeighbors`, `IntoEdges`, `IntoEdgeReferences`,
//! `IntoNodeIdentifiers`, `NodeIndexable`, `NodeCompactIndexable`, `NodeCount`,
//! `Visitable`, `GraphProp`), so petgraph's algorithms and adaptors (`Bfs`,
//! `NodeFiltered`, `connected_components`, `dijkstra`) and ours in
//! [`traverse`](super::traverse) walk it directly. Index `i < people` is person `i`;
//! index `people + m` is meeting `m`.

use super::adjacency::Adjacency;
use fixedbitset::FixedBitSet;
use petgraph::Undirected;
use petgraph::visit::{
    Data, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges, IntoNeighbors, IntoNodeIdentifiers,
    NodeCompactIndexable, NodeCount, NodeIndexable, VisitMap, Visitable,
};
use std::iter::Map;
use std::ops::Range;

/// A vertex of the incidence graph: a person or a meeting, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vertex {
    Person(u32),
    Meeting(u32),
}

/// People and meetings with the participations between them.
#[derive(Debug, Clone, Default)]
pub struct Bipartite {
    /// person -> meetings, ascending.
    person_meetings: Adjacency,
    /// meeting -> people, ascending.
    meeting_people: Adjacency,
}

impl Bipartite {
    /// The graph of `people` people and `meetings` meetings with the given
    /// (person, meeting) participations (repeats count once).
    pub fn from_pairs(people: usize, meetings: usize, pairs: Vec<(u32, u32)>) -> Self {
        let person_meetings = Adjacency::from_pairs(people, pairs);
        Bipartite {
            meeting_people: person_meetings.transposed(meetings),
            person_meetings,
        }
    }

    /// The graph of the given lists, which must describe the same participations
    /// from both sides.
    pub fn from_lists(person_meetings: Adjacency, meeting_people: Adjacency) -> Self {
        debug_assert_eq!(person_meetings.pair_count(), meeting_people.pair_count());
        Bipartite {
            person_meetings,
            meeting_people,
        }
    }

    /// The number of people.
    pub fn people(&self) -> usize {
        self.person_meetings.len()
    }

    /// The number of meetings.
    pub fn meetings(&self) -> usize {
        self.meeting_people.len()
    }

    /// The meetings of person `p`, ascending.
    pub fn meetings_of(&self, p: u32) -> &[u32] {
        self.person_meetings.of(p)
    }

    /// The people of meeting `m`, ascending.
    pub fn people_of(&self, m: u32) -> &[u32] {
        self.meeting_people.of(m)
    }

    /// Where the `i`-th meeting of person `p` stands in the participation order
    /// (people ascending, each person's meetings ascending): an index for arrays
    /// that hold something per participation.
    pub fn position(&self, p: u32, i: usize) -> usize {
        self.person_meetings.start(p) + i
    }

    /// The bytes the lists hold.
    pub fn bytes(&self) -> usize {
        self.person_meetings.bytes() + self.meeting_people.bytes()
    }

    /// The number of participations.
    pub fn participation_count(&self) -> usize {
        self.person_meetings.pair_count()
    }
}

/// The neighbours of a vertex: a person's meetings or a meeting's people.
#[derive(Debug, Clone)]
pub struct Neighbours<'a> {
    list: std::slice::Iter<'a, u32>,
    of_person: bool,
}

impl Iterator for Neighbours<'_> {
    type Item = Vertex;

    fn next(&mut self) -> Option<Vertex> {
        let &i = self.list.next()?;
        Some(if self.of_person {
            Vertex::Meeting(i)
        } else {
            Vertex::Person(i)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.list.size_hint()
    }
}

/// The participations of one vertex, as petgraph edge references.
#[derive(Debug, Clone)]
pub struct Edges<'a> {
    from: Vertex,
    neighbours: Neighbours<'a>,
}

impl<'a> Iterator for Edges<'a> {
    type Item = (Vertex, Vertex, &'a ());

    fn next(&mut self) -> Option<Self::Item> {
        Some((self.from, self.neighbours.next()?, &()))
    }
}

/// Every participation once, person first.
#[derive(Debug, Clone)]
pub struct Participations<'a> {
    graph: &'a Bipartite,
    person: u32,
    edges: Option<Edges<'a>>,
}

impl<'a> Iterator for Participations<'a> {
    type Item = (Vertex, Vertex, &'a ());

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(edge) = self.edges.as_mut().and_then(Iterator::next) {
                return Some(edge);
            }
            if self.person as usize >= self.graph.people() {
                return None;
            }
            self.edges = Some(self.graph.edges(Vertex::Person(self.person)));
            self.person += 1;
        }
    }
}

/// Which vertices a search has visited.
#[derive(Debug, Clone)]
pub struct Visited {
    bits: FixedBitSet,
    people: usize,
}

impl Visited {
    fn index(&self, v: Vertex) -> usize {
        match v {
            Vertex::Person(p) => p as usize,
            Vertex::Meeting(m) => self.people + m as usize,
        }
    }
}

impl VisitMap<Vertex> for Visited {
    fn visit(&mut self, v: Vertex) -> bool {
        let i = self.index(v);
        !self.bits.put(i)
    }

    fn is_visited(&self, v: &Vertex) -> bool {
        self.bits.contains(self.index(*v))
    }

    fn unvisit(&mut self, v: Vertex) -> bool {
        let i = self.index(v);
        let was = self.bits.contains(i);
        self.bits.set(i, false);
        was
    }
}

impl GraphBase for Bipartite {
    type NodeId = Vertex;
    type EdgeId = (Vertex, Vertex);
}

impl Data for Bipartite {
    type NodeWeight = ();
    type EdgeWeight = ();
}

impl GraphProp for Bipartite {
    type EdgeType = Undirected;
}

impl NodeCount for Bipartite {
    fn node_count(&self) -> usize {
        self.people() + self.meetings()
    }
}

impl NodeIndexable for Bipartite {
    fn node_bound(&self) -> usize {
        self.people() + self.meetings()
    }

    fn to_index(&self, v: Vertex) -> usize {
        match v {
            Vertex::Person(p) => p as usize,
            Vertex::Meeting(m) => self.people() + m as usize,
        }
    }

    fn from_index(&self, i: usize) -> Vertex {
        match i.checked_sub(self.people()) {
            None => Vertex::Person(i as u32),
            Some(m) => Vertex::Meeting(m as u32),
        }
    }
}

impl NodeCompactIndexable for Bipartite {}

impl<'a> IntoNeighbors for &'a Bipartite {
    type Neighbors = Neighbours<'a>;

    fn neighbors(self, v: Vertex) -> Neighbours<'a> {
        match v {
            Vertex::Person(p) => Neighbours {
                list: self.meetings_of(p).iter(),
                of_person: true,
            },
            Vertex::Meeting(m) => Neighbours {
                list: self.people_of(m).iter(),
                of_person: false,
            },
        }
    }
}

impl<'a> IntoEdgeReferences for &'a Bipartite {
    type EdgeRef = (Vertex, Vertex, &'a ());
    type EdgeReferences = Participations<'a>;

    fn edge_references(self) -> Participations<'a> {
        Participations {
            graph: self,
            person: 0,
            edges: None,
        }
    }
}

impl<'a> IntoEdges for &'a Bipartite {
    type Edges = Edges<'a>;

    fn edges(self, v: Vertex) -> Edges<'a> {
        Edges {
            from: v,
            neighbours: self.neighbors(v),
        }
    }
}

type Vertices = Map<Range<u32>, fn(u32) -> Vertex>;

impl IntoNodeIdentifiers for &Bipartite {
    type NodeIdentifiers = std::iter::Chain<Vertices, Vertices>;

    fn node_identifiers(self) -> Self::NodeIdentifiers {
        let people: Vertices = (0..self.people() as u32).map(Vertex::Person);
        let meetings: Vertices = (0..self.meetings() as u32).map(Vertex::Meeting);
        people.chain(meetings)
    }
}

impl Visitable for Bipartite {
    type Map = Visited;

    fn visit_map(&self) -> Visited {
        Visited {
            bits: FixedBitSet::with_capacity(self.node_bound()),
            people: self.people(),
        }
    }

    fn reset_map(&self, map: &mut Visited) {
        map.bits.clear();
        map.bits.grow(self.node_bound());
        map.people = self.people();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::analysis::{Bfs, components};
    use crate::network::{MetGraph, Network, Scope};
    use petgraph::algo::{connected_components, dijkstra};

    fn generated() -> Network {
        let data = crate::generate::generate(600, 3).expect("generated");
        Network::build(&data, 1).expect("network")
    }

    #[test]
    fn petgraph_finds_the_components_we_find() {
        let network = generated();
        let graph = MetGraph::build(&network, &Scope::everything());
        let (_, ours) = components(&graph);
        let empty = (0..graph.meetings().len())
            .filter(|&m| graph.nodes_of(m).is_empty())
            .count();
        // Each meeting without participants is a component of its own there.
        assert_eq!(connected_components(graph.incidence()), ours + empty);
        // The whole model too: every person is a vertex, active or not.
        let whole = network.incidence();
        let inactive = (0..whole.people() as u32)
            .filter(|&p| whole.meetings_of(p).is_empty())
            .count();
        assert_eq!(
            connected_components(whole),
            ours + empty + inactive,
            "inactive people are components of one"
        );
    }

    #[test]
    fn petgraph_dijkstra_gives_our_distances_and_chains() {
        let network = generated();
        let graph = MetGraph::build(&network, &Scope::everything());
        let mut bfs = Bfs::new(&graph);
        for source in [0, graph.node_count() / 2, graph.node_count() - 1] {
            bfs.run(&graph, &[source], u32::MAX);
            let theirs = dijkstra(
                graph.incidence(),
                Vertex::Person(source as u32),
                None,
                |_| 1u32,
            );
            for u in 0..graph.node_count() {
                let want = theirs.get(&Vertex::Person(u as u32)).map(|d| d / 2);
                let got =
                    (bfs.dist[u] != crate::network::analysis::UNREACHED).then_some(bfs.dist[u]);
                assert_eq!(got, want, "distance from {source} to {u}");
                // The chain of acquaintance is as long as the distance.
                let (a, b) = (
                    &network.people()[graph.person(source) as usize].id,
                    &network.people()[graph.person(u) as usize].id,
                );
                let chain = network.chain(a, b, &Scope::everything()).expect("people");
                assert_eq!(chain.map(|steps| steps.len() as u32), want);
            }
        }
    }

    #[test]
    fn petgraph_walks_the_incidence_graph_in_our_order() {
        let network = generated();
        let graph = MetGraph::build(&network, &Scope::everything());
        let mut theirs = petgraph::visit::Bfs::new(graph.incidence(), Vertex::Person(0));
        let mut order = Vec::new();
        while let Some(v) = theirs.next(graph.incidence()) {
            if let Vertex::Person(u) = v {
                order.push(u);
            }
        }
        let mut bfs = Bfs::new(&graph);
        bfs.run(&graph, &[0], u32::MAX);
        assert_eq!(order, bfs.order);
    }
}

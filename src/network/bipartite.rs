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
use super::index::Ix;
use fixedbitset::FixedBitSet;
use petgraph::Undirected;
use petgraph::visit::{
    Data, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges, IntoNeighbors, IntoNodeIdentifiers,
    NodeCompactIndexable, NodeCount, NodeIndexable, VisitMap, Visitable,
};
use std::iter::Map;
use std::ops::Range;

/// A vertex of the incidence graph: a person or a meeting, by index (`P` and `M`
/// the graph's index spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vertex<P = u32, M = u32> {
    Person(P),
    Meeting(M),
}

/// People and meetings with the participations between them; `P` indexes its
/// people, `M` its meetings (bare `u32` for a graph of no particular space).
#[derive(Debug, Clone)]
pub struct Bipartite<P = u32, M = u32> {
    /// person -> meetings, ascending.
    person_meetings: Adjacency<M, P>,
    /// meeting -> people, ascending.
    meeting_people: Adjacency<P, M>,
}

impl<P, M> Default for Bipartite<P, M> {
    fn default() -> Self {
        Bipartite {
            person_meetings: Adjacency::default(),
            meeting_people: Adjacency::default(),
        }
    }
}

impl<P: Ix, M: Ix> Bipartite<P, M> {
    /// The graph of `people` people and `meetings` meetings with the given
    /// (person, meeting) participations (repeats count once).
    pub fn from_pairs(people: usize, meetings: usize, pairs: Vec<(P, M)>) -> Self {
        let person_meetings = Adjacency::from_pairs(people, pairs);
        Bipartite {
            meeting_people: person_meetings.transposed(meetings),
            person_meetings,
        }
    }

    /// The graph of the given lists, which must describe the same participations
    /// from both sides.
    pub fn from_lists(person_meetings: Adjacency<M, P>, meeting_people: Adjacency<P, M>) -> Self {
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
    pub fn meetings_of(&self, p: P) -> &[M] {
        self.person_meetings.of(p)
    }

    /// The people of meeting `m`, ascending.
    pub fn people_of(&self, m: M) -> &[P] {
        self.meeting_people.of(m)
    }

    /// Where the `i`-th meeting of person `p` stands in the participation order
    /// (people ascending, each person's meetings ascending): an index for arrays
    /// that hold something per participation.
    pub fn position(&self, p: P, i: usize) -> usize {
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
pub enum Neighbours<'a, P, M> {
    Meetings(std::slice::Iter<'a, M>),
    People(std::slice::Iter<'a, P>),
}

impl<P: Ix, M: Ix> Iterator for Neighbours<'_, P, M> {
    type Item = Vertex<P, M>;

    fn next(&mut self) -> Option<Vertex<P, M>> {
        match self {
            Neighbours::Meetings(list) => list.next().map(|&m| Vertex::Meeting(m)),
            Neighbours::People(list) => list.next().map(|&p| Vertex::Person(p)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Neighbours::Meetings(list) => list.size_hint(),
            Neighbours::People(list) => list.size_hint(),
        }
    }
}

/// The participations of one vertex, as petgraph edge references.
#[derive(Debug, Clone)]
pub struct Edges<'a, P, M> {
    from: Vertex<P, M>,
    neighbours: Neighbours<'a, P, M>,
}

impl<'a, P: Ix, M: Ix> Iterator for Edges<'a, P, M> {
    type Item = (Vertex<P, M>, Vertex<P, M>, &'a ());

    fn next(&mut self) -> Option<Self::Item> {
        Some((self.from, self.neighbours.next()?, &()))
    }
}

/// Every participation once, person first.
#[derive(Debug, Clone)]
pub struct Participations<'a, P, M> {
    graph: &'a Bipartite<P, M>,
    person: usize,
    edges: Option<Edges<'a, P, M>>,
}

impl<'a, P: Ix, M: Ix> Iterator for Participations<'a, P, M> {
    type Item = (Vertex<P, M>, Vertex<P, M>, &'a ());

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(edge) = self.edges.as_mut().and_then(Iterator::next) {
                return Some(edge);
            }
            if self.person >= self.graph.people() {
                return None;
            }
            self.edges = Some(self.graph.edges(Vertex::Person(P::new(self.person))));
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
    fn index<P: Ix, M: Ix>(&self, v: Vertex<P, M>) -> usize {
        match v {
            Vertex::Person(p) => p.index(),
            Vertex::Meeting(m) => self.people + m.index(),
        }
    }
}

impl<P: Ix, M: Ix> VisitMap<Vertex<P, M>> for Visited {
    fn visit(&mut self, v: Vertex<P, M>) -> bool {
        let i = self.index(v);
        !self.bits.put(i)
    }

    fn is_visited(&self, v: &Vertex<P, M>) -> bool {
        self.bits.contains(self.index(*v))
    }

    fn unvisit(&mut self, v: Vertex<P, M>) -> bool {
        let i = self.index(v);
        let was = self.bits.contains(i);
        self.bits.set(i, false);
        was
    }
}

impl<P: Ix, M: Ix> GraphBase for Bipartite<P, M> {
    type NodeId = Vertex<P, M>;
    type EdgeId = (Vertex<P, M>, Vertex<P, M>);
}

impl<P: Ix, M: Ix> Data for Bipartite<P, M> {
    type NodeWeight = ();
    type EdgeWeight = ();
}

impl<P: Ix, M: Ix> GraphProp for Bipartite<P, M> {
    type EdgeType = Undirected;
}

impl<P: Ix, M: Ix> NodeCount for Bipartite<P, M> {
    fn node_count(&self) -> usize {
        self.people() + self.meetings()
    }
}

impl<P: Ix, M: Ix> NodeIndexable for Bipartite<P, M> {
    fn node_bound(&self) -> usize {
        self.people() + self.meetings()
    }

    fn to_index(&self, v: Vertex<P, M>) -> usize {
        match v {
            Vertex::Person(p) => p.index(),
            Vertex::Meeting(m) => self.people() + m.index(),
        }
    }

    fn from_index(&self, i: usize) -> Vertex<P, M> {
        match i.checked_sub(self.people()) {
            None => Vertex::Person(P::new(i)),
            Some(m) => Vertex::Meeting(M::new(m)),
        }
    }
}

impl<P: Ix, M: Ix> NodeCompactIndexable for Bipartite<P, M> {}

impl<'a, P: Ix, M: Ix> IntoNeighbors for &'a Bipartite<P, M> {
    type Neighbors = Neighbours<'a, P, M>;

    fn neighbors(self, v: Vertex<P, M>) -> Neighbours<'a, P, M> {
        match v {
            Vertex::Person(p) => Neighbours::Meetings(self.meetings_of(p).iter()),
            Vertex::Meeting(m) => Neighbours::People(self.people_of(m).iter()),
        }
    }
}

impl<'a, P: Ix, M: Ix> IntoEdgeReferences for &'a Bipartite<P, M> {
    type EdgeRef = (Vertex<P, M>, Vertex<P, M>, &'a ());
    type EdgeReferences = Participations<'a, P, M>;

    fn edge_references(self) -> Participations<'a, P, M> {
        Participations {
            graph: self,
            person: 0,
            edges: None,
        }
    }
}

impl<'a, P: Ix, M: Ix> IntoEdges for &'a Bipartite<P, M> {
    type Edges = Edges<'a, P, M>;

    fn edges(self, v: Vertex<P, M>) -> Edges<'a, P, M> {
        Edges {
            from: v,
            neighbours: self.neighbors(v),
        }
    }
}

type Vertices<P, M> = Map<Range<usize>, fn(usize) -> Vertex<P, M>>;

impl<P: Ix, M: Ix> IntoNodeIdentifiers for &Bipartite<P, M> {
    type NodeIdentifiers = std::iter::Chain<Vertices<P, M>, Vertices<P, M>>;

    fn node_identifiers(self) -> Self::NodeIdentifiers {
        let people: Vertices<P, M> = (0..self.people()).map(|p| Vertex::Person(P::new(p)));
        let meetings: Vertices<P, M> = (0..self.meetings()).map(|m| Vertex::Meeting(M::new(m)));
        people.chain(meetings)
    }
}

impl<P: Ix, M: Ix> Visitable for Bipartite<P, M> {
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
    use crate::network::index::{NodeIx, PersonIx, all};
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
        let empty = graph
            .graph_meetings()
            .filter(|&m| graph.nodes_of(m).is_empty())
            .count();
        // Each meeting without participants is a component of its own there.
        assert_eq!(connected_components(graph.incidence()), ours + empty);
        // The whole model too: every person is a vertex, active or not.
        let whole = network.incidence();
        let inactive = all::<PersonIx>(whole.people())
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
        let n = graph.node_count();
        for source in [0, n / 2, n - 1].map(NodeIx::new) {
            bfs.run(&graph, &[source], u32::MAX);
            let theirs = dijkstra(graph.incidence(), Vertex::Person(source), None, |_| 1u32);
            for u in graph.nodes() {
                let want = theirs.get(&Vertex::Person(u)).map(|d| d / 2);
                let d = bfs.dist[u.index()];
                let got = (d != crate::network::analysis::UNREACHED).then_some(d);
                assert_eq!(got, want, "distance from {source} to {u}");
                // The chain of acquaintance is as long as the distance.
                let (a, b) = (
                    &network.person(graph.person(source)).id,
                    &network.person(graph.person(u)).id,
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
        let mut theirs =
            petgraph::visit::Bfs::new(graph.incidence(), Vertex::Person(NodeIx::new(0)));
        let mut order = Vec::new();
        while let Some(v) = theirs.next(graph.incidence()) {
            if let Vertex::Person(u) = v {
                order.push(u);
            }
        }
        let mut bfs = Bfs::new(&graph);
        bfs.run(&graph, &[NodeIx::new(0)], u32::MAX);
        assert_eq!(order, bfs.order);
    }
}

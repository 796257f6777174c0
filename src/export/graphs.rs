//! The three graphs an analyst takes to Gephi or Kumu, built from a reader's view of
//! the data: who met whom, which organisations met through their people, and who
//! took part in which meeting. The first two are read off the view's met graph.

use crate::domain::Dataset;
use crate::network::analysis::{Budget, OverBudget, organisation_network};
use crate::network::{MeetingIx, MetGraph, Network, NodeIx, PersonIx, Scope, index};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Which graph to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphKind {
    /// People tied when they took part in the same meeting; weight = meetings shared.
    Met,
    /// Organisations tied when people behind them met (as `organisationNetwork`).
    Organisations,
    /// People and meetings, tied by participation.
    Bipartite,
}

impl GraphKind {
    pub const ALL: [GraphKind; 3] = [
        GraphKind::Met,
        GraphKind::Organisations,
        GraphKind::Bipartite,
    ];

    /// The name used in file names and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            GraphKind::Met => "met",
            GraphKind::Organisations => "organisations",
            GraphKind::Bipartite => "bipartite",
        }
    }

    pub fn parse(text: &str) -> Option<GraphKind> {
        GraphKind::ALL.into_iter().find(|g| g.as_str() == text)
    }
}

/// The type of an attribute's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    Integer,
}

/// An attribute that nodes or edges carry.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub key: &'static str,
    pub kind: AttrType,
}

/// An attribute value (absent values are left out of the file).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Int(n) => write!(f, "{n}"),
        }
    }
}

/// A node: its id, label, kind and attribute values (one per declared attribute).
#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// `person`, `meeting` or `organisation`.
    pub kind: &'static str,
    pub values: Vec<Option<Value>>,
    /// When the node enters the timeline (its first meeting in view).
    pub start: Option<NaiveDate>,
}

/// An undirected edge with its weight and the time intervals it was active in.
#[derive(Debug, Clone)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub weight: u32,
    pub values: Vec<Option<Value>>,
    /// First and last day of each meeting behind the edge, in time order.
    pub spells: Vec<(NaiveDate, NaiveDate)>,
}

/// A graph ready to be written.
#[derive(Debug, Clone)]
pub struct ExportGraph {
    pub kind: GraphKind,
    pub node_attrs: Vec<Attr>,
    pub edge_attrs: Vec<Attr>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

const fn text(key: &'static str) -> Attr {
    Attr {
        key,
        kind: AttrType::String,
    }
}

const fn int(key: &'static str) -> Attr {
    Attr {
        key,
        kind: AttrType::Integer,
    }
}

const PERSON_ATTRS: [Attr; 6] = [
    text("type"),
    text("side"),
    text("gender"),
    text("country"),
    text("tags"),
    int("meetings"),
];

const MEETING_ATTRS: [Attr; 5] = [
    text("series"),
    text("format"),
    text("track"),
    text("confidentiality"),
    int("participants"),
];

const ORGANISATION_ATTRS: [Attr; 4] = [text("type"), text("kind"), text("country"), text("side")];

fn some_text(value: Option<impl ToString>) -> Option<Value> {
    value.map(|v| Value::Text(v.to_string()))
}

/// Builds `kind` from `data`, which must already be the reader's view
/// ([`super::view`]): every meeting in it is exported, from its met graph, within
/// `budget`.
pub fn build(
    data: &Dataset,
    kind: GraphKind,
    budget: &Budget,
) -> Result<ExportGraph, super::ExportError> {
    let network = Network::build(data, 0)?;
    let days: HashMap<&str, (NaiveDate, NaiveDate)> = data
        .meetings
        .iter()
        .map(|m| (m.id.as_str(), (m.start_date, m.last_day())))
        .collect();
    let meeting_days = |index: MeetingIx| {
        let node = network.meeting(index);
        days.get(node.id.as_str())
            .copied()
            .unwrap_or((node.start_date, node.start_date))
    };
    Ok(match kind {
        GraphKind::Met => met(data, &network, &meeting_days, budget)?,
        GraphKind::Organisations => organisations(data, &network, budget)?,
        GraphKind::Bipartite => bipartite(data, &network, &meeting_days),
    })
}

/// Every person who took part in a meeting in view, with the number and first day of
/// those meetings.
fn person_nodes(
    data: &Dataset,
    network: &Network,
    meeting_days: &dyn Fn(MeetingIx) -> (NaiveDate, NaiveDate),
) -> Vec<Node> {
    let mut attended: BTreeMap<PersonIx, (i64, NaiveDate)> = BTreeMap::new();
    for m in index::all(network.meetings().len()) {
        let (first, _) = meeting_days(m);
        for &p in network.participants(m) {
            let entry = attended.entry(p).or_insert((0, first));
            entry.0 += 1;
            entry.1 = entry.1.min(first);
        }
    }
    let records: HashMap<&str, &crate::domain::Person> =
        data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    attended
        .into_iter()
        .filter_map(|(p, (count, first))| {
            let key = &network.person(p).id;
            let person = records.get(key.as_str())?;
            let id = format!("Person:{key}");
            Some(Node {
                label: person.name.clone(),
                kind: "person",
                values: vec![
                    Some(Value::Text("person".to_owned())),
                    some_text(person.side.as_ref()),
                    some_text(person.gender),
                    some_text(person.country.as_ref()),
                    Some(Value::Text(person.tags.joined())),
                    Some(Value::Int(count)),
                ],
                start: Some(first),
                id,
            })
        })
        .collect()
}

/// Ties looked at between two checks of the budget.
const TIES_PER_CHECK: usize = 4096;

fn met(
    data: &Dataset,
    network: &Network,
    meeting_days: &dyn Fn(MeetingIx) -> (NaiveDate, NaiveDate),
    budget: &Budget,
) -> Result<ExportGraph, OverBudget> {
    // Every tie of the met graph once, with the days of the meetings its two people
    // shared (their meeting lists merged; meetings are indexed by start date).
    let graph = MetGraph::build(network, &Scope::everything());
    let id = |u: NodeIx| format!("Person:{}", network.person(graph.person(u)).id);
    let mut edges = Vec::with_capacity(graph.tie_count());
    for (k, (u, v, weight)) in graph.ties().enumerate() {
        if k % TIES_PER_CHECK == 0 {
            budget.check()?;
        }
        let (left, right) = (graph.meetings_of(u), graph.meetings_of(v));
        let mut spells = Vec::with_capacity(weight as usize);
        let (mut i, mut j) = (0, 0);
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    spells.push(meeting_days(graph.meeting(left[i])));
                    i += 1;
                    j += 1;
                }
            }
        }
        let first = spells.first().map(|s| s.0);
        let last = spells.iter().map(|s| s.0).max();
        edges.push(Edge {
            source: id(u),
            target: id(v),
            weight,
            values: vec![
                some_text(first.map(|d| d.to_string())),
                some_text(last.map(|d| d.to_string())),
            ],
            spells,
        });
    }
    Ok(ExportGraph {
        kind: GraphKind::Met,
        node_attrs: PERSON_ATTRS.to_vec(),
        edge_attrs: vec![text("first_met"), text("last_met")],
        nodes: person_nodes(data, network, meeting_days),
        edges,
    })
}

fn organisations(
    data: &Dataset,
    network: &Network,
    budget: &Budget,
) -> Result<ExportGraph, OverBudget> {
    let graph = MetGraph::build(network, &Scope::everything());
    budget.check()?;
    let org_id = |o: u32| format!("Organisation:{}", network.organisations()[o as usize].id);
    let nodes = data
        .organisations
        .iter()
        .map(|o| Node {
            id: format!("Organisation:{}", o.id),
            label: o.name.clone(),
            kind: "organisation",
            values: vec![
                Some(Value::Text("organisation".to_owned())),
                Some(Value::Text(o.kind.to_string())),
                some_text(o.country.as_ref()),
                some_text(o.side.as_ref()),
            ],
            start: None,
        })
        .collect();
    let ties = organisation_network(network, &graph);
    budget.check()?;
    let edges = ties
        .iter()
        .map(|t| Edge {
            source: org_id(t.a),
            target: org_id(t.b),
            weight: t.weight,
            values: Vec::new(),
            spells: Vec::new(),
        })
        .collect();
    Ok(ExportGraph {
        kind: GraphKind::Organisations,
        node_attrs: ORGANISATION_ATTRS.to_vec(),
        edge_attrs: Vec::new(),
        nodes,
        edges,
    })
}

fn bipartite(
    data: &Dataset,
    network: &Network,
    meeting_days: &dyn Fn(MeetingIx) -> (NaiveDate, NaiveDate),
) -> ExportGraph {
    let records: HashMap<&str, &crate::domain::Meeting> =
        data.meetings.iter().map(|m| (m.id.as_str(), m)).collect();
    // People carry the person attributes; meetings the meeting ones, after them.
    let mut node_attrs = PERSON_ATTRS.to_vec();
    node_attrs.extend(MEETING_ATTRS);
    let blank_meeting = vec![None; MEETING_ATTRS.len()];
    let mut nodes: Vec<Node> = person_nodes(data, network, meeting_days)
        .into_iter()
        .map(|mut n| {
            n.values.extend(blank_meeting.iter().cloned());
            n
        })
        .collect();
    let mut edges = Vec::new();
    for (m, node) in index::all::<MeetingIx>(network.meetings().len()).zip(network.meetings()) {
        let Some(meeting) = records.get(node.id.as_str()) else {
            continue;
        };
        let days = meeting_days(m);
        let id = format!("Meeting:{}", node.id);
        // The person attributes a meeting has: its type and country.
        let mut values = vec![
            Some(Value::Text("meeting".to_owned())),
            None,
            None,
            some_text(meeting.country.as_ref()),
            None,
            None,
        ];
        values.extend([
            some_text(meeting.series.as_ref()),
            some_text(meeting.format),
            some_text(meeting.track),
            Some(Value::Text(meeting.confidentiality.to_string())),
            Some(Value::Int(network.participants(m).len() as i64)),
        ]);
        nodes.push(Node {
            id: id.clone(),
            label: meeting.title.clone(),
            kind: "meeting",
            values,
            start: Some(days.0),
        });
        for &p in network.participants(m) {
            edges.push(Edge {
                source: format!("Person:{}", network.person(p).id),
                target: id.clone(),
                weight: 1,
                values: vec![Some(Value::Text(network.role(p, m).to_string()))],
                spells: vec![days],
            });
        }
    }
    ExportGraph {
        kind: GraphKind::Bipartite,
        node_attrs,
        edge_attrs: vec![text("role")],
        nodes,
        edges,
    }
}

//! GraphML and GEXF 1.3 writers. Gephi reads both; GEXF also carries when each
//! node appears and when each tie was active, for Gephi's timeline.

use super::ExportError;
use super::graphs::{AttrType, Edge, ExportGraph, Node};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    fn new() -> Result<Xml, ExportError> {
        let mut xml = Xml {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(xml)
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), ExportError> {
        self.writer
            .write_event(event)
            .map_err(|e| ExportError::Write(e.to_string()))
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), ExportError> {
        let mut start = BytesStart::new(name);
        start.extend_attributes(attrs.iter().copied());
        self.event(Event::Start(start))
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), ExportError> {
        let mut start = BytesStart::new(name);
        start.extend_attributes(attrs.iter().copied());
        self.event(Event::Empty(start))
    }

    fn close(&mut self, name: &str) -> Result<(), ExportError> {
        self.event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs>text</name>`
    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<(), ExportError> {
        self.open(name, attrs)?;
        self.event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

fn graphml_type(kind: AttrType) -> &'static str {
    match kind {
        AttrType::String => "string",
        AttrType::Integer => "long",
    }
}

/// Declares one GraphML attribute.
fn graphml_key(
    xml: &mut Xml,
    id: &str,
    of: &str,
    name: &str,
    kind: AttrType,
) -> Result<(), ExportError> {
    xml.empty(
        "key",
        &[
            ("id", id),
            ("for", of),
            ("attr.name", name),
            ("attr.type", graphml_type(kind)),
        ],
    )
}

/// Declares `attrs` for nodes or edges; returns their key ids.
fn graphml_keys(
    xml: &mut Xml,
    of: &str,
    prefix: &str,
    attrs: &[super::graphs::Attr],
) -> Result<Vec<String>, ExportError> {
    let mut ids = Vec::with_capacity(attrs.len());
    for attr in attrs {
        let id = format!("{prefix}_{}", attr.key);
        graphml_key(xml, &id, of, attr.key, attr.kind)?;
        ids.push(id);
    }
    Ok(ids)
}

/// GraphML with the `attr.name`/`attr.type` key extension.
pub fn graphml(graph: &ExportGraph) -> Result<Vec<u8>, ExportError> {
    let mut xml = Xml::new()?;
    xml.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    graphml_key(&mut xml, "label", "node", "label", AttrType::String)?;
    let node_keys = graphml_keys(&mut xml, "node", "n", &graph.node_attrs)?;
    graphml_key(&mut xml, "weight", "edge", "weight", AttrType::Integer)?;
    let edge_keys = graphml_keys(&mut xml, "edge", "e", &graph.edge_attrs)?;
    xml.open(
        "graph",
        &[("id", graph.kind.as_str()), ("edgedefault", "undirected")],
    )?;
    for node in &graph.nodes {
        xml.open("node", &[("id", node.id.as_str())])?;
        xml.leaf("data", &[("key", "label")], &node.label)?;
        for (value, key) in node.values.iter().zip(&node_keys) {
            if let Some(value) = value {
                xml.leaf("data", &[("key", key.as_str())], &value.to_string())?;
            }
        }
        xml.close("node")?;
    }
    for (i, edge) in graph.edges.iter().enumerate() {
        let id = format!("e{i}");
        xml.open(
            "edge",
            &[
                ("id", id.as_str()),
                ("source", edge.source.as_str()),
                ("target", edge.target.as_str()),
            ],
        )?;
        xml.leaf("data", &[("key", "weight")], &edge.weight.to_string())?;
        for (value, key) in edge.values.iter().zip(&edge_keys) {
            if let Some(value) = value {
                xml.leaf("data", &[("key", key.as_str())], &value.to_string())?;
            }
        }
        xml.close("edge")?;
    }
    xml.close("graph")?;
    xml.close("graphml")?;
    Ok(xml.finish())
}

fn gexf_type(kind: AttrType) -> &'static str {
    match kind {
        AttrType::String => "string",
        AttrType::Integer => "long",
    }
}

fn gexf_attributes(
    xml: &mut Xml,
    class: &str,
    attrs: &[super::graphs::Attr],
) -> Result<(), ExportError> {
    if attrs.is_empty() {
        return Ok(());
    }
    xml.open("attributes", &[("class", class), ("mode", "static")])?;
    for attr in attrs {
        xml.empty(
            "attribute",
            &[
                ("id", attr.key),
                ("title", attr.key),
                ("type", gexf_type(attr.kind)),
            ],
        )?;
    }
    xml.close("attributes")
}

fn gexf_values(
    xml: &mut Xml,
    attrs: &[super::graphs::Attr],
    values: &[Option<super::graphs::Value>],
) -> Result<(), ExportError> {
    let present: Vec<(&str, String)> = attrs
        .iter()
        .zip(values)
        .filter_map(|(a, v)| Some((a.key, v.as_ref()?.to_string())))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    xml.open("attvalues", &[])?;
    for (key, value) in &present {
        xml.empty("attvalue", &[("for", *key), ("value", value.as_str())])?;
    }
    xml.close("attvalues")
}

fn gexf_node(xml: &mut Xml, graph: &ExportGraph, node: &Node) -> Result<(), ExportError> {
    let start = node.start.map(|d| d.to_string());
    let mut attrs = vec![("id", node.id.as_str()), ("label", node.label.as_str())];
    if let Some(start) = &start {
        attrs.push(("start", start.as_str()));
    }
    xml.open("node", &attrs)?;
    gexf_values(xml, &graph.node_attrs, &node.values)?;
    xml.close("node")
}

fn gexf_edge(
    xml: &mut Xml,
    graph: &ExportGraph,
    id: usize,
    edge: &Edge,
) -> Result<(), ExportError> {
    let id = id.to_string();
    let weight = edge.weight.to_string();
    xml.open(
        "edge",
        &[
            ("id", id.as_str()),
            ("source", edge.source.as_str()),
            ("target", edge.target.as_str()),
            ("weight", weight.as_str()),
        ],
    )?;
    gexf_values(xml, &graph.edge_attrs, &edge.values)?;
    if !edge.spells.is_empty() {
        xml.open("spells", &[])?;
        for (start, end) in &edge.spells {
            xml.empty(
                "spell",
                &[
                    ("start", start.to_string().as_str()),
                    ("end", end.to_string().as_str()),
                ],
            )?;
        }
        xml.close("spells")?;
    }
    xml.close("edge")
}

/// GEXF 1.3. Graphs with dates are dynamic: a node starts at its first meeting in
/// view, and a tie has one spell per meeting behind it (first to last day).
pub fn gexf(graph: &ExportGraph, today: chrono::NaiveDate) -> Result<Vec<u8>, ExportError> {
    let dynamic = graph.nodes.iter().any(|n| n.start.is_some());
    let mut xml = Xml::new()?;
    xml.open(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    )?;
    xml.open("meta", &[("lastmodifieddate", today.to_string().as_str())])?;
    xml.leaf("creator", &[], "peacenet")?;
    xml.leaf(
        "description",
        &[],
        &format!("the {} graph", graph.kind.as_str()),
    )?;
    xml.close("meta")?;
    let mut graph_attrs = vec![("defaultedgetype", "undirected")];
    if dynamic {
        graph_attrs.extend([
            ("mode", "dynamic"),
            ("timeformat", "date"),
            ("timerepresentation", "interval"),
        ]);
    } else {
        graph_attrs.push(("mode", "static"));
    }
    xml.open("graph", &graph_attrs)?;
    gexf_attributes(&mut xml, "node", &graph.node_attrs)?;
    gexf_attributes(&mut xml, "edge", &graph.edge_attrs)?;
    xml.open("nodes", &[])?;
    for node in &graph.nodes {
        gexf_node(&mut xml, graph, node)?;
    }
    xml.close("nodes")?;
    xml.open("edges", &[])?;
    for (i, edge) in graph.edges.iter().enumerate() {
        gexf_edge(&mut xml, graph, i, edge)?;
    }
    xml.close("edges")?;
    xml.close("graph")?;
    xml.close("gexf")?;
    Ok(xml.finish())
}

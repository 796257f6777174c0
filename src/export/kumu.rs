//! Kumu's JSON import ("blueprint"): elements and connections, each with an `id`
//! (connections refer to elements by it) and the attributes as fields.

use super::ExportError;
use super::graphs::{ExportGraph, Value};
use serde_json::{Map, Value as Json, json};

fn field(value: &Value) -> Json {
    match value {
        Value::Text(s) => Json::String(s.clone()),
        Value::Int(n) => Json::from(*n),
    }
}

/// The graph as a Kumu blueprint.
pub fn kumu(graph: &ExportGraph) -> Result<Vec<u8>, ExportError> {
    let elements: Vec<Json> = graph
        .nodes
        .iter()
        .map(|node| {
            let mut element = Map::new();
            element.insert("id".into(), json!(node.id));
            element.insert("label".into(), json!(node.label));
            for (attr, value) in graph.node_attrs.iter().zip(&node.values) {
                let Some(value) = value else { continue };
                let entry = match (attr.key, value) {
                    // Kumu capitalises element types; tags are a list.
                    ("type", Value::Text(t)) => json!(capitalised(t)),
                    ("tags", Value::Text(t)) => {
                        json!(t.split(';').filter(|s| !s.is_empty()).collect::<Vec<_>>())
                    }
                    _ => field(value),
                };
                element.insert(attr.key.into(), entry);
            }
            if let Some(start) = node.start {
                element.insert("first meeting".into(), json!(start.to_string()));
            }
            Json::Object(element)
        })
        .collect();
    let connection_type = match graph.kind {
        super::GraphKind::Met => "met",
        super::GraphKind::Organisations => "met through their people",
        super::GraphKind::Bipartite => "took part in",
    };
    let connections: Vec<Json> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, edge)| {
            let mut connection = Map::new();
            connection.insert("id".into(), json!(format!("connection-{i}")));
            connection.insert("from".into(), json!(edge.source));
            connection.insert("to".into(), json!(edge.target));
            connection.insert("type".into(), json!(connection_type));
            connection.insert(
                "direction".into(),
                json!(if graph.kind == super::GraphKind::Bipartite {
                    "directed"
                } else {
                    "undirected"
                }),
            );
            connection.insert("weight".into(), json!(edge.weight));
            for (attr, value) in graph.edge_attrs.iter().zip(&edge.values) {
                if let Some(value) = value {
                    connection.insert(attr.key.into(), field(value));
                }
            }
            Json::Object(connection)
        })
        .collect();
    serde_json::to_vec_pretty(&json!({ "elements": elements, "connections": connections }))
        .map_err(|e| ExportError::Write(e.to_string()))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

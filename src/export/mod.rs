//! Exports for the tools analysts already use: the met graph, the organisation network
//! and the bipartite person-meeting graph as GraphML and GEXF (Gephi) and as Kumu
//! JSON, and the data as a CSV bundle. Every export is built from a reader's view
//! ([`view`]), so a meeting the reader may not see never appears in one.

mod graphs;
mod kumu;
mod view;
mod xml;

pub use graphs::{ExportGraph, GraphKind, build};
pub use view::view;

use crate::domain::Dataset;
use crate::network::NetworkError;

/// A file format for graphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Graphml,
    Gexf,
    Kumu,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Graphml, Format::Gexf, Format::Kumu];

    /// The file extension, which also names the format in URLs.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Kumu => "json",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Graphml => "application/graphml+xml",
            Format::Gexf => "application/gexf+xml",
            Format::Kumu => "application/json",
        }
    }

    /// By extension (`graphml`, `gexf`, `json`) or name (`kumu`).
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "kumu" => Some(Format::Kumu),
            other => Format::ALL.into_iter().find(|f| f.extension() == other),
        }
    }
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Network(#[from] NetworkError),
    #[error(transparent)]
    OverBudget(#[from] crate::network::analysis::OverBudget),
    #[error("writing the export failed: {0}")]
    Write(String),
}

/// `kind` of the data in `view` (already the reader's view), written as `format`
/// within `budget`. `today` dates the GEXF file.
pub fn render(
    view: &Dataset,
    kind: GraphKind,
    format: Format,
    today: chrono::NaiveDate,
    budget: &crate::network::analysis::Budget,
) -> Result<Vec<u8>, ExportError> {
    let graph = build(view, kind, budget)?;
    match format {
        Format::Graphml => xml::graphml(&graph),
        Format::Gexf => xml::gexf(&graph, today),
        Format::Kumu => kumu::kumu(&graph),
    }
}

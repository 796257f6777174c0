//! The relationship model: people, meetings and organisations as a graph, and the
//! *met* graph derived from it.
//!
//! Pure and synchronous: built from a [`Dataset`](crate::domain::Dataset), never from
//! the database directly, and with no knowledge of sea-orm or async-graphql. A
//! [`Network`] is immutable; a new one is built after each committed write.
//!
//! Every query takes a [`Scope`]: the time window and the confidentiality levels whose
//! meetings it may use, so that what a reader may not see never enters a result.

mod adjacency;
pub mod analysis;
pub mod coverage;
mod met;
mod metgraph;
mod model;
mod scope;
mod share;
#[cfg(test)]
pub(crate) mod testing;

pub use met::{ChainStep, Contact};
pub use metgraph::MetGraph;
pub use model::{
    AffiliationSpan, Link, MeasureNode, MeetingNode, Network, NetworkError, Node, OrganisationNode,
    PersonNode,
};
pub use scope::Scope;
pub use share::share;

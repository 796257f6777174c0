//! The relationship model: people, meetings and organisations, the incidence graph
//! of who took part in what (compact lists that petgraph's traits walk), and the
//! *met* graph derived from it.
//!
//! Pure and synchronous: built from a [`Dataset`](crate::domain::Dataset), never from
//! the database directly, and with no knowledge of sea-orm or async-graphql. A
//! [`Network`] is immutable; after each committed write a new one is built, or
//! patched from the one before ([`Network::patched`]).
//!
//! Every query takes a [`Scope`]: the time window and the confidentiality levels whose
//! meetings it may use, so that what a reader may not see never enters a result.

mod adjacency;
pub mod analysis;
mod bipartite;
pub mod coverage;
pub mod index;
mod masked;
mod met;
mod metgraph;
mod model;
mod patch;
mod scope;
mod share;
#[cfg(test)]
pub(crate) mod testing;
pub mod traverse;

pub use bipartite::{Bipartite, Vertex};
pub use index::{GraphMeetingIx, Ix, MeetingIx, NodeIx, PersonIx};
pub use met::{ChainStep, Contact};
pub use metgraph::MetGraph;
pub use model::{
    AffiliationSpan, MeasureNode, MeetingNode, Network, NetworkError, OrganisationNode, PersonNode,
};
pub use patch::{Delta, ParticipationEdit, Reach, RecordEdit};
pub use scope::Scope;
pub use share::share;

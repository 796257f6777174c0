//! The API's object types. They wrap domain records (never storage rows) and resolve
//! every relation through the request's loaders.

mod audit;
mod entities;
mod enums;
mod links;
mod measure;
mod network;

pub use audit::AuditEntry;
pub use entities::{Meeting, Organisation, Person, meetings_page};
pub use enums::{
    Confidentiality, Gender, MeetingFormat, OrganisationKind, ParticipationRole, Role, Track,
};
pub use links::{Affiliation, Participation};
pub use measure::Measure;
pub use network::{AcquaintanceChain, Encounter, NetworkOverview};

use async_graphql::Interface;

/// Anything with a global id, refetchable through `node(id:)`.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "async_graphql::ID",
    desc = "The global id, `Type:key`."
))]
pub enum Node {
    Person(Person),
    Meeting(Meeting),
    Organisation(Organisation),
    Measure(Measure),
    Affiliation(Affiliation),
}

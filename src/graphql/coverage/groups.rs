//! The dimensions groups are defined by, and a group as an argument.

use async_graphql::{Enum, InputObject};

/// What a group is defined by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::network::coverage::Dimension")]
pub enum CoverageDimension {
    Gender,
    Side,
    /// Each tag is a group.
    Tag,
    /// `youth` (under 30 in the meeting's year), `adult`, `unknown`.
    Youth,
    Country,
    /// The kinds of the organisations behind a participant at the meeting.
    OrganisationKind,
    Track,
    Format,
    Role,
}

/// A group: a dimension and a value, e.g. GENDER / `FEMALE`, TAG / `displaced`
/// (named as the API's enums name the values of enum-valued dimensions).
#[derive(InputObject, Clone)]
pub struct GroupInput {
    pub dimension: CoverageDimension,
    pub group: String,
}

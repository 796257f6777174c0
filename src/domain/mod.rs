//! Validated value types and records shared by every layer.
//!
//! Input is parsed here once, at the edge (bundle reader, GraphQL mutation), so that
//! an invalid id, date, enum value or country code cannot exist past it. Nothing in
//! this module does I/O or knows about the database or GraphQL.

mod access;
mod enums;
mod records;
mod values;

pub use access::{Reader, Role, Visibility};
pub use enums::{
    Confidentiality, Gender, MeetingFormat, OrganisationKind, OrganisationRole, ParticipationRole,
    Track,
};
pub use records::{
    Affiliation, Dataset, Measure, Meeting, MeetingMeasure, MeetingOrganisation, Organisation,
    Participation, Person,
};
pub use values::{
    CountryCode, EntityId, FieldError, GenderList, Label, LabelList, parse_bool, parse_date,
    parse_year,
};

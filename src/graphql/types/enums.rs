//! The API's enums, mirroring the domain vocabularies.

use crate::domain;
use async_graphql::Enum;

/// What kind of body an organisation is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::OrganisationKind")]
pub enum OrganisationKind {
    Government,
    Parliament,
    Intergovernmental,
    Ngo,
    Academic,
    ThinkTank,
    Media,
    Donor,
    Business,
    Community,
    Other,
}

/// A person's recorded gender.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Gender")]
pub enum Gender {
    Female,
    Male,
    Other,
}

/// The format of a meeting.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::MeetingFormat")]
pub enum MeetingFormat {
    Workshop,
    Symposium,
    Conference,
    ExpertGroup,
    ExchangeVisit,
    Training,
    SummerSchool,
    StrategicMeeting,
    TownHall,
    Online,
    Other,
}

/// The diplomacy track: official (1), experts and former officials (1.5), civil
/// society (2), grassroots (3).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Track")]
pub enum Track {
    #[graphql(name = "TRACK_1")]
    One,
    #[graphql(name = "TRACK_1_5")]
    OneAndHalf,
    #[graphql(name = "TRACK_2")]
    Two,
    #[graphql(name = "TRACK_3")]
    Three,
}

/// Who may know who took part in a meeting.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Confidentiality")]
pub enum Confidentiality {
    /// Participation is public.
    Public,
    /// Participants are known to members only.
    Closed,
    /// Participants are known to administrators only.
    Confidential,
}

/// A person's role in a meeting.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::ParticipationRole")]
pub enum ParticipationRole {
    Participant,
    Facilitator,
    Organiser,
    Speaker,
    Rapporteur,
    Observer,
    Mediator,
}

/// An organisation's role in a meeting.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::OrganisationRole")]
pub enum OrganisationRole {
    Organiser,
    Host,
    Funder,
    Partner,
}

/// A reader's role, from least to most entitled; each may do what the roles before
/// it may.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Role")]
pub enum Role {
    /// Reads public meetings; people marked sensitive are pseudonymised.
    Viewer,
    /// Also reads closed meetings and downloads exports.
    Analyst,
    /// Also writes data and target sets.
    Editor,
    /// Also reads confidential meetings, the audit log and manages keys.
    Admin,
}

//! The validated records of the data model, as the bundle format defines them.
//!
//! The bundle reader and the GraphQL mutations produce these; the store writes and
//! reads them; the relationship model is built from them.

use super::enums::{
    Confidentiality, Gender, MeetingFormat, OrganisationKind, OrganisationRole, ParticipationRole,
    Track,
};
use super::values::{CountryCode, EntityId, GenderList, Label, LabelList};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: EntityId,
    pub name: String,
    pub kind: OrganisationKind,
    pub country: Option<CountryCode>,
    pub side: Option<Label>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: EntityId,
    pub name: String,
    pub gender: Option<Gender>,
    pub side: Option<Label>,
    pub country: Option<CountryCode>,
    pub birth_year: Option<i32>,
    pub tags: LabelList,
    pub sensitive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Affiliation {
    pub person_id: EntityId,
    pub organisation_id: EntityId,
    pub role: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub id: EntityId,
    pub title: String,
    pub series: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub city: Option<String>,
    pub country: Option<CountryCode>,
    pub format: Option<MeetingFormat>,
    pub track: Option<Track>,
    pub confidentiality: Confidentiality,
}

impl Meeting {
    /// The last day of the meeting: its end date, or its start date when none is given.
    pub fn last_day(&self) -> NaiveDate {
        self.end_date.unwrap_or(self.start_date)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub person_id: EntityId,
    pub meeting_id: EntityId,
    pub role: ParticipationRole,
    pub organisation_id: Option<EntityId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingOrganisation {
    pub meeting_id: EntityId,
    pub organisation_id: EntityId,
    pub role: OrganisationRole,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: EntityId,
    pub code: Option<String>,
    pub title: String,
    pub category: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub target_tags: LabelList,
    pub target_sides: LabelList,
    pub target_genders: GenderList,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingMeasure {
    pub meeting_id: EntityId,
    pub measure_id: EntityId,
}

/// A whole dataset: every record of every kind, as a bundle holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    pub affiliations: Vec<Affiliation>,
    pub meetings: Vec<Meeting>,
    pub participations: Vec<Participation>,
    pub meeting_organisations: Vec<MeetingOrganisation>,
    pub measures: Vec<Measure>,
    pub meeting_measures: Vec<MeetingMeasure>,
}

impl Dataset {
    /// The number of rows across all files.
    pub fn row_count(&self) -> usize {
        self.organisations.len()
            + self.people.len()
            + self.affiliations.len()
            + self.meetings.len()
            + self.participations.len()
            + self.meeting_organisations.len()
            + self.measures.len()
            + self.meeting_measures.len()
    }
}

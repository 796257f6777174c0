//! One record from one row's cells, per file of the bundle: each cell parsed into
//! its domain type, with the row's own checks (an end before its start). A cell
//! that does not parse is reported where the editor sees it and the row is left out.

use super::problem::Problem;
use super::spec::{self, FileSpec};
use super::table::{Cells, Table, rows_of};
use crate::domain::{
    Affiliation, Confidentiality, CountryCode, EntityId, Gender, GenderList, Label, LabelList,
    Measure, Meeting, MeetingFormat, MeetingMeasure, MeetingOrganisation, Organisation,
    OrganisationKind, OrganisationRole, Participation, ParticipationRole, Person, Track,
    parse_bool, parse_date, parse_year,
};

/// Every file's records with the line each came from, before the checks of the
/// bundle as a whole.
pub(super) struct Rows {
    pub organisations: Vec<(u64, Organisation)>,
    pub people: Vec<(u64, Person)>,
    pub affiliations: Vec<(u64, Affiliation)>,
    pub meetings: Vec<(u64, Meeting)>,
    pub participations: Vec<(u64, Participation)>,
    pub meeting_organisations: Vec<(u64, MeetingOrganisation)>,
    pub measures: Vec<(u64, Measure)>,
    pub meeting_measures: Vec<(u64, MeetingMeasure)>,
}

impl Rows {
    /// The records of every row that parses; the others' problems go to `problems`.
    pub fn read<'t>(
        table: impl Fn(FileSpec) -> Option<&'t Table>,
        problems: &mut Vec<Problem>,
    ) -> Rows {
        Rows {
            organisations: rows_of(table(spec::ORGANISATIONS), problems, organisation),
            people: rows_of(table(spec::PEOPLE), problems, person),
            affiliations: rows_of(table(spec::AFFILIATIONS), problems, affiliation),
            meetings: rows_of(table(spec::MEETINGS), problems, meeting),
            participations: rows_of(table(spec::PARTICIPATIONS), problems, participation),
            meeting_organisations: rows_of(
                table(spec::MEETING_ORGANISATIONS),
                problems,
                meeting_organisation,
            ),
            measures: rows_of(table(spec::MEASURES), problems, measure),
            meeting_measures: rows_of(table(spec::MEETING_MEASURES), problems, meeting_measure),
        }
    }
}

/// One row of `organisations.csv`: an organisation.
fn organisation(c: &mut Cells) -> Option<Organisation> {
    let id = c.required("id", EntityId::parse);
    let name = c.text("name");
    let kind = c.required("kind", OrganisationKind::parse);
    let country = c.optional("country", CountryCode::parse);
    let side = c.optional("side", Label::parse);
    Some(Organisation {
        id: id?,
        name: name?,
        kind: kind?,
        country: country?,
        side: side?,
    })
}

/// One row of `people.csv`: a person.
fn person(c: &mut Cells) -> Option<Person> {
    let id = c.required("id", EntityId::parse);
    let name = c.text("name");
    let gender = c.optional("gender", Gender::parse);
    let side = c.optional("side", Label::parse);
    let country = c.optional("country", CountryCode::parse);
    let birth_year = c.optional("birth_year", parse_year);
    let tags = c.optional("tags", LabelList::parse);
    let sensitive = c.optional("sensitive", parse_bool);
    Some(Person {
        id: id?,
        name: name?,
        gender: gender?,
        side: side?,
        country: country?,
        birth_year: birth_year?,
        tags: tags?.unwrap_or_default(),
        sensitive: sensitive?.unwrap_or(false),
    })
}

/// One row of `affiliations.csv`: an affiliation.
fn affiliation(c: &mut Cells) -> Option<Affiliation> {
    let person_id = c.required("person_id", EntityId::parse);
    let organisation_id = c.required("organisation_id", EntityId::parse);
    let role = c.text_opt("role");
    let start_date = c.optional("start_date", parse_date);
    let end_date = c.optional("end_date", parse_date);
    if let (Some(Some(start)), Some(Some(end))) = (start_date, end_date)
        && end < start
    {
        c.report(
            "end_date",
            format!("ends ({end}) before it starts ({start})"),
        );
        return None;
    }
    Some(Affiliation {
        person_id: person_id?,
        organisation_id: organisation_id?,
        role,
        start_date: start_date?,
        end_date: end_date?,
    })
}

/// One row of `meetings.csv`: a meeting.
fn meeting(c: &mut Cells) -> Option<Meeting> {
    let id = c.required("id", EntityId::parse);
    let title = c.text("title");
    let series = c.text_opt("series");
    let start_date = c.required("start_date", parse_date);
    let end_date = c.optional("end_date", parse_date);
    let city = c.text_opt("city");
    let country = c.optional("country", CountryCode::parse);
    let format = c.optional("format", MeetingFormat::parse);
    let track = c.optional("track", Track::parse);
    let confidentiality = c.optional("confidentiality", Confidentiality::parse);
    if let (Some(start), Some(Some(end))) = (start_date, end_date)
        && end < start
    {
        c.report(
            "end_date",
            format!("ends ({end}) before it starts ({start})"),
        );
        return None;
    }
    Some(Meeting {
        id: id?,
        title: title?,
        series,
        start_date: start_date?,
        end_date: end_date?,
        city,
        country: country?,
        format: format?,
        track: track?,
        confidentiality: confidentiality?.unwrap_or_default(),
    })
}

/// One row of `participations.csv`: a participation.
fn participation(c: &mut Cells) -> Option<Participation> {
    let person_id = c.required("person_id", EntityId::parse);
    let meeting_id = c.required("meeting_id", EntityId::parse);
    let role = c.optional("role", ParticipationRole::parse);
    let organisation_id = c.optional("organisation_id", EntityId::parse);
    Some(Participation {
        person_id: person_id?,
        meeting_id: meeting_id?,
        role: role?.unwrap_or_default(),
        organisation_id: organisation_id?,
    })
}

/// One row of `meeting_organisations.csv`: a meeting's organisation role.
fn meeting_organisation(c: &mut Cells) -> Option<MeetingOrganisation> {
    let meeting_id = c.required("meeting_id", EntityId::parse);
    let organisation_id = c.required("organisation_id", EntityId::parse);
    let role = c.required("role", OrganisationRole::parse);
    Some(MeetingOrganisation {
        meeting_id: meeting_id?,
        organisation_id: organisation_id?,
        role: role?,
    })
}

/// One row of `measures.csv`: a measure.
fn measure(c: &mut Cells) -> Option<Measure> {
    let id = c.required("id", EntityId::parse);
    let code = c.text_opt("code");
    let title = c.text("title");
    let category = c.text_opt("category");
    let start_year = c.optional("start_year", parse_year);
    let end_year = c.optional("end_year", parse_year);
    let target_tags = c.optional("target_tags", LabelList::parse);
    let target_sides = c.optional("target_sides", LabelList::parse);
    let target_genders = c.optional("target_genders", GenderList::parse);
    if let (Some(Some(start)), Some(Some(end))) = (start_year, end_year)
        && end < start
    {
        c.report(
            "end_year",
            format!("ends ({end}) before it starts ({start})"),
        );
        return None;
    }
    Some(Measure {
        id: id?,
        code,
        title: title?,
        category,
        start_year: start_year?,
        end_year: end_year?,
        target_tags: target_tags?.unwrap_or_default(),
        target_sides: target_sides?.unwrap_or_default(),
        target_genders: target_genders?.unwrap_or_default(),
    })
}

/// One row of `meeting_measures.csv`: a meeting's link to a measure.
fn meeting_measure(c: &mut Cells) -> Option<MeetingMeasure> {
    let meeting_id = c.required("meeting_id", EntityId::parse);
    let measure_id = c.required("measure_id", EntityId::parse);
    Some(MeetingMeasure {
        meeting_id: meeting_id?,
        measure_id: measure_id?,
    })
}

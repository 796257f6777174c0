//! Conversions between storage rows and domain records.
//!
//! Rows were validated on the way in; a row that no longer parses (edited around the
//! service) is reported as `StoreError::Corrupt` rather than passed on.

use super::entities::{
    affiliation, measure, meeting, meeting_measure, meeting_organisation, organisation,
    participation, person,
};
use super::error::StoreError;
use crate::domain::{
    Affiliation, Confidentiality, CountryCode, EntityId, FieldError, Gender, GenderList, Label,
    LabelList, Measure, Meeting, MeetingFormat, MeetingMeasure, MeetingOrganisation, Organisation,
    OrganisationKind, OrganisationRole, Participation, ParticipationRole, Person, Track,
};

/// Adds the table and row to a field error.
fn corrupt<'a>(table: &'static str, id: &'a str) -> impl Fn(FieldError) -> StoreError + 'a {
    move |e| StoreError::Corrupt {
        table,
        id: id.to_owned(),
        message: e.message,
    }
}

fn opt<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    value.as_deref().map(parse).transpose()
}

pub fn organisation_from(row: organisation::Model) -> Result<Organisation, StoreError> {
    let err = corrupt("organisations", &row.id);
    Ok(Organisation {
        id: EntityId::parse(&row.id).map_err(&err)?,
        kind: OrganisationKind::parse(&row.kind).map_err(&err)?,
        country: opt(&row.country, CountryCode::parse).map_err(&err)?,
        side: opt(&row.side, Label::parse).map_err(&err)?,
        name: row.name,
    })
}

pub fn organisation_row(rec: &Organisation) -> organisation::Model {
    organisation::Model {
        id: rec.id.to_string(),
        name: rec.name.clone(),
        kind: rec.kind.as_str().to_owned(),
        country: rec.country.as_ref().map(ToString::to_string),
        side: rec.side.as_ref().map(ToString::to_string),
    }
}

pub fn person_from(row: person::Model) -> Result<Person, StoreError> {
    let err = corrupt("people", &row.id);
    Ok(Person {
        id: EntityId::parse(&row.id).map_err(&err)?,
        gender: opt(&row.gender, Gender::parse).map_err(&err)?,
        side: opt(&row.side, Label::parse).map_err(&err)?,
        country: opt(&row.country, CountryCode::parse).map_err(&err)?,
        tags: LabelList::parse(&row.tags).map_err(&err)?,
        birth_year: row.birth_year,
        sensitive: row.sensitive,
        name: row.name,
    })
}

pub fn person_row(rec: &Person) -> person::Model {
    person::Model {
        id: rec.id.to_string(),
        name: rec.name.clone(),
        gender: rec.gender.map(|g| g.as_str().to_owned()),
        side: rec.side.as_ref().map(ToString::to_string),
        country: rec.country.as_ref().map(ToString::to_string),
        birth_year: rec.birth_year,
        tags: rec.tags.joined(),
        sensitive: rec.sensitive,
    }
}

/// An affiliation with its storage id.
pub fn affiliation_from(row: affiliation::Model) -> Result<(i32, Affiliation), StoreError> {
    let key = row.id.to_string();
    let err = corrupt("affiliations", &key);
    Ok((
        row.id,
        Affiliation {
            person_id: EntityId::parse(&row.person_id).map_err(&err)?,
            organisation_id: EntityId::parse(&row.organisation_id).map_err(&err)?,
            role: row.role,
            start_date: row.start_date,
            end_date: row.end_date,
        },
    ))
}

pub fn affiliation_active(rec: &Affiliation) -> affiliation::ActiveModel {
    use sea_orm::ActiveValue::{NotSet, Set};
    affiliation::ActiveModel {
        id: NotSet,
        person_id: Set(rec.person_id.to_string()),
        organisation_id: Set(rec.organisation_id.to_string()),
        role: Set(rec.role.clone()),
        start_date: Set(rec.start_date),
        end_date: Set(rec.end_date),
    }
}

pub fn meeting_from(row: meeting::Model) -> Result<Meeting, StoreError> {
    let err = corrupt("meetings", &row.id);
    Ok(Meeting {
        id: EntityId::parse(&row.id).map_err(&err)?,
        country: opt(&row.country, CountryCode::parse).map_err(&err)?,
        format: opt(&row.format, MeetingFormat::parse).map_err(&err)?,
        track: opt(&row.track, Track::parse).map_err(&err)?,
        confidentiality: Confidentiality::parse(&row.confidentiality).map_err(&err)?,
        title: row.title,
        series: row.series,
        start_date: row.start_date,
        end_date: row.end_date,
        city: row.city,
    })
}

pub fn meeting_row(rec: &Meeting) -> meeting::Model {
    meeting::Model {
        id: rec.id.to_string(),
        title: rec.title.clone(),
        series: rec.series.clone(),
        start_date: rec.start_date,
        end_date: rec.end_date,
        city: rec.city.clone(),
        country: rec.country.as_ref().map(ToString::to_string),
        format: rec.format.map(|f| f.as_str().to_owned()),
        track: rec.track.map(|t| t.as_str().to_owned()),
        confidentiality: rec.confidentiality.as_str().to_owned(),
    }
}

pub fn participation_from(row: participation::Model) -> Result<Participation, StoreError> {
    // The key is only spelled out for an error: this runs once per participation.
    let err = |e: FieldError| {
        corrupt(
            "participations",
            &format!("{}/{}", row.person_id, row.meeting_id),
        )(e)
    };
    Ok(Participation {
        person_id: EntityId::parse(&row.person_id).map_err(&err)?,
        meeting_id: EntityId::parse(&row.meeting_id).map_err(&err)?,
        role: ParticipationRole::parse(&row.role).map_err(&err)?,
        organisation_id: opt(&row.organisation_id, EntityId::parse).map_err(&err)?,
    })
}

/// Separates the participations of one meeting in its packed form.
pub const PACKED_ROWS: char = '\u{1e}';
/// Separates the fields of one participation in its packed form.
pub const PACKED_FIELDS: char = '\u{1f}';

/// The participations of meeting `meeting_id` from their packed form: for each,
/// `person PACKED_FIELDS role PACKED_FIELDS organisation`, joined by `PACKED_ROWS`
/// (control characters, which no id holds); sorted by person.
pub fn participations_packed(
    meeting_id: &str,
    packed: &str,
) -> Result<Vec<Participation>, StoreError> {
    let meeting = EntityId::parse(meeting_id).map_err(corrupt("participations", meeting_id))?;
    let mut out = Vec::new();
    for item in packed.split(PACKED_ROWS) {
        let err = corrupt("participations", item);
        let mut fields = item.split(PACKED_FIELDS);
        let (Some(person), Some(role), Some(organisation), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(err(FieldError::new(
                "a packed participation has three fields",
            )));
        };
        out.push(Participation {
            person_id: EntityId::parse(person).map_err(&err)?,
            meeting_id: meeting.clone(),
            role: ParticipationRole::parse(role).map_err(&err)?,
            organisation_id: match organisation {
                "" => None,
                id => Some(EntityId::parse(id).map_err(&err)?),
            },
        });
    }
    out.sort_unstable_by(|a, b| a.person_id.cmp(&b.person_id));
    Ok(out)
}

pub fn participation_row(rec: &Participation) -> participation::Model {
    participation::Model {
        person_id: rec.person_id.to_string(),
        meeting_id: rec.meeting_id.to_string(),
        role: rec.role.as_str().to_owned(),
        organisation_id: rec.organisation_id.as_ref().map(ToString::to_string),
    }
}

pub fn meeting_organisation_from(
    row: meeting_organisation::Model,
) -> Result<MeetingOrganisation, StoreError> {
    let key = format!("{}/{}", row.meeting_id, row.organisation_id);
    let err = corrupt("meeting_organisations", &key);
    Ok(MeetingOrganisation {
        meeting_id: EntityId::parse(&row.meeting_id).map_err(&err)?,
        organisation_id: EntityId::parse(&row.organisation_id).map_err(&err)?,
        role: OrganisationRole::parse(&row.role).map_err(&err)?,
    })
}

pub fn meeting_organisation_row(rec: &MeetingOrganisation) -> meeting_organisation::Model {
    meeting_organisation::Model {
        meeting_id: rec.meeting_id.to_string(),
        organisation_id: rec.organisation_id.to_string(),
        role: rec.role.as_str().to_owned(),
    }
}

pub fn measure_from(row: measure::Model) -> Result<Measure, StoreError> {
    let err = corrupt("measures", &row.id);
    Ok(Measure {
        id: EntityId::parse(&row.id).map_err(&err)?,
        target_tags: LabelList::parse(&row.target_tags).map_err(&err)?,
        target_sides: LabelList::parse(&row.target_sides).map_err(&err)?,
        target_genders: GenderList::parse(&row.target_genders).map_err(&err)?,
        code: row.code,
        title: row.title,
        category: row.category,
        start_year: row.start_year,
        end_year: row.end_year,
    })
}

pub fn measure_row(rec: &Measure) -> measure::Model {
    measure::Model {
        id: rec.id.to_string(),
        code: rec.code.clone(),
        title: rec.title.clone(),
        category: rec.category.clone(),
        start_year: rec.start_year,
        end_year: rec.end_year,
        target_tags: rec.target_tags.joined(),
        target_sides: rec.target_sides.joined(),
        target_genders: rec.target_genders.joined(),
    }
}

pub fn meeting_measure_from(row: meeting_measure::Model) -> Result<MeetingMeasure, StoreError> {
    let key = format!("{}/{}", row.meeting_id, row.measure_id);
    let err = corrupt("meeting_measures", &key);
    Ok(MeetingMeasure {
        meeting_id: EntityId::parse(&row.meeting_id).map_err(&err)?,
        measure_id: EntityId::parse(&row.measure_id).map_err(&err)?,
    })
}

pub fn meeting_measure_row(rec: &MeetingMeasure) -> meeting_measure::Model {
    meeting_measure::Model {
        meeting_id: rec.meeting_id.to_string(),
        measure_id: rec.measure_id.to_string(),
    }
}

//! The dataset built from a bundle's tables, and the checks of the bundle as a
//! whole: required files, every row's cells, repeated rows (`repeats`) and
//! references that must resolve within the bundle.

use super::problem::{BundleError, Problem, Unit};
use super::reader::ParsedBundle;
use super::repeats;
use super::spec::{self, FILES, FileSpec};
use super::table::{Table, rows_of};
use crate::domain::{
    Affiliation, Confidentiality, CountryCode, Dataset, EntityId, Gender, GenderList, Label,
    LabelList, Measure, Meeting, MeetingFormat, MeetingMeasure, MeetingOrganisation, Organisation,
    OrganisationKind, OrganisationRole, Participation, ParticipationRole, Person, Track,
    parse_bool, parse_date, parse_year,
};
use std::collections::{HashMap, HashSet};

/// Checks that references name records of the bundle: each of `rows` gives its line
/// and the id it names in `column`. A row with a problem still counts as present in
/// `known`, so that one mistake is reported once, not again at every reference.
fn resolve<'a>(
    (file, column, what): (&str, &str, &str),
    known: &HashSet<&str>,
    rows: impl Iterator<Item = (u64, &'a EntityId)>,
    problems: &mut Vec<Problem>,
) {
    for (line, id) in rows {
        if !known.contains(id.as_str()) {
            problems.push(Problem::new(
                file,
                Some(line),
                Some(column),
                format!("unknown {what} '{id}'"),
            ));
        }
    }
}

/// The (line, id) of each of `rows` that names a record by `id`.
fn refs<'a, T>(
    rows: &'a [(u64, T)],
    id: impl Fn(&'a T) -> Option<&'a EntityId>,
) -> Vec<(u64, &'a EntityId)> {
    rows.iter()
        .filter_map(|(line, row)| Some((*line, id(row)?)))
        .collect()
}

/// Builds the dataset from the files' tables (`present` names the files the bundle
/// has, readable or not) and checks it as a whole.
pub(super) fn parse(
    tables: &HashMap<&'static str, Table>,
    present: &HashSet<&str>,
    unit: Unit,
    mut problems: Vec<Problem>,
    mut warnings: Vec<Problem>,
) -> Result<ParsedBundle, BundleError> {
    for spec in FILES {
        if spec.required && !present.contains(spec.name) {
            let message = match unit {
                Unit::Line => "required file is missing",
                Unit::Row => "required sheet is missing",
            };
            problems.push(Problem::new(spec.name, None, None, message));
        }
    }
    let table = |spec: FileSpec| tables.get(spec.name);

    let organisations = rows_of(table(spec::ORGANISATIONS), &mut problems, |c| {
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
    });
    let people = rows_of(table(spec::PEOPLE), &mut problems, |c| {
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
    });
    let affiliations = rows_of(table(spec::AFFILIATIONS), &mut problems, |c| {
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
    });
    let meetings = rows_of(table(spec::MEETINGS), &mut problems, |c| {
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
    });
    let participations = rows_of(table(spec::PARTICIPATIONS), &mut problems, |c| {
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
    });
    let meeting_organisations = rows_of(table(spec::MEETING_ORGANISATIONS), &mut problems, |c| {
        let meeting_id = c.required("meeting_id", EntityId::parse);
        let organisation_id = c.required("organisation_id", EntityId::parse);
        let role = c.required("role", OrganisationRole::parse);
        Some(MeetingOrganisation {
            meeting_id: meeting_id?,
            organisation_id: organisation_id?,
            role: role?,
        })
    });
    let measures = rows_of(table(spec::MEASURES), &mut problems, |c| {
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
    });
    let meeting_measures = rows_of(table(spec::MEETING_MEASURES), &mut problems, |c| {
        let meeting_id = c.required("meeting_id", EntityId::parse);
        let measure_id = c.required("measure_id", EntityId::parse);
        Some(MeetingMeasure {
            meeting_id: meeting_id?,
            measure_id: measure_id?,
        })
    });

    // Ids and links are unique; exact copies of a row are kept once, with a warning,
    // and a person listed twice in one meeting is one participation (repeats.rs).
    let (w, p) = (&mut warnings, &mut problems);
    let organisations = repeats::drop_copies(
        (spec::ORGANISATIONS.name, Some("id"), unit),
        organisations,
        |r| r.id.clone(),
        |r| format!("organisation id '{}'", r.id),
        w,
        p,
    );
    let people = repeats::drop_copies(
        (spec::PEOPLE.name, Some("id"), unit),
        people,
        |r| r.id.clone(),
        |r| format!("person id '{}'", r.id),
        w,
        p,
    );
    let meetings = repeats::drop_copies(
        (spec::MEETINGS.name, Some("id"), unit),
        meetings,
        |r| r.id.clone(),
        |r| format!("meeting id '{}'", r.id),
        w,
        p,
    );
    let measures = repeats::drop_copies(
        (spec::MEASURES.name, Some("id"), unit),
        measures,
        |r| r.id.clone(),
        |r| format!("measure id '{}'", r.id),
        w,
        p,
    );
    let participations =
        repeats::merge_participations((spec::PARTICIPATIONS.name, unit), participations, w, p);
    let affiliations = repeats::drop_copies(
        (spec::AFFILIATIONS.name, None, unit),
        affiliations,
        |r| {
            (
                r.person_id.clone(),
                r.organisation_id.clone(),
                r.role.clone(),
                r.start_date,
                r.end_date,
            )
        },
        |r| {
            format!(
                "affiliation of '{}' with '{}'",
                r.person_id, r.organisation_id
            )
        },
        w,
        p,
    );
    let meeting_organisations = repeats::drop_copies(
        (spec::MEETING_ORGANISATIONS.name, None, unit),
        meeting_organisations,
        |r| (r.meeting_id.clone(), r.organisation_id.clone(), r.role),
        |r| {
            format!(
                "role '{}' of '{}' in '{}'",
                r.role, r.organisation_id, r.meeting_id
            )
        },
        w,
        p,
    );
    let meeting_measures = repeats::drop_copies(
        (spec::MEETING_MEASURES.name, None, unit),
        meeting_measures,
        |r| (r.meeting_id.clone(), r.measure_id.clone()),
        |r| format!("link of '{}' to '{}'", r.meeting_id, r.measure_id),
        w,
        p,
    );

    // References resolve within the bundle.
    let org_ids = raw_ids(table(spec::ORGANISATIONS));
    let person_ids = raw_ids(table(spec::PEOPLE));
    let meeting_ids = raw_ids(table(spec::MEETINGS));
    let measure_ids = raw_ids(table(spec::MEASURES));
    let (person, meeting, organisation, measure) = (
        ("person_id", "person", &person_ids),
        ("meeting_id", "meeting", &meeting_ids),
        ("organisation_id", "organisation", &org_ids),
        ("measure_id", "measure", &measure_ids),
    );
    let checks = [
        (
            spec::AFFILIATIONS,
            person,
            refs(&affiliations, |a| Some(&a.person_id)),
        ),
        (
            spec::AFFILIATIONS,
            organisation,
            refs(&affiliations, |a| Some(&a.organisation_id)),
        ),
        (
            spec::PARTICIPATIONS,
            person,
            refs(&participations, |r| Some(&r.person_id)),
        ),
        (
            spec::PARTICIPATIONS,
            meeting,
            refs(&participations, |r| Some(&r.meeting_id)),
        ),
        (
            spec::PARTICIPATIONS,
            organisation,
            refs(&participations, |r| r.organisation_id.as_ref()),
        ),
        (
            spec::MEETING_ORGANISATIONS,
            meeting,
            refs(&meeting_organisations, |r| Some(&r.meeting_id)),
        ),
        (
            spec::MEETING_ORGANISATIONS,
            organisation,
            refs(&meeting_organisations, |r| Some(&r.organisation_id)),
        ),
        (
            spec::MEETING_MEASURES,
            meeting,
            refs(&meeting_measures, |r| Some(&r.meeting_id)),
        ),
        (
            spec::MEETING_MEASURES,
            measure,
            refs(&meeting_measures, |r| Some(&r.measure_id)),
        ),
    ];
    for (file, (column, what, known), rows) in checks {
        resolve((file.name, column, what), known, rows.into_iter(), p);
    }

    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            let order = |file: &str| FILES.iter().position(|s| s.name == file);
            (order(&a.file), a.line).cmp(&(order(&b.file), b.line))
        });
        return Err(BundleError::Invalid(problems));
    }
    let mut lines = HashMap::new();
    let data = Dataset {
        organisations: strip_rows(spec::ORGANISATIONS, organisations, &mut lines),
        people: strip_rows(spec::PEOPLE, people, &mut lines),
        affiliations: strip_rows(spec::AFFILIATIONS, affiliations, &mut lines),
        meetings: strip_rows(spec::MEETINGS, meetings, &mut lines),
        participations: strip_rows(spec::PARTICIPATIONS, participations, &mut lines),
        meeting_organisations: strip_rows(
            spec::MEETING_ORGANISATIONS,
            meeting_organisations,
            &mut lines,
        ),
        measures: strip_rows(spec::MEASURES, measures, &mut lines),
        meeting_measures: strip_rows(spec::MEETING_MEASURES, meeting_measures, &mut lines),
    };
    Ok(ParsedBundle {
        data,
        warnings,
        lines,
        layout: None,
    })
}

/// The ids a file's rows give, valid or not.
fn raw_ids(table: Option<&Table>) -> HashSet<&str> {
    let Some((table, &column)) = table.and_then(|t| Some((t, t.columns.get("id")?))) else {
        return HashSet::new();
    };
    table
        .rows
        .iter()
        .filter_map(|(_, record)| Some(record.get(column)?.trim()))
        .filter(|id| !id.is_empty())
        .collect()
}

/// The rows without their lines, which go into `lines` under the file's name.
fn strip_rows<T>(
    spec: FileSpec,
    rows: Vec<(u64, T)>,
    lines: &mut HashMap<&'static str, Vec<u64>>,
) -> Vec<T> {
    let (at, rows): (Vec<u64>, Vec<T>) = rows.into_iter().unzip();
    lines.insert(spec.name, at);
    rows
}

//! The dataset built from a bundle's tables, and the checks of the bundle as a
//! whole: required files, every row's cells, repeated rows (`repeats`) and
//! references that must resolve within the bundle.

use super::problem::{BundleError, Problem, Unit};
use super::reader::ParsedBundle;
use super::repeats;
use super::rows::Rows;
use super::spec::{self, FILES, FileSpec};
use super::table::Table;
use crate::domain::{Dataset, EntityId};
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
    let rows = Rows::read(table, &mut problems);
    let rows = without_repeats(rows, unit, &mut warnings, &mut problems);
    check_references(&rows, table, &mut problems);
    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            let order = |file: &str| FILES.iter().position(|s| s.name == file);
            (order(&a.file), a.line).cmp(&(order(&b.file), b.line))
        });
        return Err(BundleError::Invalid(problems));
    }
    let (data, lines) = into_dataset(rows);
    Ok(ParsedBundle {
        data,
        warnings,
        lines,
        layout: None,
    })
}

/// Ids and links are unique; exact copies of a row are kept once, with a warning,
/// and a person listed twice in one meeting is one participation (`repeats`).
fn without_repeats(
    rows: Rows,
    unit: Unit,
    warnings: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Rows {
    let (w, p) = (warnings, problems);
    let organisations = repeats::drop_copies(
        (spec::ORGANISATIONS.name, Some("id"), unit),
        rows.organisations,
        |r| r.id.clone(),
        |r| format!("organisation id '{}'", r.id),
        w,
        p,
    );
    let people = repeats::drop_copies(
        (spec::PEOPLE.name, Some("id"), unit),
        rows.people,
        |r| r.id.clone(),
        |r| format!("person id '{}'", r.id),
        w,
        p,
    );
    let meetings = repeats::drop_copies(
        (spec::MEETINGS.name, Some("id"), unit),
        rows.meetings,
        |r| r.id.clone(),
        |r| format!("meeting id '{}'", r.id),
        w,
        p,
    );
    let measures = repeats::drop_copies(
        (spec::MEASURES.name, Some("id"), unit),
        rows.measures,
        |r| r.id.clone(),
        |r| format!("measure id '{}'", r.id),
        w,
        p,
    );
    let participations =
        repeats::merge_participations((spec::PARTICIPATIONS.name, unit), rows.participations, w, p);
    let affiliations = repeats::drop_copies(
        (spec::AFFILIATIONS.name, None, unit),
        rows.affiliations,
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
        rows.meeting_organisations,
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
        rows.meeting_measures,
        |r| (r.meeting_id.clone(), r.measure_id.clone()),
        |r| format!("link of '{}' to '{}'", r.meeting_id, r.measure_id),
        w,
        p,
    );
    Rows {
        organisations,
        people,
        affiliations,
        meetings,
        participations,
        meeting_organisations,
        measures,
        meeting_measures,
    }
}

/// References resolve within the bundle.
fn check_references<'t>(
    rows: &Rows,
    table: impl Fn(FileSpec) -> Option<&'t Table>,
    p: &mut Vec<Problem>,
) {
    let Rows {
        affiliations,
        participations,
        meeting_organisations,
        meeting_measures,
        ..
    } = rows;
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
            refs(affiliations, |a| Some(&a.person_id)),
        ),
        (
            spec::AFFILIATIONS,
            organisation,
            refs(affiliations, |a| Some(&a.organisation_id)),
        ),
        (
            spec::PARTICIPATIONS,
            person,
            refs(participations, |r| Some(&r.person_id)),
        ),
        (
            spec::PARTICIPATIONS,
            meeting,
            refs(participations, |r| Some(&r.meeting_id)),
        ),
        (
            spec::PARTICIPATIONS,
            organisation,
            refs(participations, |r| r.organisation_id.as_ref()),
        ),
        (
            spec::MEETING_ORGANISATIONS,
            meeting,
            refs(meeting_organisations, |r| Some(&r.meeting_id)),
        ),
        (
            spec::MEETING_ORGANISATIONS,
            organisation,
            refs(meeting_organisations, |r| Some(&r.organisation_id)),
        ),
        (
            spec::MEETING_MEASURES,
            meeting,
            refs(meeting_measures, |r| Some(&r.meeting_id)),
        ),
        (
            spec::MEETING_MEASURES,
            measure,
            refs(meeting_measures, |r| Some(&r.measure_id)),
        ),
    ];
    for (file, (column, what, known), rows) in checks {
        resolve((file.name, column, what), known, rows.into_iter(), p);
    }
}

/// The dataset, and each file's lines in the order of its records.
fn into_dataset(rows: Rows) -> (Dataset, HashMap<&'static str, Vec<u64>>) {
    let mut lines = HashMap::new();
    let data = Dataset {
        organisations: strip_rows(spec::ORGANISATIONS, rows.organisations, &mut lines),
        people: strip_rows(spec::PEOPLE, rows.people, &mut lines),
        affiliations: strip_rows(spec::AFFILIATIONS, rows.affiliations, &mut lines),
        meetings: strip_rows(spec::MEETINGS, rows.meetings, &mut lines),
        participations: strip_rows(spec::PARTICIPATIONS, rows.participations, &mut lines),
        meeting_organisations: strip_rows(
            spec::MEETING_ORGANISATIONS,
            rows.meeting_organisations,
            &mut lines,
        ),
        measures: strip_rows(spec::MEASURES, rows.measures, &mut lines),
        meeting_measures: strip_rows(spec::MEETING_MEASURES, rows.meeting_measures, &mut lines),
    };
    (data, lines)
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

//! Reading and validating a bundle.
//!
//! Every file is parsed in full and every problem collected before anything is
//! returned: columns (missing, repeated, unknown), cells (required, enum values,
//! dates, numbers, ids) and the bundle as a whole (duplicate ids and links, unknown
//! references, end before start).

use super::problem::{BundleError, Problem};
use super::repeats;
use super::spec::{self, FILES, FileSpec};
use crate::domain::{
    Affiliation, Confidentiality, CountryCode, Dataset, EntityId, FieldError, Gender, Label,
    LabelList, Measure, Meeting, MeetingFormat, MeetingMeasure, MeetingOrganisation, Organisation,
    OrganisationKind, OrganisationRole, Participation, ParticipationRole, Person, Track,
    parse_bool, parse_date, parse_year,
};
use csv::StringRecord;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// A valid bundle's data, with the warnings reading it raised (e.g. unknown columns).
#[derive(Debug, Clone)]
pub struct ParsedBundle {
    pub data: Dataset,
    pub warnings: Vec<Problem>,
    /// The line of each row of `data.meetings` in meetings.csv.
    pub meeting_lines: Vec<u64>,
}

impl ParsedBundle {
    /// A problem at the line of a dataset row, for a refusal that comes after
    /// reading (e.g. the store's, which knows rows by their position).
    pub fn problem_at(
        &self,
        file: &str,
        index: usize,
        column: &str,
        message: impl Into<String>,
    ) -> Problem {
        let line = match file {
            f if f == spec::MEETINGS.name => self.meeting_lines.get(index).copied(),
            _ => None,
        };
        problem(file, line, Some(column), message)
    }
}

/// Reads the bundle in a folder. Files other than the bundle's own are ignored, with a
/// warning for any other `.csv` file.
pub fn read_dir(dir: &Path) -> Result<ParsedBundle, BundleError> {
    let io_error = |source| BundleError::Io {
        path: dir.display().to_string(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(io_error)?;
    let mut sources: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for entry in entries {
        let path = entry.map_err(io_error)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if FILES.iter().any(|spec| spec.name == name) {
            let bytes = std::fs::read(&path).map_err(|source| BundleError::Io {
                path: path.display().to_string(),
                source,
            })?;
            sources.insert(name, bytes);
        } else if name.ends_with(".csv") {
            warnings.push(Problem {
                file: name,
                line: None,
                column: None,
                message: "not a file of the bundle format; ignored".into(),
            });
        }
    }
    let mut parsed = parse(&sources)?;
    warnings.append(&mut parsed.warnings);
    parsed.warnings = warnings;
    Ok(parsed)
}

/// Reads a bundle given as file name -> contents (e.g. from a GraphQL mutation).
pub fn read_sources(sources: &BTreeMap<String, String>) -> Result<ParsedBundle, BundleError> {
    let mut problems = Vec::new();
    for name in sources.keys() {
        if !FILES.iter().any(|spec| spec.name == name) {
            problems.push(Problem {
                file: name.clone(),
                line: None,
                column: None,
                message: "not a file of the bundle format".into(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(BundleError::Invalid(problems));
    }
    let bytes: BTreeMap<String, Vec<u8>> = sources
        .iter()
        .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
        .collect();
    parse(&bytes)
}

/// A parsed file: its header's column positions and its records with their lines.
struct Table {
    spec: FileSpec,
    columns: HashMap<&'static str, usize>,
    rows: Vec<(u64, StringRecord)>,
}

fn problem(
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    message: impl Into<String>,
) -> Problem {
    Problem {
        file: file.to_owned(),
        line,
        column: column.map(str::to_owned),
        message: message.into(),
    }
}

/// Parses one file's CSV and checks its header; `None` when it cannot be used at all.
fn parse_table(
    spec: FileSpec,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Table> {
    let file = spec.name;
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1;
        problems.push(problem(
            file,
            Some(line),
            None,
            "the file is not valid UTF-8",
        ));
        return None;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // The csv reader counts CRLF line ends short; lines come from byte offsets.
    let lines = super::lines::Lines::of(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(problem(
                file,
                Some(1),
                None,
                format!("unreadable header: {e}"),
            ));
            return None;
        }
    };
    if header.is_empty() || (header.len() == 1 && header[0].trim().is_empty()) {
        problems.push(problem(file, Some(1), None, "the header row is missing"));
        return None;
    }
    let mut columns = HashMap::new();
    let mut usable = true;
    for (index, name) in header.iter().enumerate() {
        let name = name.trim();
        match spec.columns.iter().find(|(c, _)| *c == name) {
            Some((known, _)) => {
                if columns.insert(*known, index).is_some() {
                    problems.push(problem(
                        file,
                        Some(1),
                        Some(name),
                        "the column appears twice",
                    ));
                    usable = false;
                }
            }
            None => warnings.push(problem(
                file,
                Some(1),
                Some(name),
                "unknown column; ignored",
            )),
        }
    }
    for (name, required) in spec.columns {
        if *required && !columns.contains_key(name) {
            problems.push(problem(
                file,
                Some(1),
                Some(name),
                "required column is missing",
            ));
            usable = false;
        }
    }
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.of_record(p.byte()));
                if record.len() == 1 && record[0].trim().is_empty() {
                    continue; // a blank line
                }
                if record.len() != header.len() {
                    problems.push(problem(
                        file,
                        Some(line),
                        None,
                        format!(
                            "the row has {} fields but the header has {}",
                            record.len(),
                            header.len()
                        ),
                    ));
                    continue;
                }
                rows.push((line, record));
            }
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte()));
                problems.push(problem(file, line, None, format!("malformed CSV: {e}")));
            }
        }
    }
    usable.then_some(Table {
        spec,
        columns,
        rows,
    })
}

/// The cells of one row, with the problems they raise.
struct Cells<'a> {
    file: &'static str,
    line: u64,
    record: &'a StringRecord,
    columns: &'a HashMap<&'static str, usize>,
    problems: &'a mut Vec<Problem>,
}

impl Cells<'_> {
    fn raw(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    fn report(&mut self, column: &str, message: impl Into<String>) {
        self.problems
            .push(problem(self.file, Some(self.line), Some(column), message));
    }

    /// A required cell, parsed; `None` (with a problem) when empty or invalid.
    fn required<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        let text = self.raw(column).to_owned();
        if text.is_empty() {
            self.report(column, "a value is required");
            return None;
        }
        match parse(&text) {
            Ok(value) => Some(value),
            Err(e) => {
                self.report(column, e.message);
                None
            }
        }
    }

    /// An optional cell: `Some(None)` when empty, `None` (with a problem) when invalid.
    fn optional<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<Option<T>> {
        let text = self.raw(column).to_owned();
        if text.is_empty() {
            return Some(None);
        }
        match parse(&text) {
            Ok(value) => Some(Some(value)),
            Err(e) => {
                self.report(column, e.message);
                None
            }
        }
    }

    /// Free text, required.
    fn text(&mut self, column: &str) -> Option<String> {
        self.required(column, |s| Ok(s.to_owned()))
    }

    /// Free text, optional.
    fn text_opt(&self, column: &str) -> Option<String> {
        let text = self.raw(column);
        (!text.is_empty()).then(|| text.to_owned())
    }
}

fn genders(text: &str) -> Result<Vec<Gender>, FieldError> {
    let mut out: Vec<Gender> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let gender = Gender::parse(part)?;
        if out.contains(&gender) {
            return Err(FieldError::new(format!("'{part}' is listed twice")));
        }
        out.push(gender);
    }
    Ok(out)
}

/// Applies `build` to every row of the table, keeping the line of each record built.
fn rows_of<T>(
    table: Option<&Table>,
    problems: &mut Vec<Problem>,
    mut build: impl FnMut(&mut Cells) -> Option<T>,
) -> Vec<(u64, T)> {
    let Some(table) = table else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(table.rows.len());
    for (line, record) in &table.rows {
        let mut cells = Cells {
            file: table.spec.name,
            line: *line,
            record,
            columns: &table.columns,
            problems,
        };
        if let Some(value) = build(&mut cells) {
            out.push((*line, value));
        }
    }
    out
}

/// Checks that a reference names a record of the bundle.
fn resolves(
    known: &HashSet<&str>,
    id: &EntityId,
    what: &str,
    file: &str,
    line: u64,
    column: &str,
    problems: &mut Vec<Problem>,
) {
    if !known.contains(id.as_str()) {
        problems.push(problem(
            file,
            Some(line),
            Some(column),
            format!("unknown {what} '{id}'"),
        ));
    }
}

fn parse(sources: &BTreeMap<String, Vec<u8>>) -> Result<ParsedBundle, BundleError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut tables: HashMap<&'static str, Table> = HashMap::new();
    for spec in FILES {
        match sources.get(spec.name) {
            Some(bytes) => {
                if let Some(table) = parse_table(spec, bytes, &mut problems, &mut warnings) {
                    tables.insert(spec.name, table);
                }
            }
            None if spec.required => {
                problems.push(problem(spec.name, None, None, "required file is missing"));
            }
            None => {}
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
        let target_genders = c.optional("target_genders", genders);
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
        (spec::ORGANISATIONS.name, Some("id")),
        organisations,
        |r| r.id.clone(),
        |r| format!("organisation id '{}'", r.id),
        w,
        p,
    );
    let people = repeats::drop_copies(
        (spec::PEOPLE.name, Some("id")),
        people,
        |r| r.id.clone(),
        |r| format!("person id '{}'", r.id),
        w,
        p,
    );
    let meetings = repeats::drop_copies(
        (spec::MEETINGS.name, Some("id")),
        meetings,
        |r| r.id.clone(),
        |r| format!("meeting id '{}'", r.id),
        w,
        p,
    );
    let measures = repeats::drop_copies(
        (spec::MEASURES.name, Some("id")),
        measures,
        |r| r.id.clone(),
        |r| format!("measure id '{}'", r.id),
        w,
        p,
    );
    let participations =
        repeats::merge_participations(spec::PARTICIPATIONS.name, participations, w, p);
    let affiliations = repeats::drop_copies(
        (spec::AFFILIATIONS.name, None),
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
        (spec::MEETING_ORGANISATIONS.name, None),
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
        (spec::MEETING_MEASURES.name, None),
        meeting_measures,
        |r| (r.meeting_id.clone(), r.measure_id.clone()),
        |r| format!("link of '{}' to '{}'", r.meeting_id, r.measure_id),
        w,
        p,
    );

    // References resolve within the bundle. A row with a problem still counts as
    // present, so that one mistake is reported once, not again at every reference.
    let org_ids = raw_ids(table(spec::ORGANISATIONS));
    let person_ids = raw_ids(table(spec::PEOPLE));
    let meeting_ids = raw_ids(table(spec::MEETINGS));
    let measure_ids = raw_ids(table(spec::MEASURES));
    for (line, a) in &affiliations {
        let file = spec::AFFILIATIONS.name;
        resolves(
            &person_ids,
            &a.person_id,
            "person",
            file,
            *line,
            "person_id",
            p,
        );
        resolves(
            &org_ids,
            &a.organisation_id,
            "organisation",
            file,
            *line,
            "organisation_id",
            p,
        );
    }
    for (line, r) in &participations {
        let file = spec::PARTICIPATIONS.name;
        resolves(
            &person_ids,
            &r.person_id,
            "person",
            file,
            *line,
            "person_id",
            p,
        );
        resolves(
            &meeting_ids,
            &r.meeting_id,
            "meeting",
            file,
            *line,
            "meeting_id",
            p,
        );
        if let Some(org) = &r.organisation_id {
            resolves(
                &org_ids,
                org,
                "organisation",
                file,
                *line,
                "organisation_id",
                p,
            );
        }
    }
    for (line, r) in &meeting_organisations {
        let file = spec::MEETING_ORGANISATIONS.name;
        resolves(
            &meeting_ids,
            &r.meeting_id,
            "meeting",
            file,
            *line,
            "meeting_id",
            p,
        );
        resolves(
            &org_ids,
            &r.organisation_id,
            "organisation",
            file,
            *line,
            "organisation_id",
            p,
        );
    }
    for (line, r) in &meeting_measures {
        let file = spec::MEETING_MEASURES.name;
        resolves(
            &meeting_ids,
            &r.meeting_id,
            "meeting",
            file,
            *line,
            "meeting_id",
            p,
        );
        resolves(
            &measure_ids,
            &r.measure_id,
            "measure",
            file,
            *line,
            "measure_id",
            p,
        );
    }

    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            let order = |file: &str| FILES.iter().position(|s| s.name == file);
            (order(&a.file), a.line).cmp(&(order(&b.file), b.line))
        });
        return Err(BundleError::Invalid(problems));
    }
    let meeting_lines = meetings.iter().map(|(line, _)| *line).collect();
    Ok(ParsedBundle {
        meeting_lines,
        data: Dataset {
            organisations: strip_rows(organisations),
            people: strip_rows(people),
            affiliations: strip_rows(affiliations),
            meetings: strip_rows(meetings),
            participations: strip_rows(participations),
            meeting_organisations: strip_rows(meeting_organisations),
            measures: strip_rows(measures),
            meeting_measures: strip_rows(meeting_measures),
        },
        warnings,
    })
}

/// The non-empty ids a file's rows give, valid or not, with their lines.
fn raw_id_rows(table: Option<&Table>) -> Vec<(u64, &str)> {
    let Some((table, &column)) = table.and_then(|t| Some((t, t.columns.get("id")?))) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|(line, record)| Some((*line, record.get(column)?.trim())))
        .filter(|(_, id)| !id.is_empty())
        .collect()
}

/// The ids a file's rows give, valid or not.
fn raw_ids(table: Option<&Table>) -> HashSet<&str> {
    raw_id_rows(table).into_iter().map(|(_, id)| id).collect()
}

fn strip_rows<T>(rows: Vec<(u64, T)>) -> Vec<T> {
    rows.into_iter().map(|(_, r)| r).collect()
}

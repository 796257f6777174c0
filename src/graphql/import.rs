//! `importBundle`: a bundle sent as CSV texts, a zip or a workbook, read and
//! checked off the async threads, then written (or, as a dry run, compared with the
//! stored data); and the report it answers with.

use super::blocking::off_workers;
use super::context::ApiContext;
use super::error::{ApiError, ApiResult};
use super::scalars::Int64;
use crate::bundle::{self, ParsedBundle, Problem};
use crate::store::{self, ImportCounts, ImportMode, ImportReport, StoreError, Writer};
use async_graphql::{Enum, InputObject, SimpleObject};
use base64::Engine;
use std::collections::BTreeMap;

/// The files of a bundle (see docs/bundle-format.md): each as its CSV text, or all
/// of them as one zip archive or one workbook.
#[derive(InputObject)]
pub struct BundleInput {
    organisations: Option<String>,
    people: Option<String>,
    affiliations: Option<String>,
    meetings: Option<String>,
    participations: Option<String>,
    meeting_organisations: Option<String>,
    measures: Option<String>,
    meeting_measures: Option<String>,
    /// A workbook (.xlsx) as base64: one sheet per file, named as the files
    /// without `.csv`.
    workbook: Option<String>,
    /// A zip archive of the bundle's CSV files, as base64.
    zip: Option<String>,
}

/// What an import did to one kind of record.
#[derive(SimpleObject)]
pub struct ImportCountsOutput {
    created: u64,
    updated: u64,
    unchanged: u64,
}

impl From<ImportCounts> for ImportCountsOutput {
    fn from(c: ImportCounts) -> Self {
        ImportCountsOutput {
            created: c.created,
            updated: c.updated,
            unchanged: c.unchanged,
        }
    }
}

/// Something odd but harmless in an imported bundle: in a CSV file at `line`, in a
/// workbook at `sheet`, `row` and `columnLetter`.
#[derive(SimpleObject)]
pub struct BundleWarning {
    /// The bundle file, e.g. `people.csv`.
    file: String,
    line: Option<u64>,
    /// The column's header name.
    column: Option<String>,
    sheet: Option<String>,
    row: Option<u64>,
    column_letter: Option<String>,
    message: String,
}

impl From<Problem> for BundleWarning {
    fn from(p: Problem) -> Self {
        BundleWarning {
            line: p.csv_line(),
            row: p.sheet_row(),
            sheet: p.cell.as_ref().map(|c| c.sheet.clone()),
            column_letter: p.cell.and_then(|c| c.letter),
            file: p.file,
            column: p.column,
            message: p.message,
        }
    }
}

/// Whether a row is new or changed.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
}

/// One column of a changed row, before and after (null when empty).
#[derive(SimpleObject)]
pub struct FieldChange {
    column: String,
    old: Option<String>,
    new: Option<String>,
}

/// A row the import creates or changes, where the bundle has it.
#[derive(SimpleObject)]
pub struct RowChange {
    /// The bundle file, e.g. `people.csv`.
    file: String,
    /// The line in a CSV file.
    line: Option<u64>,
    /// The sheet and row, for a workbook.
    sheet: Option<String>,
    row: Option<u64>,
    /// The row's id, or for a link the ids it joins.
    key: String,
    kind: ChangeKind,
    /// The columns that differ (for a new row, those with a value).
    fields: Vec<FieldChange>,
}

/// What an import did (or, as a dry run, would do), per file.
#[derive(SimpleObject)]
pub struct ImportResult {
    organisations: ImportCountsOutput,
    people: ImportCountsOutput,
    affiliations: ImportCountsOutput,
    meetings: ImportCountsOutput,
    participations: ImportCountsOutput,
    meeting_organisations: ImportCountsOutput,
    measures: ImportCountsOutput,
    meeting_measures: ImportCountsOutput,
    total: ImportCountsOutput,
    warnings: Vec<BundleWarning>,
    /// The data version after the import (for a dry run, the current one).
    version: Int64,
    /// True when nothing was written.
    dry_run: bool,
    /// The first changed rows of each file (at most 10 per file), in file order.
    changes: Vec<RowChange>,
}

impl ImportResult {
    fn new(report: ImportReport, parsed: ParsedBundle, version: i64, dry_run: bool) -> Self {
        let changes = report
            .changes
            .iter()
            .map(|c| {
                let file = format!("{}.csv", c.table);
                let at = parsed.line_of(&file, c.index);
                let sheet = parsed.sheet_of(&file).map(str::to_owned);
                RowChange {
                    line: if sheet.is_none() { at } else { None },
                    row: sheet.as_ref().and(at),
                    sheet,
                    file,
                    key: c.key.clone(),
                    kind: match c.kind {
                        store::ChangeKind::Created => ChangeKind::Created,
                        store::ChangeKind::Updated => ChangeKind::Updated,
                    },
                    fields: c
                        .fields
                        .iter()
                        .map(|f| FieldChange {
                            column: f.column.to_owned(),
                            old: f.old.clone(),
                            new: f.new.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        ImportResult {
            total: report.total().into(),
            organisations: report.organisations.into(),
            people: report.people.into(),
            affiliations: report.affiliations.into(),
            meetings: report.meetings.into(),
            participations: report.participations.into(),
            meeting_organisations: report.meeting_organisations.into(),
            measures: report.measures.into(),
            meeting_measures: report.meeting_measures.into(),
            warnings: parsed.warnings.into_iter().map(Into::into).collect(),
            version: Int64(version),
            dry_run,
            changes,
        }
    }
}

/// A bundle as it came, before it is read.
enum Sent {
    Csv(BTreeMap<String, String>),
    Workbook(Vec<u8>),
    Zip(Vec<u8>),
}

fn decoded(field: &str, text: &str) -> ApiResult<Vec<u8>> {
    let text: String = text.split_ascii_whitespace().collect();
    // A data URL's prefix (`data:...;base64,`), as a browser's FileReader gives it.
    let text = text
        .split_once(";base64,")
        .map_or(text.as_str(), |(_, b)| b);
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| ApiError::bad_input(field, format!("not base64: {e}")))
}

impl BundleInput {
    fn sent(self) -> ApiResult<Sent> {
        // The CSV fields in the order of the bundle's files (a test holds the two
        // together).
        let texts = [
            self.organisations,
            self.people,
            self.affiliations,
            self.meetings,
            self.participations,
            self.meeting_organisations,
            self.measures,
            self.meeting_measures,
        ];
        let csv: BTreeMap<String, String> = bundle::FILES
            .iter()
            .zip(texts)
            .filter_map(|(spec, text)| Some((spec.name.to_owned(), text?)))
            .collect();
        let forms = usize::from(!csv.is_empty())
            + usize::from(self.workbook.is_some())
            + usize::from(self.zip.is_some());
        if forms > 1 {
            return Err(ApiError::bad_input(
                "files",
                "give the bundle one way: CSV files, a zip or a workbook",
            ));
        }
        Ok(match (self.workbook, self.zip) {
            (Some(book), _) => Sent::Workbook(decoded("files.workbook", &book)?),
            (_, Some(zip)) => Sent::Zip(decoded("files.zip", &zip)?),
            _ => Sent::Csv(csv),
        })
    }
}

/// Reads, checks and imports (or compares) a bundle for `writer`.
pub async fn import_bundle(
    api: &ApiContext,
    writer: Writer,
    files: BundleInput,
    dry_run: bool,
) -> ApiResult<ImportResult> {
    let sent = files.sent()?;
    // Reading a large bundle is seconds of CPU: off the threads that serve requests.
    let parsed = off_workers("bundle reading", move || match sent {
        Sent::Csv(sources) => bundle::read_sources(&sources),
        Sent::Workbook(bytes) => bundle::read_workbook(&bytes),
        Sent::Zip(bytes) => bundle::read_zip(&bytes),
    })
    .await?
    .map_err(ApiError::from)?;
    let mode = if dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Write
    };
    let report = api
        .store
        .import_dataset(&writer, &parsed.data, mode, &|_| {})
        .await
        .map_err(|e| match e {
            StoreError::Refused(rows) => ApiError::InvalidBundle(
                rows.into_iter()
                    .map(|r| parsed.problem_at(r.file, r.index, r.column, r.message))
                    .collect(),
            ),
            e => ApiError::from(e),
        })?;
    if !dry_run {
        api.written().await;
    }
    let version = api.live.current().version();
    Ok(ImportResult::new(report, parsed, version, dry_run))
}

#[cfg(test)]
mod tests {
    use crate::bundle::FILES;

    /// The field that holds a file, as GraphQL names it: `meeting_organisations.csv`
    /// in `meetingOrganisations`.
    fn field_of(file: &str) -> String {
        let stem = file.strip_suffix(".csv").unwrap_or(file);
        let mut words = stem.split('_');
        let mut field = words.next().unwrap_or_default().to_owned();
        for word in words {
            let mut letters = word.chars();
            field.extend(letters.next().map(|c| c.to_ascii_uppercase()));
            field.push_str(letters.as_str());
        }
        field
    }

    fn expected() -> Vec<(String, String)> {
        FILES
            .iter()
            .map(|spec| (spec.name.to_owned(), field_of(spec.name)))
            .collect()
    }

    #[test]
    fn bundle_input_has_a_field_per_file_in_the_files_order() {
        let sdl = crate::graphql::sdl();
        let (_, body) = sdl
            .split_once("input BundleInput {")
            .unwrap_or_else(|| panic!("no BundleInput in the schema"));
        let (body, _) = body.split_once('}').unwrap_or_default();
        let fields: Vec<&str> = body
            .lines()
            .filter_map(|line| line.trim().strip_suffix(": String"))
            .filter(|name| !["workbook", "zip"].contains(name))
            .collect();
        let wanted: Vec<String> = expected().into_iter().map(|(_, field)| field).collect();
        assert_eq!(fields, wanted);
    }

    #[test]
    fn the_import_page_names_the_files_of_the_bundle() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/web/src/import/bundle.js");
        let js = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (_, list) = js
            .split_once("export const BUNDLE_FILES = [")
            .unwrap_or_else(|| panic!("no BUNDLE_FILES in {path}"));
        let (list, _) = list.split_once("];").unwrap_or_default();
        let pairs: Vec<(String, String)> = list
            .lines()
            .filter_map(|line| {
                let line = line.trim().strip_prefix("['")?.strip_suffix("'],")?;
                let (file, field) = line.split_once("', '")?;
                Some((file.to_owned(), field.to_owned()))
            })
            .collect();
        assert_eq!(pairs, expected());
    }
}

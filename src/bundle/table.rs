//! One file of a bundle as rows of text cells, whatever it came as: the header's
//! columns checked against the file's spec, each record with the line (or sheet row)
//! it starts on, and the typed reading of its cells.

use super::lines::Lines;
use super::problem::Problem;
use super::spec::FileSpec;
use crate::domain::FieldError;
use csv::StringRecord;
use std::collections::{HashMap, HashSet};

/// A parsed file: its header's column positions and its records with their lines.
pub(super) struct Table {
    pub spec: FileSpec,
    pub columns: HashMap<&'static str, usize>,
    pub rows: Vec<(u64, StringRecord)>,
    /// Cells (line, column position) already reported as unreadable, e.g. a
    /// workbook's error values: read as invalid, without a second problem.
    pub broken: HashSet<(u64, usize)>,
}

/// Parses one file's CSV and checks its header; `None` when it cannot be used at all.
pub(super) fn from_csv(
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
        problems.push(Problem::new(
            file,
            Some(line),
            None,
            "the file is not valid UTF-8",
        ));
        return None;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // The csv reader counts CRLF line ends short; lines come from byte offsets.
    let lines = Lines::of(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::new(
                file,
                Some(1),
                None,
                format!("unreadable header: {e}"),
            ));
            return None;
        }
    };
    if header.is_empty() || (header.len() == 1 && header[0].trim().is_empty()) {
        problems.push(Problem::new(
            file,
            Some(1),
            None,
            "the header row is missing",
        ));
        return None;
    }
    let names: Vec<&str> = header.iter().collect();
    let columns = header_columns(spec, 1, &names, problems, warnings);
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.of_record(p.byte()));
                if record.len() == 1 && record[0].trim().is_empty() {
                    continue; // a blank line
                }
                if record.len() != header.len() {
                    problems.push(Problem::new(
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
                problems.push(Problem::new(
                    file,
                    line,
                    None,
                    format!("malformed CSV: {e}"),
                ));
            }
        }
    }
    Some(Table {
        spec,
        columns: columns?,
        rows,
        broken: HashSet::new(),
    })
}

/// The position of each of the spec's columns in a header found on `line`, with a
/// problem for a column missing or repeated (then `None`: the file cannot be read)
/// and a warning for one the format does not know.
pub(super) fn header_columns(
    spec: FileSpec,
    line: u64,
    header: &[&str],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<HashMap<&'static str, usize>> {
    let file = spec.name;
    let mut columns = HashMap::new();
    let mut usable = true;
    for (index, name) in header.iter().enumerate() {
        let name = name.trim();
        match spec.column(name) {
            Some(known) => {
                if columns.insert(known.name, index).is_some() {
                    problems.push(Problem::new(
                        file,
                        Some(line),
                        Some(name),
                        "the column appears twice",
                    ));
                    usable = false;
                }
            }
            None => warnings.push(Problem::new(
                file,
                Some(line),
                Some(name),
                "unknown column; ignored",
            )),
        }
    }
    for column in spec.columns {
        if column.required && !columns.contains_key(column.name) {
            problems.push(Problem::new(
                file,
                Some(line),
                Some(column.name),
                "required column is missing",
            ));
            usable = false;
        }
    }
    usable.then_some(columns)
}

/// The cells of one row, with the problems they raise.
pub(super) struct Cells<'a> {
    file: &'static str,
    line: u64,
    record: &'a StringRecord,
    columns: &'a HashMap<&'static str, usize>,
    broken: &'a HashSet<(u64, usize)>,
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

    /// Whether the cell was reported unreadable already.
    fn broken(&self, column: &str) -> bool {
        self.columns
            .get(column)
            .is_some_and(|i| self.broken.contains(&(self.line, *i)))
    }

    pub fn report(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(
            self.file,
            Some(self.line),
            Some(column),
            message,
        ));
    }

    /// A required cell, parsed; `None` (with a problem) when empty or invalid.
    pub fn required<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        if self.broken(column) {
            return None;
        }
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
    pub fn optional<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<Option<T>> {
        if self.broken(column) {
            return None;
        }
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
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.required(column, |s| Ok(s.to_owned()))
    }

    /// Free text, optional.
    pub fn text_opt(&self, column: &str) -> Option<String> {
        let text = self.raw(column);
        (!text.is_empty()).then(|| text.to_owned())
    }
}

/// Applies `build` to every row of the table, keeping the line of each record built.
pub(super) fn rows_of<T>(
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
            broken: &table.broken,
            problems,
        };
        if let Some(value) = build(&mut cells) {
            out.push((*line, value));
        }
    }
    out
}

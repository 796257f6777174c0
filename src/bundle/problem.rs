//! A problem found in a bundle, located as the editor sees it: file, line and column
//! of a CSV file, or sheet, row and column letter of a workbook.

use std::fmt;

/// One thing wrong (or, as a warning, odd) in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name within the bundle, e.g. `people.csv`.
    pub file: String,
    /// The 1-based line in the file (the header is line 1), or the row of the sheet
    /// when `cell` is set; none for the whole file.
    pub line: Option<u64>,
    /// The column's header name, when one column is at fault.
    pub column: Option<String>,
    pub message: String,
    /// Where in a workbook, when the bundle came as one.
    pub cell: Option<Cell>,
}

/// A place in a workbook: the sheet and, when one column is at fault, its letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub sheet: String,
    pub letter: Option<String>,
}

impl Problem {
    pub fn new(
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
            cell: None,
        }
    }

    /// The line in a CSV file; none for a workbook's problem.
    pub fn csv_line(&self) -> Option<u64> {
        self.cell.is_none().then_some(self.line).flatten()
    }

    /// The row in a workbook's sheet; none for a CSV file's problem.
    pub fn sheet_row(&self) -> Option<u64> {
        self.cell.as_ref().and(self.line)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(cell) => {
                write!(f, "sheet '{}'", cell.sheet)?;
                if let Some(row) = self.line {
                    write!(f, ", row {row}")?;
                }
                match (&cell.letter, &self.column) {
                    (Some(letter), Some(column)) => write!(f, ", column {letter} ({column})")?,
                    (None, Some(column)) => write!(f, ", column '{column}'")?,
                    _ => {}
                }
            }
            None => {
                write!(f, "{}", self.file)?;
                if let Some(line) = self.line {
                    write!(f, ", line {line}")?;
                }
                if let Some(column) = &self.column {
                    write!(f, ", column '{column}'")?;
                }
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a bundle could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bundle has problems; nothing of it may be written.
    #[error("the bundle has {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A workbook could not be written.
    #[error("cannot write the workbook: {0}")]
    Workbook(String),
}

fn list(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
    lines.join("\n")
}

/// What a bundle's rows are counted in: lines of a CSV file, rows of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Line,
    Row,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Line => "line",
            Unit::Row => "row",
        })
    }
}

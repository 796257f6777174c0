//! A problem found in a bundle, located by file, line and column.

use std::fmt;

/// One thing wrong (or, as a warning, odd) in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name within the bundle, e.g. `people.csv`.
    pub file: String,
    /// The 1-based line in the file (the header is line 1); none for the whole file.
    pub line: Option<u64>,
    /// The column's header name, when one column is at fault.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column '{column}'")?;
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
}

fn list(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
    lines.join("\n")
}

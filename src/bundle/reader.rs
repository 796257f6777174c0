//! Reading and validating a bundle, from a folder of CSV files, the files' texts, a
//! zip archive or a workbook.
//!
//! Every file is parsed in full and every problem collected before anything is
//! returned: columns (missing, repeated, unknown), cells (required, enum values,
//! dates, numbers, ids) and the bundle as a whole (duplicate ids and links, unknown
//! references, end before start).

use super::problem::{BundleError, Problem, Unit};
use super::records::parse;
use super::spec::{self, FILES, FileSpec, MAX_UNPACKED};
use super::table;
use super::workbook::{self, Layout};
use crate::domain::Dataset;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// A valid bundle's data, with the warnings reading it raised (e.g. unknown columns).
#[derive(Debug, Clone)]
pub struct ParsedBundle {
    pub data: Dataset,
    pub warnings: Vec<Problem>,
    /// The line (or sheet row) of each row of `data`, per file.
    pub(super) lines: HashMap<&'static str, Vec<u64>>,
    /// Where the files were in the workbook, when the bundle came as one.
    pub(super) layout: Option<Layout>,
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
        self.place(Problem::new(
            file,
            self.line_of(file, index),
            Some(column),
            message,
        ))
    }

    /// The line (or, from a workbook, the sheet row) of row `index` of a file.
    pub fn line_of(&self, file: &str, index: usize) -> Option<u64> {
        self.lines.get(file)?.get(index).copied()
    }

    /// The sheet a file was read from, when the bundle came as a workbook.
    pub fn sheet_of(&self, file: &str) -> Option<&str> {
        let layout = self.layout.as_ref()?;
        layout
            .sheet(file)
            .or_else(|| spec::file(file).map(FileSpec::sheet))
    }

    fn place(&self, problem: Problem) -> Problem {
        match &self.layout {
            Some(layout) => layout.locate(problem),
            None => problem,
        }
    }
}

/// Reads a bundle from a folder of CSV files, a `.zip` of them or an `.xlsx`
/// workbook.
pub fn read_path(path: &Path) -> Result<ParsedBundle, BundleError> {
    if path.is_dir() {
        return read_dir(path);
    }
    let bytes = std::fs::read(path).map_err(|source| BundleError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    match extension.as_deref() {
        Some("xlsx") => read_workbook(&bytes),
        Some("zip") => read_zip(&bytes),
        _ => Err(BundleError::Invalid(vec![Problem::new(
            &path.display().to_string(),
            None,
            None,
            "not a bundle: give a folder of CSV files, a .zip of them or an .xlsx workbook",
        )])),
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
        if spec::file(&name).is_some() {
            let bytes = std::fs::read(&path).map_err(|source| BundleError::Io {
                path: path.display().to_string(),
                source,
            })?;
            sources.insert(name, bytes);
        } else if name.ends_with(".csv") {
            warnings.push(ignored(name));
        }
    }
    parse_csv(&sources, warnings)
}

fn ignored(file: String) -> Problem {
    Problem::new(
        &file,
        None,
        None,
        "not a file of the bundle format; ignored",
    )
}

/// Reads a bundle given as file name -> contents (e.g. from a GraphQL mutation).
pub fn read_sources(sources: &BTreeMap<String, String>) -> Result<ParsedBundle, BundleError> {
    let problems: Vec<Problem> = sources
        .keys()
        .filter(|name| spec::file(name).is_none())
        .map(|name| Problem::new(name, None, None, "not a file of the bundle format"))
        .collect();
    if !problems.is_empty() {
        return Err(BundleError::Invalid(problems));
    }
    let bytes: BTreeMap<String, Vec<u8>> = sources
        .iter()
        .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
        .collect();
    parse_csv(&bytes, Vec::new())
}

/// Reads a zip archive of the bundle's CSV files, found by name in any folder of
/// it (so a zipped folder reads as the folder). Other `.csv` files are ignored with
/// a warning; a file of the bundle found twice is a problem.
pub fn read_zip(bytes: &[u8]) -> Result<ParsedBundle, BundleError> {
    let refused =
        |message: String| BundleError::Invalid(vec![Problem::new("archive", None, None, message)]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| refused(format!("not a readable zip archive: {e}")))?;
    let mut sources: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| refused(format!("unreadable entry {index}: {e}")))?;
        let path = entry
            .name()
            .map_err(|e| refused(format!("unreadable entry {index}: {e}")))?
            .into_owned();
        if entry.is_dir() || path.starts_with("__MACOSX/") {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
        if name.starts_with("._") {
            continue; // a resource fork another system packed
        }
        if spec::file(&name).is_none() {
            if name.ends_with(".csv") {
                warnings.push(ignored(path));
            }
            continue;
        }
        if sources.contains_key(&name) {
            problems.push(Problem::new(
                &name,
                None,
                None,
                format!("the archive holds this file twice (again as '{path}'); keep one"),
            ));
            continue;
        }
        let mut content = Vec::new();
        let limit = MAX_UNPACKED.saturating_sub(unpacked);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut content)
            .map_err(|e| refused(format!("cannot unpack '{path}': {e}")))?;
        unpacked += content.len() as u64;
        if unpacked > MAX_UNPACKED {
            return Err(refused(format!(
                "the archive unpacks to more than {} MiB",
                MAX_UNPACKED / (1024 * 1024)
            )));
        }
        sources.insert(name, content);
    }
    if !problems.is_empty() {
        return Err(BundleError::Invalid(problems));
    }
    parse_csv(&sources, warnings)
}

/// Reads an `.xlsx` workbook, a sheet per file (see `workbook`).
pub fn read_workbook(bytes: &[u8]) -> Result<ParsedBundle, BundleError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let (tables, layout) = workbook::tables(bytes, &mut problems, &mut warnings);
    if problems.iter().any(|p| p.file == "workbook") {
        return Err(BundleError::Invalid(problems));
    }
    let present: HashSet<&str> = FILES
        .iter()
        .map(|s| s.name)
        .filter(|name| layout.sheet(name).is_some())
        .collect();
    let place = |problems: Vec<Problem>| -> Vec<Problem> {
        problems.into_iter().map(|p| layout.locate(p)).collect()
    };
    match parse(&tables, &present, Unit::Row, problems, warnings) {
        Ok(mut parsed) => {
            parsed.warnings = place(parsed.warnings);
            parsed.layout = Some(layout);
            Ok(parsed)
        }
        Err(BundleError::Invalid(problems)) => Err(BundleError::Invalid(place(problems))),
        Err(e) => Err(e),
    }
}

/// Parses CSV files given as name -> bytes.
fn parse_csv(
    sources: &BTreeMap<String, Vec<u8>>,
    mut warnings: Vec<Problem>,
) -> Result<ParsedBundle, BundleError> {
    let mut problems = Vec::new();
    let mut tables = HashMap::new();
    for spec in FILES {
        if let Some(bytes) = sources.get(spec.name)
            && let Some(table) = table::from_csv(spec, bytes, &mut problems, &mut warnings)
        {
            tables.insert(spec.name, table);
        }
    }
    let present: HashSet<&str> = sources.keys().map(String::as_str).collect();
    parse(&tables, &present, Unit::Line, problems, warnings)
}

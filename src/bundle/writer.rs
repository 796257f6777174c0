//! Writing a dataset as a bundle: CSV files, or one workbook; and the templates an
//! editor fills in.

use super::problem::BundleError;
use super::spec::{self, FileSpec};
use super::workbook;
use crate::domain::Dataset;
use std::collections::BTreeMap;
use std::path::Path;

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Renders one file from its rows, in the spec's column order.
fn render<'a>(spec: FileSpec, rows: impl Iterator<Item = &'a Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
    // Writing CSV into memory cannot fail.
    let _ = writer.write_record(&header);
    for row in rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The dataset as file name -> CSV text, every file of the format included.
pub fn to_sources(data: &Dataset) -> BTreeMap<&'static str, String> {
    files(data)
        .iter()
        .map(|(spec, rows)| (spec.name, render(*spec, rows.iter())))
        .collect()
}

/// The dataset as one workbook, a sheet per file.
pub fn to_workbook(data: &Dataset) -> Result<Vec<u8>, BundleError> {
    workbook::write(&files(data))
}

/// Every file of the format with its rows as text cells, in the spec's column order.
fn files(data: &Dataset) -> Vec<(FileSpec, Vec<Vec<String>>)> {
    let mut files = Vec::with_capacity(spec::FILES.len());
    files.push((
        spec::ORGANISATIONS,
        data.organisations
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string(),
                    o.name.clone(),
                    o.kind.to_string(),
                    opt(&o.country),
                    opt(&o.side),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::PEOPLE,
        data.people
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    opt(&p.gender),
                    opt(&p.side),
                    opt(&p.country),
                    opt(&p.birth_year),
                    p.tags.joined(),
                    p.sensitive.to_string(),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::AFFILIATIONS,
        data.affiliations
            .iter()
            .map(|a| {
                vec![
                    a.person_id.to_string(),
                    a.organisation_id.to_string(),
                    opt(&a.role),
                    opt(&a.start_date),
                    opt(&a.end_date),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::MEETINGS,
        data.meetings
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    m.title.clone(),
                    opt(&m.series),
                    m.start_date.to_string(),
                    opt(&m.end_date),
                    opt(&m.city),
                    opt(&m.country),
                    opt(&m.format),
                    opt(&m.track),
                    m.confidentiality.to_string(),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::PARTICIPATIONS,
        data.participations
            .iter()
            .map(|p| {
                vec![
                    p.person_id.to_string(),
                    p.meeting_id.to_string(),
                    p.role.to_string(),
                    opt(&p.organisation_id),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::MEETING_ORGANISATIONS,
        data.meeting_organisations
            .iter()
            .map(|r| {
                vec![
                    r.meeting_id.to_string(),
                    r.organisation_id.to_string(),
                    r.role.to_string(),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::MEASURES,
        data.measures
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    opt(&m.code),
                    m.title.clone(),
                    opt(&m.category),
                    opt(&m.start_year),
                    opt(&m.end_year),
                    m.target_tags.joined(),
                    m.target_sides.joined(),
                    m.target_genders.joined(),
                ]
            })
            .collect(),
    ));
    files.push((
        spec::MEETING_MEASURES,
        data.meeting_measures
            .iter()
            .map(|r| vec![r.meeting_id.to_string(), r.measure_id.to_string()])
            .collect(),
    ));
    files
}

/// The template of a bundle as CSV files: each with its header and one example row.
pub fn template_sources() -> BTreeMap<&'static str, String> {
    spec::FILES
        .iter()
        .map(|spec| {
            let example: Vec<String> = spec.columns.iter().map(|c| c.example.to_owned()).collect();
            (spec.name, render(*spec, std::iter::once(&example)))
        })
        .collect()
}

/// The template of a bundle as a workbook (see `workbook::template`).
pub fn template_workbook() -> Result<Vec<u8>, BundleError> {
    workbook::template()
}

/// Writes `files` (name -> text) into `dir`, creating it if needed.
pub fn write_files(files: &BTreeMap<&'static str, String>, dir: &Path) -> Result<(), BundleError> {
    let io_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| BundleError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io_error(&path))?;
    }
    Ok(())
}

/// Writes every file of the bundle into `dir`, creating it if needed.
pub fn write_dir(data: &Dataset, dir: &Path) -> Result<(), BundleError> {
    write_files(&to_sources(data), dir)
}

//! Writing a dataset as a bundle.

use super::problem::BundleError;
use super::spec::{self, FileSpec};
use crate::domain::{Dataset, Gender};
use std::collections::BTreeMap;
use std::path::Path;

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn genders(list: &[Gender]) -> String {
    let words: Vec<&str> = list.iter().map(|g| g.as_str()).collect();
    words.join(";")
}

/// Renders one file from its rows, in the spec's column order.
fn render(spec: FileSpec, rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<&str> = spec.columns.iter().map(|(name, _)| *name).collect();
    // Writing CSV into memory cannot fail.
    let _ = writer.write_record(&header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The dataset as file name -> CSV text, every file of the format included.
pub fn to_sources(data: &Dataset) -> BTreeMap<&'static str, String> {
    let mut files = BTreeMap::new();
    files.insert(
        spec::ORGANISATIONS.name,
        render(
            spec::ORGANISATIONS,
            data.organisations.iter().map(|o| {
                vec![
                    o.id.to_string(),
                    o.name.clone(),
                    o.kind.to_string(),
                    opt(&o.country),
                    opt(&o.side),
                ]
            }),
        ),
    );
    files.insert(
        spec::PEOPLE.name,
        render(
            spec::PEOPLE,
            data.people.iter().map(|p| {
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
            }),
        ),
    );
    files.insert(
        spec::AFFILIATIONS.name,
        render(
            spec::AFFILIATIONS,
            data.affiliations.iter().map(|a| {
                vec![
                    a.person_id.to_string(),
                    a.organisation_id.to_string(),
                    opt(&a.role),
                    opt(&a.start_date),
                    opt(&a.end_date),
                ]
            }),
        ),
    );
    files.insert(
        spec::MEETINGS.name,
        render(
            spec::MEETINGS,
            data.meetings.iter().map(|m| {
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
            }),
        ),
    );
    files.insert(
        spec::PARTICIPATIONS.name,
        render(
            spec::PARTICIPATIONS,
            data.participations.iter().map(|p| {
                vec![
                    p.person_id.to_string(),
                    p.meeting_id.to_string(),
                    p.role.to_string(),
                    opt(&p.organisation_id),
                ]
            }),
        ),
    );
    files.insert(
        spec::MEETING_ORGANISATIONS.name,
        render(
            spec::MEETING_ORGANISATIONS,
            data.meeting_organisations.iter().map(|r| {
                vec![
                    r.meeting_id.to_string(),
                    r.organisation_id.to_string(),
                    r.role.to_string(),
                ]
            }),
        ),
    );
    files.insert(
        spec::MEASURES.name,
        render(
            spec::MEASURES,
            data.measures.iter().map(|m| {
                vec![
                    m.id.to_string(),
                    opt(&m.code),
                    m.title.clone(),
                    opt(&m.category),
                    opt(&m.start_year),
                    opt(&m.end_year),
                    m.target_tags.joined(),
                    m.target_sides.joined(),
                    genders(&m.target_genders),
                ]
            }),
        ),
    );
    files.insert(
        spec::MEETING_MEASURES.name,
        render(
            spec::MEETING_MEASURES,
            data.meeting_measures
                .iter()
                .map(|r| vec![r.meeting_id.to_string(), r.measure_id.to_string()]),
        ),
    );
    files
}

/// Writes every file of the bundle into `dir`, creating it if needed.
pub fn write_dir(data: &Dataset, dir: &Path) -> Result<(), BundleError> {
    let io_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| BundleError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    for (name, text) in to_sources(data) {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io_error(&path))?;
    }
    Ok(())
}

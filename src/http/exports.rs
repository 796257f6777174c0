//! Downloads for analysts (`GET /exports/{file}`): the met, organisation and
//! bipartite graphs as `.graphml`, `.gexf` or Kumu `.json`, and the data as a CSV
//! bundle in `bundle.zip` or as one workbook in `bundle.xlsx`. Each is built from the reader's view: the meetings their
//! role may see, in the window `since`/`until` (start dates, inclusive), of one
//! `track` when given (as the bundle writes it, `1.5`, or as the API does, `TRACK_1_5`).
//!
//! Exports carry names, so they need the analyst role; taking one that includes
//! closed or confidential meetings is written to the audit log.

use super::{HttpState, reader, record_audit, request_error};
use crate::domain::Role;
use crate::domain::{Confidentiality, Dataset, Track, parse_date};
use crate::export::{self, ExportError, Format, GraphKind};
use crate::graphql::{AuditTrail, ErrorCode};
use crate::network::analysis::Budget;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::io::Write;

/// The time window and track of an export.
#[derive(Debug, serde::Deserialize)]
pub struct Window {
    since: Option<String>,
    until: Option<String>,
    track: Option<String>,
}

fn track(value: Option<&String>) -> Result<Option<Track>, Box<Response>> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| {
            let word = v
                .strip_prefix("TRACK_")
                .map_or(v.clone(), |t| t.replace('_', "."));
            Track::parse(&word)
                .map_err(|e| Box::new(request_error(ErrorCode::BadInput, &format!("'track': {e}"))))
        })
        .transpose()
}

fn date(name: &str, value: Option<&String>) -> Result<Option<NaiveDate>, Box<Response>> {
    value
        .map(|v| {
            parse_date(v).map_err(|_| {
                Box::new(request_error(
                    ErrorCode::BadInput,
                    &format!("'{name}' must be a date as YYYY-MM-DD, not '{v}'"),
                ))
            })
        })
        .transpose()
}

/// What a file name asks for.
enum Wanted {
    Graph(GraphKind, Format),
    /// The bundle's CSV files in a zip archive.
    Bundle,
    /// The bundle as one workbook.
    Workbook,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn wanted(file: &str) -> Option<Wanted> {
    match file {
        "bundle.zip" => return Some(Wanted::Bundle),
        "bundle.xlsx" => return Some(Wanted::Workbook),
        _ => {}
    }
    let (graph, extension) = file.rsplit_once('.')?;
    Some(Wanted::Graph(
        GraphKind::parse(graph)?,
        Format::parse(extension)?,
    ))
}

/// The bundle's CSV files in a zip archive.
fn zip_bundle(view: &Dataset) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in crate::bundle::to_sources(view) {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

/// Logs an export that shows participation in closed or confidential meetings.
async fn audit(
    state: &HttpState,
    reader: &crate::access::Reader,
    file: &str,
    view: &Dataset,
) -> Result<(), crate::store::StoreError> {
    let restricted: Vec<String> = view
        .meetings
        .iter()
        .filter(|m| m.confidentiality > Confidentiality::Public)
        .map(|m| m.id.to_string())
        .collect();
    if restricted.is_empty() {
        return Ok(());
    }
    let trail = AuditTrail::default();
    trail.record("export", restricted, Some(file.to_owned()));
    record_audit(state, reader, &trail).await
}

fn failed(detail: &str) -> Response {
    tracing::error!(error = %detail, "an export failed");
    request_error(
        ErrorCode::Internal,
        "the export could not be made; the detail is in the server log",
    )
}

pub async fn download(
    State(state): State<HttpState>,
    Path(file): Path<String>,
    Query(window): Query<Window>,
    headers: HeaderMap,
) -> Response {
    let reader = match reader(&state, &headers).await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    let access = crate::access::View::new(reader, &state.policy);
    if access.require(Role::EXPORTS).is_err() {
        return request_error(
            ErrorCode::Forbidden,
            "exports carry people's names and attributes; they need the analyst role",
        );
    }
    let Some(wanted) = wanted(&file) else {
        return request_error(
            ErrorCode::NotFound,
            &format!(
                "no export '{file}': ask for met, organisations or bipartite with .graphml, .gexf or .json, or for bundle.zip or bundle.xlsx"
            ),
        );
    };
    let (since, until, track) = match (
        date("since", window.since.as_ref()),
        date("until", window.until.as_ref()),
        track(window.track.as_ref()),
    ) {
        (Ok(since), Ok(until), Ok(track)) => (since, until, track),
        (Err(response), _, _) | (_, Err(response), _) | (_, _, Err(response)) => {
            return *response;
        }
    };
    let scope = access.scope().window(since, until).on_track(track);
    let data = match state.store.load_dataset().await {
        Ok(data) => data,
        Err(e) if e.is_unavailable() => {
            tracing::error!(error = %e, "an export could not read the database");
            return request_error(
                ErrorCode::Unavailable,
                "the database cannot be reached right now; try again shortly",
            );
        }
        Err(e) => return failed(&e.to_string()),
    };
    let view = export::view(&data, &scope);
    if audit(&state, &reader, &file, &view).await.is_err() {
        return request_error(
            ErrorCode::Unavailable,
            "the audit log cannot be written right now, so the export is withheld; try again shortly",
        );
    }
    let (media_type, body) = match wanted {
        Wanted::Bundle => match zip_bundle(&view) {
            Ok(body) => ("application/zip", body),
            Err(e) => return failed(&e),
        },
        Wanted::Workbook => {
            let made = tokio::task::spawn_blocking(move || crate::bundle::to_workbook(&view)).await;
            match made {
                Ok(Ok(body)) => (XLSX, body),
                Ok(Err(e)) => return failed(&e.to_string()),
                Err(e) => return failed(&e.to_string()),
            }
        }
        Wanted::Graph(kind, format) => {
            let today = chrono::Utc::now().date_naive();
            let budget = Budget::new(state.limits.analysis_budget);
            let made = tokio::task::spawn_blocking(move || {
                export::render(&view, kind, format, today, &budget)
            })
            .await;
            match made {
                Ok(Ok(body)) => (format.media_type(), body),
                Ok(Err(ExportError::OverBudget(e))) => {
                    return request_error(
                        ErrorCode::BudgetExceeded,
                        &format!(
                            "{e}; export a shorter time window (since, until) or raise ANALYSIS_BUDGET_MS"
                        ),
                    );
                }
                Ok(Err(e)) => return failed(&e.to_string()),
                Err(e) => return failed(&e.to_string()),
            }
        }
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"peacenet-{file}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

//! Bundles as Excel workbooks (`.xlsx`): one sheet per file, named as the file
//! without `.csv` (`people`, `meetings`, ...), the header in the first row.
//!
//! Reading (calamine) turns every sheet into the same table of text cells a CSV
//! file gives, so a workbook is validated exactly as a folder is; dates may be Excel
//! dates or ISO text, numbers that are whole print without a decimal point.
//! Problems are then placed by sheet, row and column letter as Excel shows them.
//! Writing (rust_xlsxwriter) gives dates as Excel dates and years as numbers; a
//! template adds one example row and the allowed values
//! of every closed column as a drop-down list.

use super::problem::{BundleError, Cell, Problem};
use super::spec::{FILES, FileSpec, Kind, MAX_UNPACKED};
use super::table::{Table, header_columns};
use crate::domain::parse_date;
use calamine::{Data, Reader, Xlsx};
use csv::StringRecord;
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use std::io::Cursor;

/// The size the workbook's parts say they unpack to; none when it is not a zip.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        total = total.saturating_add(archive.by_index_raw(index).ok()?.size());
    }
    Some(total)
}

/// The most rows a sheet may hold (Excel's own limit).
const MAX_ROWS: u32 = 1_048_576;

/// Where each file's sheet and columns are in a workbook read.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    sheets: HashMap<&'static str, Sheet>,
}

#[derive(Debug, Clone)]
struct Sheet {
    name: String,
    /// Column name -> letter.
    letters: HashMap<&'static str, String>,
}

impl Layout {
    /// The problem placed in the workbook: its file's sheet, and the column's letter.
    pub fn locate(&self, mut problem: Problem) -> Problem {
        let sheet = self.sheets.get(problem.file.as_str());
        let name = match sheet {
            Some(sheet) => sheet.name.clone(),
            None => problem
                .file
                .strip_suffix(".csv")
                .unwrap_or(&problem.file)
                .to_owned(),
        };
        let letter = sheet
            .zip(problem.column.as_deref())
            .and_then(|(sheet, column)| sheet.letters.get(column).cloned());
        problem.cell = Some(Cell {
            sheet: name,
            letter,
        });
        problem
    }

    /// The name of the sheet a file was read from.
    pub fn sheet(&self, file: &str) -> Option<&str> {
        self.sheets.get(file).map(|s| s.name.as_str())
    }
}

/// `A` for the first column, `Z`, `AA`, ... as Excel names them.
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The file a sheet stands for: its name, with or without `.csv`, in any case.
fn file_of_sheet(name: &str) -> Option<FileSpec> {
    let name = name.trim().to_lowercase();
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    FILES.into_iter().find(|spec| spec.sheet() == stem)
}

/// A cell as the text a CSV file would hold.
fn cell_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        // ISO text from the workbook (e.g. `2021-05-10T00:00:00`): its date part.
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, time)) if time.trim_start_matches(['0', ':']).is_empty() => date.to_owned(),
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the Excel error {e}")),
    })
}

/// Reads a workbook's sheets as the bundle's tables, with their layout. Sheets that
/// are not files of the format are ignored with a warning (the template's list of
/// allowed values, `lists`, silently).
pub(super) fn tables(
    bytes: &[u8],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> (HashMap<&'static str, Table>, Layout) {
    let mut tables = HashMap::new();
    let mut layout = Layout::default();
    if let Some(size) = unpacked_size(bytes)
        && size > MAX_UNPACKED
    {
        problems.push(Problem::new(
            "workbook",
            None,
            None,
            format!(
                "the workbook unpacks to more than {} MiB",
                MAX_UNPACKED / (1024 * 1024)
            ),
        ));
        return (tables, layout);
    }
    let mut book: Xlsx<_> = match calamine::open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => {
            problems.push(Problem::new(
                "workbook",
                None,
                None,
                format!("not a readable .xlsx workbook: {e}"),
            ));
            return (tables, layout);
        }
    };
    for name in book.sheet_names() {
        let Some(spec) = file_of_sheet(&name) else {
            if name != LISTS {
                let mut warning = Problem::new(
                    &name,
                    None,
                    None,
                    "not a sheet of the bundle format; ignored",
                );
                warning.cell = Some(Cell {
                    sheet: name.clone(),
                    letter: None,
                });
                warnings.push(warning);
            }
            continue;
        };
        if let Some(first) = layout.sheet(spec.name) {
            problems.push(Problem::new(
                spec.name,
                None,
                None,
                format!("the sheets '{first}' and '{name}' are both this file; keep one"),
            ));
            continue;
        }
        layout.sheets.insert(
            spec.name,
            Sheet {
                name: name.clone(),
                letters: HashMap::new(),
            },
        );
        let range = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                problems.push(Problem::new(
                    spec.name,
                    None,
                    None,
                    format!("unreadable sheet: {e}"),
                ));
                continue;
            }
        };
        if let Some(table) = sheet_table(spec, &range, &mut layout, problems, warnings) {
            tables.insert(spec.name, table);
        }
    }
    (tables, layout)
}

/// One sheet as a table: the first used row is the header, rows numbered as Excel
/// numbers them.
fn sheet_table(
    spec: FileSpec,
    range: &calamine::Range<Data>,
    layout: &mut Layout,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Table> {
    let Some((first_row, first_col)) = range.start() else {
        problems.push(Problem::new(
            spec.name,
            Some(1),
            None,
            "the header row is missing",
        ));
        return None;
    };
    let mut rows = range.rows();
    let header_row = u64::from(first_row) + 1;
    let header: Vec<String> = rows
        .next()
        .map(|cells| {
            cells
                .iter()
                .map(|c| cell_text(c).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let columns = header_columns(spec, header_row, &names, problems, warnings);
    if let Some(sheet) = layout.sheets.get_mut(spec.name) {
        for column in spec.columns {
            if let Some(index) = names.iter().position(|n| n.trim() == column.name) {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                sheet
                    .letters
                    .insert(column.name, column_letter(first_col.saturating_add(index)));
            }
        }
    }
    let mut table = Vec::new();
    let mut broken = std::collections::HashSet::new();
    for (offset, cells) in rows.enumerate() {
        let row = header_row + 1 + offset as u64;
        let mut texts = Vec::with_capacity(cells.len());
        for (index, cell) in cells.iter().enumerate() {
            match cell_text(cell) {
                Ok(text) => texts.push(text),
                Err(message) => {
                    let column = names.get(index).map(|n| n.trim());
                    problems.push(Problem::new(spec.name, Some(row), column, message));
                    broken.insert((row, index));
                    texts.push(String::new());
                }
            }
        }
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue; // an empty row
        }
        table.push((row, StringRecord::from(texts)));
    }
    Some(Table {
        spec,
        columns: columns?,
        rows: table,
        broken,
    })
}

/// The hidden sheet of a template that holds the allowed values of closed columns.
const LISTS: &str = "lists";

fn failed(e: XlsxError) -> BundleError {
    BundleError::Workbook(e.to_string())
}

/// Writes one row of text cells in the column kinds' Excel types.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    spec: FileSpec,
    cells: &[String],
    date: &Format,
) -> Result<(), XlsxError> {
    for (index, (column, text)) in spec.columns.iter().zip(cells).enumerate() {
        let col = u16::try_from(index).unwrap_or(u16::MAX);
        if text.is_empty() {
            continue;
        }
        match column.kind {
            Kind::Date => match parse_date(text) {
                Ok(day) => sheet.write_datetime_with_format(row, col, day, date)?,
                Err(_) => sheet.write_string(row, col, text)?,
            },
            Kind::Year => match text.parse::<i32>() {
                Ok(year) => sheet.write_number(row, col, f64::from(year))?,
                Err(_) => sheet.write_string(row, col, text)?,
            },
            // `sensitive` as the words its drop-down offers (Excel's TRUE and FALSE
            // read back the same).
            Kind::Bool | Kind::Text | Kind::Choice(_) | Kind::List => {
                sheet.write_string(row, col, text)?
            }
        };
    }
    Ok(())
}

/// A sheet per file with its header (bold, frozen) and `rows`.
fn add_sheet<'a>(
    book: &'a mut Workbook,
    spec: FileSpec,
    rows: &[Vec<String>],
) -> Result<&'a mut Worksheet, XlsxError> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name(spec.sheet())?;
    for (index, column) in spec.columns.iter().enumerate() {
        let col = u16::try_from(index).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, column.name, &bold)?;
    }
    if rows.len() >= MAX_ROWS as usize {
        return Err(XlsxError::RowColumnLimitError);
    }
    for (index, cells) in rows.iter().enumerate() {
        let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
        write_row(sheet, row, spec, cells, &date)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(sheet)
}

/// The workbook of a dataset's files, as their text cells give them.
pub(super) fn write(files: &[(FileSpec, Vec<Vec<String>>)]) -> Result<Vec<u8>, BundleError> {
    let mut book = Workbook::new();
    for (spec, rows) in files {
        add_sheet(&mut book, *spec, rows).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// An empty workbook to fill in: every sheet with its header and one example row,
/// and for each closed column a drop-down of the allowed values (kept on a hidden
/// sheet, `lists`, so that long lists fit).
pub(super) fn template() -> Result<Vec<u8>, BundleError> {
    let mut book = Workbook::new();
    let mut lists: Vec<(&'static str, &'static [&'static str])> = Vec::new();
    for spec in FILES {
        let example: Vec<String> = spec.columns.iter().map(|c| c.example.to_owned()).collect();
        let sheet = add_sheet(&mut book, spec, &[example]).map_err(failed)?;
        for (index, column) in spec.columns.iter().enumerate() {
            let words = match column.kind {
                Kind::Choice(words) => words,
                Kind::Bool => &["true", "false"],
                _ => continue,
            };
            let list = match lists.iter().position(|(_, w)| *w == words) {
                Some(at) => at,
                None => {
                    lists.push((column.name, words));
                    lists.len() - 1
                }
            };
            let letter = column_letter(u32::try_from(list).unwrap_or(0));
            let source = format!("={LISTS}!${letter}$2:${letter}${}", words.len() + 1);
            let validation = DataValidation::new()
                .allow_list_formula(source.as_str().into())
                .set_error_title("Not an allowed value")
                .and_then(|v| {
                    v.set_error_message(format!(
                        "{} takes one of: {}",
                        column.name,
                        words.join(", ")
                    ))
                })
                .map_err(failed)?;
            let col = u16::try_from(index).unwrap_or(u16::MAX);
            sheet
                .add_data_validation(1, col, MAX_ROWS - 1, col, &validation)
                .map_err(failed)?;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(LISTS).map_err(failed)?;
    for (index, (name, words)) in lists.iter().enumerate() {
        let col = u16::try_from(index).unwrap_or(u16::MAX);
        sheet.write_string(0, col, *name).map_err(failed)?;
        for (row, word) in words.iter().enumerate() {
            let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
            sheet.write_string(row, col, *word).map_err(failed)?;
        }
    }
    sheet.set_hidden(true);
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn whole_numbers_and_dates_read_as_a_csv_file_writes_them() {
        assert_eq!(cell_text(&Data::Float(1985.0)), Ok("1985".to_owned()));
        assert_eq!(cell_text(&Data::Float(1.5)), Ok("1.5".to_owned()));
        assert_eq!(
            cell_text(&Data::DateTimeIso("2021-05-10T00:00:00".into())),
            Ok("2021-05-10".to_owned())
        );
        assert!(cell_text(&Data::Error(calamine::CellErrorType::NA)).is_err());
    }
}

//! The bundle: the interchange format every import, export and benchmark uses (see
//! docs/bundle-format.md), as a folder of CSV files, a zip of them or an Excel
//! workbook.
//!
//! Reading validates the whole bundle first and reports every problem with its file,
//! line and column (or sheet, row and column letter); a bundle with any problem
//! yields no data at all. Writing produces files that read back to the same dataset.

mod lines;
mod problem;
mod reader;
mod records;
mod repeats;
mod rows;
mod spec;
mod table;
mod workbook;
mod writer;

pub use problem::{BundleError, Cell, Problem};
pub use reader::{ParsedBundle, read_dir, read_path, read_sources, read_workbook, read_zip};
pub use spec::{FILES, FileSpec};
pub use writer::{
    template_sources, template_workbook, to_sources, to_workbook, write_dir, write_files,
};

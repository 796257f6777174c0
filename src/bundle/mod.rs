//! The CSV bundle: the interchange format every import, export and benchmark uses
//! (see docs/bundle-format.md).
//!
//! Reading validates the whole bundle first and reports every problem with its file,
//! line and column; a bundle with any problem yields no data at all. Writing produces
//! files that read back to the same dataset.

mod lines;
mod problem;
mod reader;
mod repeats;
mod spec;
mod writer;

pub use problem::{BundleError, Problem};
pub use reader::{ParsedBundle, read_dir, read_sources};
pub use spec::{FILES, FileSpec};
pub use writer::{to_sources, write_dir};

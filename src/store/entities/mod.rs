//! sea-orm entities: one per table, mirroring the migrations.
//!
//! These are storage rows, not API types; `store::convert` turns them into domain
//! records.

pub mod affiliation;
pub mod api_key;
pub mod audit;
pub mod change_log;
pub mod measure;
pub mod meeting;
pub mod meeting_measure;
pub mod meeting_organisation;
pub mod organisation;
pub mod participation;
pub mod person;
pub mod secret;
pub mod target_set;

//! A row of `audit_log`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub key_id: Option<i32>,
    pub role: String,
    pub operation: String,
    pub ids: String,
    pub detail: Option<String>,
    /// Set for an event first written to a replica's spool (see `store::spool`).
    pub spool_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

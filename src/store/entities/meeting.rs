//! A row of `meetings`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    pub series: Option<String>,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub format: Option<String>,
    pub track: Option<String>,
    pub confidentiality: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

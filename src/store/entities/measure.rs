//! A row of `measures`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub code: Option<String>,
    pub title: String,
    pub category: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub target_tags: String,
    pub target_sides: String,
    pub target_genders: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Named target sets: the share of participations a group should reach, e.g. women
//! 50%. Seeds the `default` set with that one target.

use crate::idens::TargetSets;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TargetSets::Table)
                    .col(string(TargetSets::SetName))
                    .col(string(TargetSets::Dimension))
                    .col(string(TargetSets::GroupValue))
                    .col(double(TargetSets::Share))
                    .primary_key(
                        Index::create()
                            .col(TargetSets::SetName)
                            .col(TargetSets::Dimension)
                            .col(TargetSets::GroupValue),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(TargetSets::Table)
                    .columns([
                        TargetSets::SetName,
                        TargetSets::Dimension,
                        TargetSets::GroupValue,
                        TargetSets::Share,
                    ])
                    .values_panic([
                        "default".into(),
                        "gender".into(),
                        "female".into(),
                        0.5.into(),
                    ])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TargetSets::Table).to_owned())
            .await
    }
}

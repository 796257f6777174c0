//! Table and column names shared by the migrations.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
pub enum Organisations {
    Table,
    Id,
    Name,
    Kind,
    Country,
    Side,
}

#[derive(DeriveIden)]
pub enum People {
    Table,
    Id,
    Name,
    Gender,
    Side,
    Country,
    BirthYear,
    Tags,
    Sensitive,
}

#[derive(DeriveIden)]
pub enum Affiliations {
    Table,
    Id,
    PersonId,
    OrganisationId,
    Role,
    StartDate,
    EndDate,
}

#[derive(DeriveIden)]
pub enum Meetings {
    Table,
    Id,
    Title,
    Series,
    StartDate,
    EndDate,
    City,
    Country,
    Format,
    Track,
    Confidentiality,
}

#[derive(DeriveIden)]
pub enum Participations {
    Table,
    PersonId,
    MeetingId,
    Role,
    OrganisationId,
}

#[derive(DeriveIden)]
pub enum MeetingOrganisations {
    Table,
    MeetingId,
    OrganisationId,
    Role,
}

#[derive(DeriveIden)]
pub enum Measures {
    Table,
    Id,
    Code,
    Title,
    Category,
    StartYear,
    EndYear,
    TargetTags,
    TargetSides,
    TargetGenders,
}

#[derive(DeriveIden)]
pub enum MeetingMeasures {
    Table,
    MeetingId,
    MeasureId,
}

#[derive(DeriveIden)]
pub enum ChangeLog {
    Table,
    Id,
    At,
    Operation,
    Entity,
    EntityId,
    Detail,
}

#[derive(DeriveIden)]
pub enum TargetSets {
    Table,
    SetName,
    Dimension,
    GroupValue,
    Share,
}

#[derive(DeriveIden)]
pub enum ApiKeys {
    Table,
    Id,
    Name,
    Role,
    KeyHash,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    Id,
    At,
    KeyId,
    Role,
    Operation,
    Ids,
    Detail,
    SpoolId,
}

#[derive(DeriveIden)]
pub enum InstanceSecrets {
    Table,
    Name,
    Value,
}

/// A foreign key from `from` to the `id` column of `to`, deleting the row with its target.
pub fn cascade_fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: impl IntoIden,
    to_id: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to, to_id)
        .on_delete(ForeignKeyAction::Cascade)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A plain index on one column.
pub fn index(name: &str, table: impl IntoIden, col: impl IntoIden) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(col).to_owned()
}

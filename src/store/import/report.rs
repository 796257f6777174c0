//! What an import answers with: counts per file of the bundle, and the first
//! changed rows of each table column by column.

use sea_orm::{EntityTrait, IdenStatic, Iterable, ModelTrait, Value};

/// What an import did to one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl ImportCounts {
    fn add(&mut self, other: ImportCounts) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// The most changed rows of each table a report shows one by one.
pub const CHANGES_SHOWN: usize = 10;

/// Whether a row is new or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
}

/// A row an import creates or changes: the first few of each table are reported
/// with their values, column by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    /// The table, named as the bundle file without `.csv` (e.g. `people`).
    pub table: &'static str,
    /// The row's position in the dataset's list for the table.
    pub index: usize,
    /// The row's id, or for a link the ids it joins.
    pub key: String,
    pub kind: ChangeKind,
    /// The columns that differ (for a new row, those with a value).
    pub fields: Vec<FieldChange>,
}

/// One column of a changed row, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub column: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A column's value as the bundle writes it; none when empty.
fn cell(value: Value) -> Option<String> {
    let text = match value {
        Value::String(v) => v.map(|s| s.to_string()),
        Value::Bool(v) => v.map(|b| b.to_string()),
        Value::Int(v) => v.map(|i| i.to_string()),
        Value::BigInt(v) => v.map(|i| i.to_string()),
        Value::SmallInt(v) => v.map(|i| i.to_string()),
        Value::ChronoDate(v) => v.map(|d| d.to_string()),
        other => Some(other.to_string()),
    };
    text.filter(|t| !t.is_empty())
}

/// The columns in which `new` differs from `old` (all set columns for a new row).
pub(super) fn field_changes<E, M>(old: Option<&M>, new: &M) -> Vec<FieldChange>
where
    E: EntityTrait<Model = M>,
    M: ModelTrait<Entity = E>,
{
    E::Column::iter()
        .filter_map(|column| {
            let after = cell(new.get(column));
            let before = old.and_then(|o| cell(o.get(column)));
            (after != before).then(|| FieldChange {
                column: column.as_str(),
                old: before,
                new: after,
            })
        })
        .collect()
}

/// What an import did, per file of the bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub organisations: ImportCounts,
    pub people: ImportCounts,
    pub affiliations: ImportCounts,
    pub meetings: ImportCounts,
    pub participations: ImportCounts,
    pub meeting_organisations: ImportCounts,
    pub measures: ImportCounts,
    pub meeting_measures: ImportCounts,
    /// The first changed rows of each table, in table order.
    pub changes: Vec<RowChange>,
}

impl ImportReport {
    /// The counts of each file, in the bundle's file order.
    pub fn per_file(&self) -> [ImportCounts; 8] {
        [
            self.organisations,
            self.people,
            self.affiliations,
            self.meetings,
            self.participations,
            self.meeting_organisations,
            self.measures,
            self.meeting_measures,
        ]
    }

    /// The counts over all files.
    pub fn total(&self) -> ImportCounts {
        let mut total = ImportCounts::default();
        for counts in self.per_file() {
            total.add(counts);
        }
        total
    }
}

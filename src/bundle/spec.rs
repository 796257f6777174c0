//! The files of a bundle and their columns, as docs/bundle-format.md lists them.

use crate::domain::{
    Confidentiality, Gender, MeetingFormat, OrganisationKind, OrganisationRole, ParticipationRole,
    Track,
};

/// What a column holds, as far as a spreadsheet needs to know: how a workbook
/// writes it and which values a template offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text or an id.
    Text,
    /// A calendar date (ISO text in CSV, an Excel date in a workbook).
    Date,
    /// A year (a number in a workbook).
    Year,
    /// `true` or `false`.
    Bool,
    /// One word of a closed vocabulary.
    Choice(&'static [&'static str]),
    /// Words separated by `;`.
    List,
}

/// One column of a file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
    /// A value for the example row of a template.
    pub example: &'static str,
}

const fn col(name: &'static str, required: bool, kind: Kind, example: &'static str) -> Column {
    Column {
        name,
        required,
        kind,
        example,
    }
}

use Kind::{Bool, Choice, Date, List, Text, Year};

/// One file of the bundle.
#[derive(Debug, Clone, Copy)]
pub struct FileSpec {
    pub name: &'static str,
    /// Whether a bundle must contain this file.
    pub required: bool,
    /// Columns in their written order.
    pub columns: &'static [Column],
}

impl FileSpec {
    /// The name of the file's sheet in a workbook: the file name without `.csv`.
    pub fn sheet(self) -> &'static str {
        self.name.strip_suffix(".csv").unwrap_or(self.name)
    }

    pub fn column(self, name: &str) -> Option<Column> {
        self.columns.iter().copied().find(|c| c.name == name)
    }
}

pub const ORGANISATIONS: FileSpec = FileSpec {
    name: "organisations.csv",
    required: true,
    columns: &[
        col("id", true, Text, "org-example"),
        col("name", true, Text, "Example Dialogue Centre"),
        col("kind", true, Choice(OrganisationKind::WORDS), "ngo"),
        col("country", false, Text, "GE"),
        col("side", false, Text, "georgian"),
    ],
};

pub const PEOPLE: FileSpec = FileSpec {
    name: "people.csv",
    required: true,
    columns: &[
        col("id", true, Text, "p-example"),
        col("name", true, Text, "Nino Example"),
        col("gender", false, Choice(Gender::WORDS), "female"),
        col("side", false, Text, "georgian"),
        col("country", false, Text, "GE"),
        col("birth_year", false, Year, "1985"),
        col("tags", false, List, "youth;civil_society"),
        col("sensitive", false, Bool, "false"),
    ],
};

pub const AFFILIATIONS: FileSpec = FileSpec {
    name: "affiliations.csv",
    required: true,
    columns: &[
        col("person_id", true, Text, "p-example"),
        col("organisation_id", true, Text, "org-example"),
        col("role", false, Text, "programme officer"),
        col("start_date", false, Date, "2019-01-01"),
        col("end_date", false, Date, ""),
    ],
};

pub const MEETINGS: FileSpec = FileSpec {
    name: "meetings.csv",
    required: true,
    columns: &[
        col("id", true, Text, "m-example"),
        col("title", true, Text, "Example dialogue workshop"),
        col("series", false, Text, "Example series"),
        col("start_date", true, Date, "2021-05-10"),
        col("end_date", false, Date, "2021-05-12"),
        col("city", false, Text, "Vienna"),
        col("country", false, Text, "AT"),
        col("format", false, Choice(MeetingFormat::WORDS), "workshop"),
        col("track", false, Choice(Track::WORDS), "2"),
        col(
            "confidentiality",
            false,
            Choice(Confidentiality::WORDS),
            "public",
        ),
    ],
};

pub const PARTICIPATIONS: FileSpec = FileSpec {
    name: "participations.csv",
    required: true,
    columns: &[
        col("person_id", true, Text, "p-example"),
        col("meeting_id", true, Text, "m-example"),
        col(
            "role",
            false,
            Choice(ParticipationRole::WORDS),
            "participant",
        ),
        col("organisation_id", false, Text, "org-example"),
    ],
};

pub const MEETING_ORGANISATIONS: FileSpec = FileSpec {
    name: "meeting_organisations.csv",
    required: false,
    columns: &[
        col("meeting_id", true, Text, "m-example"),
        col("organisation_id", true, Text, "org-example"),
        col("role", true, Choice(OrganisationRole::WORDS), "organiser"),
    ],
};

pub const MEASURES: FileSpec = FileSpec {
    name: "measures.csv",
    required: false,
    columns: &[
        col("id", true, Text, "measure-example"),
        col("code", false, Text, "1.1"),
        col("title", true, Text, "Dialogue among young people"),
        col("category", false, Text, "dialogue"),
        col("start_year", false, Year, "2020"),
        col("end_year", false, Year, "2024"),
        col("target_tags", false, List, "youth"),
        col("target_sides", false, List, "georgian;abkhaz"),
        col("target_genders", false, List, "female"),
    ],
};

pub const MEETING_MEASURES: FileSpec = FileSpec {
    name: "meeting_measures.csv",
    required: false,
    columns: &[
        col("meeting_id", true, Text, "m-example"),
        col("measure_id", true, Text, "measure-example"),
    ],
};

/// Every file, in the order they are read and written (referenced files first).
pub const FILES: [FileSpec; 8] = [
    ORGANISATIONS,
    PEOPLE,
    AFFILIATIONS,
    MEETINGS,
    PARTICIPATIONS,
    MEETING_ORGANISATIONS,
    MEASURES,
    MEETING_MEASURES,
];

/// The most a bundle sent as one archive (a zip, or a workbook, which is a zip of
/// XML) may unpack to, against files that unpack to far more than they weigh.
pub(super) const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// The file of this name, e.g. `people.csv`.
pub fn file(name: &str) -> Option<FileSpec> {
    FILES.into_iter().find(|spec| spec.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_row_of_every_choice_column_is_allowed() {
        for spec in FILES {
            for column in spec.columns {
                if let Kind::Choice(words) = column.kind {
                    assert!(
                        words.contains(&column.example),
                        "{}: {}",
                        spec.name,
                        column.name
                    );
                }
            }
        }
    }
}

//! The files of a bundle and their columns, as docs/bundle-format.md lists them.

/// One file of the bundle.
#[derive(Debug, Clone, Copy)]
pub struct FileSpec {
    pub name: &'static str,
    /// Whether a bundle must contain this file.
    pub required: bool,
    /// Columns in their written order, each with whether it is required.
    pub columns: &'static [(&'static str, bool)],
}

pub const ORGANISATIONS: FileSpec = FileSpec {
    name: "organisations.csv",
    required: true,
    columns: &[
        ("id", true),
        ("name", true),
        ("kind", true),
        ("country", false),
        ("side", false),
    ],
};

pub const PEOPLE: FileSpec = FileSpec {
    name: "people.csv",
    required: true,
    columns: &[
        ("id", true),
        ("name", true),
        ("gender", false),
        ("side", false),
        ("country", false),
        ("birth_year", false),
        ("tags", false),
        ("sensitive", false),
    ],
};

pub const AFFILIATIONS: FileSpec = FileSpec {
    name: "affiliations.csv",
    required: true,
    columns: &[
        ("person_id", true),
        ("organisation_id", true),
        ("role", false),
        ("start_date", false),
        ("end_date", false),
    ],
};

pub const MEETINGS: FileSpec = FileSpec {
    name: "meetings.csv",
    required: true,
    columns: &[
        ("id", true),
        ("title", true),
        ("series", false),
        ("start_date", true),
        ("end_date", false),
        ("city", false),
        ("country", false),
        ("format", false),
        ("track", false),
        ("confidentiality", false),
    ],
};

pub const PARTICIPATIONS: FileSpec = FileSpec {
    name: "participations.csv",
    required: true,
    columns: &[
        ("person_id", true),
        ("meeting_id", true),
        ("role", false),
        ("organisation_id", false),
    ],
};

pub const MEETING_ORGANISATIONS: FileSpec = FileSpec {
    name: "meeting_organisations.csv",
    required: false,
    columns: &[
        ("meeting_id", true),
        ("organisation_id", true),
        ("role", true),
    ],
};

pub const MEASURES: FileSpec = FileSpec {
    name: "measures.csv",
    required: false,
    columns: &[
        ("id", true),
        ("code", false),
        ("title", true),
        ("category", false),
        ("start_year", false),
        ("end_year", false),
        ("target_tags", false),
        ("target_sides", false),
        ("target_genders", false),
    ],
};

pub const MEETING_MEASURES: FileSpec = FileSpec {
    name: "meeting_measures.csv",
    required: false,
    columns: &[("meeting_id", true), ("measure_id", true)],
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

//! The demo bundle (`data/demo/`), built into the binary so that `serve --demo` works
//! from any folder.

use std::collections::BTreeMap;

macro_rules! demo_files {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../data/demo/", $name)))),+]
    };
}

/// The demo bundle as file name -> CSV text.
pub fn sources() -> BTreeMap<String, String> {
    demo_files!(
        "organisations.csv",
        "people.csv",
        "affiliations.csv",
        "meetings.csv",
        "participations.csv",
        "meeting_organisations.csv",
        "measures.csv",
        "meeting_measures.csv",
    )
    .into_iter()
    .map(|(name, text)| (name.to_owned(), text.to_owned()))
    .collect()
}

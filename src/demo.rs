//! The demo bundle (`data/demo/`), built into the binary so that `serve --demo` works
//! from any folder.

use std::collections::BTreeMap;

macro_rules! demo_files {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../data/demo/", $name)))),+]
    };
}

/// The demo bundle as file name -> CSV text (a test checks the names against
/// [`crate::bundle::FILES`]; `include_str!` needs them written out).
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

#[cfg(test)]
mod tests {
    use crate::bundle::FILES;

    #[test]
    fn the_demo_holds_every_file_of_the_bundle() {
        let mut wanted: Vec<&str> = FILES.iter().map(|spec| spec.name).collect();
        wanted.sort_unstable();
        let sources = super::sources();
        let names: Vec<&str> = sources.keys().map(String::as_str).collect();
        assert_eq!(names, wanted);
    }
}

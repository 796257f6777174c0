//! Small value types that parse their input: ids, labels, country codes, dates.

use super::enums::Gender;
use chrono::NaiveDate;
use std::fmt;

/// Why one field's value was rejected; the caller adds where the field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub message: String,
}

impl FieldError {
    pub fn new(message: impl Into<String>) -> Self {
        FieldError {
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The longest id accepted.
const MAX_ID_LEN: usize = 200;

/// An opaque identifier, unique within its kind (`p-000123`, `org-alert`).
///
/// Non-empty, at most 200 characters, with no white space or control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(String);

impl EntityId {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        if text.is_empty() {
            return Err(FieldError::new("an id is required"));
        }
        if text.len() > MAX_ID_LEN {
            return Err(FieldError::new(format!(
                "id is longer than {MAX_ID_LEN} characters"
            )));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FieldError::new(format!(
                "id '{text}' contains white space or control characters"
            )));
        }
        Ok(EntityId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A lower-case label: a side (`armenian`) or a tag (`border_community`).
///
/// Letters (any script), digits, `_` and `-`; no spaces, no upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(String);

impl Label {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldError::new("a label cannot be empty"));
        }
        let valid = text
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '_' || c == '-');
        if !valid {
            return Err(FieldError::new(format!(
                "'{text}' is not a lower-case label (letters, digits, '_' or '-')"
            )));
        }
        Ok(Label(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of a `;`-separated list, each parsed by `parse`: in the order given,
/// empty parts skipped, a part listed twice refused.
fn parse_list<T: PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    let mut items: Vec<T> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let item = parse(part)?;
        if items.contains(&item) {
            return Err(FieldError::new(format!("'{part}' is listed twice")));
        }
        items.push(item);
    }
    Ok(items)
}

/// A `;`-separated list of labels, kept in the order given, without repeats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelList(Vec<Label>);

impl LabelList {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        parse_list(text, Label::parse).map(LabelList)
    }

    pub fn from_labels(labels: Vec<Label>) -> Result<Self, FieldError> {
        let joined: Vec<&str> = labels.iter().map(Label::as_str).collect();
        LabelList::parse(&joined.join(";"))
    }

    pub fn labels(&self) -> &[Label] {
        &self.0
    }

    pub fn contains(&self, label: &str) -> bool {
        self.0.iter().any(|l| l.as_str() == label)
    }

    /// The bundle form: labels joined by `;`.
    pub fn joined(&self) -> String {
        let parts: Vec<&str> = self.0.iter().map(Label::as_str).collect();
        parts.join(";")
    }
}

/// A `;`-separated list of genders (e.g. `female;male`), kept in the order given,
/// without repeats: a measure's target genders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GenderList(Vec<Gender>);

impl GenderList {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        parse_list(text, Gender::parse).map(GenderList)
    }

    pub fn genders(&self) -> &[Gender] {
        &self.0
    }

    /// The bundle form: the genders' words joined by `;`.
    pub fn joined(&self) -> String {
        let words: Vec<&str> = self.0.iter().map(|g| g.as_str()).collect();
        words.join(";")
    }
}

/// An ISO 3166-1 alpha-2 code: two upper-case ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(CountryCode(text.to_owned()))
        } else {
            Err(FieldError::new(format!(
                "'{text}' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. AM)"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses an ISO 8601 calendar date (`2013-06-15`).
pub fn parse_date(text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(format!(
            "'{}' is not a date in the form YYYY-MM-DD",
            text.trim()
        ))
    })
}

/// Parses a calendar year between 1800 and 2200.
pub fn parse_year(text: &str) -> Result<i32, FieldError> {
    match text.trim().parse::<i32>() {
        Ok(year) if (1800..=2200).contains(&year) => Ok(year),
        _ => Err(FieldError::new(format!(
            "'{}' is not a year between 1800 and 2200",
            text.trim()
        ))),
    }
}

/// Parses `true` or `false`.
pub fn parse_bool(text: &str) -> Result<bool, FieldError> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(FieldError::new(format!(
            "'{other}' is not a boolean (expected true or false)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gender_list_reads_back_as_it_was_written() {
        let genders = GenderList::parse(" female ;; male;").unwrap_or_default();
        assert_eq!(genders.genders(), [Gender::Female, Gender::Male]);
        assert_eq!(genders.joined(), "female;male");
        assert_eq!(GenderList::parse(""), Ok(GenderList::default()));
        assert!(GenderList::parse("female;female").is_err());
        assert!(GenderList::parse("female;other-word").is_err());
        assert!(LabelList::parse("youth; youth").is_err());
    }
}

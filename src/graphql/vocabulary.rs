//! One vocabulary per value: the groups and labels of a dimension whose values are
//! one of the API's enums (gender, track, format, participation role, organisation
//! kind) are named as that enum names them (`FEMALE`, `TRACK_1_5`), with `UNKNOWN`
//! and `WITHHELD` for the records without one; the other dimensions (side, tag,
//! country, youth) keep the labels of the data (`armenian`, `displaced`). Counts per
//! label travel as one type, [`LabelCount`].

use super::error::{ApiError, ApiResult};
use super::types::{Gender, MeetingFormat, OrganisationKind, ParticipationRole, Track};
use crate::domain;
use crate::network::coverage::{self, Dimension, Group, UNKNOWN, WITHHELD, Withheld};
use async_graphql::{InputType, Name, SimpleObject, Value};
use std::collections::BTreeMap;

/// A count for one label (a side, a gender, a tag...); withheld for a viewer when
/// it is small.
#[derive(SimpleObject, Clone)]
pub struct LabelCount {
    pub label: String,
    pub count: Option<usize>,
    /// Whether the count is withheld because it is too small to show.
    pub suppressed: bool,
}

/// A make-up's rows as the reader gets them, labelled in the API's vocabulary.
pub fn label_counts(
    dimension: Dimension,
    map: &BTreeMap<String, usize>,
    withheld: &Withheld,
) -> Vec<LabelCount> {
    coverage::make_up_rows(map, withheld)
        .into_iter()
        .map(|(label, count)| LabelCount {
            label: name(dimension, label),
            count: count.value(),
            suppressed: count.is_withheld(),
        })
        .collect()
}

/// The API's name of a group.
pub fn group_name(group: &Group) -> String {
    name(group.dimension, &group.value)
}

/// The API's name of a value of `dimension`, given as the data labels it.
pub fn name(dimension: Dimension, label: &str) -> String {
    let named = match dimension {
        Dimension::Gender => domain::Gender::parse(label)
            .ok()
            .map(|g| enum_name(Gender::from(g))),
        Dimension::Track => domain::Track::parse(label)
            .ok()
            .map(|t| enum_name(Track::from(t))),
        Dimension::Format => domain::MeetingFormat::parse(label)
            .ok()
            .map(|f| enum_name(MeetingFormat::from(f))),
        Dimension::Role => domain::ParticipationRole::parse(label)
            .ok()
            .map(|r| enum_name(ParticipationRole::from(r))),
        Dimension::OrganisationKind => domain::OrganisationKind::parse(label)
            .ok()
            .map(|k| enum_name(OrganisationKind::from(k))),
        Dimension::Side | Dimension::Tag | Dimension::Country | Dimension::Youth => {
            return label.to_owned();
        }
    };
    named.unwrap_or_else(|| label.to_uppercase())
}

/// The group a client names: `dimension` and the group's API name.
pub fn group(dimension: Dimension, text: &str) -> ApiResult<Group> {
    let text = text.trim();
    let label = match dimension {
        Dimension::Side | Dimension::Tag | Dimension::Country | Dimension::Youth => {
            Some(text.to_owned())
        }
        _ if text == "UNKNOWN" => Some(UNKNOWN.to_owned()),
        _ if text == "WITHHELD" => Some(WITHHELD.to_owned()),
        Dimension::Gender => {
            parse::<Gender>(text).map(|g| domain::Gender::from(g).as_str().to_owned())
        }
        Dimension::Track => {
            parse::<Track>(text).map(|t| domain::Track::from(t).as_str().to_owned())
        }
        Dimension::Format => {
            parse::<MeetingFormat>(text).map(|f| domain::MeetingFormat::from(f).as_str().to_owned())
        }
        Dimension::Role => parse::<ParticipationRole>(text)
            .map(|r| domain::ParticipationRole::from(r).as_str().to_owned()),
        Dimension::OrganisationKind => parse::<OrganisationKind>(text)
            .map(|k| domain::OrganisationKind::from(k).as_str().to_owned()),
    };
    match label {
        Some(label) => Ok(Group::new(dimension, label)),
        None => Err(ApiError::bad_input(
            "group",
            format!(
                "`{text}` is not a group of {}: name one as the API's enum does (e.g. `{}`) or UNKNOWN",
                dimension.as_str(),
                example(dimension)
            ),
        )),
    }
}

fn example(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Gender => "FEMALE",
        Dimension::Track => "TRACK_1_5",
        Dimension::Format => "WORKSHOP",
        Dimension::Role => "SPEAKER",
        Dimension::OrganisationKind => "NGO",
        Dimension::Side | Dimension::Tag | Dimension::Country | Dimension::Youth => "",
    }
}

fn enum_name<E: InputType>(value: E) -> String {
    match value.to_value() {
        Value::Enum(name) => name.to_string(),
        other => other.to_string(),
    }
}

fn parse<E: InputType>(name: &str) -> Option<E> {
    E::parse(Some(Value::Enum(Name::new(name)))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_valued_groups_are_named_as_their_enums() {
        assert_eq!(name(Dimension::Gender, "female"), "FEMALE");
        assert_eq!(name(Dimension::Track, "1.5"), "TRACK_1_5");
        assert_eq!(name(Dimension::Track, UNKNOWN), "UNKNOWN");
        assert_eq!(name(Dimension::Tag, "displaced"), "displaced");
        for dimension in Dimension::ALL {
            for label in ["female", "1.5", "workshop", "ngo", UNKNOWN, "displaced"] {
                let shown = name(dimension, label);
                if let Ok(back) = group(dimension, &shown) {
                    assert_eq!(name(dimension, &back.value), shown);
                }
            }
        }
        assert!(group(Dimension::Gender, "female").is_err());
        assert_eq!(
            group(Dimension::Track, "TRACK_2").map(|g| g.value).ok(),
            Some("2".to_owned())
        );
    }
}

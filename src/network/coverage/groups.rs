//! The groups coverage counts: one dimension (gender, side, tag...) and a value.

use crate::domain::{Gender, MeetingFormat, ParticipationRole, Track};
use crate::network::{MeetingIx, Network, PersonIx};
use chrono::Datelike;
use std::fmt;

pub use crate::network::model::{UNKNOWN, WITHHELD};
/// The age below which a participant counts as youth, at the meeting's year.
pub const YOUTH_UNDER: i32 = 30;

/// What a group is defined by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Gender,
    Side,
    Tag,
    Youth,
    Country,
    OrganisationKind,
    Track,
    Format,
    Role,
}

impl Dimension {
    pub const ALL: [Dimension; 9] = [
        Dimension::Gender,
        Dimension::Side,
        Dimension::Tag,
        Dimension::Youth,
        Dimension::Country,
        Dimension::OrganisationKind,
        Dimension::Track,
        Dimension::Format,
        Dimension::Role,
    ];

    /// The word stored in target sets.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Gender => "gender",
            Dimension::Side => "side",
            Dimension::Tag => "tag",
            Dimension::Youth => "youth",
            Dimension::Country => "country",
            Dimension::OrganisationKind => "organisation_kind",
            Dimension::Track => "track",
            Dimension::Format => "format",
            Dimension::Role => "role",
        }
    }

    /// Whether each participation falls in exactly one group of the dimension, so that
    /// the groups' counts add up to the total.
    pub fn partitions(self) -> bool {
        !matches!(self, Dimension::Tag | Dimension::OrganisationKind)
    }

    /// Whether each person falls in exactly one group of the dimension, so that the
    /// groups' people add up to the people counted.
    pub fn partitions_people(self) -> bool {
        matches!(
            self,
            Dimension::Gender | Dimension::Side | Dimension::Country
        )
    }

    pub fn parse(text: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// A group: a dimension and a value (`gender`/`female`, `tag`/`displaced`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Group {
    pub dimension: Dimension,
    pub value: String,
}

impl Group {
    pub fn new(dimension: Dimension, value: impl Into<String>) -> Self {
        Group {
            dimension,
            value: value.into(),
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.dimension.as_str(), self.value)
    }
}

fn or_unknown(value: Option<&str>) -> String {
    value.unwrap_or(UNKNOWN).to_owned()
}

/// The values of `dimension` for person `p` at meeting `m` (tags and organisation
/// kinds may give several; a tag-less person has no tag group).
pub fn values(network: &Network, dimension: Dimension, p: PersonIx, m: MeetingIx) -> Vec<String> {
    if let Some(values) = personal_values(network, dimension, p) {
        return values;
    }
    let person = network.person(p);
    let meeting = &network.meeting(m);
    if person.withheld && matches!(dimension, Dimension::Youth | Dimension::OrganisationKind) {
        return vec![WITHHELD.into()];
    }
    match dimension {
        Dimension::Youth => vec![match person.birth_year {
            Some(born) if meeting.start_date.year() - born < YOUTH_UNDER => "youth".into(),
            Some(_) => "adult".into(),
            None => UNKNOWN.into(),
        }],
        Dimension::OrganisationKind => {
            let mut kinds: Vec<String> = network
                .organisations_behind(p, m)
                .into_iter()
                .map(|o| network.organisations()[o as usize].kind.as_str().to_owned())
                .collect();
            kinds.sort();
            kinds.dedup();
            if kinds.is_empty() {
                kinds.push(UNKNOWN.into());
            }
            kinds
        }
        Dimension::Track => vec![or_unknown(meeting.track.map(Track::as_str))],
        Dimension::Format => vec![or_unknown(meeting.format.map(MeetingFormat::as_str))],
        Dimension::Role => vec![network.role(p, m).as_str().to_owned()],
        Dimension::Gender | Dimension::Side | Dimension::Tag | Dimension::Country => Vec::new(),
    }
}

/// The values of a personal dimension (gender, side, tag, country) for person `p`;
/// `None` for dimensions that depend on the meeting.
pub fn personal_values(
    network: &Network,
    dimension: Dimension,
    p: PersonIx,
) -> Option<Vec<String>> {
    let person = network.person(p);
    Some(match dimension {
        Dimension::Gender => vec![person.gender_label().to_owned()],
        Dimension::Side => vec![person.side_label().to_owned()],
        Dimension::Tag => person.tag_labels().into_iter().map(str::to_owned).collect(),
        Dimension::Country => vec![person.country_label().to_owned()],
        _ => return None,
    })
}

/// Whether person `p` at meeting `m` belongs to `group`.
pub fn belongs(network: &Network, group: &Group, p: PersonIx, m: MeetingIx) -> bool {
    values(network, group.dimension, p, m).contains(&group.value)
}

/// The groups of a dimension listed even with no participation: every value of the
/// people and organisations in the data (all genders), the tracks and formats of the
/// given meetings (never of meetings outside them, which may be hidden), and
/// `unknown` for single-valued attributes.
pub fn universe(network: &Network, dimension: Dimension, meetings: &[MeetingIx]) -> Vec<String> {
    let meetings: Vec<&crate::network::MeetingNode> =
        meetings.iter().map(|&m| network.meeting(m)).collect();
    let mut values: Vec<String> = match dimension {
        Dimension::Gender => Gender::ALL.iter().map(|g| g.as_str().to_owned()).collect(),
        Dimension::Side => network
            .people()
            .iter()
            .filter_map(|p| p.side.clone())
            .collect(),
        Dimension::Tag => network
            .people()
            .iter()
            .flat_map(|p| p.tags.clone())
            .collect(),
        Dimension::Youth => vec!["youth".into(), "adult".into()],
        Dimension::Country => network
            .people()
            .iter()
            .filter_map(|p| p.country.clone())
            .collect(),
        Dimension::OrganisationKind => network
            .organisations()
            .iter()
            .map(|o| o.kind.as_str().to_owned())
            .collect(),
        Dimension::Track => meetings
            .iter()
            .filter_map(|m| m.track.map(|t| t.as_str().to_owned()))
            .collect(),
        Dimension::Format => meetings
            .iter()
            .filter_map(|m| m.format.map(|f| f.as_str().to_owned()))
            .collect(),
        Dimension::Role => ParticipationRole::ALL
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
    };
    if dimension != Dimension::Tag && dimension != Dimension::Role {
        values.push(UNKNOWN.into());
    }
    let personal = !matches!(
        dimension,
        Dimension::Track | Dimension::Format | Dimension::Role
    );
    if personal && network.people().iter().any(|p| p.withheld) {
        values.push(WITHHELD.into());
    }
    values.sort();
    values.dedup();
    values
}

//! The closed vocabularies of the data format, each parsed from and written as the
//! lower-case word the bundle format (docs/bundle-format.md) uses.

use super::values::FieldError;
use std::fmt;

/// Defines a closed vocabulary: the enum, its words, parsing and display.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order the format lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every word, in the order the format lists them.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word used in bundles.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Parses the bundle word; the error lists the accepted words.
            pub fn parse(text: &str) -> Result<Self, FieldError> {
                match text.trim() {
                    $($word => Ok($name::$variant),)+
                    other => Err(FieldError::new(format!(
                        "unknown value '{}' (expected one of: {})",
                        other,
                        [$($word),+].join(", ")
                    ))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What kind of body an organisation is.
    OrganisationKind {
        Government => "government",
        Parliament => "parliament",
        Intergovernmental => "intergovernmental",
        Ngo => "ngo",
        Academic => "academic",
        ThinkTank => "think_tank",
        Media => "media",
        Donor => "donor",
        Business => "business",
        Community => "community",
        Other => "other",
    }
);

vocabulary!(
    /// A person's recorded gender; unknown is the absence of a value.
    Gender {
        Female => "female",
        Male => "male",
        Other => "other",
    }
);

vocabulary!(
    /// The format of a meeting.
    MeetingFormat {
        Workshop => "workshop",
        Symposium => "symposium",
        Conference => "conference",
        ExpertGroup => "expert_group",
        ExchangeVisit => "exchange_visit",
        Training => "training",
        SummerSchool => "summer_school",
        StrategicMeeting => "strategic_meeting",
        TownHall => "town_hall",
        Online => "online",
        Other => "other",
    }
);

vocabulary!(
    /// The diplomacy track of a meeting, from official (1) to grassroots (3).
    Track {
        One => "1",
        OneAndHalf => "1.5",
        Two => "2",
        Three => "3",
    }
);

impl Track {
    /// The track's position in [`Track::ALL`]. A match, not a search: a new track
    /// must be given its place here, and none can fall back to another's.
    ///
    /// ```
    /// use peacenet::domain::Track;
    /// assert!(Track::ALL.iter().enumerate().all(|(i, t)| t.index() == i));
    /// ```
    pub fn index(self) -> usize {
        match self {
            Track::One => 0,
            Track::OneAndHalf => 1,
            Track::Two => 2,
            Track::Three => 3,
        }
    }
}

vocabulary!(
    /// Who may know who took part in a meeting.
    Confidentiality {
        Public => "public",
        Closed => "closed",
        Confidential => "confidential",
    }
);

vocabulary!(
    /// A person's role in a meeting.
    ParticipationRole {
        Participant => "participant",
        Facilitator => "facilitator",
        Organiser => "organiser",
        Speaker => "speaker",
        Rapporteur => "rapporteur",
        Observer => "observer",
        Mediator => "mediator",
    }
);

vocabulary!(
    /// An organisation's role in a meeting.
    OrganisationRole {
        Organiser => "organiser",
        Host => "host",
        Funder => "funder",
        Partner => "partner",
    }
);

// The enums come from a macro, so the defaults are written out rather than derived.
#[allow(clippy::derivable_impls)]
impl Default for Confidentiality {
    fn default() -> Self {
        Confidentiality::Public
    }
}

#[allow(clippy::derivable_impls)]
impl Default for ParticipationRole {
    fn default() -> Self {
        ParticipationRole::Participant
    }
}

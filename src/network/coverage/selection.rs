//! Which meetings a coverage query counts: the reader's scope and window, narrowed by
//! series, track, format, country and organiser.

use crate::domain::{MeetingFormat, OrganisationRole, Track};
use crate::network::{MeetingIx, Network, Scope, index};

/// The meetings a coverage figure counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selection {
    pub scope: Scope,
    pub series: Option<String>,
    pub track: Option<Track>,
    pub format: Option<MeetingFormat>,
    pub country: Option<String>,
    /// Index of an organisation that organised the meeting.
    pub organiser: Option<u32>,
}

impl Selection {
    /// Every meeting of the scope.
    pub fn of(scope: Scope) -> Self {
        Selection {
            scope,
            series: None,
            track: None,
            format: None,
            country: None,
            organiser: None,
        }
    }

    /// Whether the meeting with index `m` is selected.
    pub fn admits(&self, network: &Network, m: MeetingIx) -> bool {
        let meeting = network.meeting(m);
        self.scope.admits(meeting)
            && self
                .series
                .as_ref()
                .is_none_or(|s| meeting.series.as_ref() == Some(s))
            && self.track.is_none_or(|t| meeting.track == Some(t))
            && self.format.is_none_or(|f| meeting.format == Some(f))
            && self
                .country
                .as_ref()
                .is_none_or(|c| meeting.country.as_ref() == Some(c))
            && self.organiser.is_none_or(|o| {
                network
                    .meeting_roles(m)
                    .iter()
                    .any(|&(org, role)| org == o && role == OrganisationRole::Organiser)
            })
    }

    /// The selected meetings, in time order.
    pub fn meetings(&self, network: &Network) -> Vec<MeetingIx> {
        index::all(network.meetings().len())
            .filter(|&m| self.admits(network, m))
            .collect()
    }
}

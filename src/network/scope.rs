//! Which meetings a query may use: a time window, optionally one track, and the
//! reader's visibility (the confidentiality levels they are entitled to, and whether
//! sensitive people are masked).

use super::model::MeetingNode;
use crate::domain::{Confidentiality, Meeting, Track, Visibility};
use chrono::NaiveDate;

/// The meetings a query may use. Dates select by start date, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only this track's meetings, when set.
    pub track: Option<Track>,
    /// Whose eyes the query reads with.
    pub visibility: Visibility,
}

impl Scope {
    /// Every meeting of every level, at any time, every name shown.
    pub fn everything() -> Self {
        Scope::of(Visibility::EVERYTHING)
    }

    /// Every meeting `visibility` admits, at any time.
    pub fn of(visibility: Visibility) -> Self {
        Scope {
            since: None,
            until: None,
            track: None,
            visibility,
        }
    }

    /// The most confidential level whose meetings are visible.
    pub fn up_to(&self) -> Confidentiality {
        self.visibility.ceiling()
    }

    /// Whether sensitive people are masked in this scope.
    pub fn masked(&self) -> bool {
        self.visibility.masks_sensitive()
    }

    /// The same scope narrowed to a time window.
    pub fn window(self, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Self {
        Scope {
            since,
            until,
            ..self
        }
    }

    /// The same scope narrowed to one track's meetings (`None`: every track).
    pub fn on_track(self, track: Option<Track>) -> Self {
        Scope { track, ..self }
    }

    /// Whether the meeting is in scope.
    pub fn admits(&self, meeting: &MeetingNode) -> bool {
        self.admits_at(meeting.start_date, meeting.track, meeting.confidentiality)
    }

    /// Whether a meeting record is in scope.
    pub fn admits_record(&self, meeting: &Meeting) -> bool {
        self.admits_at(meeting.start_date, meeting.track, meeting.confidentiality)
    }

    fn admits_at(
        &self,
        start_date: NaiveDate,
        track: Option<Track>,
        confidentiality: Confidentiality,
    ) -> bool {
        self.visibility.admits(confidentiality)
            && self.since.is_none_or(|since| start_date >= since)
            && self.until.is_none_or(|until| start_date <= until)
            && self.track.is_none_or(|wanted| track == Some(wanted))
    }
}

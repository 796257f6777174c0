//! Which meetings a query may use: a time window and the confidentiality levels the
//! reader is entitled to.

use super::model::MeetingNode;
use crate::domain::{Confidentiality, Meeting};
use chrono::NaiveDate;

/// The meetings a query may use. Dates select by start date, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The most confidential level whose meetings are visible.
    pub up_to: Confidentiality,
}

impl Scope {
    /// Every meeting of every level, at any time.
    pub fn everything() -> Self {
        Scope {
            since: None,
            until: None,
            up_to: Confidentiality::Confidential,
        }
    }

    /// The same scope narrowed to a time window.
    pub fn window(self, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Self {
        Scope {
            since,
            until,
            ..self
        }
    }

    /// Whether the meeting is in scope.
    pub fn admits(&self, meeting: &MeetingNode) -> bool {
        self.admits_at(meeting.start_date, meeting.confidentiality)
    }

    /// Whether a meeting record is in scope.
    pub fn admits_record(&self, meeting: &Meeting) -> bool {
        self.admits_at(meeting.start_date, meeting.confidentiality)
    }

    fn admits_at(&self, start_date: NaiveDate, confidentiality: Confidentiality) -> bool {
        confidentiality <= self.up_to
            && self.since.is_none_or(|since| start_date >= since)
            && self.until.is_none_or(|until| start_date <= until)
    }
}

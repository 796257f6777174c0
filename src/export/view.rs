//! The part of the data a reader may take away: the meetings in their scope (role
//! and time window) with the links of those meetings; people, organisations,
//! affiliations and measures as they are.

use crate::domain::Dataset;
use crate::network::Scope;
use std::collections::HashSet;

/// `data` with every meeting outside `scope` removed, and with it every
/// participation, organisation role and measure link of such a meeting.
pub fn view(data: &Dataset, scope: &Scope) -> Dataset {
    let meetings: Vec<_> = data
        .meetings
        .iter()
        .filter(|m| scope.admits_record(m))
        .cloned()
        .collect();
    let kept: HashSet<&str> = meetings.iter().map(|m| m.id.as_str()).collect();
    Dataset {
        organisations: data.organisations.clone(),
        people: data.people.clone(),
        affiliations: data.affiliations.clone(),
        participations: data
            .participations
            .iter()
            .filter(|p| kept.contains(p.meeting_id.as_str()))
            .cloned()
            .collect(),
        meeting_organisations: data
            .meeting_organisations
            .iter()
            .filter(|r| kept.contains(r.meeting_id.as_str()))
            .cloned()
            .collect(),
        measures: data.measures.clone(),
        meeting_measures: data
            .meeting_measures
            .iter()
            .filter(|l| kept.contains(l.meeting_id.as_str()))
            .cloned()
            .collect(),
        meetings,
    }
}

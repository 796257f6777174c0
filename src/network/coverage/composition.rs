//! Meeting composition: who was in each meeting, and the flags that mark an
//! unbalanced one.

use crate::domain::{Gender, ParticipationRole};
use crate::network::analysis::crosses;
use crate::network::{MeetingIx, Network, PersonIx, share};
use std::collections::BTreeMap;

/// Who took part in one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingComposition {
    pub meeting: MeetingIx,
    pub participants: usize,
    pub genders: BTreeMap<String, usize>,
    pub sides: BTreeMap<String, usize>,
    pub tags: BTreeMap<String, usize>,
    pub roles: BTreeMap<String, usize>,
    /// No participant is recorded as a woman.
    pub no_women: bool,
    /// At least one speaker or facilitator, and all of them men.
    pub only_men_speaking: bool,
    /// No two participants form a cross-divide pair.
    pub one_sided: bool,
    /// Women / (women + men); None when no one's gender is recorded as either.
    pub gender_balance: Option<f64>,
}

pub fn meeting_composition(network: &Network, m: MeetingIx) -> MeetingComposition {
    let people = network.participants(m);
    let mut genders = BTreeMap::new();
    let mut sides = BTreeMap::new();
    let mut tags = BTreeMap::new();
    let mut roles = BTreeMap::new();
    let mut speakers = 0;
    let mut male_speakers = 0;
    for &p in people {
        let person = network.person(p);
        *genders.entry(person.gender_label().to_owned()).or_insert(0) += 1;
        *sides.entry(person.side_label().to_owned()).or_insert(0) += 1;
        for tag in person.tag_labels() {
            *tags.entry(tag.to_owned()).or_insert(0) += 1;
        }
        let role = network.role(p, m);
        *roles.entry(role.as_str().to_owned()).or_insert(0) += 1;
        if matches!(
            role,
            ParticipationRole::Speaker | ParticipationRole::Facilitator
        ) {
            speakers += 1;
            if person.gender == Some(Gender::Male) {
                male_speakers += 1;
            }
        }
    }
    let side = |p: PersonIx| network.person(p).side.as_deref();
    let one_sided = !people
        .iter()
        .enumerate()
        .any(|(i, &a)| people[i + 1..].iter().any(|&b| crosses(side(a), side(b))));
    let women = genders.get("female").copied().unwrap_or(0);
    let men = genders.get("male").copied().unwrap_or(0);
    MeetingComposition {
        meeting: m,
        participants: people.len(),
        no_women: women == 0,
        only_men_speaking: speakers > 0 && male_speakers == speakers,
        one_sided,
        gender_balance: share(women, women + men),
        genders,
        sides,
        tags,
        roles,
    }
}

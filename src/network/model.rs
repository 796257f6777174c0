//! The network snapshot: people, meetings and organisations, and the person <->
//! meeting incidence graph ([`Bipartite`], a petgraph graph) that the
//! who-has-met-whom queries and the met graph walk.

use super::adjacency::Lists;
use super::bipartite::Bipartite;
use super::index::{MeetingIx, PersonIx};
use crate::domain::{
    Confidentiality, Dataset, Gender, Meeting, MeetingFormat, Organisation, OrganisationKind,
    OrganisationRole, ParticipationRole, Person, Track,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// A person as the network knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonNode {
    pub id: String,
    pub side: Option<String>,
    pub gender: Option<Gender>,
    pub tags: Vec<String>,
    pub country: Option<String>,
    pub birth_year: Option<i32>,
    /// Whether the person's identity is withheld from readers below analyst.
    pub sensitive: bool,
    /// Whether this copy of the person has its attributes withheld (a sensitive
    /// person in [`Network::masked`]): every breakdown counts them as `withheld`.
    pub withheld: bool,
}

/// The label of an attribute that is not recorded.
pub const UNKNOWN: &str = "unknown";
/// The label of an attribute withheld from the reader (a masked sensitive person).
pub const WITHHELD: &str = "withheld";

impl PersonNode {
    /// The side as a group label: `withheld`, the side, or `unknown`.
    pub fn side_label(&self) -> &str {
        self.label(self.side.as_deref())
    }

    /// The gender as a group label: `withheld`, the gender, or `unknown`.
    pub fn gender_label(&self) -> &str {
        self.label(self.gender.map(Gender::as_str))
    }

    /// The country as a group label: `withheld`, the code, or `unknown`.
    pub fn country_label(&self) -> &str {
        self.label(self.country.as_deref())
    }

    /// The tags as group labels: `withheld` alone for a withheld person.
    pub fn tag_labels(&self) -> Vec<&str> {
        if self.withheld {
            vec![WITHHELD]
        } else {
            self.tags.iter().map(String::as_str).collect()
        }
    }

    fn label<'a>(&self, value: Option<&'a str>) -> &'a str {
        if self.withheld {
            WITHHELD
        } else {
            value.unwrap_or(UNKNOWN)
        }
    }
}

/// A meeting as the network knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingNode {
    pub id: String,
    pub start_date: NaiveDate,
    pub series: Option<String>,
    pub format: Option<MeetingFormat>,
    pub track: Option<Track>,
    pub confidentiality: Confidentiality,
    pub country: Option<String>,
}

impl MeetingNode {
    /// The order of meetings in the network: by start date, then id.
    pub fn order_key(&self) -> (NaiveDate, &str) {
        (self.start_date, &self.id)
    }
}

impl From<&Meeting> for MeetingNode {
    fn from(m: &Meeting) -> Self {
        MeetingNode {
            id: m.id.to_string(),
            start_date: m.start_date,
            series: m.series.clone(),
            format: m.format,
            track: m.track,
            confidentiality: m.confidentiality,
            country: m.country.as_ref().map(ToString::to_string),
        }
    }
}

impl From<&Person> for PersonNode {
    fn from(p: &Person) -> Self {
        PersonNode {
            id: p.id.to_string(),
            side: p.side.as_ref().map(ToString::to_string),
            gender: p.gender,
            tags: p.tags.labels().iter().map(ToString::to_string).collect(),
            country: p.country.as_ref().map(ToString::to_string),
            birth_year: p.birth_year,
            sensitive: p.sensitive,
            withheld: false,
        }
    }
}

impl From<&Organisation> for OrganisationNode {
    fn from(o: &Organisation) -> Self {
        OrganisationNode {
            id: o.id.to_string(),
            kind: o.kind,
        }
    }
}

/// A plan's measure as the network knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureNode {
    pub id: String,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub target_tags: Vec<String>,
    pub target_sides: Vec<String>,
    pub target_genders: Vec<Gender>,
    /// Indices of the meetings linked to it.
    pub meetings: Vec<MeetingIx>,
}

/// An organisation as the network knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationNode {
    pub id: String,
    pub kind: OrganisationKind,
}

/// A person's affiliation with an organisation over a period (open ends unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AffiliationSpan {
    /// Organisation index.
    pub organisation: u32,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl AffiliationSpan {
    /// Whether the affiliation held on `date`.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// What the network knows of one participation beyond who and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Detail {
    pub role: ParticipationRole,
    /// The organisation index the person represented there, `NO_ORGANISATION` if none.
    pub organisation: u32,
}

/// Where the person with `id` is among `people`, which are in id order, or in the
/// order whose id order `id_order` gives.
pub(super) fn person_position(
    people: &[Arc<PersonNode>],
    id_order: Option<&[PersonIx]>,
    id: &str,
) -> Option<PersonIx> {
    let found = match id_order {
        None => people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .map(PersonIx::new),
        Some(order) => order
            .binary_search_by(|&i| people[i.index()].id.as_str().cmp(id))
            .map(|k| order[k]),
    };
    found.ok()
}

/// Each meeting's organisations (indices) and their roles.
pub(super) type MeetingRoles = Lists<(u32, OrganisationRole), MeetingIx>;

/// Marks a participation without a represented organisation.
pub(super) const NO_ORGANISATION: u32 = u32::MAX;

/// A query named something the network does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    #[error("person '{0}' does not exist")]
    UnknownPerson(String),
    #[error("the data refers to {kind} '{id}', which does not exist")]
    DanglingReference { kind: &'static str, id: String },
}

/// An immutable snapshot of the relationship model at one data version.
///
/// The records are shared (`Arc`) between a snapshot and the ones patched from it
/// ([`Network::patched`]): a patch copies only what its change reaches.
#[derive(Debug, Clone)]
pub struct Network {
    pub(super) version: i64,
    /// In id order, except in a masked copy (see `id_order`).
    pub(super) people: Arc<Vec<Arc<PersonNode>>>,
    /// Sorted by (start date, id), so that meeting indices run in time order.
    pub(super) meetings: Arc<Vec<Arc<MeetingNode>>>,
    /// In id order.
    pub(super) organisations: Arc<Vec<OrganisationNode>>,
    /// The person indices in id order, when the people are in another order (a
    /// masked copy); `None` when they are in id order.
    pub(super) id_order: Option<Arc<Vec<PersonIx>>>,
    /// The meeting indices in id order.
    pub(super) meeting_ids: Arc<Vec<MeetingIx>>,
    /// Who took part in which meeting: a person's meetings ascending (so in time
    /// order), a meeting's people ascending.
    pub(super) incidence: Bipartite<PersonIx, MeetingIx>,
    /// Each person's affiliations.
    pub(super) affiliations: Arc<Lists<AffiliationSpan, PersonIx>>,
    /// Each participation's role and represented organisation, in the incidence
    /// graph's participation order ([`Bipartite::position`]).
    pub(super) details: Vec<Detail>,
    /// Each meeting's organisations and their roles.
    pub(super) meeting_roles: Arc<MeetingRoles>,
    pub(super) measures: Arc<Vec<MeasureNode>>,
}

impl Network {
    /// Builds the snapshot of `data` at data version `version`.
    pub fn build(data: &Dataset, version: i64) -> Result<Network, NetworkError> {
        // Ordered here, whatever order (or collation) the store used.
        let mut people: Vec<Arc<PersonNode>> =
            data.people.iter().map(|p| Arc::new(p.into())).collect();
        let mut meetings: Vec<Arc<MeetingNode>> =
            data.meetings.iter().map(|m| Arc::new(m.into())).collect();
        let mut organisations: Vec<OrganisationNode> =
            data.organisations.iter().map(Into::into).collect();
        people.sort_by(|a, b| a.id.cmp(&b.id));
        meetings.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        organisations.sort_by(|a, b| a.id.cmp(&b.id));

        // Built once and looked up for every row: a fast hash, as the ids are the
        // service's own data, not a request's.
        type Index<'a> = HashMap<&'a str, u32, foldhash::fast::RandomState>;
        fn index<'a>(ids: impl Iterator<Item = &'a str>) -> Index<'a> {
            ids.enumerate().map(|(i, id)| (id, i as u32)).collect()
        }
        let person_index = index(people.iter().map(|p| p.id.as_str()));
        let meeting_index = index(meetings.iter().map(|m| m.id.as_str()));
        let org_index = index(organisations.iter().map(|o| o.id.as_str()));
        let lookup = |map: &Index<'_>, kind: &'static str, id: &str| {
            map.get(id)
                .copied()
                .ok_or_else(|| NetworkError::DanglingReference {
                    kind,
                    id: id.to_owned(),
                })
        };

        let mut rows = Vec::with_capacity(data.participations.len());
        for p in &data.participations {
            let person =
                PersonIx::new(lookup(&person_index, "person", p.person_id.as_str())? as usize);
            let meeting =
                MeetingIx::new(lookup(&meeting_index, "meeting", p.meeting_id.as_str())? as usize);
            let organisation = match &p.organisation_id {
                Some(id) => lookup(&org_index, "organisation", id.as_str())?,
                None => NO_ORGANISATION,
            };
            rows.push((
                person,
                meeting,
                Detail {
                    role: p.role,
                    organisation,
                },
            ));
        }
        // In the incidence graph's participation order; a repeated pair counts once.
        rows.sort_unstable_by_key(|&(p, m, _)| (p, m));
        rows.dedup_by_key(|&mut (p, m, _)| (p, m));
        let details = rows.iter().map(|&(_, _, d)| d).collect();
        let pairs = rows.into_iter().map(|(p, m, _)| (p, m)).collect();
        let mut affiliations = vec![Vec::new(); people.len()];
        for a in &data.affiliations {
            let person = lookup(&person_index, "person", a.person_id.as_str())?;
            let org = lookup(&org_index, "organisation", a.organisation_id.as_str())?;
            affiliations[person as usize].push(AffiliationSpan {
                organisation: org,
                start: a.start_date,
                end: a.end_date,
            });
        }
        let mut meeting_roles = vec![Vec::new(); meetings.len()];
        for r in &data.meeting_organisations {
            let meeting = lookup(&meeting_index, "meeting", r.meeting_id.as_str())?;
            let org = lookup(&org_index, "organisation", r.organisation_id.as_str())?;
            meeting_roles[meeting as usize].push((org, r.role));
        }

        let mut measures: Vec<MeasureNode> = data
            .measures
            .iter()
            .map(|m| MeasureNode {
                id: m.id.to_string(),
                start_year: m.start_year,
                end_year: m.end_year,
                target_tags: m
                    .target_tags
                    .labels()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                target_sides: m
                    .target_sides
                    .labels()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                target_genders: m.target_genders.genders().to_vec(),
                meetings: Vec::new(),
            })
            .collect();
        let measure_index = index(measures.iter().map(|m| m.id.as_str()));
        let mut links = Vec::with_capacity(data.meeting_measures.len());
        for link in &data.meeting_measures {
            let meeting = lookup(&meeting_index, "meeting", link.meeting_id.as_str())?;
            let measure = lookup(&measure_index, "measure", link.measure_id.as_str())?;
            links.push((measure, MeetingIx::new(meeting as usize)));
        }
        for (measure, meeting) in links {
            measures[measure as usize].meetings.push(meeting);
        }
        for measure in &mut measures {
            measure.meetings.sort_unstable();
        }
        let mut meeting_ids: Vec<MeetingIx> = (0..meetings.len()).map(MeetingIx::new).collect();
        meeting_ids.sort_by(|&a, &b| meetings[a.index()].id.cmp(&meetings[b.index()].id));

        Ok(Network {
            version,
            incidence: Bipartite::from_pairs(people.len(), meetings.len(), pairs),
            affiliations: Arc::new(Lists::from_rows(affiliations)),
            details,
            meeting_roles: Arc::new(Lists::from_rows(meeting_roles)),
            measures: Arc::new(measures),
            people: Arc::new(people),
            meetings: Arc::new(meetings),
            organisations: Arc::new(organisations),
            id_order: None,
            meeting_ids: Arc::new(meeting_ids),
        })
    }

    /// The data version (change-log id) this snapshot reflects.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The people, in id order (a masked copy: in the order its reader lists them).
    pub fn people(&self) -> &[Arc<PersonNode>] {
        &self.people
    }

    /// Meetings in (start date, id) order.
    pub fn meetings(&self) -> &[Arc<MeetingNode>] {
        &self.meetings
    }

    /// The person with index `person`.
    pub fn person(&self, person: PersonIx) -> &PersonNode {
        &self.people[person.index()]
    }

    /// The meeting with index `meeting`.
    pub fn meeting(&self, meeting: MeetingIx) -> &MeetingNode {
        &self.meetings[meeting.index()]
    }

    pub fn organisations(&self) -> &[OrganisationNode] {
        &self.organisations
    }

    /// The plan's measures, in the order of the data.
    pub fn measures(&self) -> &[MeasureNode] {
        &self.measures
    }

    /// The people who took part in the meeting with index `meeting`, ascending.
    pub fn participants(&self, meeting: MeetingIx) -> &[PersonIx] {
        self.incidence.people_of(meeting)
    }

    /// Who took part in which meeting, as a petgraph graph.
    pub fn incidence(&self) -> &Bipartite<PersonIx, MeetingIx> {
        &self.incidence
    }

    /// A participation's role (participant when not recorded).
    pub fn role(&self, person: PersonIx, meeting: MeetingIx) -> ParticipationRole {
        self.detail(person, meeting)
            .map_or(ParticipationRole::Participant, |d| d.role)
    }

    fn detail(&self, person: PersonIx, meeting: MeetingIx) -> Option<&Detail> {
        let meetings = self.incidence.meetings_of(person);
        let i = meetings.binary_search(&meeting).ok()?;
        self.details.get(self.incidence.position(person, i))
    }

    /// The organisations behind a participant at a meeting: the one represented there
    /// and those the person was affiliated with on the meeting's start date.
    pub fn organisations_behind(&self, person: PersonIx, meeting: MeetingIx) -> Vec<u32> {
        let date = self.meetings[meeting.index()].start_date;
        let mut orgs: Vec<u32> = self
            .affiliations
            .of(person)
            .iter()
            .filter(|span| span.holds_on(date))
            .map(|span| span.organisation)
            .collect();
        if let Some(d) = self.detail(person, meeting)
            && d.organisation != NO_ORGANISATION
        {
            orgs.push(d.organisation);
        }
        orgs.sort_unstable();
        orgs.dedup();
        orgs
    }

    /// The organisations with a role in the meeting.
    pub fn meeting_roles(&self, meeting: MeetingIx) -> &[(u32, OrganisationRole)] {
        self.meeting_roles.of(meeting)
    }

    /// The index of a person by id.
    pub fn person_index(&self, id: &str) -> Result<PersonIx, NetworkError> {
        person_position(
            &self.people,
            self.id_order.as_deref().map(Vec::as_slice),
            id,
        )
        .ok_or_else(|| NetworkError::UnknownPerson(id.to_owned()))
    }

    /// The number of people who took part in the meeting with index `meeting`.
    pub fn meeting_size(&self, meeting: MeetingIx) -> usize {
        self.incidence.people_of(meeting).len()
    }

    /// Whether `person` is in this network exactly as the record has them: every
    /// attribute the model holds (a name, say, it does not) is the same.
    pub fn holds_as_is(&self, person: &Person) -> bool {
        self.person_index(person.id.as_str())
            .is_ok_and(|i| *self.people[i.index()] == PersonNode::from(person))
    }

    /// The index of a meeting by id.
    pub fn meeting_position(&self, id: &str) -> Option<MeetingIx> {
        self.meeting_ids
            .binary_search_by(|&i| self.meetings[i.index()].id.as_str().cmp(id))
            .ok()
            .map(|k| self.meeting_ids[k])
    }

    /// A meeting by id.
    pub fn meeting_by_id(&self, id: &str) -> Option<&MeetingNode> {
        self.meeting_position(id)
            .map(|i| &*self.meetings[i.index()])
    }

    /// The index of an organisation by id.
    pub fn organisation_position(&self, id: &str) -> Option<u32> {
        self.organisations
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .ok()
            .map(|i| i as u32)
    }

    /// The number of participations (person - meeting links).
    pub fn participation_count(&self) -> usize {
        self.incidence.participation_count()
    }
}

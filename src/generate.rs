//! A generator of realistic synthetic bundles, for benchmarks, tests and demos at any
//! scale. Deterministic per seed.
//!
//! For `people` people it makes about people/20 organisations, people/4 meetings and
//! 6 x people participations: meeting sizes heavy-tailed between 3 and 300 (log-normal,
//! mean about 24); attendance heavy-tailed (a Pareto activity per person), with 5% of
//! people who never attend; three in four meetings drawn from one side, the rest
//! mixed; sides, genders, countries (diaspora abroad), birth years, tags, tracks,
//! formats, confidentiality and dates between 2008 and mid-2026.

use crate::domain::{
    Affiliation, Confidentiality, CountryCode, Dataset, EntityId, FieldError, Gender, Label,
    LabelList, Meeting, MeetingFormat, MeetingOrganisation, Organisation, OrganisationKind,
    OrganisationRole, Participation, ParticipationRole, Person, Track,
};
use crate::random::SplitMix;
use chrono::{Days, NaiveDate};

/// The sides, with their weights; `None` is an unrecorded side.
const SIDES: [(Option<&str>, f64); 5] = [
    (Some("armenian"), 0.35),
    (Some("azerbaijani"), 0.35),
    (Some("georgian"), 0.12),
    (Some("international"), 0.10),
    (None, 0.08),
];
const HOME: [&str; 4] = ["AM", "AZ", "GE", "CH"];
const ABROAD: [&str; 6] = ["US", "GB", "DE", "FR", "NL", "RU"];
const TAGS: [&str; 12] = [
    "youth",
    "diaspora",
    "displaced",
    "border_community",
    "journalist",
    "civil_society",
    "diplomat",
    "official",
    "academic",
    "women_group",
    "expert",
    "veteran",
];

struct Draw(SplitMix);

impl Draw {
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A standard normal deviate (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Samples from `cumulative` weights (ascending) by binary search.
fn pick(cumulative: &[f64], draw: &mut Draw) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let x = draw.unit() * total;
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len().saturating_sub(1))
}

fn id(text: String) -> Result<EntityId, FieldError> {
    EntityId::parse(&text)
}

/// Generates a bundle of `people` people (at least 20) from `seed`.
pub fn generate(people: usize, seed: u64) -> Result<Dataset, FieldError> {
    let people = people.max(20);
    let mut draw = Draw(SplitMix::new(seed ^ 0x7065_6163_656e_6574));
    let side_weights: Vec<f64> = SIDES.iter().map(|(_, w)| *w).collect();
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).unwrap_or(NaiveDate::MIN);
    let span_days = 6755; // 2008-01-01 .. 2026-06-30

    // Organisations.
    let kinds = [
        (OrganisationKind::Ngo, 0.35),
        (OrganisationKind::Academic, 0.15),
        (OrganisationKind::ThinkTank, 0.12),
        (OrganisationKind::Government, 0.08),
        (OrganisationKind::Media, 0.08),
        (OrganisationKind::Donor, 0.06),
        (OrganisationKind::Intergovernmental, 0.05),
        (OrganisationKind::Community, 0.06),
        (OrganisationKind::Parliament, 0.02),
        (OrganisationKind::Business, 0.03),
    ];
    let kind_weights: Vec<f64> = kinds.iter().map(|(_, w)| *w).collect();
    let org_count = (people / 20).max(2);
    let mut organisations = Vec::with_capacity(org_count);
    let mut org_side = Vec::with_capacity(org_count);
    for o in 0..org_count {
        let side = draw.weighted(&side_weights);
        let kind = kinds[draw.weighted(&kind_weights)].0;
        organisations.push(Organisation {
            id: id(format!("org-{o:05}"))?,
            name: format!("Organisation {o}"),
            kind,
            country: Some(CountryCode::parse(HOME[side.min(3)])?),
            side: SIDES[side].0.map(Label::parse).transpose()?,
        });
        org_side.push(side);
    }

    // People, with a heavy-tailed activity; 5% never attend.
    let mut persons = Vec::with_capacity(people);
    let mut side_of = Vec::with_capacity(people);
    let mut activity = Vec::with_capacity(people);
    for p in 0..people {
        let side = draw.weighted(&side_weights);
        let gender = match draw.weighted(&[0.45, 0.45, 0.01, 0.09]) {
            0 => Some(Gender::Female),
            1 => Some(Gender::Male),
            2 => Some(Gender::Other),
            _ => None,
        };
        let mut tags = Vec::new();
        for _ in 0..draw.below(3) {
            let tag = TAGS[draw.below(TAGS.len())];
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let diaspora = tags.contains(&"diaspora") || draw.chance(0.05);
        let country = if side == 3 || diaspora {
            ABROAD[draw.below(ABROAD.len())]
        } else {
            HOME[side.min(3)]
        };
        let labels: Vec<Label> = tags
            .iter()
            .map(|t| Label::parse(t))
            .collect::<Result<_, _>>()?;
        persons.push(Person {
            id: id(format!("p-{p:06}"))?,
            name: format!("Person {p}"),
            gender,
            side: SIDES[side].0.map(Label::parse).transpose()?,
            country: Some(CountryCode::parse(country)?),
            birth_year: draw.chance(0.9).then(|| 1945 + draw.below(61) as i32),
            tags: LabelList::from_labels(labels)?,
            sensitive: draw.chance(0.02),
        });
        side_of.push(side);
        // Pareto(alpha = 1.5) activity, or none.
        activity.push(if draw.chance(0.05) {
            0.0
        } else {
            (1.0 - draw.unit()).powf(-1.0 / 1.5)
        });
    }

    // Affiliations: most people with one organisation of their side, some with two.
    let mut orgs_by_side: Vec<Vec<usize>> = vec![Vec::new(); SIDES.len()];
    for (o, &s) in org_side.iter().enumerate() {
        orgs_by_side[s].push(o);
    }
    let mut affiliations = Vec::new();
    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); people];
    for p in 0..people {
        let count = match draw.weighted(&[0.3, 0.6, 0.1]) {
            0 => 0,
            1 => 1,
            _ => 2,
        };
        for _ in 0..count {
            let pool = &orgs_by_side[side_of[p]];
            let o = if pool.is_empty() || draw.chance(0.2) {
                draw.below(org_count)
            } else {
                pool[draw.below(pool.len())]
            };
            if member_of[p].contains(&o) {
                continue;
            }
            member_of[p].push(o);
            let since = draw
                .chance(0.5)
                .then(|| start + Days::new(draw.below(span_days) as u64));
            affiliations.push(Affiliation {
                person_id: persons[p].id.clone(),
                organisation_id: organisations[o].id.clone(),
                role: Some(
                    ["member", "director", "researcher", "officer"][draw.below(4)].to_owned(),
                ),
                start_date: since,
                end_date: None,
            });
        }
    }

    // Cumulative activity, overall and per side, for drawing participants.
    let cumulative = |members: &[usize]| -> Vec<f64> {
        let mut total = 0.0;
        members
            .iter()
            .map(|&p| {
                total += activity[p];
                total
            })
            .collect()
    };
    let everyone: Vec<usize> = (0..people).collect();
    let all_weights = cumulative(&everyone);
    let by_side: Vec<Vec<usize>> = (0..SIDES.len())
        .map(|s| (0..people).filter(|&p| side_of[p] == s).collect())
        .collect();
    let side_weights_cum: Vec<Vec<f64>> = by_side.iter().map(|m| cumulative(m)).collect();

    let formats = [
        (MeetingFormat::Workshop, 0.35),
        (MeetingFormat::Conference, 0.1),
        (MeetingFormat::Symposium, 0.08),
        (MeetingFormat::ExpertGroup, 0.12),
        (MeetingFormat::Training, 0.1),
        (MeetingFormat::ExchangeVisit, 0.05),
        (MeetingFormat::SummerSchool, 0.04),
        (MeetingFormat::StrategicMeeting, 0.05),
        (MeetingFormat::TownHall, 0.06),
        (MeetingFormat::Online, 0.05),
    ];
    let format_weights: Vec<f64> = formats.iter().map(|(_, w)| *w).collect();
    let tracks = Track::ALL;
    let series_count = (people / 100).max(1);
    let meeting_count = (people / 4).max(1);
    let mut meetings = Vec::with_capacity(meeting_count);
    let mut participations = Vec::with_capacity(people * 6);
    let mut roles = Vec::new();
    for m in 0..meeting_count {
        let meeting_id = id(format!("m-{m:06}"))?;
        let size = (2.678 + draw.normal()).exp().round().clamp(3.0, 300.0) as usize;
        let mixed = draw.chance(0.25);
        let main_side = draw.weighted(&side_weights[..4]);
        let (pool, weights) = if mixed {
            (&everyone, &all_weights)
        } else {
            (&by_side[main_side], &side_weights_cum[main_side])
        };
        let mut chosen: Vec<usize> = Vec::with_capacity(size);
        let mut tries = 0;
        while chosen.len() < size.min(pool.len()) && tries < size * 20 {
            tries += 1;
            let p = pool[pick(weights, &mut draw)];
            if activity[p] > 0.0 && !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        chosen.sort_unstable();
        let day = start + Days::new(draw.below(span_days) as u64);
        let length = draw.below(4) as u64;
        meetings.push(Meeting {
            id: meeting_id.clone(),
            title: format!("Meeting {m}"),
            series: draw
                .chance(0.4)
                .then(|| format!("Series {}", draw.below(series_count))),
            start_date: day,
            end_date: (length > 0).then(|| day + Days::new(length)),
            city: None,
            country: Some(CountryCode::parse(HOME[draw.below(HOME.len())])?),
            format: Some(formats[draw.weighted(&format_weights)].0),
            track: Some(tracks[draw.weighted(&[0.08, 0.2, 0.5, 0.22])]),
            confidentiality: match draw.weighted(&[0.7, 0.25, 0.05]) {
                0 => Confidentiality::Public,
                1 => Confidentiality::Closed,
                _ => Confidentiality::Confidential,
            },
        });
        let organiser = draw.below(org_count);
        roles.push(MeetingOrganisation {
            meeting_id: meeting_id.clone(),
            organisation_id: organisations[organiser].id.clone(),
            role: OrganisationRole::Organiser,
        });
        if draw.chance(0.3) {
            let funder = draw.below(org_count);
            if funder != organiser {
                roles.push(MeetingOrganisation {
                    meeting_id: meeting_id.clone(),
                    organisation_id: organisations[funder].id.clone(),
                    role: OrganisationRole::Funder,
                });
            }
        }
        for (i, &p) in chosen.iter().enumerate() {
            let role = if i == 0 {
                ParticipationRole::Facilitator
            } else {
                match draw.weighted(&[0.85, 0.08, 0.03, 0.02, 0.02]) {
                    0 => ParticipationRole::Participant,
                    1 => ParticipationRole::Speaker,
                    2 => ParticipationRole::Observer,
                    3 => ParticipationRole::Rapporteur,
                    _ => ParticipationRole::Mediator,
                }
            };
            let organisation = (!member_of[p].is_empty() && draw.chance(0.3))
                .then(|| organisations[member_of[p][0]].id.clone());
            participations.push(Participation {
                person_id: persons[p].id.clone(),
                meeting_id: meeting_id.clone(),
                role,
                organisation_id: organisation,
            });
        }
    }

    Ok(Dataset {
        organisations,
        people: persons,
        affiliations,
        meetings,
        participations,
        meeting_organisations: roles,
        measures: Vec::new(),
        meeting_measures: Vec::new(),
    })
}

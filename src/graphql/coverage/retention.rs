//! `Coverage.retention`: who came once only, and who came back from one round of a
//! series to the next.

use super::Coverage;
use super::composition::CompositionWithheld;
use crate::graphql::context::{load_one, load_ordered};
use crate::graphql::loaders::{MeetingKey, PersonKey};
use crate::graphql::pagination::{At, ListTotal, Page, PageRequest, keyed_page};
use crate::graphql::pseudonyms::Position;
use crate::graphql::types::{Meeting, Person};
use crate::network::MeetingIx;
use crate::network::coverage::{self, Count, Withheld};
use async_graphql::{Context, Object, Result};

/// From one round of a series to the next.
pub struct RoundReturn {
    from: String,
    to: String,
    r: coverage::RoundReturn,
    /// Cells [returned, not returned] out of the participants, as the reader gets
    /// them.
    withheld: Withheld,
}

impl RoundReturn {
    /// The returned and the others partition the first round's participants; those
    /// are withheld too where the meeting's own make-up withholds them.
    fn new(
        from: String,
        to: String,
        r: coverage::RoundReturn,
        k: Option<usize>,
        meeting_withheld: bool,
    ) -> Self {
        let mut withheld = match k {
            Some(k) => coverage::withhold(
                &[r.returned, r.participants - r.returned],
                r.participants,
                k,
                true,
            ),
            None => Withheld::none(2),
        };
        if meeting_withheld {
            withheld.total = true;
        }
        RoundReturn {
            from,
            to,
            r,
            withheld,
        }
    }

    fn participants_count(&self) -> Count {
        Count::new(self.r.participants, self.withheld.total)
    }

    fn returned_count(&self) -> Count {
        Count::new(self.r.returned, self.withheld.cell(0))
    }
}

#[Object]
impl RoundReturn {
    async fn from(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.from.clone()))
            .await?
            .map(Meeting))
    }
    async fn to(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.to.clone()))
            .await?
            .map(Meeting))
    }
    /// Participants of the first round (null when withheld).
    async fn participants(&self) -> Option<usize> {
        self.participants_count().value()
    }
    /// Of them, those who came back to the next (null when withheld).
    async fn returned(&self) -> Option<usize> {
        self.returned_count().value()
    }
    /// returned / participants (null when either is withheld).
    async fn share(&self) -> Option<f64> {
        self.returned_count().share_of(self.participants_count())
    }
    /// Whether a count is withheld because it is too small to show.
    async fn suppressed(&self) -> bool {
        self.withheld.cell(0) || self.withheld.cell(1)
    }
}

/// Who came once only, and who came back.
pub struct Retention {
    /// Who came once only, in list order (see [`Position`]), with their real ids.
    once_only: Vec<(Position, String)>,
    /// People who took part: the coverage totals' people, as the reader gets them.
    participants: Count,
    /// How many came once only, as the reader gets it.
    once_only_count: Count,
    rounds: Vec<RoundReturn>,
}

#[Object]
impl Retention {
    /// People who took part in a selected meeting (null for a viewer when the
    /// coverage totals are withheld).
    async fn participants(&self) -> Option<usize> {
        self.participants.value()
    }
    /// People who took part once and never again (null for a viewer when withheld).
    async fn once_only(&self) -> Option<usize> {
        self.once_only_count.value()
    }
    /// onceOnly / participants (null when either is withheld).
    async fn once_only_share(&self) -> Option<f64> {
        self.once_only_count.share_of(self.participants)
    }
    /// The people who took part once only: named people by id, then (for readers
    /// who see sensitive people under pseudonyms) those people by pseudonym. Empty
    /// for a viewer when `onceOnly` is withheld (the list would count them).
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn once_only_people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Person>> {
        let request = PageRequest::new(ctx, first, after)?;
        let after = request.after_person()?;
        let listed: &[(Position, String)] = if self.once_only_count.is_withheld() {
            &[]
        } else {
            &self.once_only
        };
        let rest: Vec<&(Position, String)> = listed
            .iter()
            .filter(|((part, key), _)| after.is_none_or(|a| (*part, key.as_str()) > a))
            .collect();
        let keys: Vec<PersonKey> = rest
            .iter()
            .take(request.limit)
            .map(|(_, id)| PersonKey(id.clone()))
            .collect();
        let people = load_ordered(ctx, keys).await?;
        let mut rows = Vec::with_capacity(people.len());
        for p in people {
            let (part, key) =
                crate::graphql::pseudonyms::position(ctx, p.id.as_str(), p.sensitive)?;
            rows.push((At::Person(part, key), Person(p)));
        }
        Ok(keyed_page(
            &request,
            rest.len() > request.limit,
            ListTotal::Known(listed.len()),
            rows,
        ))
    }
    /// Consecutive rounds of the series asked about.
    async fn rounds(&self) -> &[RoundReturn] {
        &self.rounds
    }
}

impl Coverage {
    pub(super) async fn resolve_retention(
        &self,
        ctx: &Context<'_>,
        series: Option<String>,
    ) -> Result<Retention> {
        let k = self.k;
        let (r, from_withheld) = self
            .blocking(move |n, m, _| {
                let r = coverage::retention(n, m, series.as_deref());
                let from_withheld: Vec<bool> = r
                    .rounds
                    .iter()
                    .map(|round| {
                        let c = coverage::meeting_composition(n, round.from);
                        CompositionWithheld::of(&c, k).participants
                    })
                    .collect();
                (r, from_withheld)
            })
            .await?;
        let id = |m: MeetingIx| self.network().meeting(m).id.clone();
        let mut once_only = Vec::with_capacity(r.once_only.len());
        for &p in &r.once_only {
            let person = self.network().person(p);
            let position = crate::graphql::pseudonyms::position(ctx, &person.id, person.sensitive)?;
            once_only.push((position, person.id.clone()));
        }
        once_only.sort();
        let participants = self.published.people;
        let once = r.once_only.len();
        let once_withheld = match k {
            Some(k) => {
                participants.is_withheld()
                    || coverage::withhold(&[once, r.participants - once], r.participants, k, true)
                        .cell(0)
            }
            None => false,
        };
        Ok(Retention {
            once_only,
            participants,
            once_only_count: Count::new(once, once_withheld),
            rounds: r
                .rounds
                .into_iter()
                .zip(from_withheld)
                .map(|(r, w)| RoundReturn::new(id(r.from), id(r.to), r, k, w))
                .collect(),
        })
    }
}

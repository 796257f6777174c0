//! Who-has-met-whom types: answers computed on the relationship model, resolving
//! people and meetings through the loaders.

use super::entities::{Meeting, Person, meetings_page};
use crate::graphql::context::{load_one, load_ordered};
use crate::graphql::loaders::{MeetingKey, PersonKey};
use crate::graphql::pagination::Page;
use crate::graphql::scalars::{Date, Int64};
use crate::network;
use async_graphql::{Context, Object, Result, SimpleObject};

async fn meetings(ctx: &Context<'_>, ids: &[String]) -> Result<Vec<Meeting>> {
    let keys = ids.iter().cloned().map(MeetingKey).collect();
    Ok(load_ordered(ctx, keys)
        .await?
        .into_iter()
        .map(Meeting)
        .collect())
}

async fn person(ctx: &Context<'_>, id: &str) -> Result<Option<Person>> {
    Ok(load_one(ctx, PersonKey(id.to_owned())).await?.map(Person))
}

/// Whether two people have met, and where.
pub struct Encounter {
    /// The shared meetings' ids, in time order.
    pub meeting_ids: Vec<String>,
    pub first: Option<chrono::NaiveDate>,
    pub last: Option<chrono::NaiveDate>,
}

impl Encounter {
    pub fn new(shared: &[&network::MeetingNode]) -> Self {
        Encounter {
            meeting_ids: shared.iter().map(|m| m.id.clone()).collect(),
            first: shared.first().map(|m| m.start_date),
            last: shared.last().map(|m| m.start_date),
        }
    }
}

#[Object]
impl Encounter {
    /// Whether they took part in at least one meeting together.
    async fn met(&self) -> bool {
        !self.meeting_ids.is_empty()
    }

    /// How many meetings they shared.
    async fn meeting_count(&self) -> usize {
        self.meeting_ids.len()
    }

    /// The start date of the first shared meeting.
    async fn first_met(&self) -> Option<Date> {
        self.first.map(Date)
    }

    /// The start date of the last shared meeting.
    async fn last_met(&self) -> Option<Date> {
        self.last.map(Date)
    }

    /// The shared meetings, in time order.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        meetings_page(ctx, first, after, self.meeting_ids.iter().cloned()).await
    }
}

/// Someone a person has met.
pub struct Contact {
    pub person_id: String,
    pub encounter: Encounter,
}

impl From<&network::Contact<'_>> for Contact {
    fn from(c: &network::Contact<'_>) -> Self {
        Contact {
            person_id: c.person.id.clone(),
            encounter: Encounter::new(&c.meetings),
        }
    }
}

#[Object]
impl Contact {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, &self.person_id).await
    }

    /// How many meetings they shared.
    async fn shared_meetings(&self) -> usize {
        self.encounter.meeting_ids.len()
    }

    async fn first_met(&self) -> Option<Date> {
        self.encounter.first.map(Date)
    }

    async fn last_met(&self) -> Option<Date> {
        self.encounter.last.map(Date)
    }

    /// The shared meetings, in time order.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let ids = self.encounter.meeting_ids.iter().cloned();
        meetings_page(ctx, first, after, ids).await
    }
}

/// One link of a chain: `from` met `to` at `meeting`.
pub struct ChainStep {
    from: String,
    to: String,
    meeting: String,
}

#[Object]
impl ChainStep {
    async fn from(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, &self.from).await
    }

    async fn to(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, &self.to).await
    }

    /// A meeting both took part in.
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(meetings(ctx, std::slice::from_ref(&self.meeting))
            .await?
            .into_iter()
            .next())
    }
}

/// The shortest chain of acquaintance between two people.
pub struct AcquaintanceChain {
    people: Vec<String>,
    steps: Vec<ChainStep>,
}

impl AcquaintanceChain {
    pub fn new(from: &str, steps: &[network::ChainStep<'_>]) -> Self {
        let mut people = vec![from.to_owned()];
        people.extend(steps.iter().map(|s| s.to.id.clone()));
        AcquaintanceChain {
            people,
            steps: steps
                .iter()
                .map(|s| ChainStep {
                    from: s.from.id.clone(),
                    to: s.to.id.clone(),
                    meeting: s.meeting.id.clone(),
                })
                .collect(),
        }
    }
}

#[Object]
impl AcquaintanceChain {
    /// The number of steps (1 = they met directly; 0 = the same person).
    async fn length(&self) -> usize {
        self.steps.len()
    }

    /// Everyone on the chain, from the first person to the last.
    async fn people(&self, ctx: &Context<'_>) -> Result<Vec<Person>> {
        let keys = self.people.iter().cloned().map(PersonKey).collect();
        Ok(load_ordered(ctx, keys)
            .await?
            .into_iter()
            .map(Person)
            .collect())
    }

    async fn steps(&self) -> &[ChainStep] {
        &self.steps
    }
}

/// The size of the network a reader sees.
#[derive(SimpleObject)]
pub struct NetworkOverview {
    /// The data version (change-log id) the model reflects.
    pub version: Int64,
    /// People in the data.
    pub people: usize,
    /// Meetings in scope.
    pub meetings: usize,
    pub organisations: usize,
    /// Participations in in-scope meetings.
    pub participations: usize,
    /// Pairs of people who have met (edges of the met graph).
    pub ties: usize,
}

impl NetworkOverview {
    pub fn of(network: &network::Network, scope: &network::Scope) -> Self {
        let met = network::MetGraph::build(network, scope);
        let in_scope: Vec<network::MeetingIx> = network::index::all(network.meetings().len())
            .filter(|&i| scope.admits(network.meeting(i)))
            .collect();
        let participations = in_scope.iter().map(|&i| network.meeting_size(i)).sum();
        NetworkOverview {
            version: Int64(network.version()),
            people: network.people().len(),
            meetings: in_scope.len(),
            organisations: network.organisations().len(),
            participations,
            ties: met.tie_count(),
        }
    }
}

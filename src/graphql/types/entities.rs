//! Entity types: people, meetings and organisations, with their relations in both
//! directions (measures are in `measure.rs`).

use super::enums::{Confidentiality, Gender, MeetingFormat, OrganisationKind, Track};
use super::links::{Affiliation, MeetingRole, Participation};
use super::measure::Measure;
use super::network::Contact;
use crate::domain;
use crate::graphql::context::{api, load_one, load_ordered};
use crate::graphql::error::ApiError;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::{
    AffiliationsOfOrganisation, AffiliationsOfPerson, MeasureKey, MeasuresOfMeeting, MeetingKey,
    OrganisationKey, ParticipationsForOrganisation, ParticipationsInMeeting,
    ParticipationsOfPerson, PersonKey, RolesInMeeting, RolesOfOrganisation,
};
use crate::graphql::pagination::{Page, loaded_page, offset_page};
use crate::graphql::pseudonyms::{masked, shown_key, withheld};
use crate::graphql::scalars::Date;
use async_graphql::{Context, ID, Object, Result};

/// Distinct strings in first-seen order.
fn distinct(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Meetings sorted by start date, then id.
fn by_date(mut meetings: Vec<domain::Meeting>) -> Vec<domain::Meeting> {
    meetings.sort_by(|a, b| (a.start_date, &a.id).cmp(&(b.start_date, &b.id)));
    meetings
}

/// A page of the meetings of `ids`, in that order.
pub async fn meetings_page(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    ids: impl IntoIterator<Item = String>,
) -> Result<Page<Meeting>> {
    let keys = ids.into_iter().map(MeetingKey).collect();
    Ok(loaded_page(ctx, first, after, keys, Meeting).await?)
}

/// A page of the meetings of `ids`, by date.
pub(super) async fn dated_meetings_page(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    ids: impl IntoIterator<Item = String>,
) -> Result<Page<Meeting>> {
    let keys = ids.into_iter().map(MeetingKey).collect();
    let meetings = by_date(load_ordered(ctx, keys).await?);
    Ok(offset_page(ctx, first, after, meetings, Meeting)?)
}

/// A person who took part in meetings or belongs to organisations.
pub struct Person(pub domain::Person);

impl Person {
    /// The record, unless the person is sensitive and the reader below analyst.
    fn visible(&self, ctx: &Context<'_>) -> Result<Option<&domain::Person>> {
        Ok((!masked(ctx, &self.0)?).then_some(&self.0))
    }
}

#[Object]
impl Person {
    /// The global id, `Person:key`.
    pub async fn id(&self, ctx: &Context<'_>) -> Result<ID> {
        Ok(global_id("Person", &shown_key(ctx, &self.0)?))
    }

    /// The id in bundles; a pseudonym (`anon-...`) for a sensitive person shown to a
    /// reader below analyst.
    async fn key(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(shown_key(ctx, &self.0)?)
    }

    /// Display name (may be a pseudonym); withheld for a sensitive person shown to a
    /// reader below analyst.
    async fn name(&self, ctx: &Context<'_>) -> Result<String> {
        if masked(ctx, &self.0)? {
            Ok(format!("Withheld ({})", shown_key(ctx, &self.0)?))
        } else {
            Ok(self.0.name.clone())
        }
    }

    /// Empty when unknown (or withheld).
    async fn gender(&self, ctx: &Context<'_>) -> Result<Option<Gender>> {
        Ok(self.visible(ctx)?.and_then(|p| p.gender.map(Into::into)))
    }

    /// The constituency the person belongs to (`armenian`, `azerbaijani`, ...).
    async fn side(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self
            .visible(ctx)?
            .and_then(|p| p.side.as_ref().map(ToString::to_string)))
    }

    /// ISO 3166-1 alpha-2 country of residence.
    async fn country(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self
            .visible(ctx)?
            .and_then(|p| p.country.as_ref().map(ToString::to_string)))
    }

    async fn birth_year(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.visible(ctx)?.and_then(|p| p.birth_year))
    }

    /// Groups the person belongs to (`diaspora`, `youth`, `displaced`, ...).
    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        Ok(self
            .visible(ctx)?
            .map(|p| p.tags.labels().iter().map(ToString::to_string).collect())
            .unwrap_or_default())
    }

    /// Whether the person's identity is withheld from readers below analyst.
    async fn sensitive(&self) -> bool {
        self.0.sensitive
    }

    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn affiliations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Affiliation>> {
        let rows = if self.visible(ctx)?.is_none() {
            Vec::new()
        } else {
            let key = AffiliationsOfPerson(self.0.id.to_string());
            load_one(ctx, key).await?.unwrap_or_default()
        };
        Ok(offset_page(ctx, first, after, rows, |(id, record)| {
            Affiliation { id, record }
        })?)
    }

    /// The organisations the person is affiliated with.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Organisation>> {
        let rows = if self.visible(ctx)?.is_none() {
            Vec::new()
        } else {
            let key = AffiliationsOfPerson(self.0.id.to_string());
            load_one(ctx, key).await?.unwrap_or_default()
        };
        let ids = distinct(rows.into_iter().map(|(_, a)| a.organisation_id.to_string()));
        let keys = ids.into_iter().map(OrganisationKey).collect();
        Ok(loaded_page(ctx, first, after, keys, Organisation).await?)
    }

    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn participations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Participation>> {
        let key = ParticipationsOfPerson(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        Ok(offset_page(ctx, first, after, rows, Participation)?)
    }

    /// The meetings the person took part in, by date.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let key = ParticipationsOfPerson(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        let ids = rows.into_iter().map(|p| p.meeting_id.to_string());
        dated_meetings_page(ctx, first, after, ids).await
    }

    /// Everyone the person has met: most shared meetings first, then most recently
    /// met, then by id. `since`/`until` select meetings by start date, inclusive.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        since: Option<Date>,
        until: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Contact>> {
        let api = api(ctx)?;
        let scope =
            crate::graphql::context::scope(ctx)?.window(since.map(|d| d.0), until.map(|d| d.0));
        let snapshot = api.live.current();
        let mut contacts = snapshot
            .network(&scope)
            .contacts(self.0.id.as_str(), &scope)
            .map_err(ApiError::from)?;
        let view = crate::graphql::context::view(ctx)?;
        if view.masks() {
            // Ties are broken by the key the reader knows, so that the order says
            // nothing of a masked person's real id.
            contacts.sort_by_cached_key(|c| {
                (
                    std::cmp::Reverse(c.meetings.len()),
                    std::cmp::Reverse(c.last_met()),
                    view.shown_key(&c.person.id, c.person.sensitive),
                )
            });
        }
        crate::graphql::context::audit_read(
            ctx,
            "contacts",
            crate::graphql::context::non_public(
                contacts.iter().flat_map(|c| c.meetings.iter().copied()),
            ),
        );
        Ok(offset_page(ctx, first, after, contacts, |c| {
            Contact::from(&c)
        })?)
    }
}

/// A meeting: workshop, symposium, expert group...
pub struct Meeting(pub domain::Meeting);

#[Object]
impl Meeting {
    /// The global id, `Meeting:key`.
    pub async fn id(&self) -> ID {
        global_id("Meeting", self.0.id.as_str())
    }

    /// The id in bundles.
    async fn key(&self) -> &str {
        self.0.id.as_str()
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The series it belongs to, e.g. `Breaking the Impasse`.
    async fn series(&self) -> Option<&str> {
        self.0.series.as_deref()
    }

    async fn start_date(&self) -> Date {
        Date(self.0.start_date)
    }

    /// The last day (the start date when no end date is recorded).
    async fn end_date(&self) -> Date {
        Date(self.0.last_day())
    }

    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }

    /// ISO 3166-1 alpha-2.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_ref().map(|c| c.as_str())
    }

    async fn format(&self) -> Option<MeetingFormat> {
        self.0.format.map(Into::into)
    }

    async fn track(&self) -> Option<Track> {
        self.0.track.map(Into::into)
    }

    async fn confidentiality(&self) -> Confidentiality {
        self.0.confidentiality.into()
    }

    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn participations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Participation>> {
        let key = ParticipationsInMeeting(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        Ok(offset_page(ctx, first, after, rows, Participation)?)
    }

    /// The people who took part, by id.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn participants(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Person>> {
        let key = ParticipationsInMeeting(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        let keys = rows
            .into_iter()
            .map(|p| PersonKey(p.person_id.to_string()))
            .collect();
        Ok(loaded_page(ctx, first, after, keys, Person).await?)
    }

    /// The organisations that organised, hosted, funded or partnered in it.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<MeetingRole>> {
        let key = RolesInMeeting(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        Ok(offset_page(ctx, first, after, rows, MeetingRole)?)
    }

    /// The plan measures the meeting implements or advances.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn measures(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Measure>> {
        let key = MeasuresOfMeeting(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        let keys = rows
            .into_iter()
            .map(|r| MeasureKey(r.measure_id.to_string()))
            .collect();
        Ok(loaded_page(ctx, first, after, keys, Measure).await?)
    }
}

/// An organisation: dialogue centre, NGO, university, donor, government...
pub struct Organisation(pub domain::Organisation);

#[Object]
impl Organisation {
    /// The global id, `Organisation:key`.
    pub async fn id(&self) -> ID {
        global_id("Organisation", self.0.id.as_str())
    }

    /// The id in bundles.
    async fn key(&self) -> &str {
        self.0.id.as_str()
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }

    /// ISO 3166-1 alpha-2 of its seat.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_ref().map(|c| c.as_str())
    }

    /// The constituency it belongs to in the conflict.
    async fn side(&self) -> Option<&str> {
        self.0.side.as_ref().map(|s| s.as_str())
    }

    /// Its affiliations (those of withheld people left out).
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn affiliations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Affiliation>> {
        let key = AffiliationsOfOrganisation(self.0.id.to_string());
        let mut rows = load_one(ctx, key).await?.unwrap_or_default();
        rows.retain(|(_, a)| !withheld(ctx, a.person_id.as_str()).unwrap_or(true));
        Ok(offset_page(ctx, first, after, rows, |(id, record)| {
            Affiliation { id, record }
        })?)
    }

    /// The people affiliated with it, by id (withheld people left out).
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Person>> {
        let key = AffiliationsOfOrganisation(self.0.id.to_string());
        let mut rows = load_one(ctx, key).await?.unwrap_or_default();
        rows.retain(|(_, a)| !withheld(ctx, a.person_id.as_str()).unwrap_or(true));
        let mut ids = distinct(rows.into_iter().map(|(_, a)| a.person_id.to_string()));
        ids.sort();
        let keys = ids.into_iter().map(PersonKey).collect();
        Ok(loaded_page(ctx, first, after, keys, Person).await?)
    }

    /// Its roles in meetings (organiser, host, funder, partner).
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meeting_roles(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<MeetingRole>> {
        let key = RolesOfOrganisation(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        Ok(offset_page(ctx, first, after, rows, MeetingRole)?)
    }

    /// The meetings it had a role in, by date.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let key = RolesOfOrganisation(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        let ids = distinct(rows.into_iter().map(|r| r.meeting_id.to_string()));
        dated_meetings_page(ctx, first, after, ids).await
    }

    /// Participations of people who represented it.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn represented_at(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Participation>> {
        let key = ParticipationsForOrganisation(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        Ok(offset_page(ctx, first, after, rows, Participation)?)
    }
}

//! Link types: participations, affiliations and organisations' meeting roles.

use super::entities::{Meeting, Organisation, Person};
use super::enums::{OrganisationRole, ParticipationRole};
use crate::domain;
use crate::graphql::context::load_one;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::{MeetingKey, OrganisationKey, PersonKey};
use crate::graphql::scalars::Date;
use async_graphql::{Context, ID, Object, Result};

/// A person's part in a meeting.
pub struct Participation(pub domain::Participation);

#[Object]
impl Participation {
    async fn role(&self) -> ParticipationRole {
        self.0.role.into()
    }

    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        let key = PersonKey(self.0.person_id.to_string());
        Ok(load_one(ctx, key).await?.map(Person))
    }

    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        let key = MeetingKey(self.0.meeting_id.to_string());
        Ok(load_one(ctx, key).await?.map(Meeting))
    }

    /// The organisation the person represented there, if recorded.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
        let Some(id) = &self.0.organisation_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, OrganisationKey(id.to_string()))
            .await?
            .map(Organisation))
    }
}

/// A person's membership of an organisation.
pub struct Affiliation {
    pub id: i32,
    pub record: domain::Affiliation,
}

#[Object]
impl Affiliation {
    /// The global id, `Affiliation:number`.
    pub async fn id(&self) -> ID {
        global_id("Affiliation", &self.id.to_string())
    }

    /// Title or function.
    async fn role(&self) -> Option<&str> {
        self.record.role.as_deref()
    }

    async fn start_date(&self) -> Option<Date> {
        self.record.start_date.map(Date)
    }

    /// Empty while ongoing.
    async fn end_date(&self) -> Option<Date> {
        self.record.end_date.map(Date)
    }

    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        let key = PersonKey(self.record.person_id.to_string());
        Ok(load_one(ctx, key).await?.map(Person))
    }

    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
        let key = OrganisationKey(self.record.organisation_id.to_string());
        Ok(load_one(ctx, key).await?.map(Organisation))
    }
}

/// An organisation's role in a meeting (organiser, host, funder, partner).
pub struct MeetingRole(pub domain::MeetingOrganisation);

#[Object]
impl MeetingRole {
    async fn role(&self) -> OrganisationRole {
        self.0.role.into()
    }

    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        let key = MeetingKey(self.0.meeting_id.to_string());
        Ok(load_one(ctx, key).await?.map(Meeting))
    }

    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<Organisation>> {
        let key = OrganisationKey(self.0.organisation_id.to_string());
        Ok(load_one(ctx, key).await?.map(Organisation))
    }
}

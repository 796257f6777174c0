//! Writes of the links between records: participations (a person at a meeting)
//! and affiliations (a person with an organisation).

use super::commit::{commit, editor, writer};
use super::input::{end_after_start, entity_id, text_opt};
use crate::domain;
use crate::graphql::error::ApiError;
use crate::graphql::ids::key_of;
use crate::graphql::scalars::Date;
use crate::graphql::types::{Affiliation, Participation, ParticipationRole};
use async_graphql::{Context, ID, InputObject, Object, Result};

/// A person's part in a meeting.
#[derive(InputObject)]
pub struct AddParticipationInput {
    person: ID,
    meeting: ID,
    #[graphql(default_with = "ParticipationRole::Participant")]
    role: ParticipationRole,
    /// The organisation the person represented there.
    organisation: Option<ID>,
}

/// A person's membership of an organisation.
#[derive(InputObject)]
pub struct AddAffiliationInput {
    person: ID,
    organisation: ID,
    role: Option<String>,
    start_date: Option<Date>,
    end_date: Option<Date>,
}

/// Adds and removes participations and affiliations.
#[derive(Default)]
pub struct LinkMutations;

#[Object]
impl LinkMutations {
    /// Records that a person took part in a meeting.
    async fn add_participation(
        &self,
        ctx: &Context<'_>,
        input: AddParticipationInput,
    ) -> Result<Participation> {
        let api = editor(ctx)?;
        let record = domain::Participation {
            person_id: entity_id("input.person", "Person", &input.person)?,
            meeting_id: entity_id("input.meeting", "Meeting", &input.meeting)?,
            role: input.role.into(),
            organisation_id: input
                .organisation
                .map(|o| entity_id("input.organisation", "Organisation", &o))
                .transpose()?,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.add_participation(&writer, &record)).await?;
        Ok(Participation(record))
    }

    /// Removes a participation; returns it as it was.
    async fn remove_participation(
        &self,
        ctx: &Context<'_>,
        person: ID,
        meeting: ID,
    ) -> Result<Participation> {
        let api = editor(ctx)?;
        let person = entity_id("person", "Person", &person)?;
        let meeting = entity_id("meeting", "Meeting", &meeting)?;
        let writer = writer(ctx)?;
        let removed = commit(api, || {
            api.store.remove_participation(&writer, &person, &meeting)
        })
        .await?;
        Ok(Participation(removed))
    }

    /// Records a person's membership of an organisation.
    async fn add_affiliation(
        &self,
        ctx: &Context<'_>,
        input: AddAffiliationInput,
    ) -> Result<Affiliation> {
        let api = editor(ctx)?;
        let (start, end) = (input.start_date.map(|d| d.0), input.end_date.map(|d| d.0));
        end_after_start("input.endDate", start, end)?;
        let record = domain::Affiliation {
            person_id: entity_id("input.person", "Person", &input.person)?,
            organisation_id: entity_id("input.organisation", "Organisation", &input.organisation)?,
            role: text_opt(input.role),
            start_date: start,
            end_date: end,
        };
        let writer = writer(ctx)?;
        let id = commit(api, || api.store.add_affiliation(&writer, &record)).await?;
        Ok(Affiliation { id, record })
    }

    /// Removes an affiliation; returns it as it was.
    async fn remove_affiliation(&self, ctx: &Context<'_>, id: ID) -> Result<Affiliation> {
        let api = editor(ctx)?;
        let number = key_of("Affiliation", &id)
            .parse::<i32>()
            .map_err(|_| ApiError::bad_input("id", "not an affiliation id"))?;
        let writer = writer(ctx)?;
        let record = commit(api, || api.store.remove_affiliation(&writer, number)).await?;
        Ok(Affiliation { id: number, record })
    }
}

//! Writes of meetings.

use super::commit::{commit, editor, writer};
use super::input::{
    end_after_start, entity_id, new_key, parsed, patched, patched_value, text, text_opt,
};
use crate::domain::{self, CountryCode, EntityId};
use crate::graphql::context::ApiContext;
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::scalars::Date;
use crate::graphql::types::{Confidentiality, Meeting, MeetingFormat, Track};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

/// A new meeting.
#[derive(InputObject)]
pub struct CreateMeetingInput {
    /// The bundle id; generated when absent.
    key: Option<String>,
    title: String,
    series: Option<String>,
    start_date: Date,
    end_date: Option<Date>,
    city: Option<String>,
    country: Option<String>,
    format: Option<MeetingFormat>,
    track: Option<Track>,
    #[graphql(default_with = "Confidentiality::Public")]
    confidentiality: Confidentiality,
}

/// Changes to a meeting: absent fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateMeetingInput {
    title: Option<String>,
    series: MaybeUndefined<String>,
    start_date: Option<Date>,
    end_date: MaybeUndefined<Date>,
    city: MaybeUndefined<String>,
    country: MaybeUndefined<String>,
    format: MaybeUndefined<MeetingFormat>,
    track: MaybeUndefined<Track>,
    confidentiality: Option<Confidentiality>,
}

async fn existing_meeting(
    api: &ApiContext,
    id: &EntityId,
    visibility: domain::Visibility,
) -> ApiResult<domain::Meeting> {
    api.store
        .meetings_by_ids(&[id.to_string()], visibility)
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound(format!("meeting '{id}' does not exist")))
}

/// Creates, changes and deletes meetings.
#[derive(Default)]
pub struct MeetingMutations;

#[Object]
impl MeetingMutations {
    async fn create_meeting(
        &self,
        ctx: &Context<'_>,
        input: CreateMeetingInput,
    ) -> Result<Meeting> {
        let api = editor(ctx)?;
        let end_date = input.end_date.map(|d| d.0);
        end_after_start("input.endDate", Some(input.start_date.0), end_date)?;
        let record = domain::Meeting {
            id: new_key("input.key", input.key, "m")?,
            title: text("input.title", input.title)?,
            series: text_opt(input.series),
            start_date: input.start_date.0,
            end_date,
            city: text_opt(input.city),
            country: parsed("input.country", input.country, CountryCode::parse)?,
            format: input.format.map(Into::into),
            track: input.track.map(Into::into),
            confidentiality: input.confidentiality.into(),
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.create_meeting(&writer, &record)).await?;
        Ok(Meeting(record))
    }

    async fn update_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateMeetingInput,
    ) -> Result<Meeting> {
        let api = editor(ctx)?;
        let id = entity_id("id", "Meeting", &id)?;
        let current =
            existing_meeting(api, &id, crate::graphql::context::view(ctx)?.visibility()).await?;
        let start_date = input.start_date.map_or(current.start_date, |d| d.0);
        let end_date = patched_value(input.end_date.map_value(|d| d.0), current.end_date);
        end_after_start("input.endDate", Some(start_date), end_date)?;
        let record = domain::Meeting {
            title: match input.title {
                Some(title) => text("input.title", title)?,
                None => current.title,
            },
            series: text_opt(patched_value(input.series, current.series)),
            start_date,
            end_date,
            city: text_opt(patched_value(input.city, current.city)),
            country: patched(
                "input.country",
                input.country,
                current.country,
                CountryCode::parse,
            )?,
            format: patched_value(input.format.map_value(Into::into), current.format),
            track: patched_value(input.track.map_value(Into::into), current.track),
            confidentiality: input
                .confidentiality
                .map_or(current.confidentiality, Into::into),
            id,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.update_meeting(&writer, &record)).await?;
        Ok(Meeting(record))
    }

    /// Deletes a meeting with its participations, organisation roles and measure
    /// links; returns the deleted id.
    async fn delete_meeting(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let api = editor(ctx)?;
        let key = entity_id("id", "Meeting", &id)?;
        let writer = writer(ctx)?;
        commit(api, || api.store.delete_meeting(&writer, &key)).await?;
        Ok(crate::graphql::ids::global_id("Meeting", key.as_str()))
    }
}

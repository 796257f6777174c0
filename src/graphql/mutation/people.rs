//! Writes of people.

use super::commit::{commit, editor, writer};
use super::input::{at, entity_id, new_key, parsed, patched, patched_value, tags, text};
use crate::domain::{self, CountryCode, EntityId, Label};
use crate::graphql::context::ApiContext;
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::types::{Gender, Person};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

/// A new person.
#[derive(InputObject)]
pub struct CreatePersonInput {
    /// The bundle id; generated when absent.
    key: Option<String>,
    name: String,
    gender: Option<Gender>,
    side: Option<String>,
    country: Option<String>,
    birth_year: Option<i32>,
    #[graphql(default)]
    tags: Vec<String>,
    #[graphql(default)]
    sensitive: bool,
}

/// Changes to a person: absent fields stay, null clears.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    name: Option<String>,
    gender: MaybeUndefined<Gender>,
    side: MaybeUndefined<String>,
    country: MaybeUndefined<String>,
    birth_year: MaybeUndefined<i32>,
    tags: Option<Vec<String>>,
    sensitive: Option<bool>,
}

async fn existing_person(api: &ApiContext, id: &EntityId) -> ApiResult<domain::Person> {
    api.store
        .people_by_ids(&[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound(format!("person '{id}' does not exist")))
}

/// Creates, changes and deletes people.
#[derive(Default)]
pub struct PersonMutations;

#[Object]
impl PersonMutations {
    async fn create_person(&self, ctx: &Context<'_>, input: CreatePersonInput) -> Result<Person> {
        let api = editor(ctx)?;
        let record = domain::Person {
            id: new_key("input.key", input.key, "p")?,
            name: text("input.name", input.name)?,
            gender: input.gender.map(Into::into),
            side: parsed("input.side", input.side, Label::parse)?,
            country: parsed("input.country", input.country, CountryCode::parse)?,
            birth_year: input
                .birth_year
                .map(|y| at("input.birthYear", domain::parse_year(&y.to_string())))
                .transpose()?,
            tags: tags("input.tags", input.tags)?,
            sensitive: input.sensitive,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.create_person(&writer, &record)).await?;
        Ok(Person(record))
    }

    async fn update_person(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdatePersonInput,
    ) -> Result<Person> {
        let api = editor(ctx)?;
        let id = entity_id("id", "Person", &id)?;
        let current = existing_person(api, &id).await?;
        let birth_year = patched_value(input.birth_year, current.birth_year)
            .map(|y| at("input.birthYear", domain::parse_year(&y.to_string())))
            .transpose()?;
        let record = domain::Person {
            name: match input.name {
                Some(name) => text("input.name", name)?,
                None => current.name,
            },
            gender: patched_value(input.gender.map_value(Into::into), current.gender),
            side: patched("input.side", input.side, current.side, Label::parse)?,
            country: patched(
                "input.country",
                input.country,
                current.country,
                CountryCode::parse,
            )?,
            birth_year,
            tags: match input.tags {
                Some(list) => tags("input.tags", list)?,
                None => current.tags,
            },
            sensitive: input.sensitive.unwrap_or(current.sensitive),
            id,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.update_person(&writer, &record)).await?;
        Ok(Person(record))
    }

    /// Deletes a person with their participations and affiliations; returns the
    /// deleted id.
    async fn delete_person(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let api = editor(ctx)?;
        let key = entity_id("id", "Person", &id)?;
        let writer = writer(ctx)?;
        commit(api, || api.store.delete_person(&writer, &key)).await?;
        Ok(crate::graphql::ids::global_id("Person", key.as_str()))
    }
}

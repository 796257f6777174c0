//! The mutation root: editors' writes. Each validates its input (naming the field at
//! fault), commits one transaction, then brings the relationship model up to date.

use super::context::{ApiContext, api, require};
use super::error::{ApiError, ApiResult};
use super::ids::key_of;
use super::import::{BundleInput, ImportResult};
use super::scalars::Date;
use super::types::{
    Affiliation, Confidentiality, Gender, Meeting, MeetingFormat, Organisation, OrganisationKind,
    Participation, ParticipationRole, Person, Track,
};
use crate::domain::Role;
use crate::domain::{self, CountryCode, EntityId, FieldError, Label, LabelList};
use crate::store::{StoreResult, Writer};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

/// The request's writer, for the store: the view's visibility and the key to audit,
/// under the mutation's name.
fn writer(ctx: &Context<'_>) -> ApiResult<Writer> {
    let view = super::context::view(ctx)?;
    Ok(Writer {
        visibility: view.visibility(),
        role: view.role(),
        key_id: view.reader().key_id,
        operation: ctx.field().name().to_owned(),
    })
}

/// The most times a write is run when PostgreSQL aborts it for a concurrent one.
const ATTEMPTS: u32 = 3;

/// Runs a store write, again (at most [`ATTEMPTS`] times in all, a little later
/// each time) when the database aborted it for a serialization failure or a
/// deadlock; then brings the relationship model up to date.
async fn commit<T, F, Fut>(api: &ApiContext, write: F) -> ApiResult<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StoreResult<T>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(e) if e.is_retryable() && attempt < ATTEMPTS => {
                tracing::info!(attempt, error = %e, "a write gave way to a concurrent one; again");
                tokio::time::sleep(std::time::Duration::from_millis(25 * u64::from(attempt))).await;
                attempt += 1;
            }
            result => {
                let value = result?;
                api.written().await;
                return Ok(value);
            }
        }
    }
}

/// The API context, for a reader allowed to write (editor or admin).
fn editor<'a>(ctx: &Context<'a>) -> ApiResult<&'a ApiContext> {
    require(ctx, Role::WRITES)?;
    api(ctx)
}

/// Attaches the input path to a field error.
fn at<T>(path: &str, result: Result<T, FieldError>) -> ApiResult<T> {
    result.map_err(|e| ApiError::bad_input(path, e.message))
}

/// Required free text: trimmed, not empty.
fn text(path: &str, value: String) -> ApiResult<String> {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(ApiError::bad_input(path, "must not be empty"));
    }
    Ok(value)
}

/// Optional free text: trimmed, empty means none.
fn text_opt(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn parsed<T>(
    path: &str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> ApiResult<Option<T>> {
    text_opt(value).map(|v| at(path, parse(&v))).transpose()
}

/// Applies a patch field: absent keeps `current`, null clears, a value replaces.
fn patched<T>(
    path: &str,
    patch: MaybeUndefined<String>,
    current: Option<T>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> ApiResult<Option<T>> {
    match patch {
        MaybeUndefined::Undefined => Ok(current),
        MaybeUndefined::Null => Ok(None),
        MaybeUndefined::Value(v) => parsed(path, Some(v), parse),
    }
}

fn patched_value<T>(patch: MaybeUndefined<T>, current: Option<T>) -> Option<T> {
    match patch {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v),
    }
}

/// The key of a new entity: the one given, or a fresh one.
fn new_key(path: &str, given: Option<String>, prefix: &str) -> ApiResult<EntityId> {
    match text_opt(given) {
        Some(key) => at(path, EntityId::parse(&key)),
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            at(path, EntityId::parse(&format!("{prefix}-{nanos:x}")))
        }
    }
}

fn entity_id(path: &str, type_name: &str, id: &ID) -> ApiResult<EntityId> {
    at(path, EntityId::parse(&key_of(type_name, id)))
}

fn tags(path: &str, list: Vec<String>) -> ApiResult<LabelList> {
    let labels = list
        .iter()
        .map(|t| Label::parse(t))
        .collect::<Result<Vec<_>, _>>();
    at(path, labels.and_then(LabelList::from_labels))
}

fn end_after_start(
    path: &str,
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
) -> ApiResult<()> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ApiError::bad_input(
            path,
            format!("ends ({end}) before it starts ({start})"),
        )),
        _ => Ok(()),
    }
}

/// A new organisation.
#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// The bundle id; generated when absent.
    key: Option<String>,
    name: String,
    kind: OrganisationKind,
    country: Option<String>,
    side: Option<String>,
}

/// Changes to an organisation: absent fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateOrganisationInput {
    name: Option<String>,
    kind: Option<OrganisationKind>,
    country: MaybeUndefined<String>,
    side: MaybeUndefined<String>,
}

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

/// What an erasure removed.
#[derive(SimpleObject)]
pub struct ErasureResult {
    participations_removed: u64,
    affiliations_removed: u64,
}

async fn existing_person(api: &ApiContext, id: &EntityId) -> ApiResult<domain::Person> {
    api.store
        .people_by_ids(&[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound(format!("person '{id}' does not exist")))
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

async fn existing_organisation(api: &ApiContext, id: &EntityId) -> ApiResult<domain::Organisation> {
    api.store
        .organisations_by_ids(&[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound(format!("organisation '{id}' does not exist")))
}

pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> Result<Organisation> {
        let api = editor(ctx)?;
        let record = domain::Organisation {
            id: new_key("input.key", input.key, "org")?,
            name: text("input.name", input.name)?,
            kind: input.kind.into(),
            country: parsed("input.country", input.country, CountryCode::parse)?,
            side: parsed("input.side", input.side, Label::parse)?,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.create_organisation(&writer, &record)).await?;
        Ok(Organisation(record))
    }

    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateOrganisationInput,
    ) -> Result<Organisation> {
        let api = editor(ctx)?;
        let id = entity_id("id", "Organisation", &id)?;
        let current = existing_organisation(api, &id).await?;
        let record = domain::Organisation {
            name: match input.name {
                Some(name) => text("input.name", name)?,
                None => current.name,
            },
            kind: input.kind.map_or(current.kind, Into::into),
            country: patched(
                "input.country",
                input.country,
                current.country,
                CountryCode::parse,
            )?,
            side: patched("input.side", input.side, current.side, Label::parse)?,
            id,
        };
        let writer = writer(ctx)?;
        commit(api, || api.store.update_organisation(&writer, &record)).await?;
        Ok(Organisation(record))
    }

    /// Deletes an organisation with its affiliations and meeting roles, and clears it
    /// from participations that named it; returns the deleted id.
    async fn delete_organisation(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let api = editor(ctx)?;
        let key = entity_id("id", "Organisation", &id)?;
        let writer = writer(ctx)?;
        commit(api, || api.store.delete_organisation(&writer, &key)).await?;
        Ok(super::ids::global_id("Organisation", key.as_str()))
    }

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
        Ok(super::ids::global_id("Person", key.as_str()))
    }

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
        let current = existing_meeting(api, &id, super::context::view(ctx)?.visibility()).await?;
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
        Ok(super::ids::global_id("Meeting", key.as_str()))
    }

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

    /// Creates or replaces a named set of coverage targets.
    async fn save_target_set(
        &self,
        ctx: &Context<'_>,
        name: String,
        targets: Vec<super::coverage::TargetInput>,
    ) -> Result<super::coverage::TargetSet> {
        let api = editor(ctx)?;
        let name = text("name", name)?;
        let stored: Vec<crate::store::StoredTarget> = super::coverage::targets_from(&targets)?
            .into_iter()
            .map(|t| crate::store::StoredTarget {
                dimension: t.group.dimension.as_str().to_owned(),
                group: t.group.value,
                share: t.share,
            })
            .collect();
        let writer = writer(ctx)?;
        commit(api, || api.store.save_target_set(&writer, &name, &stored)).await?;
        Ok(super::coverage::TargetSet::new(name, &stored))
    }

    /// Erases a person for good (administrators only): their record, participations
    /// and affiliations go, their id is scrubbed from the change and audit logs, and
    /// the erasure is logged without it.
    async fn erase_person(&self, ctx: &Context<'_>, id: ID) -> Result<ErasureResult> {
        require(ctx, Role::Admin)?;
        let api = api(ctx)?;
        let key = entity_id("id", "Person", &id)?;
        let writer = writer(ctx)?;
        let erased = commit(api, || api.store.erase_person(&writer, key.as_str())).await?;
        Ok(ErasureResult {
            participations_removed: erased.participations,
            affiliations_removed: erased.affiliations,
        })
    }

    /// Imports a bundle, all-or-nothing, upserting by id: the text of its CSV
    /// files, a zip of them or a workbook. A bundle with problems is rejected whole,
    /// each problem listed in `extensions.problems` with its file, line and column
    /// (for a workbook: sheet, row and column letter). With `dryRun` it is checked
    /// and compared with the stored data, and nothing is written.
    async fn import_bundle(
        &self,
        ctx: &Context<'_>,
        files: BundleInput,
        #[graphql(default)] dry_run: bool,
    ) -> Result<ImportResult> {
        let api = editor(ctx)?;
        let writer = writer(ctx)?;
        Ok(super::import::import_bundle(api, writer, files, dry_run).await?)
    }
}

//! Reads: filtered pages for the API's lists and batch lookups for its loaders (the
//! whole dataset is in `dataset.rs`).

use super::Store;
use super::convert::*;
use super::entities::{
    affiliation, measure, meeting, meeting_measure, meeting_organisation, organisation,
    participation, person,
};
use super::error::StoreResult;
use crate::domain::{
    Affiliation, Confidentiality, Gender, Measure, Meeting, MeetingFormat, MeetingMeasure,
    MeetingOrganisation, Organisation, OrganisationKind, Participation, Person, Track, Visibility,
};
use chrono::NaiveDate;
use sea_orm::sea_query::{LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// One page of a list, in its stable order.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Whether rows follow the last one returned.
    pub has_next: bool,
}

impl<T> Page<T> {
    fn from_rows(mut items: Vec<T>, limit: u64) -> Self {
        let has_next = items.len() as u64 > limit;
        items.truncate(limit as usize);
        Page { items, has_next }
    }
}

/// Which people a list holds.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub side: Option<String>,
    pub gender: Option<Gender>,
    pub tag: Option<String>,
    /// People with an affiliation to this organisation.
    pub organisation_id: Option<String>,
    /// Leave out people marked sensitive.
    pub without_sensitive: bool,
}

/// Which meetings a list holds, for a reader's visibility; dates select by start
/// date, inclusive.
#[derive(Debug, Clone)]
pub struct MeetingFilter {
    /// Whose eyes the list is read with: meetings above its ceiling are never listed.
    pub visibility: Visibility,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub series: Option<String>,
    pub track: Option<Track>,
    pub format: Option<MeetingFormat>,
    pub country: Option<String>,
}

impl MeetingFilter {
    /// Every meeting `visibility` admits.
    pub fn visible_to(visibility: Visibility) -> Self {
        MeetingFilter {
            visibility,
            since: None,
            until: None,
            series: None,
            track: None,
            format: None,
            country: None,
        }
    }
}

/// Which organisations a list holds.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    pub country: Option<String>,
}

/// `text` with LIKE's wildcards escaped by `\\`.
pub(super) fn escape_like(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// Matches a `;`-separated list column that contains `label` as a whole item.
fn list_contains(column: impl ColumnTrait, label: &str) -> Condition {
    let escaped = escape_like(label);
    let like = |pattern: String| column.like(LikeExpr::new(pattern).escape('\\'));
    Condition::any()
        .add(column.eq(label))
        .add(like(format!("{escaped};%")))
        .add(like(format!("%;{escaped}")))
        .add(like(format!("%;{escaped};%")))
}

fn person_condition(filter: &PersonFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(side) = &filter.side {
        cond = cond.add(person::Column::Side.eq(side.as_str()));
    }
    if let Some(gender) = filter.gender {
        cond = cond.add(person::Column::Gender.eq(gender.as_str()));
    }
    if let Some(tag) = &filter.tag {
        cond = cond.add(list_contains(person::Column::Tags, tag));
    }
    if filter.without_sensitive {
        cond = cond.add(person::Column::Sensitive.eq(false));
    }
    if let Some(org) = &filter.organisation_id {
        cond = cond.add(
            person::Column::Id.in_subquery(
                Query::select()
                    .column(affiliation::Column::PersonId)
                    .from(affiliation::Entity)
                    .and_where(affiliation::Column::OrganisationId.eq(org.as_str()))
                    .to_owned(),
            ),
        );
    }
    cond
}

fn meeting_condition(filter: &MeetingFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(since) = filter.since {
        cond = cond.add(meeting::Column::StartDate.gte(since));
    }
    if let Some(until) = filter.until {
        cond = cond.add(meeting::Column::StartDate.lte(until));
    }
    if let Some(series) = &filter.series {
        cond = cond.add(meeting::Column::Series.eq(series.as_str()));
    }
    if let Some(track) = filter.track {
        cond = cond.add(meeting::Column::Track.eq(track.as_str()));
    }
    if let Some(format) = filter.format {
        cond = cond.add(meeting::Column::Format.eq(format.as_str()));
    }
    if let Some(country) = &filter.country {
        cond = cond.add(meeting::Column::Country.eq(country.as_str()));
    }
    cond = cond.add(meeting::Column::Confidentiality.is_in(levels(filter.visibility)));
    cond
}

fn organisation_condition(filter: &OrganisationFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(kind) = filter.kind {
        cond = cond.add(organisation::Column::Kind.eq(kind.as_str()));
    }
    if let Some(country) = &filter.country {
        cond = cond.add(organisation::Column::Country.eq(country.as_str()));
    }
    cond
}

/// The confidentiality levels `visibility` admits.
pub(super) fn levels(visibility: Visibility) -> Vec<&'static str> {
    visibility.levels().map(|c| c.as_str()).collect()
}

/// Rows whose meeting (in `column`) `visibility` admits; no condition when it admits
/// everything.
pub(super) fn meeting_visible(column: impl ColumnTrait, visibility: Visibility) -> Condition {
    if visibility.ceiling() == Confidentiality::Confidential {
        return Condition::all();
    }
    Condition::all().add(
        column.in_subquery(
            Query::select()
                .column(meeting::Column::Id)
                .from(meeting::Entity)
                .and_where(meeting::Column::Confidentiality.is_in(levels(visibility)))
                .to_owned(),
        ),
    )
}

fn ids(keys: &[String]) -> impl Iterator<Item = &str> {
    keys.iter().map(String::as_str)
}

impl Store {
    /// People in id order, after the id `after`.
    pub async fn people_page(
        &self,
        filter: &PersonFilter,
        after: Option<&str>,
        limit: u64,
    ) -> StoreResult<Page<Person>> {
        let mut query = person::Entity::find().filter(person_condition(filter));
        if let Some(after) = after {
            query = query.filter(person::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(person::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let items = rows
            .into_iter()
            .map(person_from)
            .collect::<Result<_, _>>()?;
        Ok(Page::from_rows(items, limit))
    }

    pub async fn count_people(&self, filter: &PersonFilter) -> StoreResult<u64> {
        Ok(person::Entity::find()
            .filter(person_condition(filter))
            .count(self.db())
            .await?)
    }

    /// Meetings in (start date, id) order, after the meeting `after`.
    pub async fn meetings_page(
        &self,
        filter: &MeetingFilter,
        after: Option<(NaiveDate, &str)>,
        limit: u64,
    ) -> StoreResult<Page<Meeting>> {
        let mut query = meeting::Entity::find().filter(meeting_condition(filter));
        if let Some((date, id)) = after {
            query = query.filter(
                Condition::any()
                    .add(meeting::Column::StartDate.gt(date))
                    .add(
                        Condition::all()
                            .add(meeting::Column::StartDate.eq(date))
                            .add(meeting::Column::Id.gt(id)),
                    ),
            );
        }
        let rows = query
            .order_by_asc(meeting::Column::StartDate)
            .order_by_asc(meeting::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let items = rows
            .into_iter()
            .map(meeting_from)
            .collect::<Result<_, _>>()?;
        Ok(Page::from_rows(items, limit))
    }

    pub async fn count_meetings(&self, filter: &MeetingFilter) -> StoreResult<u64> {
        Ok(meeting::Entity::find()
            .filter(meeting_condition(filter))
            .count(self.db())
            .await?)
    }

    /// Organisations in id order, after the id `after`.
    pub async fn organisations_page(
        &self,
        filter: &OrganisationFilter,
        after: Option<&str>,
        limit: u64,
    ) -> StoreResult<Page<Organisation>> {
        let mut query = organisation::Entity::find().filter(organisation_condition(filter));
        if let Some(after) = after {
            query = query.filter(organisation::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(organisation::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let items = rows
            .into_iter()
            .map(organisation_from)
            .collect::<Result<_, _>>()?;
        Ok(Page::from_rows(items, limit))
    }

    pub async fn count_organisations(&self, filter: &OrganisationFilter) -> StoreResult<u64> {
        Ok(organisation::Entity::find()
            .filter(organisation_condition(filter))
            .count(self.db())
            .await?)
    }

    /// Measures in id order, after the id `after`.
    pub async fn measures_page(
        &self,
        after: Option<&str>,
        limit: u64,
    ) -> StoreResult<Page<Measure>> {
        let mut query = measure::Entity::find();
        if let Some(after) = after {
            query = query.filter(measure::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(measure::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let items = rows
            .into_iter()
            .map(measure_from)
            .collect::<Result<_, _>>()?;
        Ok(Page::from_rows(items, limit))
    }

    pub async fn count_measures(&self) -> StoreResult<u64> {
        Ok(measure::Entity::find().count(self.db()).await?)
    }

    pub async fn people_by_ids(&self, keys: &[String]) -> StoreResult<Vec<Person>> {
        let rows = person::Entity::find()
            .filter(person::Column::Id.is_in(ids(keys)))
            .all(self.db())
            .await?;
        rows.into_iter().map(person_from).collect()
    }

    /// Meetings by id, among those `visibility` admits.
    pub async fn meetings_by_ids(
        &self,
        keys: &[String],
        visibility: Visibility,
    ) -> StoreResult<Vec<Meeting>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(ids(keys)))
            .filter(meeting::Column::Confidentiality.is_in(levels(visibility)))
            .all(self.db())
            .await?;
        rows.into_iter().map(meeting_from).collect()
    }

    pub async fn organisations_by_ids(&self, keys: &[String]) -> StoreResult<Vec<Organisation>> {
        let rows = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids(keys)))
            .all(self.db())
            .await?;
        rows.into_iter().map(organisation_from).collect()
    }

    pub async fn measures_by_ids(&self, keys: &[String]) -> StoreResult<Vec<Measure>> {
        let rows = measure::Entity::find()
            .filter(measure::Column::Id.is_in(ids(keys)))
            .all(self.db())
            .await?;
        rows.into_iter().map(measure_from).collect()
    }

    pub async fn affiliations_by_ids(&self, keys: &[i32]) -> StoreResult<Vec<(i32, Affiliation)>> {
        let rows = affiliation::Entity::find()
            .filter(affiliation::Column::Id.is_in(keys.iter().copied()))
            .all(self.db())
            .await?;
        rows.into_iter().map(affiliation_from).collect()
    }

    /// Affiliations of the given people, or of the given organisations.
    pub async fn affiliations_of(
        &self,
        people: &[String],
        organisations: &[String],
    ) -> StoreResult<Vec<(i32, Affiliation)>> {
        let rows = affiliation::Entity::find()
            .filter(
                Condition::any()
                    .add(affiliation::Column::PersonId.is_in(ids(people)))
                    .add(affiliation::Column::OrganisationId.is_in(ids(organisations))),
            )
            .order_by_asc(affiliation::Column::Id)
            .all(self.db())
            .await?;
        rows.into_iter().map(affiliation_from).collect()
    }

    /// Participations of the given people, in the given meetings, or on behalf of the
    /// given organisations, in meetings `visibility` admits.
    pub async fn participations_of(
        &self,
        people: &[String],
        meetings: &[String],
        organisations: &[String],
        visibility: Visibility,
    ) -> StoreResult<Vec<Participation>> {
        let rows = participation::Entity::find()
            .filter(meeting_visible(
                participation::Column::MeetingId,
                visibility,
            ))
            .filter(
                Condition::any()
                    .add(participation::Column::PersonId.is_in(ids(people)))
                    .add(participation::Column::MeetingId.is_in(ids(meetings)))
                    .add(participation::Column::OrganisationId.is_in(ids(organisations))),
            )
            .order_by_asc(participation::Column::MeetingId)
            .order_by_asc(participation::Column::PersonId)
            .all(self.db())
            .await?;
        rows.into_iter().map(participation_from).collect()
    }

    /// Organisation roles in the given meetings, or of the given organisations, in
    /// meetings `visibility` admits.
    pub async fn meeting_organisations_of(
        &self,
        meetings: &[String],
        organisations: &[String],
        visibility: Visibility,
    ) -> StoreResult<Vec<MeetingOrganisation>> {
        let rows = meeting_organisation::Entity::find()
            .filter(meeting_visible(
                meeting_organisation::Column::MeetingId,
                visibility,
            ))
            .filter(
                Condition::any()
                    .add(meeting_organisation::Column::MeetingId.is_in(ids(meetings)))
                    .add(meeting_organisation::Column::OrganisationId.is_in(ids(organisations))),
            )
            .order_by_asc(meeting_organisation::Column::MeetingId)
            .order_by_asc(meeting_organisation::Column::OrganisationId)
            .all(self.db())
            .await?;
        rows.into_iter().map(meeting_organisation_from).collect()
    }

    /// Measure links of the given meetings, or of the given measures, for meetings
    /// `visibility` admits.
    pub async fn meeting_measures_of(
        &self,
        meetings: &[String],
        measures: &[String],
        visibility: Visibility,
    ) -> StoreResult<Vec<MeetingMeasure>> {
        let rows = meeting_measure::Entity::find()
            .filter(meeting_visible(
                meeting_measure::Column::MeetingId,
                visibility,
            ))
            .filter(
                Condition::any()
                    .add(meeting_measure::Column::MeetingId.is_in(ids(meetings)))
                    .add(meeting_measure::Column::MeasureId.is_in(ids(measures))),
            )
            .order_by_asc(meeting_measure::Column::MeetingId)
            .order_by_asc(meeting_measure::Column::MeasureId)
            .all(self.db())
            .await?;
        rows.into_iter().map(meeting_measure_from).collect()
    }
}

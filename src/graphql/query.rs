//! The query root: lookups, filtered lists and who-has-met-whom.

use super::blocking::off_workers;
use super::context::{api, audit_read, audit_scope, load_one, non_public};
use super::error::ApiError;
use super::ids::{key_of, split};
use super::loaders::{AffiliationKey, MeasureKey, MeetingKey, OrganisationKey, PersonKey};
use super::pagination::{At, ListTotal, Page, PageRequest, keyed_page};
use super::pseudonyms::{person_arg, person_ref, position};
use super::scalars::Date;
use super::types::{
    AcquaintanceChain, Affiliation, Encounter, Gender, Measure, Meeting, MeetingFormat,
    NetworkOverview, Node, Organisation, OrganisationKind, Person, Role, Track,
};
use crate::store::{MeetingFilter, OrganisationFilter, PersonFilter};
use async_graphql::{Context, ID, InputObject, Object, Result};

/// Which people to list.
#[derive(InputObject, Default)]
pub struct PersonFilterInput {
    /// Only people of this side (`armenian`, `azerbaijani`, ...).
    side: Option<String>,
    gender: Option<Gender>,
    /// Only people with this tag.
    tag: Option<String>,
    /// Only people affiliated with this organisation (global id or key).
    organisation: Option<ID>,
}

/// Which meetings to list; dates select by start date, inclusive.
#[derive(InputObject, Default)]
pub struct MeetingFilterInput {
    since: Option<Date>,
    until: Option<Date>,
    series: Option<String>,
    track: Option<Track>,
    format: Option<MeetingFormat>,
    /// ISO 3166-1 alpha-2.
    country: Option<String>,
}

/// Which organisations to list.
#[derive(InputObject, Default)]
pub struct OrganisationFilterInput {
    kind: Option<OrganisationKind>,
    /// ISO 3166-1 alpha-2.
    country: Option<String>,
}

pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// Any entity by its global id.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let Some((kind, key)) = split(id.as_str()) else {
            return Ok(None);
        };
        let key = key.to_owned();
        Ok(match kind {
            "Person" => match super::pseudonyms::resolve(ctx, &key)? {
                Some(id) => load_one(ctx, PersonKey(id))
                    .await?
                    .map(|p| Node::Person(Person(p))),
                None => None,
            },
            "Meeting" => load_one(ctx, MeetingKey(key))
                .await?
                .map(|m| Node::Meeting(Meeting(m))),
            "Organisation" => load_one(ctx, OrganisationKey(key))
                .await?
                .map(|o| Node::Organisation(Organisation(o))),
            "Measure" => load_one(ctx, MeasureKey(key))
                .await?
                .map(|m| Node::Measure(Measure(m))),
            "Affiliation" => match key.parse::<i32>() {
                Ok(n) => load_one(ctx, AffiliationKey(n))
                    .await?
                    .filter(|(_, record)| {
                        !super::pseudonyms::withheld(ctx, record.person_id.as_str()).unwrap_or(true)
                    })
                    .map(|(id, record)| Node::Affiliation(Affiliation { id, record })),
                Err(_) => None,
            },
            _ => None,
        })
    }

    /// A person by global id or key.
    async fn person(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Person>> {
        let Some(id) = person_ref(ctx, &id)? else {
            return Ok(None);
        };
        Ok(load_one(ctx, PersonKey(id)).await?.map(Person))
    }

    /// A meeting by global id or key.
    async fn meeting(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(key_of("Meeting", &id)))
            .await?
            .map(Meeting))
    }

    /// An organisation by global id or key.
    async fn organisation(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Organisation>> {
        let key = OrganisationKey(key_of("Organisation", &id));
        Ok(load_one(ctx, key).await?.map(Organisation))
    }

    /// A measure by global id or key.
    async fn measure(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Measure>> {
        Ok(load_one(ctx, MeasureKey(key_of("Measure", &id)))
            .await?
            .map(Measure))
    }

    /// People: named people by key, then (for readers who see sensitive people
    /// under pseudonyms) those people by pseudonym.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        filter: Option<PersonFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Person>> {
        let api = api(ctx)?;
        let view = super::context::view(ctx)?;
        let request = PageRequest::new(ctx, first, after)?;
        let limit = request.limit;
        let after = request.after_person()?;
        let f = filter.unwrap_or_default();
        let personal =
            f.side.is_some() || f.gender.is_some() || f.tag.is_some() || f.organisation.is_some();
        let filter = PersonFilter {
            side: f.side,
            gender: f.gender.map(Into::into),
            tag: f.tag,
            organisation_id: f.organisation.map(|id| key_of("Organisation", &id)),
            // Filtering by a withheld field would disclose it.
            without_sensitive: personal && view.masks(),
        };
        // Named people come from the store in id order; a masked reader's sensitive
        // people follow from the snapshot, in pseudonym order.
        let named_filter = PersonFilter {
            without_sensitive: filter.without_sensitive || view.masks(),
            ..filter.clone()
        };
        let mut items = Vec::new();
        let mut has_next = false;
        let in_named = after.is_none_or(|(part, _)| part == 0);
        if in_named {
            let page = api
                .store
                .people_page(&named_filter, after.map(|(_, key)| key), limit as u64)
                .await
                .map_err(ApiError::from)?;
            has_next = page.has_next;
            items = page.items;
        }
        if view.masks() && !filter.without_sensitive && !has_next {
            let snapshot = api.live.current();
            let table = view.pseudonyms(&snapshot);
            let from = match after {
                Some((1, pseudonym)) => std::ops::Bound::Excluded(pseudonym.to_owned()),
                _ => std::ops::Bound::Unbounded,
            };
            let room = limit - items.len();
            let mut masked = table
                .by_pseudonym
                .range((from, std::ops::Bound::Unbounded))
                .map(|(_, &i)| snapshot.unmasked().person(i).id.clone());
            let ids: Vec<PersonKey> = masked.by_ref().take(room).map(PersonKey).collect();
            has_next = masked.next().is_some();
            items.extend(super::context::load_ordered(ctx, ids).await?);
        }
        let mut rows = Vec::with_capacity(items.len());
        for p in items {
            let (part, key) = position(ctx, p.id.as_str(), p.sensitive)?;
            rows.push((At::Person(part, key), Person(p)));
        }
        Ok(keyed_page(
            &request,
            has_next,
            ListTotal::People(filter),
            rows,
        ))
    }

    /// Meetings, by start date then key.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        filter: Option<MeetingFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let api = api(ctx)?;
        let request = PageRequest::new(ctx, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = MeetingFilter {
            visibility: super::context::view(ctx)?.visibility(),
            since: f.since.map(|d| d.0),
            until: f.until.map(|d| d.0),
            series: f.series,
            track: f.track.map(Into::into),
            format: f.format.map(Into::into),
            country: f.country,
        };
        let page = api
            .store
            .meetings_page(&filter, request.after_dated()?, request.limit as u64)
            .await
            .map_err(ApiError::from)?;
        let rows = page.items.into_iter().map(|m| {
            let at = At::Dated(m.start_date, m.id.to_string());
            (at, Meeting(m))
        });
        Ok(keyed_page(
            &request,
            page.has_next,
            ListTotal::Meetings(filter),
            rows,
        ))
    }

    /// Organisations, by key.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrganisationFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Organisation>> {
        let api = api(ctx)?;
        let request = PageRequest::new(ctx, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = OrganisationFilter {
            kind: f.kind.map(Into::into),
            country: f.country,
        };
        let page = api
            .store
            .organisations_page(&filter, request.after_key()?, request.limit as u64)
            .await
            .map_err(ApiError::from)?;
        let rows = page
            .items
            .into_iter()
            .map(|o| (At::Key(o.id.to_string()), Organisation(o)));
        Ok(keyed_page(
            &request,
            page.has_next,
            ListTotal::Organisations(filter),
            rows,
        ))
    }

    /// A plan's measures, by key.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn measures(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Measure>> {
        let api = api(ctx)?;
        let request = PageRequest::new(ctx, first, after)?;
        let page = api
            .store
            .measures_page(request.after_key()?, request.limit as u64)
            .await
            .map_err(ApiError::from)?;
        let rows = page
            .items
            .into_iter()
            .map(|m| (At::Key(m.id.to_string()), Measure(m)));
        Ok(keyed_page(
            &request,
            page.has_next,
            ListTotal::Measures,
            rows,
        ))
    }

    /// Whether two people have met, and through which meetings.
    async fn have_met(
        &self,
        ctx: &Context<'_>,
        a: ID,
        b: ID,
        since: Option<Date>,
        until: Option<Date>,
    ) -> Result<Encounter> {
        let api = api(ctx)?;
        let scope = super::context::scope(ctx)?.window(since.map(|d| d.0), until.map(|d| d.0));
        let snapshot = api.live.current();
        let shared = snapshot
            .network(&scope)
            .shared_meetings(&person_arg(ctx, &a)?, &person_arg(ctx, &b)?, &scope)
            .map_err(ApiError::from)?;
        audit_read(ctx, "haveMet", non_public(shared.iter().copied()));
        Ok(Encounter::new(&shared))
    }

    /// The shortest chain of acquaintance between two people, each step with a
    /// meeting that links it; null when they are not connected. With `track`, only
    /// that track's meetings link people.
    async fn chain_of_acquaintance(
        &self,
        ctx: &Context<'_>,
        from: ID,
        to: ID,
        since: Option<Date>,
        until: Option<Date>,
        track: Option<Track>,
    ) -> Result<Option<AcquaintanceChain>> {
        let api = api(ctx)?;
        let scope = super::context::scope(ctx)?
            .window(since.map(|d| d.0), until.map(|d| d.0))
            .on_track(track.map(Into::into));
        let snapshot = api.live.current();
        let from = person_arg(ctx, &from)?;
        let chain = snapshot
            .network(&scope)
            .chain(&from, &person_arg(ctx, &to)?, &scope)
            .map_err(ApiError::from)?;
        if let Some(steps) = &chain {
            audit_read(
                ctx,
                "chainOfAcquaintance",
                non_public(steps.iter().map(|s| s.meeting)),
            );
        }
        Ok(chain.map(|steps| AcquaintanceChain::new(&from, &steps)))
    }

    /// Network analytics over the meetings in a time window (start dates, inclusive),
    /// of one track when `track` is given.
    async fn analytics(
        &self,
        ctx: &Context<'_>,
        since: Option<Date>,
        until: Option<Date>,
        track: Option<Track>,
    ) -> Result<super::analytics::Analytics> {
        let api = api(ctx)?;
        let snapshot = api.live.current();
        let scope = super::context::scope(ctx)?
            .window(since.map(|d| d.0), until.map(|d| d.0))
            .on_track(track.map(Into::into));
        audit_scope(ctx, "analytics", snapshot.network(&scope), &scope);
        Ok(super::analytics::Analytics { snapshot, scope })
    }

    /// Coverage of the meetings in a time window (start dates, inclusive) that pass
    /// the filter: who takes part, against targets and against the plan's measures.
    /// Targets come from the stored set `targetSet` (default: women 50%), overridden
    /// group by group by `targets`.
    async fn coverage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first start date in the window (inclusive).")] since: Option<Date>,
        #[graphql(desc = "The last start date in the window (inclusive).")] until: Option<Date>,
        #[graphql(desc = "Which meetings of the window count.")] filter: Option<
            super::coverage::CoverageFilterInput,
        >,
        #[graphql(desc = "The stored target set to use; `default` when not given.")]
        target_set: Option<String>,
        #[graphql(desc = "Targets that override the set's, group by group.")] targets: Option<
            Vec<super::coverage::TargetInput>,
        >,
    ) -> Result<super::coverage::Coverage> {
        let target_set = target_set.unwrap_or_else(|| "default".to_owned());
        Ok(super::coverage::build(ctx, since, until, filter, target_set, targets).await?)
    }

    /// The audit log, oldest first (administrators only): every write and every read
    /// of closed or confidential participation, with the key and role that made it.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<super::types::AuditEntry>> {
        super::context::require(ctx, crate::domain::Role::Admin)?;
        let api = api(ctx)?;
        let request = PageRequest::new(ctx, first, after)?;
        let (rows, more) = api
            .store
            .audit_page(request.after_entry()?, request.limit as u64)
            .await
            .map_err(ApiError::from)?;
        let rows = rows
            .into_iter()
            .map(|r| (At::Entry(r.id), super::types::AuditEntry(r)));
        Ok(keyed_page(&request, more, ListTotal::AuditLog, rows))
    }

    /// The stored target sets.
    async fn target_sets(&self, ctx: &Context<'_>) -> Result<Vec<super::coverage::TargetSet>> {
        let store = &api(ctx)?.store;
        let mut sets = Vec::new();
        for name in store.target_set_names().await.map_err(ApiError::from)? {
            let targets = store.target_set(&name).await.map_err(ApiError::from)?;
            sets.push(super::coverage::TargetSet::new(name, &targets));
        }
        Ok(sets)
    }

    /// The reader asking, and what their role lets them do; pages use it to offer
    /// only what the reader may use.
    async fn me(&self, ctx: &Context<'_>) -> Result<Reader> {
        let role = super::context::view(ctx)?.role();
        Ok(Reader {
            role: role.into(),
            may_export: role >= crate::domain::Role::EXPORTS,
            may_edit: role >= crate::domain::Role::WRITES,
        })
    }

    /// The size of the network in a time window.
    async fn network(
        &self,
        ctx: &Context<'_>,
        since: Option<Date>,
        until: Option<Date>,
    ) -> Result<NetworkOverview> {
        let api = api(ctx)?;
        let scope = super::context::scope(ctx)?.window(since.map(|d| d.0), until.map(|d| d.0));
        let snapshot = api.live.current();
        audit_scope(ctx, "network", snapshot.network(&scope), &scope);
        Ok(off_workers("network overview", move || {
            NetworkOverview::of(snapshot.network(&scope), &scope)
        })
        .await?)
    }
}

/// The reader of a request, as their key (or its absence) makes them.
#[derive(async_graphql::SimpleObject)]
pub struct Reader {
    role: Role,
    /// Whether the reader may download exports (`/exports/...`).
    may_export: bool,
    /// Whether the reader may write data and target sets.
    may_edit: bool,
}

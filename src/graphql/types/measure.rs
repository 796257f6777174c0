//! A plan's measures, with their targets and the meetings that implement them.

use super::entities::Meeting;
use super::entities::dated_meetings_page;
use super::enums::Gender;
use crate::domain;
use crate::graphql::context::load_one;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::MeetingsOfMeasure;
use crate::graphql::pagination::Page;
use async_graphql::{Context, ID, Object, Result};

/// A measure of a plan (e.g. one of 30 confidence-building measures) and its targets.
pub struct Measure(pub domain::Measure);

#[Object]
impl Measure {
    /// The global id, `Measure:key`.
    pub async fn id(&self) -> ID {
        global_id("Measure", self.0.id.as_str())
    }

    /// The id in bundles.
    async fn key(&self) -> &str {
        self.0.id.as_str()
    }

    /// The plan's own number.
    async fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The plan's grouping.
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
    }

    async fn start_year(&self) -> Option<i32> {
        self.0.start_year
    }

    async fn end_year(&self) -> Option<i32> {
        self.0.end_year
    }

    /// Person tags the measure targets.
    async fn target_tags(&self) -> Vec<&str> {
        self.0
            .target_tags
            .labels()
            .iter()
            .map(|l| l.as_str())
            .collect()
    }

    /// Sides the measure targets.
    async fn target_sides(&self) -> Vec<&str> {
        self.0
            .target_sides
            .labels()
            .iter()
            .map(|l| l.as_str())
            .collect()
    }

    /// Genders the measure targets.
    async fn target_genders(&self) -> Vec<Gender> {
        self.0
            .target_genders
            .genders()
            .iter()
            .map(|g| (*g).into())
            .collect()
    }

    /// The meetings that implement or advance it, by date.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Meeting>> {
        let key = MeetingsOfMeasure(self.0.id.to_string());
        let rows = load_one(ctx, key).await?.unwrap_or_default();
        let ids = rows.into_iter().map(|r| r.meeting_id.to_string());
        dated_meetings_page(ctx, first, after, ids).await
    }
}

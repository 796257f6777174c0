//! `Analytics.crossDivide`: how much of the network crosses the conflict divide,
//! who crosses it, and where pairs across it first met.

use super::{Analytics, person};
use crate::graphql::context::load_one;
use crate::graphql::loaders::MeetingKey;
use crate::graphql::pagination::{Page, offset_page};
use crate::graphql::types::{Meeting, Person};
use crate::network::analysis;
use crate::snapshot::Weighed;
use async_graphql::{Context, Object, Result, SimpleObject};
use std::sync::Arc;

/// A person's place across the divide.
pub struct PersonDivide {
    person_id: String,
    cross_divide_ties: usize,
    reach: usize,
}

#[Object]
impl PersonDivide {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Ties to people across the divide.
    async fn cross_divide_ties(&self) -> usize {
        self.cross_divide_ties
    }
    /// People across the divide within two steps.
    async fn reach(&self) -> usize {
        self.reach
    }
}

/// Cross-divide pairs who met for the first time at a meeting.
pub struct MeetingFirsts {
    meeting_id: String,
    pairs: Vec<(String, String)>,
}

/// Two people.
pub struct PersonPair {
    a: String,
    b: String,
}

#[Object]
impl PersonPair {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.a.clone()).await
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.b.clone()).await
    }
}

#[Object]
impl MeetingFirsts {
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.meeting_id.clone()))
            .await?
            .map(Meeting))
    }
    /// How many cross-divide pairs first met here.
    async fn new_pairs(&self) -> usize {
        self.pairs.len()
    }
    async fn pairs(&self) -> Vec<PersonPair> {
        self.pairs
            .iter()
            .map(|(a, b)| PersonPair {
                a: a.clone(),
                b: b.clone(),
            })
            .collect()
    }
}

/// The E-I index of one side.
#[derive(SimpleObject)]
pub struct SideIndex {
    side: String,
    /// (external - internal) / (external + internal) over the side's ties.
    ei_index: Option<f64>,
}

/// How much of the network crosses the conflict divide.
pub struct CrossDivide {
    figures: Arc<Weighed<analysis::CrossDivide>>,
    ids: Arc<Vec<String>>,
    /// The keys the reader knows each node's person by, for breaking ties.
    keys: Vec<String>,
    meeting_ids: Vec<String>,
}

#[Object]
impl CrossDivide {
    async fn ties(&self) -> usize {
        self.figures.ties
    }
    /// Ties between people of two different known sides, neither international.
    async fn cross_divide_ties(&self) -> usize {
        self.figures.cross_divide_ties
    }
    /// Cross-divide ties / all ties (null without ties).
    async fn cross_divide_share(&self) -> Option<f64> {
        self.figures.cross_divide_share
    }
    /// People with at least one cross-divide tie / all active people (null without
    /// any).
    async fn people_with_cross_tie_share(&self) -> Option<f64> {
        self.figures.people_with_cross_tie_share
    }
    /// E-I index over ties whose two sides are known; null without any.
    async fn ei_index(&self) -> Option<f64> {
        self.figures.ei_index
    }
    async fn ei_by_side(&self) -> Vec<SideIndex> {
        self.figures
            .ei_by_side
            .iter()
            .map(|(side, ei)| SideIndex {
                side: side.clone(),
                ei_index: *ei,
            })
            .collect()
    }
    /// People by cross-divide ties, then reach, then key.
    #[graphql(complexity = "crate::graphql::pagination::page_cost(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonDivide>> {
        let mut rows: Vec<&analysis::PersonDivide> = self.figures.people.iter().collect();
        rows.sort_by(|a, b| {
            (b.cross_ties, b.reach)
                .cmp(&(a.cross_ties, a.reach))
                .then_with(|| self.keys[a.node.index()].cmp(&self.keys[b.node.index()]))
        });
        Ok(offset_page(ctx, first, after, rows, |p| PersonDivide {
            person_id: self.ids[p.node.index()].clone(),
            cross_divide_ties: p.cross_ties,
            reach: p.reach,
        })?)
    }
    /// Meetings where cross-divide pairs met for the first time, in time order.
    async fn first_encounters(&self) -> Vec<MeetingFirsts> {
        self.figures
            .meetings
            .iter()
            .zip(&self.meeting_ids)
            .map(|(m, id)| MeetingFirsts {
                meeting_id: id.clone(),
                pairs: m
                    .pairs
                    .iter()
                    .map(|&(a, b)| (self.ids[a.index()].clone(), self.ids[b.index()].clone()))
                    .collect(),
            })
            .collect()
    }
}

impl Analytics {
    pub(super) async fn resolve_cross_divide(&self, ctx: &Context<'_>) -> Result<CrossDivide> {
        let figures = self
            .run(ctx, "divide".into(), |n, g, _, b| {
                analysis::cross_divide(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let ids = Arc::new(graph.nodes().map(|u| self.person_id(&graph, u)).collect());
        let meeting_ids = figures
            .meetings
            .iter()
            .map(|m| self.network().meeting(m.meeting).id.clone())
            .collect();
        Ok(CrossDivide {
            figures,
            ids,
            keys: self.shown_keys(ctx, &graph)?,
            meeting_ids,
        })
    }
}

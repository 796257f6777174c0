//! `Analytics.articulationPoints`, `bridges` and `structuralHoles`: the people and
//! ties that alone connect parts of the network, with the groups they connect.

use super::{Analytics, label_counts, person};
use crate::graphql::pagination::{Page, offset_page};
use crate::graphql::types::Person;
use crate::graphql::vocabulary::LabelCount;
use crate::network::analysis::{self, Part};
use crate::network::coverage::Dimension;
use async_graphql::{Context, Object, Result, SimpleObject};

/// A group of people that a broker or bridge alone connects to the rest.
#[derive(SimpleObject, Clone)]
pub struct Group {
    pub size: usize,
    /// People per side (`unknown` where not recorded); empty for a viewer when the
    /// group is too small to show its make-up.
    pub sides: Vec<LabelCount>,
}

impl Group {
    fn new(p: &Part, k: Option<usize>) -> Self {
        Group {
            size: p.size,
            sides: label_counts(Dimension::Side, &p.sides, p.size, k),
        }
    }
}

/// A person whose removal splits their component.
pub struct Broker {
    person_id: String,
    parts: Vec<Group>,
}

#[Object]
impl Broker {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// The groups the component falls into without this person, largest first.
    async fn parts(&self) -> &[Group] {
        &self.parts
    }
}

/// A tie whose removal splits its component.
pub struct BridgeTie {
    a: String,
    b: String,
    weight: u32,
    parts: Vec<Group>,
}

#[Object]
impl BridgeTie {
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.a.clone()).await
    }
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.b.clone()).await
    }
    /// Meetings the two shared.
    async fn weight(&self) -> u32 {
        self.weight
    }
    /// The group on `a`'s side, then the group on `b`'s side.
    async fn parts(&self) -> &[Group] {
        &self.parts
    }
}

/// Burt's structural-hole measures for one person.
pub struct PersonStructuralHoles {
    person_id: String,
    constraint: Option<f64>,
    effective_size: Option<f64>,
}

#[Object]
impl PersonStructuralHoles {
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        person(ctx, self.person_id.clone()).await
    }
    /// Burt's constraint (weighted); low values mark brokers. Null without ties.
    async fn constraint(&self) -> Option<f64> {
        self.constraint
    }
    /// Burt's effective size (weighted). Null without ties.
    async fn effective_size(&self) -> Option<f64> {
        self.effective_size
    }
}

impl Analytics {
    pub(super) async fn resolve_articulation_points(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<Broker>> {
        let k = crate::graphql::context::small_cell_threshold(ctx)?;
        let found = self
            .run(ctx, "articulation".into(), |n, g, _, b| {
                analysis::articulation_points(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let mut out: Vec<Broker> = found
            .iter()
            .map(|broker| Broker {
                person_id: self.person_id(&graph, broker.node),
                parts: broker.parts.iter().map(|p| Group::new(p, k)).collect(),
            })
            .collect();
        out.sort_by(|a, b| a.person_id.cmp(&b.person_id));
        Ok(out)
    }

    pub(super) async fn resolve_bridges(&self, ctx: &Context<'_>) -> Result<Vec<BridgeTie>> {
        let k = crate::graphql::context::small_cell_threshold(ctx)?;
        let found = self
            .run(ctx, "bridges".into(), |n, g, _, b| {
                analysis::bridges(n, g, b)
            })
            .await?;
        let graph = self.graph().await?;
        Ok(found
            .iter()
            .map(|bridge| BridgeTie {
                a: self.person_id(&graph, bridge.a),
                b: self.person_id(&graph, bridge.b),
                weight: bridge.weight,
                parts: bridge.parts.iter().map(|p| Group::new(p, k)).collect(),
            })
            .collect())
    }

    pub(super) async fn resolve_structural_holes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PersonStructuralHoles>> {
        let holes = self
            .run(ctx, "holes".into(), |_, g, _, b| {
                analysis::structural_holes(g, b)
            })
            .await?;
        let graph = self.graph().await?;
        let ids: Vec<String> = graph.nodes().map(|u| self.person_id(&graph, u)).collect();
        let constraint = |u: usize| holes.constraint[u].unwrap_or(f64::INFINITY);
        let order = self.ranked(ctx, &graph, |a, b| constraint(a).total_cmp(&constraint(b)))?;
        Ok(offset_page(ctx, first, after, order, |u| {
            PersonStructuralHoles {
                person_id: ids[u].clone(),
                constraint: holes.constraint[u],
                effective_size: holes.effective_size[u],
            }
        })?)
    }
}

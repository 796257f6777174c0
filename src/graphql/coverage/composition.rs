//! `Coverage.meetings`: who took part in each selected meeting, and its flags.

use super::Coverage;
use crate::graphql::context::load_one;
use crate::graphql::loaders::MeetingKey;
use crate::graphql::pagination::{Page, PageRequest};
use crate::graphql::types::Meeting;
use crate::graphql::vocabulary::{LabelCount, label_counts};
use crate::network::coverage::{self, Count, Dimension, Withheld};
use async_graphql::{Context, Object, Result};

/// Who took part in one meeting, and its flags.
pub struct MeetingComposition {
    meeting_id: String,
    c: coverage::MeetingComposition,
    withheld: CompositionWithheld,
}

/// What a reader gets withheld of a meeting's make-up.
pub(super) struct CompositionWithheld {
    pub(super) participants: bool,
    genders: Withheld,
    sides: Withheld,
    roles: Withheld,
    tags: Withheld,
}

impl CompositionWithheld {
    /// The participants are withheld when fewer than `k` took part or when a
    /// make-up adding up to them (genders, sides, roles) could not be shown beside
    /// them; then those make-ups are withheld whole.
    pub(super) fn of(c: &coverage::MeetingComposition, k: Option<usize>) -> Self {
        let total = c.participants;
        let mut genders = coverage::withhold_make_up(&c.genders, total, k, true);
        let mut sides = coverage::withhold_make_up(&c.sides, total, k, true);
        let mut roles = coverage::withhold_make_up(&c.roles, total, k, true);
        let tags = coverage::withhold_make_up(&c.tags, total, k, false);
        let participants = genders.total || sides.total || roles.total;
        if participants {
            for w in [&mut genders, &mut sides, &mut roles] {
                w.total = true;
            }
        }
        CompositionWithheld {
            participants,
            genders,
            sides,
            roles,
            tags,
        }
    }
}

#[Object]
impl MeetingComposition {
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<Meeting>> {
        Ok(load_one(ctx, MeetingKey(self.meeting_id.clone()))
            .await?
            .map(Meeting))
    }
    /// Null for a viewer when fewer than MIN_CELL_SIZE took part, or when its
    /// make-up could not be shown beside it (then genders, sides and roles are
    /// empty).
    async fn participants(&self) -> Option<usize> {
        Count::new(self.c.participants, self.withheld.participants).value()
    }
    /// Participants per gender (`UNKNOWN` where not recorded).
    async fn genders(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Gender, &self.c.genders, &self.withheld.genders)
    }
    /// Participants per side (`unknown` where not recorded).
    async fn sides(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Side, &self.c.sides, &self.withheld.sides)
    }
    async fn tags(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Tag, &self.c.tags, &self.withheld.tags)
    }
    async fn roles(&self) -> Vec<LabelCount> {
        label_counts(Dimension::Role, &self.c.roles, &self.withheld.roles)
    }
    /// No participant is recorded as a woman.
    async fn no_women(&self) -> bool {
        self.c.no_women
    }
    /// There are speakers or facilitators, and all of them are men.
    async fn only_men_speaking(&self) -> bool {
        self.c.only_men_speaking
    }
    /// No two participants form a cross-divide pair.
    async fn one_sided(&self) -> bool {
        self.c.one_sided
    }
    /// Women / (women + men); null when neither is recorded (or, for a viewer, when
    /// either count is withheld: the balance would give it back).
    async fn gender_balance(&self) -> Option<f64> {
        let withheld = |label: &str| {
            self.c
                .genders
                .keys()
                .position(|l| l == label)
                .is_some_and(|i| self.withheld.genders.cell(i))
        };
        if self.withheld.participants || withheld("female") || withheld("male") {
            None
        } else {
            self.c.gender_balance
        }
    }
}

impl Coverage {
    pub(super) async fn resolve_meetings(
        &self,
        ctx: &Context<'_>,
        flagged: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<MeetingComposition>> {
        let request = PageRequest::new(ctx, first, after)?;
        let k = self.k;
        let rows = self
            .blocking(move |n, m, _| {
                m.iter()
                    .map(|&m| coverage::meeting_composition(n, m))
                    .filter(|c| !flagged || c.no_women || c.only_men_speaking || c.one_sided)
                    .collect::<Vec<_>>()
            })
            .await?;
        let window = request.window(rows.len())?;
        let nodes = rows
            .into_iter()
            .skip(window.start)
            .take(window.end - window.start)
            .map(|c| MeetingComposition {
                meeting_id: self.network().meeting(c.meeting).id.clone(),
                withheld: CompositionWithheld::of(&c, k),
                c,
            });
        Ok(window.page(nodes.collect::<Vec<_>>()))
    }
}

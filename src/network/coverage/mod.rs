//! Coverage: who takes part, measured against targets and against the target groups
//! of a plan's measures (docs/coverage.md defines each figure).
//!
//! Pure and synchronous, like the rest of the network module: every figure is
//! computed from the meetings a [`Selection`] admits.

mod composition;
mod figures;
mod groups;
mod plan;
mod retention;
mod selection;
mod suppress;

pub use composition::{MeetingComposition, meeting_composition};
pub use figures::{
    Falling, GroupFigures, Target, Totals, coverage, falling, groups_without_cross_ties,
    intersection, silent_since, totals, totals_withheld, trends, withheld_groups,
};
pub use groups::{Dimension, Group, UNKNOWN, WITHHELD};
pub use plan::{MeasureCoverage, MeasureStatus, TargetGroupFigures, plan_coverage};
pub use retention::{Retention, RoundReturn, retention};
pub use selection::Selection;
pub use suppress::{
    Column, Count, Withheld, make_up_rows, withhold, withhold_make_up, withhold_rows,
};

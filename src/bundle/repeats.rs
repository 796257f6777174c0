//! Rows a bundle repeats. Spreadsheets collect copies: a row pasted twice, a person
//! listed twice for one meeting. A copy that says nothing new is kept once, with a
//! warning naming both lines; a repeat that contradicts the first is an error.
//!
//! A person listed twice in one meeting is one participation. The more specific
//! entry wins: a named role over `participant` (the default), a named organisation
//! over none. Two different named roles, or two different organisations, conflict.

use super::problem::{Problem, Unit};
use crate::domain::{Participation, ParticipationRole};
use std::collections::HashMap;
use std::hash::Hash;

fn at(file: &str, line: u64, column: Option<&str>, message: String) -> Problem {
    Problem::new(file, Some(line), column, message)
}

/// Keeps the first of rows with the same `key` when they are equal (a warning for
/// each copy); reports a repeat that differs as an error, by `describe`, at the
/// file's `column` (the key's, when it is one column). Messages count the file's
/// lines, or a sheet's rows, by `unit`.
pub fn drop_copies<T: PartialEq, K: Hash + Eq>(
    (file, column, unit): (&str, Option<&str>, Unit),
    rows: Vec<(u64, T)>,
    key: impl Fn(&T) -> K,
    describe: impl Fn(&T) -> String,
    warnings: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Vec<(u64, T)> {
    let mut first: HashMap<K, usize> = HashMap::new();
    let mut kept: Vec<(u64, T)> = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        match first.get(&key(&row)) {
            Some(&i) if kept[i].1 == row => warnings.push(at(
                file,
                line,
                column,
                format!(
                    "{} repeats {unit} {} exactly; kept once",
                    describe(&row),
                    kept[i].0
                ),
            )),
            Some(&i) => problems.push(at(
                file,
                line,
                column,
                format!(
                    "duplicate {} (first on {unit} {})",
                    describe(&row),
                    kept[i].0
                ),
            )),
            None => {
                first.insert(key(&row), kept.len());
                kept.push((line, row));
            }
        }
    }
    kept
}

/// The more specific of two values: one that is set over the default; `None` when
/// both are set and differ.
fn specific<T: PartialEq + Clone>(a: &T, b: &T, default: &T) -> Option<T> {
    if a == b || b == default {
        Some(a.clone())
    } else if a == default {
        Some(b.clone())
    } else {
        None
    }
}

/// Merges the participations of one person in one meeting into one, by the rule of
/// this module.
pub fn merge_participations(
    (file, unit): (&str, Unit),
    rows: Vec<(u64, Participation)>,
    warnings: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Vec<(u64, Participation)> {
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    let mut kept: Vec<(u64, Participation)> = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let key = (row.person_id.to_string(), row.meeting_id.to_string());
        let Some(&i) = first.get(&key) else {
            first.insert(key, kept.len());
            kept.push((line, row));
            continue;
        };
        let (first_line, before) = (kept[i].0, &kept[i].1);
        let what = format!("'{}' in '{}'", row.person_id, row.meeting_id);
        let role = specific(&before.role, &row.role, &ParticipationRole::Participant);
        let organisation = specific(&before.organisation_id, &row.organisation_id, &None);
        match (role, organisation) {
            (Some(role), Some(organisation_id)) => {
                warnings.push(at(
                    file,
                    line,
                    None,
                    format!(
                        "{what} is listed again (first on {unit} {first_line}); kept as one participation, as {role}{} (a named role or organisation wins)",
                        organisation_id
                            .as_ref()
                            .map(|o| format!(" for '{o}'"))
                            .unwrap_or_default()
                    ),
                ));
                kept[i].1.role = role;
                kept[i].1.organisation_id = organisation_id;
            }
            (role, _) => {
                let differs = if role.is_none() {
                    format!("role '{}' against '{}'", row.role, before.role)
                } else {
                    "another organisation".to_owned()
                };
                problems.push(at(
                    file,
                    line,
                    None,
                    format!(
                        "{what} is listed again with {differs} on {unit} {first_line}; keep one row"
                    ),
                ));
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EntityId;

    fn taking_part(person: &str, role: ParticipationRole, org: Option<&str>) -> Participation {
        let id = |t: &str| EntityId::parse(t).unwrap_or_else(|e| panic!("{e}"));
        Participation {
            person_id: id(person),
            meeting_id: id("m1"),
            role,
            organisation_id: org.map(id),
        }
    }

    #[test]
    fn the_more_specific_role_and_organisation_win() {
        let (mut warnings, mut problems) = (Vec::new(), Vec::new());
        let rows = vec![
            (
                2,
                taking_part("ana", ParticipationRole::Participant, Some("org-a")),
            ),
            (3, taking_part("bora", ParticipationRole::Participant, None)),
            (5, taking_part("ana", ParticipationRole::Speaker, None)),
        ];
        let kept = merge_participations(
            ("participations.csv", Unit::Line),
            rows,
            &mut warnings,
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].1.role, ParticipationRole::Speaker);
        assert_eq!(
            kept[0].1.organisation_id.as_ref().map(|o| o.as_str()),
            Some("org-a")
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(5));
        assert!(
            warnings[0].message.contains("first on line 2"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn two_named_roles_conflict() {
        let (mut warnings, mut problems) = (Vec::new(), Vec::new());
        let rows = vec![
            (2, taking_part("ana", ParticipationRole::Facilitator, None)),
            (4, taking_part("ana", ParticipationRole::Speaker, None)),
        ];
        merge_participations(
            ("participations.csv", Unit::Line),
            rows,
            &mut warnings,
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("'speaker' against 'facilitator' on line 2"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn exact_copies_are_kept_once_and_different_ones_refused() {
        let (mut warnings, mut problems) = (Vec::new(), Vec::new());
        let rows = vec![(2, ("a", 1)), (3, ("a", 1)), (4, ("a", 2))];
        let kept = drop_copies(
            ("x.csv", None, Unit::Line),
            rows,
            |r| r.0,
            |r| format!("row '{}'", r.0),
            &mut warnings,
            &mut problems,
        );
        assert_eq!(kept, vec![(2, ("a", 1))]);
        assert_eq!((warnings.len(), warnings[0].line), (1, Some(3)));
        assert_eq!((problems.len(), problems[0].line), (1, Some(4)));
        assert!(problems[0].message.contains("first on line 2"));
    }
}

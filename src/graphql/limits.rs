//! Limits checked on a query's document before it runs: aliases, and the length of
//! every string argument.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Value as ConstValue, Variables};
use async_graphql_value::Value;

fn aliases_in(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// The number of aliased fields in a document, fragments included.
pub fn count_aliases(document: &ExecutableDocument) -> usize {
    let operations: usize = document
        .operations
        .iter()
        .map(|(_, op)| aliases_in(&op.node.selection_set.node))
        .sum();
    let fragments: usize = document
        .fragments
        .values()
        .map(|f| aliases_in(&f.node.selection_set.node))
        .sum();
    operations + fragments
}

/// The longest a string argument may be, in characters: names, filters, ids,
/// cursors and every text field of a mutation's input.
pub const MAX_STRING_CHARS: usize = 1_000;

/// Arguments that carry whole files, as `(field, argument)`: limited by the request
/// body's size alone (`MAX_BODY_BYTES`).
const FILE_ARGUMENTS: [(&str, &str); 1] = [("importBundle", "files")];

/// A string argument over [`MAX_STRING_CHARS`]: where it is, as `field.argument`
/// with the input fields below it (`people.filter.tag`), and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    pub argument: String,
    pub chars: usize,
}

/// The first string argument of the document, literal or passed as a variable, that
/// is longer than [`MAX_STRING_CHARS`].
pub fn too_long(document: &ExecutableDocument, variables: &Variables) -> Option<TooLong> {
    let operations = document
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node);
    let fragments = document
        .fragments
        .values()
        .map(|f| &f.node.selection_set.node);
    operations
        .chain(fragments)
        .find_map(|set| too_long_in(set, variables))
}

fn too_long_in(set: &SelectionSet, variables: &Variables) -> Option<TooLong> {
    set.items.iter().find_map(|item| match &item.node {
        Selection::Field(field) => {
            let field = &field.node;
            let name = field.name.node.as_str();
            field
                .arguments
                .iter()
                .filter(|(argument, _)| !FILE_ARGUMENTS.contains(&(name, argument.node.as_str())))
                .find_map(|(argument, value)| {
                    let path = format!("{name}.{}", argument.node);
                    longest(&value.node, path, variables)
                })
                .or_else(|| too_long_in(&field.selection_set.node, variables))
        }
        Selection::InlineFragment(fragment) => {
            too_long_in(&fragment.node.selection_set.node, variables)
        }
        Selection::FragmentSpread(_) => None,
    })
}

fn longest(value: &Value, path: String, variables: &Variables) -> Option<TooLong> {
    match value {
        Value::Variable(name) => variables
            .get(name)
            .and_then(|value| longest_const(value, path)),
        Value::String(text) => over(text, path),
        Value::List(items) => items
            .iter()
            .find_map(|item| longest(item, path.clone(), variables)),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| longest(item, format!("{path}.{key}"), variables)),
        _ => None,
    }
}

fn longest_const(value: &ConstValue, path: String) -> Option<TooLong> {
    match value {
        ConstValue::String(text) => over(text, path),
        ConstValue::List(items) => items
            .iter()
            .find_map(|item| longest_const(item, path.clone())),
        ConstValue::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| longest_const(item, format!("{path}.{key}"))),
        _ => None,
    }
}

fn over(text: &str, argument: String) -> Option<TooLong> {
    // Bytes bound characters from above: most strings need no count.
    if text.len() <= MAX_STRING_CHARS {
        return None;
    }
    let chars = text.chars().count();
    (chars > MAX_STRING_CHARS).then_some(TooLong { argument, chars })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, variables: serde_json::Value) -> Option<TooLong> {
        let document = async_graphql::parser::parse_query(query).expect("a query");
        too_long(&document, &Variables::from_json(variables))
    }

    #[test]
    fn long_strings_are_found_where_they_are_passed() {
        let long = "x".repeat(MAX_STRING_CHARS + 1);
        let at_most = "é".repeat(MAX_STRING_CHARS);
        let literal = format!(r#"{{ people(filter: {{ tag: "{long}" }}) {{ totalCount }} }}"#);
        assert_eq!(
            check(&literal, serde_json::json!({})),
            Some(TooLong {
                argument: "people.filter.tag".into(),
                chars: MAX_STRING_CHARS + 1
            })
        );
        let nested = "query($t: String) { network { people } a: person(id: \"x\") { meetings(after: $t) { totalCount } } }";
        assert_eq!(
            check(nested, serde_json::json!({ "t": long })).map(|t| t.argument),
            Some("meetings.after".into())
        );
        let in_list =
            "mutation($s: [TargetInput!]!) { saveTargetSet(name: \"n\", targets: $s) { name } }";
        assert_eq!(
            check(in_list, serde_json::json!({ "s": [{ "group": long }] })).map(|t| t.argument),
            Some("saveTargetSet.targets.group".into())
        );
        let fine = "query($t: String) { people(filter: { tag: $t }) { totalCount } }";
        assert_eq!(check(fine, serde_json::json!({ "t": at_most })), None);
        let files = "mutation($f: BundleInput!) { importBundle(files: $f) { version } }";
        assert_eq!(
            check(files, serde_json::json!({ "f": { "people": long } })),
            None
        );
    }
}

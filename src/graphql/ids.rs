//! Global ids: `Type:key`, where key is the entity's bundle id.
//!
//! Arguments that name one kind of entity accept either its global id or its bare
//! bundle id.

use async_graphql::ID;

/// The global id of an entity of `type_name` with bundle id `key`.
pub fn global_id(type_name: &str, key: &str) -> ID {
    ID(format!("{type_name}:{key}"))
}

/// Splits a global id into its type name and key.
pub fn split(id: &str) -> Option<(&str, &str)> {
    id.split_once(':')
}

/// The bundle id an argument names, for an entity of `type_name`.
pub fn key_of(type_name: &str, id: &ID) -> String {
    match split(id.as_str()) {
        Some((kind, key)) if kind == type_name => key.to_owned(),
        _ => id.to_string(),
    }
}

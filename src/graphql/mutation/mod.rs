//! The mutation root: editors' writes. Each validates its input (naming the field at
//! fault), commits one transaction, then brings the relationship model up to date.
//!
//! The root merges one part per kind of record (organisations, people, meetings,
//! their links, target sets, erasure, import); every part writes through
//! [`commit`](commit::commit) and checks its input with the helpers of [`input`].

mod commit;
mod erasure;
mod import;
mod input;
mod links;
mod meetings;
mod organisations;
mod people;
mod targets;

use async_graphql::MergedObject;

// Every write, part by part; the fields come in the order of the parts. (No doc
// comment: it would become the type's description in the schema.)
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    organisations::OrganisationMutations,
    people::PersonMutations,
    meetings::MeetingMutations,
    links::LinkMutations,
    targets::TargetMutations,
    erasure::ErasureMutations,
    import::ImportMutations,
);

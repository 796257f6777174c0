//! Who is asking, and what they may see and do.
//!
//! Readers present an API key (a bearer token) whose role decides the meetings they
//! may see: `viewer` public meetings, `analyst` and `editor` closed ones too, `admin`
//! everything. Writes need `editor`. Keys are stored only as SHA-256 hashes.

use crate::domain::Confidentiality;
use crate::store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::fmt;

/// A reader's role, from least to most entitled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Analyst,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Analyst, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// The most confidential meetings whose participants the role may see.
    pub fn visibility(self) -> Confidentiality {
        match self {
            Role::Viewer => Confidentiality::Public,
            Role::Analyst | Role::Editor => Confidentiality::Closed,
            Role::Admin => Confidentiality::Confidential,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reader of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub role: Role,
    /// The key presented, if any (anonymous readers have none).
    pub key_id: Option<i32>,
}

/// Why a request could not be authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("an API key is required (Authorization: Bearer <key>)")]
    Missing,
    #[error("the API key is not valid or has been revoked")]
    Invalid,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new random token: `pn_` and 64 hexadecimal digits.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("pn_{}", hex::encode(bytes)))
}

/// The hash a token is stored and looked up by.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The reader of a request with this `Authorization` header value: the key's role,
/// or `anonymous` (if allowed) when there is no header.
pub async fn authenticate(
    store: &Store,
    authorization: Option<&str>,
    anonymous: Option<Role>,
) -> Result<Reader, AuthError> {
    let Some(value) = authorization else {
        return anonymous
            .map(|role| Reader { role, key_id: None })
            .ok_or(AuthError::Missing);
    };
    let token = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .ok_or(AuthError::Invalid)?;
    match store.api_key_by_hash(&hash_token(token)).await? {
        Some((id, role)) => Ok(Reader {
            role: Role::parse(&role).ok_or(AuthError::Invalid)?,
            key_id: Some(id),
        }),
        None => Err(AuthError::Invalid),
    }
}

//! Who is asking, and what they may see and do.
//!
//! Readers present an API key (a bearer token) whose role decides the meetings they
//! may see: `viewer` public meetings, `analyst` and `editor` closed ones too, `admin`
//! everything. Writes need `editor`. Keys are stored only as SHA-256 hashes, and
//! held in memory as such (`keys`).

mod keys;

pub use crate::domain::{Reader, Role};
use crate::store::StoreError;
pub use keys::KeyTable;
use sha2::{Digest, Sha256};

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
    keys: &std::sync::Arc<KeyTable>,
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
    match keys.lookup(&hash_token(token)).await? {
        Some((id, role)) => Ok(Reader {
            role,
            key_id: Some(id),
        }),
        None => Err(AuthError::Invalid),
    }
}

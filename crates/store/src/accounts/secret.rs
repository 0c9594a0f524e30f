//! Secrets handed to a person (session cookies, API tokens): random, shown once, and kept only
//! as a hash, so a copy of the database lets no one sign in.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// A new secret: 32 random bytes, as URL-safe text.
pub(crate) fn new_secret(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| Error::Config(format!("no randomness available: {e}")))?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// What is stored for a secret.
pub(crate) fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password with argon2id, off the async threads.
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| Error::Config(format!("password hashing stopped: {e}")))
}

/// Checks a password against its hash, off the async threads. With no hash (no such account) a
/// made-up one is checked instead, so the answer takes as long either way.
pub(crate) async fn verify_password(password: String, hash: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| stand_in().to_string());
        known && password_auth::verify_password(password, &hash).is_ok()
    })
    .await
    .map_err(|e| Error::Config(format!("password checking stopped: {e}")))
}

fn stand_in() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| password_auth::generate_hash("a password no account has"))
}

/// Unix seconds now.
pub(crate) fn unix_now() -> i64 {
    jiff::Timestamp::now().as_second()
}

//! Who is asking, and so what they may reach.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::Scope;

use crate::AppError;

/// The caller of a request. Until sign-in exists every caller reaches everything; the store
/// already filters every read by this scope, so narrowing it here narrows every page and call.
pub struct Caller {
    pub scope: Scope,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller { scope: Scope::Everything })
    }
}

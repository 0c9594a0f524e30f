//! Static files, embedded in the binary.

use axum::Router;
use axum::http::header;
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("../assets/app.css");

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/assets/app.css",
        get(|| async {
            (
                [
                    (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                    (header::CACHE_CONTROL, "public, max-age=3600"),
                ],
                CSS,
            )
        }),
    )
}

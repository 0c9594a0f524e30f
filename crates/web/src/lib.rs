//! Constellate's HTTP layer: server-rendered pages, the JSON API under `/api/v1` and its
//! OpenAPI document. Start-up lives here so tests run the real router on port 0.

mod api;
mod assets;
mod caller;
mod csrf;
pub mod download;
mod error;
mod extract;
pub mod mail;
mod openapi;
mod pages;
mod settings;
mod views;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::{AppError, Result};
pub use openapi::document as openapi_document;
pub use settings::Settings;
pub use store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Settings,
}

/// The built application: a router over a store, ready to serve.
pub struct App {
    router: Router,
}

impl App {
    pub fn build(store: Store, settings: Settings) -> App {
        let https = settings.https;
        let state = AppState { store, settings };
        let router = Router::new()
            .merge(pages::router())
            .nest("/api/v1", api::router())
            .merge(openapi::router())
            .merge(assets::router())
            .merge(health_router())
            .with_state(state)
            .layer(axum::middleware::from_fn(csrf::guard))
            .layer(axum::extract::DefaultBodyLimit::max(256 * 1024))
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Duration::from_secs(30),
            ))
            .layer(security_headers())
            .layer(SetResponseHeaderLayer::if_not_present(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            // Pages and answers show people's records: none is kept by a cache or the browser.
            // The stylesheet sets its own, longer, lifetime.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::STRICT_TRANSPORT_SECURITY,
                https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
            ))
            .layer(TraceLayer::new_for_http());
        App { router }
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).with_graceful_shutdown(shutdown).await
    }

    /// The router, for tests that call it without a socket.
    pub fn router(self) -> Router {
        self.router
    }
}

fn security_headers() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    )
}

fn health_router() -> Router<AppState> {
    use axum::extract::State;
    use axum::routing::get;
    Router::new().route("/healthz", get(|| async { "ok" })).route(
        "/readyz",
        get(|State(state): State<AppState>| async move {
            match state.store.ping().await {
                Ok(()) => (axum::http::StatusCode::OK, "ready"),
                Err(error) => {
                    tracing::warn!(%error, "database does not answer");
                    (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
                }
            }
        }),
    )
}

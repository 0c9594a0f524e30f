//! What pages show, assembled in Rust so templates only lay it out.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub mod chart;
mod detail;
mod form;
mod list;

pub use detail::{DetailPage, Section};
pub use form::{Field, FormPage};
pub use list::{ListOf, ListPage};

/// The main navigation: address, words, and the section key that marks it current.
pub const NAV: &[(&str, &str, &str)] = &[
    ("/services", "Services", "services"),
    ("/constellations", "Constellations", "constellations"),
    ("/households", "Households", "households"),
    ("/carers", "Carers", "carers"),
    ("/children", "Children", "children"),
    ("/sleepovers", "Sleepovers", "sleepovers"),
    ("/events", "Events", "events"),
    ("/contacts", "Contacts", "contacts"),
    ("/concerns", "Concerns", "concerns"),
    ("/account", "Your account", "account"),
];

/// Renders a template; a failure is logged and shown as a plain 500 page.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service.")
                .into_response()
        }
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub text: String,
}

impl Link {
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        Link { href: href.into(), text: text.into() }
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(text: impl ToString) -> Self {
        Cell { text: text.to_string(), href: None }
    }

    pub fn link(text: impl ToString, href: impl Into<String>) -> Self {
        Cell { text: text.to_string(), href: Some(href.into()) }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub caption: Option<String>,
    pub headings: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    pub empty: String,
    /// Short cells that stay a table on a phone, where other tables become one card a row.
    pub compact: bool,
}

impl Table {
    pub fn new(headings: &[&'static str], empty: impl Into<String>) -> Self {
        Table {
            caption: None,
            headings: headings.to_vec(),
            rows: Vec::new(),
            empty: empty.into(),
            compact: false,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub section: &'static str,
    pub message: String,
}

impl ErrorPage {
    pub fn new(status: StatusCode, message: String) -> Self {
        let title = match status {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "Something was not right",
            _ => "Sorry, there is a problem with the service",
        };
        ErrorPage { title: title.to_string(), section: "", message }
    }

    pub fn has_errors(&self) -> bool {
        false
    }
}

/// Shows an optional value, or a dash.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "–".to_string())
}

//! What pages show, assembled in Rust so templates only lay it out.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::{Choice, FieldError, Page};

/// The main navigation: address, words, and the section key that marks it current.
pub const NAV: &[(&str, &str, &str)] = &[
    ("/services", "Services", "services"),
    ("/constellations", "Constellations", "constellations"),
    ("/households", "Households", "households"),
    ("/carers", "Carers", "carers"),
    ("/children", "Children", "children"),
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
}

impl Table {
    pub fn new(headings: &[&'static str], empty: impl Into<String>) -> Self {
        Table { caption: None, headings: headings.to_vec(), rows: Vec::new(), empty: empty.into() }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub title: String,
    pub section: &'static str,
    pub intro: Option<String>,
    pub noun: &'static str,
    pub path: String,
    pub search: String,
    /// Filters to keep when searching.
    pub keep: Vec<(&'static str, String)>,
    pub add: Option<Link>,
    pub summary: String,
    pub table: Table,
    pub pagination: Vec<Link>,
}

/// What a list page is of: its heading, navigation section, plural noun and address.
#[derive(Clone, Copy)]
pub struct ListOf {
    pub title: &'static str,
    pub section: &'static str,
    pub noun: &'static str,
    pub path: &'static str,
}

impl ListPage {
    /// A list page over one page of records. `keep` are the filters the links carry along.
    pub fn new<T>(
        of: &ListOf,
        page: &Page<T>,
        search: Option<&str>,
        keep: Vec<(&'static str, String)>,
        table: Table,
    ) -> Self {
        let ListOf { title, section, noun, path } = *of;
        let first = (page.page - 1) as u64 * page.per_page as u64 + 1;
        let last = first + page.items.len() as u64 - 1;
        let summary = if page.items.is_empty() {
            match search {
                Some(q) => format!("No {noun} match “{q}”."),
                None => format!("No {noun} yet."),
            }
        } else {
            format!("Showing {first} to {last} of {} {noun}", page.total)
        };
        let pagination = pagination(path, page, search, &keep);
        ListPage {
            title: title.to_string(),
            section,
            intro: None,
            noun,
            path: path.to_string(),
            search: search.unwrap_or_default().to_string(),
            keep,
            add: None,
            summary,
            table,
            pagination,
        }
    }

    pub fn has_errors(&self) -> bool {
        false
    }
}

fn pagination<T>(
    path: &str,
    page: &Page<T>,
    search: Option<&str>,
    keep: &[(&str, String)],
) -> Vec<Link> {
    let pages = page.pages();
    if pages <= 1 {
        return Vec::new();
    }
    let href = |n: u32| {
        let mut pairs: Vec<(&str, String)> = keep.to_vec();
        if let Some(q) = search {
            pairs.push(("q", q.to_string()));
        }
        pairs.push(("page", n.to_string()));
        format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    };
    let mut links = Vec::new();
    if page.page > 1 {
        links.push(Link::new(href(page.page - 1), "Previous page"));
    }
    let window = (page.page.saturating_sub(2).max(1))..=(page.page + 2).min(pages);
    for n in window {
        let target = if n == page.page { String::new() } else { href(n) };
        links.push(Link::new(target, n.to_string()));
    }
    if page.page < pages {
        links.push(Link::new(href(page.page + 1), "Next page"));
    }
    links
}

pub struct Section {
    pub title: String,
    pub table: Table,
    pub actions: Vec<Link>,
}

#[derive(Template)]
#[template(path = "detail.html")]
pub struct DetailPage {
    pub title: String,
    pub section: &'static str,
    pub caption: Option<String>,
    pub notice: Option<String>,
    pub summary: Vec<(String, String)>,
    pub actions: Vec<Link>,
    pub sections: Vec<Section>,
}

impl DetailPage {
    pub fn new(title: impl Into<String>, section: &'static str, caption: &str) -> Self {
        DetailPage {
            title: title.into(),
            section,
            caption: Some(caption.to_string()),
            notice: None,
            summary: Vec::new(),
            actions: Vec::new(),
            sections: Vec::new(),
        }
    }

    pub fn row(&mut self, key: &str, value: impl ToString) {
        self.summary.push((key.to_string(), value.to_string()));
    }

    pub fn has_errors(&self) -> bool {
        false
    }
}

/// One question on a form.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// `text`, `date`, `month`, `number`, `select`, `textarea` or `hidden`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
    pub required: bool,
    pub max: usize,
}

impl Field {
    fn new(
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        value: &Option<String>,
    ) -> Self {
        Field {
            name,
            label,
            hint: None,
            kind,
            value: value.clone().unwrap_or_default(),
            options: Vec::new(),
            error: None,
            required: true,
            max: 0,
        }
    }

    pub fn text(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        max: usize,
    ) -> Self {
        Field { max, ..Field::new(name, label, "text", value) }
    }

    pub fn textarea(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        max: usize,
    ) -> Self {
        Field { max, ..Field::new(name, label, "textarea", value) }
    }

    pub fn date(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "date", value).hint("For example, 2026-03-27")
    }

    pub fn month(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "month", value).hint("Year and month, for example 2015-04")
    }

    pub fn number(name: &'static str, label: &'static str, value: &Option<String>) -> Self {
        Field::new(name, label, "number", value)
    }

    pub fn hidden(name: &'static str, value: &Option<String>) -> Self {
        Field::new(name, name, "hidden", value)
    }

    /// A choice from a closed list of words.
    pub fn choice<T: Choice>(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
    ) -> Self {
        let options =
            T::ALL.iter().map(|c| (c.as_str().to_string(), c.label().to_string())).collect();
        Field::select(name, label, value, options)
    }

    pub fn select(
        name: &'static str,
        label: &'static str,
        value: &Option<String>,
        choices: Vec<(String, String)>,
    ) -> Self {
        let mut options = vec![(String::new(), "Choose…".to_string())];
        options.extend(choices);
        Field { options, ..Field::new(name, label, "select", value) }
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn input_type(&self) -> &'static str {
        match self.kind {
            "number" => "text",
            "month" => "text",
            "date" => "date",
            other => other,
        }
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub title: String,
    pub section: &'static str,
    pub caption: Option<String>,
    pub intro: Option<String>,
    pub action: String,
    pub submit: &'static str,
    pub cancel: String,
    pub fields: Vec<Field>,
    /// The error summary: field name (the anchor) and message.
    pub errors: Vec<(String, String)>,
}

impl FormPage {
    pub fn new(
        title: impl Into<String>,
        section: &'static str,
        action: String,
        cancel: String,
    ) -> Self {
        FormPage {
            title: title.into(),
            section,
            caption: None,
            intro: None,
            action,
            submit: "Save",
            cancel,
            fields: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn fields(mut self, fields: Vec<Field>) -> Self {
        self.fields = fields;
        self
    }

    /// Marks each field with its error and lists them all at the top, in the form's order.
    /// An error for a field the form does not show goes on the first field.
    pub fn with_errors(mut self, errors: &[FieldError]) -> Self {
        for error in errors {
            let label =
                self.fields.iter().position(|f| f.name == error.field && f.kind != "hidden");
            let index = label.or_else(|| self.fields.iter().position(|f| f.kind != "hidden"));
            let Some(index) = index else { continue };
            let field = &mut self.fields[index];
            let message = format!("{} {}", field.label, error.message);
            if field.error.is_none() {
                field.error = Some(message.clone());
            }
            self.errors.push((field.name.to_string(), message));
        }
        let order: Vec<&str> = self.fields.iter().map(|f| f.name).collect();
        self.errors.sort_by_key(|(name, _)| order.iter().position(|n| n == name));
        self
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The page, answered 422 when it shows errors.
    pub fn respond(self) -> Response {
        let status =
            if self.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        (status, render(&self)).into_response()
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

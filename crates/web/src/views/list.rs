//! A paged, searchable list of records.

use askama::Template;
use domain::Page;

use super::{Field, Link, Table};

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub title: String,
    pub section: &'static str,
    pub intro: Option<String>,
    /// What just happened, such as "Withdrawn.", straight after a form.
    pub notice: Option<String>,
    pub noun: &'static str,
    pub path: String,
    pub search: String,
    /// Filters to keep when searching.
    pub keep: Vec<(&'static str, String)>,
    /// Filters the person sets, sent with the search; those set are not also kept.
    pub filters: Vec<Field>,
    /// Links beside the count, such as the month before and after.
    pub links: Vec<Link>,
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
        // An empty list says so once, in the table's own words, unless a search found nothing.
        let summary = match (page.items.is_empty(), search) {
            (true, Some(q)) => format!("No {noun} match “{q}”."),
            (true, None) => String::new(),
            (false, _) => format!("Showing {first} to {last} of {} {noun}", page.total),
        };
        let pagination = pagination(path, page, search, &keep);
        ListPage {
            title: title.to_string(),
            section,
            intro: None,
            notice: None,
            noun,
            path: path.to_string(),
            search: search.unwrap_or_default().to_string(),
            keep,
            filters: Vec::new(),
            links: Vec::new(),
            add: None,
            summary,
            table,
            pagination,
        }
    }

    /// Adds filters the person sets, in place of those kept hidden.
    pub fn filters(mut self, filters: Vec<Field>) -> Self {
        self.keep.retain(|(name, _)| !filters.iter().any(|f| f.name == *name));
        self.filters = filters;
        self
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

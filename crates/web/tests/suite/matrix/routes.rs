//! The routes the matrix tries: the API's from the OpenAPI document, the pages' from following
//! every link and form on the site.

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use domain::Id;
use serde_json::Value;

use super::records::{Kind, Records, kind_of};
use crate::harness::TestApp;

/// A route as a template: `{…}` where an id goes, each naming its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: &'static str,
    pub template: String,
}

impl Route {
    /// The kinds of record the route names, in order.
    /// (Only the path's: an id in the query string filters a list or fills in a form, and
    /// is checked by what the page shows.)
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = Vec::new();
        let mut rest = self.template.split('?').next().unwrap_or_default();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').unwrap() + start;
            kinds.push(kind_of(&rest[start + 1..end]));
            rest = &rest[end + 1..];
        }
        kinds
    }

    pub fn fill(&self, records: &Records) -> String {
        let mut path = self.template.clone();
        while let Some(start) = path.find('{') {
            let end = path[start..].find('}').unwrap() + start;
            let id = records.id(kind_of(&path[start + 1..end])).to_string();
            path.replace_range(start..=end, &id);
        }
        path
    }
}

fn is_id(text: &str) -> bool {
    text.len() == 36 && text.parse::<Id>().is_ok()
}

/// `/households/0196…/move?constellation_id=0196…` becomes `/households/{households}/move?constellation_id={constellation_id}`.
fn template_of(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if is_id(segment) {
            out.push(format!("{{{}}}", segments[i - 1]))
        } else {
            out.push(segment.to_string())
        }
    }
    let mut template = out.join("/");
    let params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        // A calendar's month is not a record: every month is one route, this month's.
        .filter(|p| !p.starts_with("month="))
        .filter_map(|p| {
            let (name, value) = p.split_once('=')?;
            Some(if is_id(value) {
                format!("{name}={{{name}}}")
            } else {
                format!("{name}={value}")
            })
        })
        .collect();
    if !params.is_empty() {
        template = format!("{template}?{}", params.join("&"));
    }
    template.replace("&amp;", "&")
}

fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = at + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// Every page route reachable by following links and forms from the home page, as `app`.
pub async fn crawl(app: &TestApp) -> BTreeSet<Route> {
    let mut routes = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/".to_string()]);
    while let Some(url) = queue.pop_front() {
        let template = template_of(&url);
        if !seen.insert(template.clone()) {
            continue;
        }
        routes.insert(Route { method: "GET", template });
        let page = app.get(&url).await;
        if page.status != StatusCode::OK || !page.body.contains("<html") {
            continue;
        }
        for href in attributes(&page.body, "href") {
            let href = href.replace("&amp;", "&");
            if href.starts_with('/')
                && !href.starts_with("/assets")
                && !href.starts_with("/api")
                && !href.starts_with("//")
            {
                queue.push_back(href.split('#').next().unwrap().to_string());
            }
        }
        for form in page.body.split("<form").skip(1) {
            let tag = &form[..form.find('>').unwrap_or(form.len())];
            let action = attributes(tag, "action").first().map(|a| a.replace("&amp;", "&"));
            if let Some(action) = action.filter(|a| a.starts_with('/')) {
                let method = if tag.contains("method=\"post\"") { "POST" } else { "GET" };
                routes.insert(Route { method, template: template_of(&action) });
            }
        }
    }
    routes
}

/// Every operation in the OpenAPI document.
pub fn api_routes() -> BTreeSet<Route> {
    let doc: Value = serde_json::from_str(&web::openapi_document()).unwrap();
    let mut routes = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        // `{id}` takes its kind from the segment before it.
        let segments: Vec<&str> = path.split('/').collect();
        let template: Vec<String> = segments
            .iter()
            .enumerate()
            .map(
                |(i, s)| {
                    if *s == "{id}" { format!("{{{}}}", segments[i - 1]) } else { s.to_string() }
                },
            )
            .collect();
        for method in operations.as_object().unwrap().keys() {
            let method = match method.as_str() {
                "get" => "GET",
                "post" => "POST",
                "put" => "PUT",
                "delete" => "DELETE",
                other => panic!("an unexpected method {other} on {path}"),
            };
            routes.insert(Route { method, template: template.join("/") });
        }
    }
    routes
}

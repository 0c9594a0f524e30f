//! The access matrix: every route, with every role, on a record in scope and one out of scope.
//!
//! The API's routes come from the OpenAPI document and the pages' routes from following every
//! link and form on the site, so a route added later is tried without anyone listing it. Out of
//! scope is never a success: a read is 404, exactly as for an id that does not exist.

use std::collections::{BTreeSet, VecDeque};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::{Grant, Id, Place, Role};
use serde_json::Value;

use crate::harness::{Reply, TestApp};
use records::{Kind, Records, kind_of, records};

mod records;

/// A route as a template: `{…}` where an id goes, each naming its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Route {
    method: &'static str,
    template: String,
}

impl Route {
    /// The kinds of record the route names, in order.
    /// (Only the path's: an id in the query string filters a list or fills in a form, and
    /// is checked by what the page shows.)
    fn kinds(&self) -> Vec<Kind> {
        let mut kinds = Vec::new();
        let mut rest = self.template.split('?').next().unwrap_or_default();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').unwrap() + start;
            kinds.push(kind_of(&rest[start + 1..end]));
            rest = &rest[end + 1..];
        }
        kinds
    }

    fn fill(&self, records: &Records) -> String {
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
async fn crawl(app: &TestApp) -> BTreeSet<Route> {
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
fn api_routes() -> BTreeSet<Route> {
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

/// Whether a role reaches the other service's record of this kind: the programme lead sees
/// every service and constellation; no one else reaches beyond their grant.
fn reaches_elsewhere(role: Role, kind: Kind) -> bool {
    role == Role::ProgrammeLead && matches!(kind, Kind::Service | Kind::Constellation)
}

/// Whether a role reaches a record of this kind (the one in scope: household S-1's).
fn reaches(role: Role, kind: Kind) -> bool {
    match (role, kind) {
        (_, Kind::Token) => false,
        (Role::ServiceManager | Role::LiaisonWorker, _) => true,
        (Role::HubCarer | Role::SatelliteCarer, Kind::Placement) => false,
        (Role::HubCarer | Role::SatelliteCarer, _) => true,
        (Role::ProgrammeLead, Kind::Service | Kind::Constellation) => true,
        (Role::ProgrammeLead, _) => false,
    }
}

async fn send(app: &TestApp, route: &Route, path: &str) -> Reply {
    let api = path.starts_with("/api/");
    let mut request = Request::builder().method(route.method).uri(path);
    let body = if route.method == "GET" {
        Body::empty()
    } else if api {
        request = request.header(header::CONTENT_TYPE, "application/json");
        Body::from("{}")
    } else {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        Body::empty()
    };
    app.request(request.body(body).unwrap()).await
}

#[tokio::test]
async fn every_route_with_every_role_in_and_out_of_scope() {
    let app = TestApp::spawn().await;
    let mine = records(&app, "Northfield Fostering").await;
    let theirs = records(&app, "Southbank Fostering").await;
    let (manager, _) = app
        .as_user(
            "manager@example.org",
            Grant {
                role: Role::ServiceManager,
                place: Place::Service(mine.service.parse().unwrap()),
            },
        )
        .await;

    let pages = crawl(&manager).await;
    let api = api_routes();
    assert!(pages.len() >= 30, "the crawl found only {} page routes: {pages:?}", pages.len());
    assert!(api.len() >= 30, "the OpenAPI document has only {} operations", api.len());
    let routes: Vec<Route> =
        pages.into_iter().chain(api).filter(|r| r.template != "/sign-out").collect();

    let constellation = Place::Constellation(mine.constellation.parse().unwrap());
    let mut people = vec![(Some(Role::ServiceManager), manager)];
    for (email, role, place) in [
        ("lead@example.org", Role::ProgrammeLead, Place::Programme),
        ("liaison@example.org", Role::LiaisonWorker, constellation),
        ("hub@example.org", Role::HubCarer, constellation),
        (
            "satellite@example.org",
            Role::SatelliteCarer,
            Place::Household(mine.household.parse().unwrap()),
        ),
    ] {
        people.push((Some(role), app.as_user(email, Grant { role, place }).await.0));
    }
    people.push((None, app.anonymous()));

    let mut problems = Vec::new();
    let mut tried = 0;
    for route in &routes {
        let kinds = route.kinds();
        for (role, person) in &people {
            let who = role.map_or("nobody".to_string(), |r| format!("{r:?}"));
            let in_scope = send(person, route, &route.fill(&mine)).await;
            let out = send(person, route, &route.fill(&theirs)).await;
            tried += 2;
            for reply in [&in_scope, &out] {
                if reply.status.is_server_error() {
                    problems.push(format!(
                        "{who} {} {}: {}",
                        route.method, route.template, reply.status
                    ));
                }
            }
            let Some(role) = *role else {
                // Nobody signed in: pages send to the sign-in page, the API answers 401.
                let open = ["/sign-in", "/api/v1/sign-in", "/healthz", "/readyz"]
                    .iter()
                    .any(|p| route.template.starts_with(p));
                let sent_away = in_scope.status == StatusCode::UNAUTHORIZED
                    || in_scope.location.as_deref().is_some_and(|l| l.starts_with("/sign-in"));
                if !open && !sent_away {
                    problems.push(format!(
                        "nobody {} {}: {}",
                        route.method, route.template, in_scope.status
                    ));
                }
                continue;
            };
            if kinds.is_empty() {
                // A list or a form with no record: it must show none of the other service's.
                for id in [&theirs.household, &theirs.child, &theirs.carer, &theirs.placement] {
                    if out.body.contains(id.as_str()) {
                        problems.push(format!(
                            "{who} {} {} shows another service's {id}",
                            route.method, route.template
                        ));
                    }
                }
                continue;
            }
            let elsewhere = kinds.iter().all(|k| reaches_elsewhere(role, *k));
            let succeeded = out.status.is_success()
                || (out.status == StatusCode::SEE_OTHER && route.method != "GET");
            if succeeded && !(elsewhere && route.method == "GET") {
                problems.push(format!(
                    "{who} {} {} out of scope: {}",
                    route.method, route.template, out.status
                ));
            }
            if route.method == "GET" {
                let expected = if elsewhere { StatusCode::OK } else { StatusCode::NOT_FOUND };
                if out.status != expected {
                    problems.push(format!(
                        "{who} GET {} out of scope: {}, not {expected}",
                        route.template, out.status
                    ));
                }
                let audit_only_managers =
                    route.template.starts_with("/audit") && role != Role::ServiceManager;
                let expected = if kinds.iter().all(|k| reaches(role, *k)) && !audit_only_managers {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                };
                if in_scope.status != expected {
                    problems.push(format!(
                        "{who} GET {} in scope: {}, not {expected}",
                        route.template, in_scope.status
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {tried} tries went wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

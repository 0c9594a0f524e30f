//! The national roll-up: the returns sent, added up for the country, each region and each
//! service, over a month, a quarter or a financial year, with the census figures.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use domain::Choice;
use domain::returns::{Column, Period, Section as Part, Whose, written};

use crate::api::returns::{period_of, whose_of, whose_param};
use crate::caller::Caller;
use crate::extract::ListParams;
use crate::views::{Cell, DetailPage, Link, Section, Table, chart, render};
use crate::{AppState, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/rollup", get(rollup)).route("/rollup/trend", get(trend))
}

/// The figures a region or service row shows: a few, so the table fits a phone.
const HEADLINES: [&str; 5] =
    ["satellite_homes", "children", "contacts", "planned_sleepovers", "breakdowns_prevented"];

fn shown(c: &Column, key: &str) -> String {
    c.lines.iter().find(|l| l.key == key).map(|l| l.shown()).unwrap_or_else(|| "–".into())
}

fn decimal(value: Option<f64>, unit: &str) -> String {
    value.map(|v| format!("{v:.1}{unit}")).unwrap_or_else(|| "–".into())
}

fn rows_of(columns: &[Column], empty: &str) -> Table {
    let mut table = Table::new(
        &[
            "Name",
            "Returns",
            "Satellite homes",
            "Children",
            "Contacts",
            "Planned sleepovers",
            "Breakdowns prevented",
        ],
        empty,
    );
    for c in columns {
        let mut row = vec![Cell::text(&c.name), Cell::text(c.returns)];
        row.extend(HEADLINES.iter().map(|k| Cell::text(shown(c, k))));
        table.row(row);
    }
    table
}

async fn rollup(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let period = period_of(&params)?;
    let r = state.store.rollup(&caller.scope, period).await?;
    let mut page =
        DetailPage::new(format!("National roll-up: {}", r.label), "services", "Monthly returns");
    page.notice = Some(if r.national.returns == 0 {
        format!("No return has been submitted for {} yet.", r.label)
    } else {
        let returns = domain::plural(r.national.returns, "monthly return", "monthly returns");
        format!(
            "{returns} submitted for {}. Homes, people and children are as on the last month's last day; the rest add up. Counts of 1 to 4 from services other than your own show as “fewer than 5”.",
            r.label
        )
    });
    let census = &r.national.census;
    let count = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "–".into());
    page.row("Homes", count(census.homes));
    page.row("Adults", count(census.adults));
    page.row("Children and young people", count(census.children));
    page.row("Satellites per constellation", decimal(census.satellites_per_constellation, ""));
    page.row("Children in mainstream fostering", decimal(census.mainstream_percent, "%"));
    page.row("Sons and daughters of carers", decimal(census.sons_and_daughters_percent, "%"));
    let mut sections = Vec::new();
    for part in Part::ALL {
        let mut table = Table::new(&["Figure", "England"], "");
        table.compact = true;
        for line in r.national.lines.iter().filter(|l| l.section == *part) {
            let href = trend_href(period, &line.key, &Whose::England);
            table.row(vec![Cell::link(&line.label, href), Cell::text(line.shown())]);
        }
        if !table.rows.is_empty() {
            sections.push(Section { title: part.label().into(), table, actions: vec![] });
        }
    }
    sections.push(Section {
        title: "By region".into(),
        table: rows_of(&r.regions, "No region has sent a return."),
        actions: vec![],
    });
    sections.push(Section {
        title: "By service".into(),
        table: rows_of(&r.services, "No service has sent a return."),
        actions: vec![],
    });
    page.sections = sections;
    let here = |p: Period| Link::new(format!("/rollup?period={}", p.key()), p.label());
    let today = domain::Date::today();
    let year = Period::financial_year_start(today);
    page.actions = vec![
        Link::new(format!("/api/v1/rollup/csv?period={}", period.key()), "Download as CSV"),
        Link::new(
            format!("/api/v1/rollup/xlsx?period={}", period.key()),
            "Download as a spreadsheet (XLSX)",
        ),
        here(Period::Year(year)),
        here(Period::Year(year - 1)),
        here(Period::Quarter(domain::support::Quarter::of(today).previous())),
        here(Period::Month(today.month().previous())),
        Link::new(format!("/impact?period={}", Period::Year(year).key()), "Impact and cost"),
    ];
    Ok(render(&page))
}

/// `November 2025` as `Nov 25`, to name a month under a chart.
fn short(month: domain::Month) -> String {
    let label = month.label();
    let (name, year) = label.split_once(' ').unwrap_or((&label, ""));
    format!("{} {}", &name[..name.len().min(3)], &year[year.len().saturating_sub(2)..])
}

/// The address of a figure's trend for England, a region or a service.
fn trend_href(period: Period, figure: &str, whose: &Whose) -> String {
    let mut query = vec![("period", period.key()), ("figure", figure.to_string())];
    query.extend(whose_param(whose));
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    format!("/rollup/trend?{query}")
}

/// A figure's trend for England, a region or a service: a chart of the twelve months to the
/// end of the period, the same figures as a table, and links to the trend of the others.
async fn trend(
    State(state): State<AppState>,
    caller: Caller,
    params: ListParams,
) -> Result<Response> {
    let period = period_of(&params)?;
    let figure = params.figure.as_deref().unwrap_or_default().trim();
    let whose = whose_of(&params)?;
    let (t, r) = tokio::try_join!(
        state.store.rollup_trend(&caller.scope, period, figure, &whose),
        state.store.rollup(&caller.scope, period),
    )?;
    let (first, last) = (t.points[0].month.label(), t.points[t.points.len() - 1].month.label());
    let mut page = DetailPage::new(format!("{}: {}", t.label, t.of), "services", "Trend");
    page.notice = Some(format!(
        "Each month's figure for {}, from {first} to {last}, as the returns sent give it. A month with no return sent has no figure; a count of 1 to 4 from services other than your own shows as “fewer than 5” and is left off the chart.",
        t.of
    ));
    let points: Vec<(String, Option<i64>)> =
        t.points.iter().map(|p| (short(p.month), p.value)).collect();
    let shown = t.points.iter().filter_map(|p| p.value).collect::<Vec<_>>();
    let summary = match (shown.iter().min(), shown.iter().max()) {
        (Some(low), Some(high)) => format!(
            "A line chart of the {} with a figure, from {first} to {last}: the lowest is {low}, the highest {high}. The table below gives each month.",
            domain::plural(shown.len() as i64, "month", "months")
        ),
        _ => format!("No month from {first} to {last} has a figure to show."),
    };
    page.chart = Some(chart::line_chart(&t.label, &summary, &points));
    let mut table = Table::new(&["Month", "Figure", "Returns sent"], "");
    table.compact = true;
    for p in &t.points {
        let value = written(p.value, p.fewer_than_five, "–");
        table.row(vec![Cell::text(p.month.label()), Cell::text(value), Cell::text(p.returns)]);
    }
    // The same figure's trend for England, each region and each service with a return sent.
    let mut others = Table::new(&["Whose", "Returns sent in the period"], "");
    others.compact = true;
    let england = std::iter::once((Whose::England, &r.national));
    let regions = r.regions.iter().map(|c| (Whose::Region(c.name.clone()), c));
    let services = r.services.iter().filter_map(|c| Some((Whose::Service(c.service_id?), c)));
    for (theirs, column) in england.chain(regions).chain(services) {
        let (name, returns) = (&column.name, column.returns);
        let cell = if theirs == whose {
            Cell::text(format!("{name} (this chart)"))
        } else {
            Cell::link(name, trend_href(period, &t.key, &theirs))
        };
        others.row(vec![cell, Cell::text(returns)]);
    }
    page.sections = vec![
        Section { title: "The figures in the chart".into(), table, actions: vec![] },
        Section {
            title: format!("{} for England, a region or a service", t.label),
            table: others,
            actions: vec![],
        },
    ];
    page.actions =
        vec![Link::new(format!("/rollup?period={}", period.key()), "Back to the roll-up")];
    Ok(render(&page))
}

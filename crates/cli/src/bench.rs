//! `constellate bench`: latency of the household page, the household list API, a hub's month,
//! a service's monthly return, a month's contacts and sibling contact, a service's fidelity, a
//! year's national roll-up and impact, and asking for then confirming a sleepover, under concurrent clients, against a server on
//! this machine, as the person whose API token it is given (a service manager sees their
//! service). It stops by itself.

mod connection;
mod sleepovers;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;
use domain::Date;

use connection::Connection;
use sleepovers::{Found, RequestConfirm};

#[derive(Args)]
pub struct BenchArgs {
    /// The server's address, on this machine.
    #[arg(long, default_value = "127.0.0.1:8080")]
    target: String,
    /// Concurrent clients, each with its own keep-alive connection.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Seconds to run each measurement.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Only the measurements whose name holds this text, such as `roll-up`.
    #[arg(long)]
    only: Option<String>,
    /// The API token to send: `constellate user token --email …` prints one.
    #[arg(long, env = "CONSTELLATE_TOKEN", hide_env_values = true)]
    token: String,
}

/// A tiny deterministic generator, so runs choose the same pages.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Which client is at work, how many turns it has had, and a random number for its choices.
#[derive(Debug, Clone, Copy)]
struct Turn {
    client: usize,
    round: u64,
    random: u64,
}

/// How long one timed attempt took, and whether it ended as it should.
struct Attempt {
    took: Duration,
    expected: bool,
}

/// What each client repeats until the measurement's time is up.
trait Work: Clone + Send + Sync + 'static {
    /// What the report calls the attempts, and those that did not end as they should.
    const DONE: &'static str;
    const MISSED: &'static str;

    fn once(
        &self,
        connection: &mut Connection,
        turn: Turn,
    ) -> impl Future<Output = anyhow::Result<Attempt>> + Send;

    /// Puts back what the attempts changed, once the time is up, untimed.
    fn tidy(
        &self,
        _connection: &mut Connection,
    ) -> impl Future<Output = anyhow::Result<()>> + Send {
        async { Ok(()) }
    }
}

/// A GET of the path chosen for the turn, which should answer 200.
#[derive(Clone)]
struct Get<F>(F);

impl<F: Fn(Turn) -> String + Clone + Send + Sync + 'static> Work for Get<F> {
    const DONE: &'static str = "requests";
    const MISSED: &'static str = "not 200";

    async fn once(&self, connection: &mut Connection, turn: Turn) -> anyhow::Result<Attempt> {
        let path = (self.0)(turn);
        let started = Instant::now();
        let (status, _) = connection.get(&path).await?;
        Ok(Attempt { took: started.elapsed(), expected: status == 200 })
    }
}

pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let ip = args.target.split(':').next().unwrap_or_default();
    if !(ip.starts_with("127.") || ip == "localhost" || ip == "[::1]") {
        bail!("bench only targets a server on this machine (127.0.0.0/8 or localhost)");
    }
    let mut connection = Connection::open(&args.target, &args.token).await?;
    let first = connection.get_json("/api/v1/households?per_page=100").await?;
    let total = first["total"].as_u64().unwrap_or(0);
    if total == 0 {
        bail!("there are no households to measure; run `constellate demo` first");
    }
    let list_pages = total.div_ceil(25);
    let mut ids = Vec::new();
    let mut seed = 7;
    for _ in 0..10 {
        let page = next(&mut seed) % total.div_ceil(100) + 1;
        let value =
            connection.get_json(&format!("/api/v1/households?per_page=100&page={page}")).await?;
        for item in value["items"].as_array().into_iter().flatten() {
            if let Some(id) = item["id"].as_str() {
                ids.push(id.to_string());
            }
        }
    }
    // Each service's staff page through their own households: the list a person uses.
    let services = connection.get_json("/api/v1/services?per_page=100").await?;
    let services: Vec<String> = services["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    if services.is_empty() {
        bail!("there are no services to measure");
    }
    let found = Found::read(&mut connection).await?;
    println!(
        "{total} households in {} services or more, {} hubs, {} children in satellites; \
         {} clients for {} s each",
        services.len(),
        found.hubs.len(),
        found.pairs(),
        args.clients,
        args.seconds
    );
    let ids = Arc::new(ids);
    measure(
        args,
        "household page           GET /households/{id}",
        Get(move |turn: Turn| format!("/households/{}", ids[(turn.random as usize) % ids.len()])),
    )
    .await?;
    let services = Arc::new(services);
    let returned = Arc::clone(&services);
    let supported = Arc::clone(&services);
    measure(
        args,
        "a service's households   GET /api/v1/households?service_id=S&page=N",
        Get(move |turn: Turn| {
            let service = &services[(turn.random as usize) % services.len()];
            format!(
                "/api/v1/households?service_id={service}&page={}&per_page=25",
                (turn.random >> 32) % 12 + 1
            )
        }),
    )
    .await?;
    measure(
        args,
        "all their households     GET /api/v1/households?page=N",
        Get(move |turn: Turn| {
            format!("/api/v1/households?page={}&per_page=25", turn.random % list_pages + 1)
        }),
    )
    .await?;
    let today = Date::today();
    let hubs = Arc::new(found.hubs.clone());
    let months = sleepovers::months(today);
    measure(
        args,
        "hub month calendar       GET /api/v1/households/{hub}/calendar?month=M",
        Get(move |turn: Turn| {
            let hub = &hubs[(turn.client + turn.round as usize) % hubs.len()];
            let month = &months[(turn.random % 3) as usize];
            format!("/api/v1/households/{hub}/calendar?month={month}")
        }),
    )
    .await?;
    let listed = sleepovers::months(today);
    measure(
        args,
        "a month's sleepovers     GET /api/v1/sleepovers?month=M",
        Get(move |turn: Turn| {
            format!("/api/v1/sleepovers?month={}", listed[(turn.random % 3) as usize])
        }),
    )
    .await?;
    measure(
        args,
        "sleepovers to act on     GET /sleepovers",
        Get(move |_: Turn| "/sleepovers".to_string()),
    )
    .await?;
    measure(
        args,
        "a month's return         GET /api/v1/services/{id}/returns/{M}",
        Get(move |turn: Turn| {
            let service = &returned[(turn.random as usize) % returned.len()];
            // One of the last twelve months.
            let mut month = today.month();
            for _ in 0..(turn.random >> 40) % 12 + 1 {
                month = month.previous();
            }
            format!("/api/v1/services/{service}/returns/{month}")
        }),
    )
    .await?;
    measure(
        args,
        "a month's contacts       GET /api/v1/contacts?month=M&page=N",
        Get(move |turn: Turn| {
            let mut month = today.month();
            for _ in 0..(turn.random >> 40) % 12 {
                month = month.previous();
            }
            format!("/api/v1/contacts?month={month}&page={}&per_page=25", turn.random % 4 + 1)
        }),
    )
    .await?;
    measure(
        args,
        "a service's fidelity     GET /api/v1/services/{id}/fidelity",
        Get(move |turn: Turn| {
            let service = &supported[(turn.random as usize) % supported.len()];
            format!("/api/v1/services/{service}/fidelity")
        }),
    )
    .await?;
    measure(
        args,
        "a month's sibling contact GET /api/v1/sibling-contacts?month=M",
        Get(move |turn: Turn| {
            let mut month = today.month();
            for _ in 0..(turn.random >> 40) % 12 {
                month = month.previous();
            }
            format!("/api/v1/sibling-contacts?month={month}")
        }),
    )
    .await?;
    // The last financial year ended: every month of it sent, in the demo.
    let year =
        domain::returns::Period::Year(domain::returns::Period::financial_year_start(today) - 1)
            .key();
    let rolled = year.clone();
    measure(
        args,
        "a year's roll-up         GET /api/v1/rollup?period=YYYY-YY",
        Get(move |_: Turn| format!("/api/v1/rollup?period={rolled}")),
    )
    .await?;
    measure(
        args,
        "a year's impact and cost GET /api/v1/impact?period=YYYY-YY",
        Get(move |_: Turn| format!("/api/v1/impact?period={year}")),
    )
    .await?;
    measure(
        args,
        "request then confirm     POST /api/v1/sleepovers, then …/{id}/confirm",
        RequestConfirm::new(&found, args.clients, today),
    )
    .await?;
    Ok(())
}

/// Runs `work` on every client until the time is up and prints the latencies of all attempts,
/// however they ended, and how many did not end as they should.
async fn measure<W: Work>(args: &BenchArgs, name: &str, work: W) -> anyhow::Result<()> {
    if args.only.as_deref().is_some_and(|only| !name.contains(only)) {
        return Ok(());
    }
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let target = args.target.clone();
        let token = args.token.clone();
        let work = work.clone();
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&target, &token).await?;
            let mut seed = client as u64 + 1;
            let mut times = Vec::new();
            let mut missed = 0u64;
            let mut round = 0;
            while Instant::now() < deadline {
                let turn = Turn { client, round, random: next(&mut seed) };
                let attempt = work.once(&mut connection, turn).await?;
                times.push(attempt.took);
                missed += u64::from(!attempt.expected);
                round += 1;
            }
            work.tidy(&mut connection).await?;
            anyhow::Ok((times, missed))
        }));
    }
    let mut times = Vec::new();
    let mut missed = 0;
    for task in tasks {
        let (t, m) = task.await??;
        times.extend(t);
        missed += m;
    }
    if times.is_empty() {
        bail!("{name}: nothing finished in {} s", args.seconds);
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{name}: {} {}, {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {missed} {}",
        times.len(),
        W::DONE,
        times.len() as f64 / args.seconds as f64,
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        W::MISSED,
    );
    Ok(())
}

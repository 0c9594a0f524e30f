//! `constellate bench`: latency of the household page and the household list API under
//! concurrent clients, against a server on this machine, as the person whose API token it is
//! given (a service manager sees their service). It stops by itself.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

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
    /// The API token to send: `constellate user token --email …` prints one.
    #[arg(long, env = "CONSTELLATE_TOKEN", hide_env_values = true)]
    token: String,
}

/// One keep-alive HTTP/1.1 connection that sends GETs and reads whole responses.
struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    token: String,
}

impl Connection {
    async fn open(target: &str, token: &str) -> anyhow::Result<Self> {
        let stream =
            TcpStream::connect(target).await.with_context(|| format!("cannot reach {target}"))?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: BufReader::new(stream),
            host: target.to_string(),
            token: token.into(),
        })
    }

    /// Returns the status and the body.
    async fn get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\nAuthorization: Bearer {}\r\n\r\n",
            self.host, self.token
        );
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .context("no status line")?;
        let mut length = None;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let length = length.context("response without a content length")?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok((status, body))
    }
}

/// A tiny deterministic generator, so runs choose the same pages.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let ip = args.target.split(':').next().unwrap_or_default();
    if !(ip.starts_with("127.") || ip == "localhost" || ip == "[::1]") {
        bail!("bench only targets a server on this machine (127.0.0.0/8 or localhost)");
    }
    let mut connection = Connection::open(&args.target, &args.token).await?;
    let (status, body) = connection.get("/api/v1/households?per_page=100").await?;
    if status != 200 {
        bail!("the household list answered {status}");
    }
    let first: serde_json::Value = serde_json::from_slice(&body)?;
    let total = first["total"].as_u64().unwrap_or(0);
    if total == 0 {
        bail!("there are no households to measure; run `constellate demo` first");
    }
    let list_pages = total.div_ceil(25);
    let mut ids = Vec::new();
    let mut seed = 7;
    for _ in 0..10 {
        let page = next(&mut seed) % total.div_ceil(100) + 1;
        let (_, body) =
            connection.get(&format!("/api/v1/households?per_page=100&page={page}")).await?;
        let value: serde_json::Value = serde_json::from_slice(&body)?;
        for item in value["items"].as_array().into_iter().flatten() {
            if let Some(id) = item["id"].as_str() {
                ids.push(id.to_string());
            }
        }
    }
    // Each service's staff page through their own households: the list a person uses.
    let (_, body) = connection.get("/api/v1/services?per_page=100").await?;
    let services: serde_json::Value = serde_json::from_slice(&body)?;
    let services: Vec<String> = services["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    if services.is_empty() {
        bail!("there are no services to measure");
    }
    println!(
        "{total} households in {} services or more; {} clients for {} s each",
        services.len(),
        args.clients,
        args.seconds
    );
    let ids = std::sync::Arc::new(ids);
    let pages = ids.clone();
    measure(args, "household page           GET /households/{id}", move |n| {
        format!("/households/{}", pages[(n as usize) % pages.len()])
    })
    .await?;
    let services = std::sync::Arc::new(services);
    measure(
        args,
        "a service's households   GET /api/v1/households?service_id=S&page=N",
        move |n| {
            let service = &services[(n as usize) % services.len()];
            format!(
                "/api/v1/households?service_id={service}&page={}&per_page=25",
                (n >> 32) % 12 + 1
            )
        },
    )
    .await?;
    measure(args, "all their households     GET /api/v1/households?page=N", move |n| {
        format!("/api/v1/households?page={}&per_page=25", n % list_pages + 1)
    })
    .await?;
    Ok(())
}

async fn measure(
    args: &BenchArgs,
    name: &str,
    path: impl Fn(u64) -> String + Send + Sync + Clone + 'static,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let target = args.target.clone();
        let token = args.token.clone();
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&target, &token).await?;
            let mut seed = client as u64 + 1;
            let mut times = Vec::new();
            let mut failures = 0u64;
            while Instant::now() < deadline {
                let started = Instant::now();
                let (status, _) = connection.get(&path(next(&mut seed))).await?;
                times.push(started.elapsed());
                if status != 200 {
                    failures += 1;
                }
            }
            anyhow::Ok((times, failures))
        }));
    }
    let mut times = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (t, f) = task.await??;
        times.extend(t);
        failures += f;
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{name}: {} requests, {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {failures} not 200",
        times.len(),
        times.len() as f64 / args.seconds as f64,
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    Ok(())
}

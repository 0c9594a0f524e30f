//! `constellate demo`: invented data at a chosen scale.

use std::time::Instant;

use anyhow::bail;
use clap::Args;
use domain::Date;
use store::Store;
use store::demo::DemoSpec;

#[derive(Args)]
pub struct DemoArgs {
    /// How many households to make (England is about 43,000).
    #[arg(long, default_value_t = 180)]
    households: u32,
    /// How many years of history, ending today.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// The same seed makes the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last day of history, `YYYY-MM-DD`; today when left out.
    #[arg(long)]
    until: Option<String>,
}

impl DemoArgs {
    /// The small demo `cargo run` makes on first start.
    pub fn first_run() -> Self {
        DemoArgs { households: 180, years: 10, seed: 1, until: None }
    }
}

pub async fn run(store: &Store, args: &DemoArgs) -> anyhow::Result<()> {
    if !store.is_empty().await? {
        return Err(store::Error::NotEmpty.into());
    }
    if args.households == 0 || args.households > 200_000 || args.years == 0 || args.years > 30 {
        bail!("--households must be 1 to 200000 and --years 1 to 30");
    }
    let until = match &args.until {
        Some(text) => Date::parse(text).map_err(|m| anyhow::anyhow!("--until {m}"))?,
        None => Date::today(),
    };
    let spec = DemoSpec { households: args.households, years: args.years, seed: args.seed, until };
    let started = Instant::now();
    let summary = store.generate_demo(&spec).await?;
    let made = [
        (summary.services, "service", "services"),
        (summary.constellations, "constellation", "constellations"),
        (summary.households, "household", "households"),
        (summary.carers, "carer", "carers"),
        (summary.children, "child", "children"),
        (summary.placements, "placement", "placements"),
        (summary.sleepovers, "sleepover", "sleepovers"),
        (summary.events, "event", "events"),
        (summary.contacts, "contact", "contacts"),
        (summary.concerns, "concern", "concerns"),
    ]
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }));
    let (last, rest) = made.split_last().expect("the list is not empty");
    println!(
        "Made {} and {last} ({} rows) in {:.1} s.",
        rest.join(", "),
        summary.rows,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let months = store.send_demo_returns(until).await?;
    if let (Some(first), Some(last)) = (months.first(), months.last()) {
        println!(
            "Sent each service's monthly return for {} to {} in {:.1} s.",
            first.label(),
            last.label(),
            started.elapsed().as_secs_f64()
        );
    }
    print_sign_ins(store, true).await
}

/// Demo mode: prints a sign-in for each demo account, with a password new for this start-up.
/// `fresh` says the demo has just filled the database, so the accounts are made first.
/// Nothing is printed for a database the demo did not fill: it has no demo accounts.
pub async fn print_sign_ins(store: &Store, fresh: bool) -> anyhow::Result<()> {
    let sign_ins = store.demo_sign_ins(fresh).await?;
    if sign_ins.is_empty() {
        return Ok(());
    }
    println!("Demo sign-ins (new passwords each start-up; invented data only):");
    for s in &sign_ins {
        println!("  {:<20} {:<42} password {}", domain::Choice::label(s.role), s.email, s.password);
    }
    Ok(())
}

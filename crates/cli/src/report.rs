//! `constellate report`: what a service sends on, written as CSV to standard output.

use anyhow::Context;
use clap::Subcommand;
use domain::sleepovers::EPISODE_COLUMNS;
use domain::{Date, Id, Scope};
use store::Store;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Sleepovers of looked-after children as SSDA903 temporary episodes (T3, or T4), in the
    /// Episodes layout: never placement moves.
    Ssda903Temporary {
        /// The service's id.
        #[arg(long)]
        service: String,
        /// The first day of the period, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// The last day of the period, YYYY-MM-DD.
        #[arg(long)]
        to: String,
    },
}

pub async fn run(store: &Store, command: &ReportCommand) -> anyhow::Result<()> {
    match command {
        ReportCommand::Ssda903Temporary { service, from, to } => {
            let service: Id = service.parse().ok().context("--service must be a service's id")?;
            let from = Date::parse(from).map_err(|m| anyhow::anyhow!("--from {m}"))?;
            let to = Date::parse(to).map_err(|m| anyhow::anyhow!("--to {m}"))?;
            anyhow::ensure!(from <= to, "--to must not be earlier than --from");
            let rows = store
                .ssda903_temporary(&Scope::Everything, service, from, to)
                .await
                .map_err(|e| match e {
                    store::Error::NotFound => anyhow::anyhow!("there is no service with that id"),
                    other => anyhow::anyhow!(other),
                })?;
            println!("{}", EPISODE_COLUMNS.join(","));
            for row in rows {
                println!("{}", row.iter().map(|v| csv(v)).collect::<Vec<_>>().join(","));
            }
            Ok(())
        }
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

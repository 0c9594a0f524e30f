//! `constellate report`: what a service sends on, and the programme's roll-up, written as CSV
//! to standard output.

use anyhow::Context;
use clap::Subcommand;
use domain::returns::Period;
use domain::sleepovers::EPISODE_COLUMNS;
use domain::{Date, Id, Month, Scope, csv};
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
    /// A service's monthly return: each figure counted from the records as they stand now.
    Monthly {
        /// The service's id.
        #[arg(long)]
        service: String,
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// `csv`.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// The national roll-up of the returns submitted for a financial year (April to March).
    National {
        /// The year the financial year starts in: 2025 is April 2025 to March 2026.
        #[arg(long)]
        year: i16,
        /// `csv`.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

/// Only CSV is written so far; XLSX is refused by name.
fn check_format(format: &str) -> anyhow::Result<()> {
    match format {
        "csv" => Ok(()),
        "xlsx" => anyhow::bail!("--format xlsx is not available yet: use --format csv"),
        other => anyhow::bail!("--format must be csv, not {other}"),
    }
}

fn not_found(e: store::Error) -> anyhow::Error {
    match e {
        store::Error::NotFound => anyhow::anyhow!("there is no service with that id"),
        other => anyhow::anyhow!(other),
    }
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
                .map_err(not_found)?;
            print!("{}", csv::line(&EPISODE_COLUMNS));
            for row in rows {
                print!("{}", csv::line(&row));
            }
            Ok(())
        }
        ReportCommand::Monthly { service, month, format } => {
            check_format(format)?;
            let service: Id = service.parse().ok().context("--service must be a service's id")?;
            let month = Month::parse(month).map_err(|m| anyhow::anyhow!("--month {m}"))?;
            let r = store
                .monthly_return(&Scope::Everything, service, month)
                .await
                .map_err(not_found)?;
            print!("{}", r.csv());
            Ok(())
        }
        ReportCommand::National { year, format } => {
            check_format(format)?;
            anyhow::ensure!((2000..=2200).contains(year), "--year must be a year such as 2025");
            let r = store.rollup(&Scope::Everything, Period::Year(*year)).await?;
            print!("{}", r.csv());
            Ok(())
        }
    }
}

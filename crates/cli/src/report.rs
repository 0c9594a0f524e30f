//! `constellate report`: what a service sends on, and the programme's roll-up, written to
//! standard output as CSV or as an XLSX workbook.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use clap::Subcommand;
use domain::returns::Period;
use domain::sheet::Sheet;
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
        /// `csv`, or `xlsx` for a spreadsheet with a sheet for each section.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// The national roll-up of the returns submitted for a financial year (April to March).
    National {
        /// The year the financial year starts in: 2025 is April 2025 to March 2026.
        #[arg(long)]
        year: i16,
        /// `csv`, or `xlsx` for a spreadsheet with a sheet for each section.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

/// How a report is written to standard output.
#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

fn format_of(format: &str) -> anyhow::Result<Format> {
    match format.trim() {
        "csv" => Ok(Format::Csv),
        "xlsx" => {
            anyhow::ensure!(
                !std::io::stdout().is_terminal(),
                "--format xlsx writes a spreadsheet file: send it to one, as in > return.xlsx"
            );
            Ok(Format::Xlsx)
        }
        other => anyhow::bail!("--format must be csv or xlsx, not {other}"),
    }
}

/// Writes the CSV text or the workbook to standard output.
fn write(
    format: Format,
    csv: impl FnOnce() -> String,
    sheets: impl FnOnce() -> Vec<Sheet>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Csv => out.write_all(csv().as_bytes())?,
        Format::Xlsx => out.write_all(&web::download::workbook(&sheets())?)?,
    }
    out.flush()?;
    Ok(())
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
            let format = format_of(format)?;
            let service: Id = service.parse().ok().context("--service must be a service's id")?;
            let month = Month::parse(month).map_err(|m| anyhow::anyhow!("--month {m}"))?;
            let r = store
                .monthly_return(&Scope::Everything, service, month)
                .await
                .map_err(not_found)?;
            write(format, || r.csv(), || r.workbook())
        }
        ReportCommand::National { year, format } => {
            let format = format_of(format)?;
            anyhow::ensure!((2000..=2200).contains(year), "--year must be a year such as 2025");
            let r = store.rollup(&Scope::Everything, Period::Year(*year)).await?;
            write(format, || r.csv(), || r.workbook())
        }
    }
}

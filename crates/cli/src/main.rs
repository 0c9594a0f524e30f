//! The `constellate` binary: parses the command line and hands over to the library crates.

mod bench;
mod demo;
mod report;
mod user;

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use store::Store;
use tracing_subscriber::EnvFilter;

const DEFAULT_DATABASE: &str = "sqlite:constellate.db";

#[derive(Parser)]
#[command(name = "constellate", version, about = "Records for the Mockingbird Family Model.")]
struct Cli {
    /// Where the data lives: `sqlite:FILE` or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site and the API.
    Serve {
        /// The address and port to listen on.
        #[arg(long, env = "CONSTELLATE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Demo mode: fill an empty database with invented demo data, and print the demo
        /// accounts' sign-ins (with new passwords) at start-up. Never use it with real data.
        #[arg(long, env = "CONSTELLATE_DEMO")]
        demo_if_empty: bool,
        #[command(flatten)]
        sessions: Sessions,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Add accounts, grant and revoke roles, reset passwords, make API tokens.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Bring the database schema up to date.
    Migrate,
    /// Fill an empty database with invented, realistic demo data.
    Demo(demo::DemoArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Write a report as CSV to standard output.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Measure page and API latency against a running server.
    Bench(bench::BenchArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The log goes to standard error, so what a command prints (a token, a report) can be piped.
    // PostgreSQL's notices ("relation already exists, skipping") are not worth a line each.
    let default = "info,sqlx::postgres::notice=warn";
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_env("CONSTELLATE_LOG").unwrap_or_else(|_| EnvFilter::new(default)),
        )
        .init();
    let cli = Cli::parse();
    // With no command, `cargo run` serves the demo site on the embedded SQLite file.
    let command = cli.command.unwrap_or(Command::Serve {
        listen: std::env::var("CONSTELLATE_LISTEN")
            .ok()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
        demo_if_empty: true,
        sessions: Sessions::default(),
        mail: MailArgs::default(),
    });
    match command {
        Command::Serve { listen, demo_if_empty, sessions, mail } => {
            let settings =
                web::Settings { public_url: mail.public_url.clone(), ..sessions.settings() };
            let mail = mail.settings(listen);
            serve(&cli.database_url, listen, demo_if_empty, settings, mail).await
        }
        Command::User(command) => {
            let store = open(&cli.database_url).await?;
            user::run(&store, &command).await
        }
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Demo(args) => {
            let store = open(&cli.database_url).await?;
            demo::run(&store, &args).await
        }
        Command::Report(command) => {
            let store = open(&cli.database_url).await?;
            report::run(&store, &command).await
        }
        Command::Openapi => {
            println!("{}", web::openapi_document());
            Ok(())
        }
        Command::Bench(args) => bench::run(&args).await,
    }
}

/// Connects and migrates.
async fn open(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url).await.context("could not open the database")?;
    store.migrate().await.context("could not bring the database up to date")?;
    Ok(store)
}

/// How the site handles sign-in.
#[derive(clap::Args)]
struct Sessions {
    /// Minutes without a request before a session ends.
    #[arg(long, env = "CONSTELLATE_SESSION_IDLE_MINUTES", default_value_t = 30)]
    session_idle_minutes: i64,
    /// Hours after signing in that a session ends, whatever happens.
    #[arg(long, env = "CONSTELLATE_SESSION_HOURS", default_value_t = 12)]
    session_hours: i64,
    /// The site is served over HTTPS (behind a proxy that ends TLS): cookies are `Secure` with
    /// the `__Host-` prefix, and HSTS is sent.
    #[arg(long, env = "CONSTELLATE_HTTPS")]
    https: bool,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions { session_idle_minutes: 30, session_hours: 12, https: false }
    }
}

/// Where e-mail goes: files in a folder unless an SMTP relay is given.
#[derive(clap::Args)]
struct MailArgs {
    /// The folder mail is written to as `.eml` files, when no SMTP relay is given.
    #[arg(long, env = "CONSTELLATE_MAIL_DIR", default_value = "mail")]
    mail_dir: std::path::PathBuf,
    /// An SMTP relay's host name, such as the service's own mail server.
    #[arg(long, env = "CONSTELLATE_SMTP_HOST")]
    smtp_host: Option<String>,
    #[arg(long, env = "CONSTELLATE_SMTP_PORT", default_value_t = 25)]
    smtp_port: u16,
    /// The address mail comes from.
    #[arg(
        long,
        env = "CONSTELLATE_MAIL_FROM",
        default_value = "Constellate <constellate@localhost>"
    )]
    mail_from: String,
    /// The site's address as people reach it, for links in mail; `http://LISTEN` by default.
    #[arg(long, env = "CONSTELLATE_PUBLIC_URL")]
    public_url: Option<String>,
}

impl Default for MailArgs {
    fn default() -> Self {
        MailArgs {
            mail_dir: "mail".into(),
            smtp_host: None,
            smtp_port: 25,
            mail_from: "Constellate <constellate@localhost>".into(),
            public_url: None,
        }
    }
}

impl MailArgs {
    fn settings(&self, listen: SocketAddr) -> web::mail::MailSettings {
        let delivery = match &self.smtp_host {
            Some(host) => web::mail::Delivery::Smtp { host: host.clone(), port: self.smtp_port },
            None => web::mail::Delivery::Folder(self.mail_dir.clone()),
        };
        web::mail::MailSettings {
            delivery,
            from: self.mail_from.clone(),
            public_url: self.public_url.clone().unwrap_or_else(|| format!("http://{listen}")),
        }
    }
}

impl Sessions {
    fn settings(&self) -> web::Settings {
        web::Settings {
            limits: store::accounts::Limits {
                idle: self.session_idle_minutes.max(1) * 60,
                absolute: self.session_hours.max(1) * 60 * 60,
            },
            https: self.https,
            public_url: None,
        }
    }
}

async fn serve(
    url: &str,
    listen: SocketAddr,
    demo_if_empty: bool,
    settings: web::Settings,
    mail: web::mail::MailSettings,
) -> anyhow::Result<()> {
    let store = open(url).await?;
    if demo_if_empty {
        if store.is_empty().await? {
            println!("The database is empty: filling it with invented demo data…");
            demo::run(&store, &demo::DemoArgs::first_run()).await?;
        } else {
            demo::print_sign_ins(&store, false).await?;
        }
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("could not listen on {listen}"))?;
    let address = listener.local_addr()?;
    println!("Constellate is running at http://{address}/  (press Ctrl+C to stop)");
    if let web::mail::Delivery::Folder(folder) = &mail.delivery {
        println!("E-mail is written to files in {}", folder.display());
    }
    web::mail::spawn(store.clone(), mail);
    web::App::build(store, settings).serve(listener, shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

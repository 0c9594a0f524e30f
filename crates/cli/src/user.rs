//! `constellate user …`: accounts and their roles, from the command line.

use std::io::Read;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use domain::access::{Email, GrantInput, NewUser};
use domain::{Grant, Id, Scope};
use store::Store;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account with its first role. The password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// The person's name, as others see it.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        grant: GrantArgs,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Grant another role.
    Grant {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        grant: GrantArgs,
    },
    /// Revoke a role; the grant is kept in the history, revoked.
    Revoke {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        grant: GrantArgs,
    },
    /// Set a new password, read from standard input, and end the person's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Print a new API token for the account, for scripts and tests.
    Token {
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        name: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
}

/// A role and the one place it applies to.
#[derive(Args)]
pub struct GrantArgs {
    /// programme_lead, service_manager, liaison_worker, hub_carer or satellite_carer.
    #[arg(long)]
    role: String,
    #[arg(long)]
    service: Option<String>,
    #[arg(long)]
    constellation: Option<String>,
    #[arg(long)]
    household: Option<String>,
}

impl GrantArgs {
    fn parse(&self) -> anyhow::Result<Grant> {
        let input = GrantInput {
            role: Some(self.role.clone()),
            service_id: self.service.clone(),
            constellation_id: self.constellation.clone(),
            household_id: self.household.clone(),
        };
        Grant::parse(&input).map_err(|e| anyhow::anyhow!(describe(e.fields())))
    }
}

fn describe(fields: &[domain::FieldError]) -> String {
    let field = |name: &str| name.replace("_id", "").replace('_', "-");
    fields
        .iter()
        .map(|f| format!("--{} {}", field(&f.field), f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn read_password() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).context("could not read the password")?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

async fn user(store: &Store, email: &str) -> anyhow::Result<Id> {
    let email = Email::parse(email).map_err(|m| anyhow::anyhow!("--email {m}"))?;
    match store.user_id(&email).await? {
        Some(id) => Ok(id),
        None => bail!("there is no account for {email}"),
    }
}

fn explain(error: store::Error) -> anyhow::Error {
    match error {
        store::Error::Invalid(e) => anyhow::anyhow!(describe(e.fields())),
        other => other.into(),
    }
}

pub async fn run(store: &Store, command: &UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email, name, grant, .. } => {
            let grant = grant.parse()?;
            let password = read_password()?;
            let new = NewUser::parse(email, name, &password)
                .map_err(|e| anyhow::anyhow!(describe(e.fields())))?;
            let id = store.add_user(&Scope::Everything, &new).await.map_err(explain)?;
            store.grant(&Scope::Everything, id, &grant).await.map_err(explain)?;
            println!("Added {} as {}.", new.email, domain::Choice::label(grant.role));
        }
        UserCommand::Grant { email, grant } => {
            let grant = grant.parse()?;
            store
                .grant(&Scope::Everything, user(store, email).await?, &grant)
                .await
                .map_err(explain)?;
            println!("Granted {} to {email}.", domain::Choice::label(grant.role));
        }
        UserCommand::Revoke { email, grant } => {
            let grant = grant.parse()?;
            store
                .revoke(&Scope::Everything, user(store, email).await?, &grant)
                .await
                .map_err(explain)?;
            println!("Revoked {} from {email}.", domain::Choice::label(grant.role));
        }
        UserCommand::ResetPassword { email, .. } => {
            let id = user(store, email).await?;
            let password = read_password()?;
            store.set_password(&Scope::Everything, id, &password, None).await.map_err(explain)?;
            println!("The password is changed, and {email} is signed out everywhere.");
        }
        UserCommand::Token { email, name, days } => {
            let id = user(store, email).await?;
            let (_, secret) = store.create_token(id, name, *days).await.map_err(explain)?;
            println!("{secret}");
        }
    }
    Ok(())
}

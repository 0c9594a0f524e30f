//! Sends the mail the store queued: to a folder of `.eml` files (the default, and the demo's),
//! or over SMTP to the service's relay. A message that fails is tried again later.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{FileTransport, Message, SmtpTransport, Transport};
use store::Store;
use store::mail::Mail;

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// Each message written as a file in this folder.
    Folder(PathBuf),
    /// An SMTP relay, such as the service's own mail server on its network.
    Smtp { host: String, port: u16 },
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub delivery: Delivery,
    /// The sender's address.
    pub from: String,
    /// The site's address as people reach it, for links: `https://constellate.example.org`.
    pub public_url: String,
}

/// Sends what is waiting every few seconds, until the process stops.
pub fn spawn(store: Store, settings: MailSettings) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = send_waiting(&store, &settings).await {
                tracing::warn!(%error, "mail could not be sent; trying again shortly");
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

/// Sends every message waiting now; returns how many were sent. A batch is claimed in one
/// write; each message is marked sent as soon as it has gone, so a sender that stops part-way
/// sends again at most the one it was sending.
pub async fn send_waiting(store: &Store, settings: &MailSettings) -> Result<usize, String> {
    let mut sent = 0;
    loop {
        let batch = store.claim_mail(20).await.map_err(|e| e.to_string())?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for mail in batch {
            let id = mail.id;
            let settings = settings.clone();
            let outcome = tokio::task::spawn_blocking(move || deliver(&mail, &settings))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r);
            match outcome {
                Ok(()) => {
                    store.mail_sent(id).await.map_err(|e| e.to_string())?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(%error, mail = %id, "a message could not be sent");
                    store.mail_failed(id, &error).await.map_err(|e| e.to_string())?;
                }
            }
        }
    }
}

fn deliver(mail: &Mail, settings: &MailSettings) -> Result<(), String> {
    let from: Mailbox = settings.from.parse().map_err(|e| format!("sender address: {e}"))?;
    let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient address: {e}"))?;
    let mut body = mail.body.clone();
    if let Some(link) = &mail.link {
        body.push_str(&format!("\n\n{}{link}\n", settings.public_url.trim_end_matches('/')));
    }
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(&mail.subject)
        .body(body)
        .map_err(|e| e.to_string())?;
    match &settings.delivery {
        Delivery::Folder(folder) => {
            std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
            FileTransport::new(folder).send(&message).map(|_| ()).map_err(|e| e.to_string())
        }
        // A batch of 20 at this timeout ends well inside the store's 300-second claim, so no
        // other sender takes a message over while this one is still on its way.
        Delivery::Smtp { host, port } => SmtpTransport::builder_dangerous(host)
            .port(*port)
            .timeout(Some(Duration::from_secs(10)))
            .build()
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

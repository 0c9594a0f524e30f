//! One keep-alive HTTP/1.1 connection to the server: enough of the protocol for `bench`.

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Sends requests with the API token and reads whole responses, one at a time.
pub struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    token: String,
}

impl Connection {
    pub async fn open(target: &str, token: &str) -> anyhow::Result<Self> {
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
    pub async fn get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        self.send("GET", path, b"").await
    }

    /// A GET that must answer 200 with JSON.
    pub async fn get_json(&mut self, path: &str) -> anyhow::Result<serde_json::Value> {
        let (status, body) = self.get(path).await?;
        if status != 200 {
            return Err(unexpected(&format!("GET {path}"), status, &body));
        }
        serde_json::from_slice(&body).with_context(|| format!("GET {path} answered no JSON"))
    }

    /// Sends `body` as JSON (any method but GET says its length, even when empty, as the API's
    /// POST handlers need) and returns the status and the body.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> anyhow::Result<(u16, Vec<u8>)> {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\nAuthorization: Bearer {}\r\n",
            self.host, self.token
        );
        if method != "GET" || !body.is_empty() {
            request.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        let mut request = request.into_bytes();
        request.extend_from_slice(body);
        self.stream.get_mut().write_all(&request).await?;
        self.read_response().await
    }

    async fn read_response(&mut self) -> anyhow::Result<(u16, Vec<u8>)> {
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

/// An answer the measurement cannot go on from, with the start of what the server said.
pub fn unexpected(what: &str, status: u16, body: &[u8]) -> anyhow::Error {
    let text = String::from_utf8_lossy(body);
    let text: String = text.chars().take(500).collect();
    anyhow::anyhow!("{what} answered {status}: {text}")
}

/// Fails with the server's answer unless the status is `expected`.
pub fn expect(what: &str, expected: u16, status: u16, body: &[u8]) -> anyhow::Result<()> {
    if status != expected {
        bail!(unexpected(what, status, body));
    }
    Ok(())
}

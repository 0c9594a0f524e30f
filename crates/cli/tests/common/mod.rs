//! What the tests that kill the server share: a fresh database (a SQLite file, or a schema of its
//! own on PostgreSQL when `TEST_DATABASE_URL` is set), the binary serving it, the binary's `user`
//! command, and a plain keep-alive HTTP/1.1 client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The programme lead who runs each test.
pub const RUNNER: &str = "runner@example.org";

/// Clients writing at once while the server is killed.
pub const WRITERS: usize = 4;

/// A fresh, empty database, removed when dropped: a SQLite file (with its journal), or a
/// PostgreSQL schema when `TEST_DATABASE_URL` is set.
pub struct Database {
    /// What the binary is given as `--database-url`.
    pub url: String,
    place: Place,
}

enum Place {
    File(PathBuf),
    Schema { base: String, name: String },
}

impl Database {
    pub fn fresh() -> Database {
        let name = format!("t{}", uuid::Uuid::now_v7().simple());
        match std::env::var("TEST_DATABASE_URL") {
            Ok(base) if !base.is_empty() => {
                on_postgres(&base, &format!("CREATE SCHEMA {name}")).expect("create schema");
                let joiner = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{joiner}options=-c%20search_path%3D{name}");
                Database { url, place: Place::Schema { base, name } }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("constellate-killed-{name}.db"));
                Database { url: format!("sqlite:{}", path.display()), place: Place::File(path) }
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        match &self.place {
            Place::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Place::Schema { base, name } => {
                let _ = on_postgres(base, &format!("DROP SCHEMA {name} CASCADE"));
            }
        }
    }
}

/// Runs one statement on PostgreSQL, outside the binary: the tests themselves are not async.
fn on_postgres(url: &str, statement: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        sqlx::query(statement).execute(&mut conn).await?;
        conn.close().await
    })
}

/// The binary serving a database, killed when dropped.
pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    /// Starts `constellate serve` (which migrates first) and waits until it answers `/readyz`.
    pub fn start(database: &Database) -> Server {
        let port =
            TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().unwrap().port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_constellate"))
            .args(["--database-url", &database.url])
            .args(["serve", "--listen", &address])
            .env("CONSTELLATE_LOG", "warn")
            .env_remove("CONSTELLATE_DEMO")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let server = Server { child, address };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(mut client) = Client::open(&server.address, "")
                && client.send("GET", "/readyz", None).is_ok_and(|(status, _)| status == 200)
            {
                return server;
            }
            assert!(Instant::now() < deadline, "the server was not ready within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the server with SIGKILL, as a power cut would, and waits until it has gone.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the server has stopped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `constellate user …` on the database, with `stdin` as its input; returns what it printed.
pub fn user(database: &Database, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_constellate"))
        .args(["--database-url", &database.url, "user"])
        .args(args)
        .env("CONSTELLATE_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("it finishes");
    assert!(out.status.success(), "user {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Adds the runner as a programme lead on the command line; returns their API token.
pub fn sign_up_runner(database: &Database) -> String {
    let add = ["add", "--email", RUNNER, "--name", "Test Runner", "--role", "programme_lead"];
    user(database, &[&add[..], &["--password-stdin"]].concat(), "lantern orchard pebble\n");
    user(database, &["token", "--email", RUNNER], "")
}

/// Adds a service through the API, and makes the runner its service manager; returns its id.
pub fn add_service(database: &Database, client: &mut Client, name: &str) -> String {
    let service = client.create(
        "/api/v1/services",
        &json!({"name": name, "kind": "local_authority", "region": "North West",
            "status": "established", "joined_on": "2020-04-01"}),
    );
    let manage = ["grant", "--email", RUNNER, "--role", "service_manager", "--service", &service];
    user(database, &manage, "");
    service
}

/// Runs `write` over and over on [`WRITERS`] clients at once, kills the server after `after`,
/// and returns what each client recorded. `write` gets its client, the client's number and the
/// round; an `Err` (the connection has gone) ends that client's rounds.
pub fn kill_while_writing<T, W>(
    server: &mut Server,
    token: &str,
    after: Duration,
    write: W,
) -> Vec<T>
where
    T: Send + 'static,
    W: Fn(&mut Client, usize, u64, &mut Vec<T>) -> std::io::Result<()> + Send + Sync + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let write = Arc::new(write);
    let writers: Vec<_> = (0..WRITERS)
        .map(|task| {
            let (address, token) = (server.address.clone(), token.to_string());
            let (stop, write) = (stop.clone(), write.clone());
            std::thread::spawn(move || {
                let mut recorded = Vec::new();
                let Ok(mut client) = Client::open(&address, &token) else { return recorded };
                for round in 0.. {
                    if stop.load(Ordering::Relaxed)
                        || write(&mut client, task, round, &mut recorded).is_err()
                    {
                        break;
                    }
                }
                recorded
            })
        })
        .collect();
    // Not waiting for the server: this is how long the clients write before the power cut.
    std::thread::sleep(after);
    server.kill();
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().flat_map(|w| w.join().expect("a writer")).collect()
}

/// One keep-alive HTTP/1.1 connection, carrying an API token.
pub struct Client {
    stream: BufReader<TcpStream>,
    token: String,
}

impl Client {
    pub fn open(address: &str, token: &str) -> std::io::Result<Client> {
        let stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Client { stream: BufReader::new(stream), token: token.to_string() })
    }

    /// Sends one request and reads its answer: the status and the body.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, String)> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
             Authorization: Bearer {}\r\nContent-Length: {}\r\n\r\n{body}",
            self.token,
            body.len()
        );
        self.stream.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok());
        let status =
            status.ok_or_else(|| std::io::Error::other(format!("no status in {line:?}")))?;
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            if line.trim_end().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    /// Reads `path`, failing the test unless it answers 200 with JSON.
    pub fn get(&mut self, path: &str) -> Value {
        let (status, body) = self.send("GET", path, None).expect("the server answers");
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("GET {path}: not JSON: {body}"))
    }

    /// Creates a record, failing the test unless it answers 201; returns the record's id.
    pub fn create(&mut self, path: &str, body: &Value) -> String {
        let (status, text) = self.send("POST", path, Some(body)).expect("the server answers");
        assert_eq!(status, 201, "POST {path} {body}: {text}");
        let created: Value = serde_json::from_str(&text).expect("JSON");
        created["id"].as_str().expect("an id").to_string()
    }
}

//! No acknowledged write is lost when the process is killed: four clients add households while the
//! server is killed with SIGKILL mid-write; after a restart on the same SQLite file, every
//! household that was answered `201 Created` is there.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A server on a file of its own, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(file: &Path) -> Server {
        let port =
            TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().unwrap().port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_constellate"))
            .args(["--database-url", &format!("sqlite:{}", file.display())])
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `constellate user …` on the file, with `stdin` as its input; returns what it printed.
fn user(file: &Path, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_constellate"))
        .args(["--database-url", &format!("sqlite:{}", file.display()), "user"])
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

/// One keep-alive HTTP/1.1 connection, carrying an API token.
struct Client {
    stream: BufReader<TcpStream>,
    token: String,
}

impl Client {
    fn open(address: &str, token: &str) -> std::io::Result<Client> {
        let stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Client { stream: BufReader::new(stream), token: token.to_string() })
    }

    fn send(
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
}

/// The database file and its journal, removed at the end.
struct File(PathBuf);

impl Drop for File {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

#[test]
fn no_acknowledged_write_is_lost_when_the_server_is_killed() {
    let file = File(std::env::temp_dir().join(format!(
        "constellate-killed-{}-{}.db",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    )));
    let email = "runner@example.org";
    let add = ["add", "--email", email, "--name", "Test Runner", "--role", "programme_lead"];
    user(&file.0, &[&add[..], &["--password-stdin"]].concat(), "lantern orchard pebble\n");
    let token = user(&file.0, &["token", "--email", email], "");
    let mut server = Server::start(&file.0);
    let mut client = Client::open(&server.address, &token).expect("connect");
    let (status, body) = client
        .send(
            "POST",
            "/api/v1/services",
            Some(&json!({"name": "Crashfield Fostering", "kind": "local_authority",
                "region": "North West", "status": "established", "joined_on": "2023-04-01"})),
        )
        .expect("service");
    assert_eq!(status, 201, "{body}");
    let service: Value = serde_json::from_str(&body).expect("json");
    let service = service["id"].as_str().expect("id").to_string();
    let manage = ["grant", "--email", email, "--role", "service_manager", "--service", &service];
    user(&file.0, &manage, "");

    // Four clients write until the server dies; each keeps the references it saw acknowledged.
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|task| {
            let (address, service, stop) = (server.address.clone(), service.clone(), stop.clone());
            let token = token.clone();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                let Ok(mut client) = Client::open(&address, &token) else { return acknowledged };
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let reference = format!("CR-{task}-{n}");
                    let household = json!({"service_id": service, "reference": reference,
                        "display_name": format!("Household {reference}"), "postcode": "M1 1AE",
                        "places": 2, "joined_on": "2023-05-01"});
                    match client.send("POST", "/api/v1/households", Some(&household)) {
                        Ok((201, _)) => acknowledged.push(reference),
                        Ok((status, body)) => panic!("{reference} answered {status}: {body}"),
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the server has stopped");
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<String> =
        writers.into_iter().flat_map(|w| w.join().expect("a writer")).collect();
    assert!(acknowledged.len() >= 20, "only {} writes were acknowledged", acknowledged.len());

    let server = Server::start(&file.0);
    let mut client = Client::open(&server.address, &token).expect("connect");
    let mut found = std::collections::HashSet::new();
    let mut total = 0;
    for page in 1.. {
        let path = format!("/api/v1/households?service_id={service}&per_page=100&page={page}");
        let (status, body) = client.send("GET", &path, None).expect("list");
        assert_eq!(status, 200, "{body}");
        let list: Value = serde_json::from_str(&body).expect("json");
        total = list["total"].as_u64().expect("total");
        let items = list["items"].as_array().expect("items");
        found.extend(items.iter().filter_map(|h| h["reference"].as_str().map(str::to_string)));
        if items.is_empty() || found.len() as u64 >= total {
            break;
        }
    }
    eprintln!("{} writes acknowledged before the kill, {total} saved", acknowledged.len());
    let lost: Vec<&String> = acknowledged.iter().filter(|r| !found.contains(*r)).collect();
    assert!(lost.is_empty(), "{} acknowledged households were lost: {lost:?}", lost.len());
    // At most one write per client was in flight, unanswered, when the server was killed.
    assert!(
        total as usize <= acknowledged.len() + 4,
        "{total} saved, {} acknowledged",
        acknowledged.len()
    );
}

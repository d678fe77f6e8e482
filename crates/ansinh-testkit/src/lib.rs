//! Test support shared by the crates' integration tests: a throwaway PostgreSQL server started
//! from the machine's own binaries (initdb + pg_ctl on a temporary directory and a free port),
//! and the rule for when a missing server may be skipped.
//!
//! Outside CI a machine without PostgreSQL skips the PostgreSQL half of the suite with a loud
//! message; with `CI=true` a missing server is a failure, so CI can never pass by skipping.
//!
//! With the `browser` feature, [`browser`] does the same for a headless Chromium driven through
//! chromedriver, for end-to-end tests of the web application. With the `fuzz` feature, [`fuzz`]
//! holds what the crates' fuzzing harnesses share: the bounds of a run and a counting allocator.

// Test support: a fixture that cannot start, or a page that never shows what a test waits for,
// fails the test that asked for it, with the reason.
#![allow(clippy::panic, clippy::unwrap_used)]

#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "fuzz")]
pub mod fuzz;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// True when running under CI (`CI=true`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A PostgreSQL server that lives as long as the test process. A watchdog shell stops it and
/// removes its directory when the process exits, because statics are never dropped.
pub struct PgServer {
    port: u16,
    bin: PathBuf,
    _dir: PathBuf,
}

static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();
static DB_COUNTER: AtomicU32 = AtomicU32::new(0);

/// The process-wide server, started on first use. `None` when PostgreSQL is not installed
/// outside CI (after printing why); panics under CI or when the server fails to start.
pub fn pg_server() -> Option<&'static PgServer> {
    match SERVER.get_or_init(PgServer::start) {
        Ok(server) => Some(server),
        Err(why) if why.starts_with("missing:") => {
            if in_ci() {
                panic!("PostgreSQL is required under CI=true but {why}");
            }
            eprintln!(
                "\n!!! SKIPPING PostgreSQL tests: {why}\n!!! install postgresql-15 (apt-get install -y postgresql-15) to run them\n"
            );
            None
        }
        Err(why) => panic!("could not start a throwaway PostgreSQL server: {why}"),
    }
}

/// A fresh, empty database on the shared server, as a connection URL. Each test gets its own,
/// so tests run in parallel without seeing each other's rows.
pub fn pg_database() -> Option<String> {
    let server = pg_server()?;
    let n = DB_COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!("t{}_{n}", std::process::id());
    server.createdb(&name);
    Some(server.url(&name))
}

/// A path for a new SQLite file inside a directory that is removed when the guard drops.
pub fn sqlite_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ansinh.sqlite");
    (dir, path)
}

fn find_bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("ANSINH_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    candidates.sort();
    if let Some(newest) = candidates.pop() {
        return Some(newest);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
    })
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|uid| uid == "0"))
        })
        .unwrap_or(false)
}

/// Runs a PostgreSQL binary, as the `postgres` user when we are root (the server refuses to
/// run as root).
fn pg_command(bin: &Path, program: &str, root: bool) -> Command {
    let exe = bin.join(program);
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(exe);
        c
    } else {
        Command::new(exe)
    }
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

impl PgServer {
    fn start() -> Result<PgServer, String> {
        let bin = find_bin_dir()
            .ok_or("missing: no initdb/pg_ctl found (PATH, /usr/lib/postgresql/*/bin)")?;
        let root = running_as_root();
        let dir = tempfile::Builder::new()
            .prefix("ansinh-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        if root {
            run(
                {
                    let mut c = Command::new("chown");
                    c.args(["-R", "postgres:"]).arg(&dir);
                    c
                },
                "chown",
            )?;
        }
        let data = dir.join("data");
        let mut initdb = pg_command(&bin, "initdb", root);
        initdb.arg("-D").arg(&data).args([
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]);
        run(initdb, "initdb")?;

        // A port can be taken between our probe and the server's bind; try a few.
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                dir.display()
            );
            let mut ctl = pg_command(&bin, "pg_ctl", root);
            ctl.arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("log"))
                .args(["-o", &opts, "-w", "start"]);
            match run(ctl, "pg_ctl start") {
                Ok(()) => {
                    spawn_watchdog(&bin, &data, &dir, root);
                    return Ok(PgServer {
                        port,
                        bin,
                        _dir: dir,
                    });
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The connection URL of database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a database (with `createdb`, so this crate needs no database driver).
    pub fn createdb(&self, name: &str) {
        let mut c = Command::new(self.bin.join("createdb"));
        c.args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "postgres",
            name,
        ]);
        run(c, "createdb").expect("createdb on the throwaway server");
    }
}

/// Stops the server and removes its files once this process has exited.
fn spawn_watchdog(bin: &Path, data: &Path, dir: &Path, root: bool) {
    let pg_ctl = bin.join("pg_ctl");
    let stop = if root {
        format!(
            "runuser -u postgres -- {} -D {} -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    } else {
        format!(
            "{} -D {} -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    let _ = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

//! PostgreSQL: the server's own tools, `pg_dump --format=custom` and `pg_restore`.
//!
//! They are looked for next to the server's version first (`/usr/lib/postgresql/<major>/bin`,
//! or `ANSINH_PG_BIN`), then on `PATH`, then the newest `/usr/lib/postgresql/*/bin`. They get
//! the database URL without its password, which they read from `PGPASSWORD`, so it never
//! shows in the process list.
//!
//! A restore reads the whole archive first (`pg_restore` to nowhere) and its migrations (the
//! `_sqlx_migrations` rows), then restores in one transaction (`--single-transaction`): if
//! anything fails, nothing of it is committed and the target is as it was. A target that has
//! the schema already is cleaned object by object inside that transaction (`--clean
//! --if-exists`), which needs the backup to have every table the target has: a target migrated
//! further than the backup is refused (`backup.target_newer`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use sqlx::PgPool;
use tokio::process::Command;

use super::{Applied, BackupError, PG_MAGIC, check_migrations, expect_kind};
use crate::POSTGRES_MIGRATIONS;
use crate::db::Db;
use crate::error::{Result, StoreError};

/// Writes an archive of the database into the new file `into`.
pub(super) async fn backup(pool: &PgPool, url: &str, into: &Path) -> Result<()> {
    let pg_dump = find_tool(pool, "pg_dump").await?;
    let libpq = Libpq::from_url(url);
    let mut cmd = libpq.command(&pg_dump);
    cmd.args(["--format=custom", "--no-password", "--file"])
        .arg(into)
        .arg("--dbname")
        .arg(&libpq.url);
    run(cmd, "pg_dump", false).await?;
    Ok(())
}

/// Restores the archive `file` into the database of `url`; says whether data was replaced.
pub(super) async fn restore(url: &str, file: &Path, force: bool) -> Result<bool> {
    expect_kind(file, PG_MAGIC).await?;
    let db = Db::connect(url).await?;
    let checked = check_target(&db, file, force).await;
    db.close().await;
    let (pg_restore, has_schema, replaced) = checked?;
    let libpq = Libpq::from_url(url);
    let mut cmd = libpq.command(&pg_restore);
    cmd.args([
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        "--no-password",
    ]);
    if has_schema {
        cmd.args(["--clean", "--if-exists"]);
    }
    cmd.arg("--dbname").arg(&libpq.url).arg(file);
    run(cmd, "pg_restore", false).await?;
    Ok(replaced)
}

/// Checks the archive and the target before anything is written: gives the tool, whether the
/// target has tables to clean, and whether it holds data the restore replaces.
async fn check_target(db: &Db, file: &Path, force: bool) -> Result<(PathBuf, bool, bool)> {
    let Db::Postgres(pool) = db else {
        return Err(StoreError::UnknownScheme("sqlite".into()));
    };
    let pg_restore = find_tool(pool, "pg_restore").await?;
    let unreadable = |e: BackupError| match e {
        BackupError::ToolFailed { why, .. } => BackupError::unreadable(file, why),
        other => other,
    };
    // The whole archive, data included, read as a script and dropped: a truncated or damaged
    // file fails here rather than halfway through the restore.
    let mut read_all = Command::new(&pg_restore);
    read_all.args(["--file", "-"]).arg(file);
    run(read_all, "pg_restore", false)
        .await
        .map_err(unreadable)?;
    let mut read_migrations = Command::new(&pg_restore);
    read_migrations
        .args(["--data-only", "--table=_sqlx_migrations", "--file", "-"])
        .arg(file);
    let script = run(read_migrations, "pg_restore", true)
        .await
        .map_err(unreadable)?;
    let applied = parse_applied(&String::from_utf8_lossy(&script)).unwrap_or_default();
    let in_backup = check_migrations(file, &applied, &POSTGRES_MIGRATIONS)?;

    let tables = db.table_names().await?;
    let replaced = super::refuse_data_unless_forced(db, force).await?;
    if tables.iter().any(|t| t == "_sqlx_migrations") {
        let in_target: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                .fetch_all(pool)
                .await?;
        if let Some(version) = newer_than(&in_target, &in_backup) {
            return Err(BackupError::TargetNewer { version }.into());
        }
    }
    Ok((pg_restore, !tables.is_empty(), replaced))
}

/// The first migration of the target that the backup does not have.
fn newer_than(target: &[i64], backup: &BTreeSet<i64>) -> Option<i64> {
    target.iter().copied().find(|v| !backup.contains(v))
}

/// Runs a tool to its end; gives its standard output when `output` (else it goes nowhere), or
/// its standard error as the failure.
async fn run(mut cmd: Command, tool: &'static str, output: bool) -> Result<Vec<u8>, BackupError> {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(if output {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let failed = |e: std::io::Error| BackupError::ToolFailed {
        tool,
        why: e.to_string(),
    };
    let out = child
        .map_err(failed)?
        .wait_with_output()
        .await
        .map_err(failed)?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    let why = lines[lines.len().saturating_sub(8)..].join(" / ");
    Err(BackupError::ToolFailed {
        tool,
        why: if why.is_empty() {
            out.status.to_string()
        } else {
            why
        },
    })
}

/// Where `tool` is: beside the server's version, on `PATH`, or the newest installed.
async fn find_tool(pool: &PgPool, tool: &'static str) -> Result<PathBuf> {
    let version: String = sqlx::query_scalar("SELECT current_setting('server_version_num')")
        .fetch_one(pool)
        .await?;
    let major = version.parse::<u32>().ok().map(|v| v / 10_000);
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut searched: Vec<String> = Vec::new();
    if let Some(dir) = std::env::var_os("ANSINH_PG_BIN") {
        dirs.push(dir.into());
        searched.push("ANSINH_PG_BIN".into());
    }
    if let Some(major) = major {
        let dir = format!("/usr/lib/postgresql/{major}/bin");
        searched.push(dir.clone());
        dirs.push(dir.into());
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    searched.push("PATH".into());
    dirs.extend(installed_newest_first());
    searched.push("/usr/lib/postgresql/*/bin".into());
    dirs.into_iter()
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            BackupError::ToolMissing {
                tool,
                searched: searched.join(", "),
            }
            .into()
        })
}

/// `/usr/lib/postgresql/<major>/bin` of every installed version, newest first.
fn installed_newest_first() -> Vec<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((major, e.path().join("bin")))
        })
        .collect();
    found.sort_by_key(|(major, _)| std::cmp::Reverse(*major));
    found.into_iter().map(|(_, dir)| dir).collect()
}

/// A connection as libpq's tools take it: the URL without its password, and the password.
struct Libpq {
    url: String,
    password: Option<String>,
}

impl Libpq {
    /// Splits the password out of `url` (`user:password@` or a `password=` parameter, percent-
    /// decoded) and drops the one parameter libpq does not know (`statement-cache-capacity`,
    /// sqlx's own).
    fn from_url(url: &str) -> Libpq {
        let mut password = None;
        let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
        let (body, query) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match body.find('/') {
            Some(i) => body.split_at(i),
            None => (body, ""),
        };
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, pass)) => {
                    password = Some(percent_decode(pass));
                    format!("{user}@{host}")
                }
                None => authority.to_string(),
            },
            None => authority.to_string(),
        };
        let mut kept = Vec::new();
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "password" => password = Some(percent_decode(value)),
                "statement-cache-capacity" | "" => {}
                _ => kept.push(pair),
            }
        }
        let mut url = format!("{scheme}://{authority}{path}");
        if !kept.is_empty() {
            url.push('?');
            url.push_str(&kept.join("&"));
        }
        Libpq { url, password }
    }

    fn command(&self, tool: &Path) -> Command {
        let mut cmd = Command::new(tool);
        cmd.env("PGAPPNAME", "ansinh");
        if let Some(password) = &self.password {
            cmd.env("PGPASSWORD", password);
        }
        cmd
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `_sqlx_migrations` rows of a `pg_restore --data-only` script (its COPY block), or
/// `None` when it has none.
fn parse_applied(script: &str) -> Option<Vec<Applied>> {
    let mut lines = script.lines();
    let header = lines.find(|l| l.starts_with("COPY ") && l.contains("_sqlx_migrations ("))?;
    let columns: Vec<&str> = header
        .split_once('(')?
        .1
        .split_once(')')?
        .0
        .split(',')
        .map(str::trim)
        .collect();
    let at = |name: &str| columns.iter().position(|c| *c == name);
    let (version, checksum, success) = (at("version")?, at("checksum")?, at("success")?);
    let mut applied = Vec::new();
    for line in lines.take_while(|l| *l != "\\.") {
        let fields: Vec<&str> = line.split('\t').collect();
        let hex = fields.get(checksum)?.strip_prefix("\\\\x")?;
        applied.push((
            fields.get(version)?.parse().ok()?,
            decode_hex(hex)?,
            *fields.get(success)? == "t",
        ));
    }
    Some(applied)
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        let l = Libpq::from_url("postgres://an:s%40cr%3At@db.local:5433/ansinh?sslmode=require");
        assert_eq!(l.url, "postgres://an@db.local:5433/ansinh?sslmode=require");
        assert_eq!(l.password.as_deref(), Some("s@cr:t"));
        let l = Libpq::from_url(
            "postgresql://an@h/db?password=x%20y&statement-cache-capacity=10&application_name=a",
        );
        assert_eq!(l.url, "postgresql://an@h/db?application_name=a");
        assert_eq!(l.password.as_deref(), Some("x y"));
        let l = Libpq::from_url("postgres://postgres@127.0.0.1:5432/t1");
        assert_eq!(l.url, "postgres://postgres@127.0.0.1:5432/t1");
        assert_eq!(l.password, None);
        assert_eq!(percent_decode("a%zz%4"), "a%zz%4");
    }

    #[test]
    fn migrations_are_read_from_the_copy_block() {
        let script = "--\n-- PostgreSQL database dump\n--\n\
            COPY public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) FROM stdin;\n\
            1\tregistry\t2026-11-26 10:00:00+00\tt\t\\\\x0aff\t1234\n\
            2\taccounts\t2026-11-26 10:00:00+00\tf\t\\\\x00\t5\n\
            \\.\n";
        assert_eq!(
            parse_applied(script).unwrap(),
            vec![(1, vec![0x0a, 0xff], true), (2, vec![0x00], false)]
        );
        assert_eq!(parse_applied("-- nothing\n"), None);
    }

    #[test]
    fn a_target_migrated_further_is_found() {
        let backup: BTreeSet<i64> = [1, 2].into();
        assert_eq!(newer_than(&[1, 2], &backup), None);
        assert_eq!(newer_than(&[1, 2, 3], &backup), Some(3));
    }
}

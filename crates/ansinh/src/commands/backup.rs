//! `ansinh backup FILE` and `ansinh restore FILE [--force]`: the whole database to one file and
//! back (`ansinh_store::backup` says how, on each backend).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use ansinh_store::registry::persons::RegistryCounts;
use ansinh_store::{Actor, Store};
use anyhow::Context;
use clap::Subcommand;

use super::redact;

/// Two verbs of their own (`ansinh backup`, `ansinh restore`), declared together.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Write a consistent copy of the whole database to FILE (SQLite: a database file;
    /// PostgreSQL: a pg_dump archive). The server may keep running.
    Backup {
        /// The file to write; it must not exist yet.
        file: PathBuf,
    },
    /// Replace the database with the backup in FILE, after checking it, then migrate it. Stop
    /// the server first.
    Restore {
        file: PathBuf,
        /// Replace a database that already holds data (all of it).
        #[arg(long)]
        force: bool,
    },
}

/// Runs either verb. Both open the database themselves: a restore must put the backup in place
/// before anything opens (and migrates) the target.
pub async fn backup_or_restore(url: &str, cmd: BackupCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BackupCommand::Backup { file } => {
            let store = Store::open(url)
                .await
                .with_context(|| format!("mở cơ sở dữ liệu {}", redact(url)))?;
            let done = store
                .backup(&Actor::system("backup"), &file)
                .await
                .with_context(|| format!("sao lưu vào {}", file.display()));
            store.close().await;
            let s = done?;
            print_done(
                &store, "sao lưu", "vào", &s.file, s.bytes, &s.counts, s.elapsed,
            );
        }
        BackupCommand::Restore { file, force } => {
            let (store, s) = Store::restore(url, &file, force, &Actor::system("restore"))
                .await
                .with_context(|| format!("khôi phục {} từ {}", redact(url), file.display()))?;
            store.close().await;
            print_done(
                &store,
                "khôi phục",
                "từ",
                &s.file,
                s.bytes,
                &s.counts,
                s.elapsed,
            );
            if s.replaced {
                println!("Dữ liệu có trước đó trong cơ sở dữ liệu đã được thay toàn bộ (--force).");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What was done, with which file: its size, the database's counts and the time taken.
fn print_done(
    store: &Store,
    done: &str,
    with: &str,
    file: &Path,
    bytes: u64,
    c: &RegistryCounts,
    elapsed: Duration,
) {
    println!(
        "Đã {done} cơ sở dữ liệu ({}) {with} {}: {}; {} nhân khẩu, {} hộ, {} bản ghi nhật ký; trong {}.",
        store.backend().name(),
        file.display(),
        size(bytes),
        c.persons,
        c.households,
        c.audit_entries,
        seconds(elapsed)
    );
}

/// A size in MB with a decimal comma, as Vietnamese writes it.
fn size(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0).replace('.', ",")
}

fn seconds(d: Duration) -> String {
    format!("{:.2} giây", d.as_secs_f64()).replace('.', ",")
}

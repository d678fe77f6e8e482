//! The command line: `ansinh [--database-url URL] VERB …`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

// Each capability's verbs are declared beside their code.
pub use crate::commands::accounts::token::TokenCommand;
pub use crate::commands::accounts::user::UserCommand;
pub use crate::commands::backup::BackupCommand;
pub use crate::commands::payroll::PayrollCommand;
pub use crate::commands::poverty::PovertyCommand;

#[derive(Debug, Parser)]
#[command(
    name = "ansinh",
    version,
    about = "ansinh: hệ thống thông tin an sinh xã hội (Huế)"
)]
pub struct Cli {
    /// Database URL: sqlite://path/file.sqlite or postgres://user@host/db. Default: a SQLite
    /// file in --data-dir.
    #[arg(long, global = true, env = "ANSINH_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the default SQLite database (default: ansinh-data).
    #[arg(long, global = true, env = "ANSINH_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// A TOML configuration file (see `crates/ansinh/src/config.rs`); flags and environment
    /// variables override it.
    #[arg(long, global = true, env = "ANSINH_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long, env = "ANSINH_LISTEN")]
        listen: Option<SocketAddr>,
    },
    /// Generate a small synthetic Huế if the database is empty, then serve.
    Demo {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long, env = "ANSINH_LISTEN")]
        listen: Option<SocketAddr>,
        /// Scale factor of the demo data (1 ≈ all of Huế: 1.2 million persons).
        #[arg(long, default_value_t = 0.05)]
        scale: f64,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Generate a synthetic Huế into an empty database.
    Generate {
        /// Scale factor: 1 ≈ Huế (1.2 M persons, 330 k households); 0.01 ≈ 12 k persons.
        #[arg(long, default_value_t = 0.01)]
        scale: f64,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Import persons or households from an XLSX or CSV file.
    Import {
        layout: LayoutArg,
        file: PathBuf,
        /// Validate the whole file and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows and report the bad ones (default: nothing unless all are good).
        #[arg(long)]
        skip_bad_rows: bool,
        /// Where to write the rejected rows with their errors, as .xlsx or .csv by the name's
        /// extension (default: FILE.loi.xlsx/.csv, in FILE's format).
        #[arg(long)]
        rejected: Option<PathBuf>,
    },
    /// Export persons or households to XLSX or CSV, or write an empty template.
    Export {
        layout: LayoutArg,
        /// The file to write; its extension (.xlsx or .csv) decides the format.
        file: Option<PathBuf>,
        /// Write the import template (headers, an example row, instructions) to this file.
        #[arg(long, conflicts_with = "file")]
        template: Option<PathBuf>,
        /// Only this commune (code in force today, e.g. 19900).
        #[arg(long)]
        area: Option<String>,
    },
    /// Search persons by name (no diacritics needed) or by personal ID.
    Search {
        text: String,
        #[arg(long)]
        area: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Run the database migrations and load the area catalogue.
    Migrate,
    /// Check the registry's integrity and recompute probable duplicates.
    Check,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for integrators.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Monthly social-assistance payroll.
    #[command(subcommand)]
    Payroll(PayrollCommand),
    /// The annual poverty review (rà soát hộ nghèo, hộ cận nghèo).
    #[command(subcommand)]
    Poverty(PovertyCommand),
    /// `backup FILE` and `restore FILE`: the whole database to a file and back.
    #[command(flatten)]
    Backup(BackupCommand),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LayoutArg {
    Persons,
    Households,
}

/// Where to listen when neither flag, environment nor file says.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Cli {
    /// The URL to open: flag or environment, then the file's `database_url`, then a SQLite
    /// file in the data directory (flag/environment, file, or `ansinh-data`).
    pub fn database_url(&self, file: &crate::config::FileConfig) -> String {
        if let Some(url) = self
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
        {
            return url;
        }
        let dir = self
            .data_dir
            .clone()
            .or_else(|| file.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from("ansinh-data"));
        ansinh_store::db::sqlite_url_for(&dir)
    }
}

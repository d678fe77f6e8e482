//! The command line: `ansinh [--database-url URL] VERB …`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// Where to write the rejected rows with their errors (default: FILE.loi.xlsx/.csv).
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
}

#[derive(Debug, Subcommand)]
pub enum PayrollCommand {
    /// Compute a month (draft); a draft is replaced by the same lines when run again.
    Run {
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        /// Only this commune (code).
        #[arg(long)]
        commune: Option<String>,
    },
    /// Approve the draft of a month.
    Approve {
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        #[arg(long)]
        commune: Option<String>,
    },
    /// Lock an approved month: it never changes afterwards.
    Lock {
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        #[arg(long)]
        commune: Option<String>,
    },
    /// Totals by group and commune, and the difference from the previous month.
    Show {
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        #[arg(long)]
        commune: Option<String>,
    },
    /// Write the payment list of each commune into a directory: XLSX for the paying agent, or
    /// a printable HTML page (A4, with the signature block) to print and sign.
    Lists {
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        commune: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Xlsx)]
        format: ListFormat,
    },
    /// Read the paying agent's result (XLSX/CSV) for a locked month.
    ImportResult {
        file: PathBuf,
        #[arg(long)]
        month: ansinh_core::payroll::Month,
        #[arg(long)]
        commune: Option<String>,
    },
    /// The rules in force on a day (default today).
    Rules {
        #[arg(long, value_parser = crate::commands::parse_day)]
        on: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PovertyCommand {
    /// Open the review of a year: one campaign per commune of that year (or only --commune),
    /// listing last year's poor and near-poor households; --apply adds applicants by code.
    Campaign {
        #[arg(long)]
        year: i32,
        /// Commune code in force at the end of the year (old codes before 1/7/2025).
        #[arg(long)]
        commune: Option<String>,
        /// Household codes that applied (Mẫu số 01), added to --commune's list.
        #[arg(long, value_delimiter = ',', requires = "commune")]
        apply: Vec<String>,
    },
    /// Import survey sheets (XLSX) for a year; nothing is written if any row is bad.
    ImportSurveys {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the survey sheet template.
    Template { file: PathBuf },
    /// Classify the surveyed households of a year (all communes, or --commune) and print rates.
    Classify {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        commune: Option<String>,
    },
    /// Record the date of a commune step: meeting (họp dân), posting (niêm yết), complaints
    /// (kết thúc khiếu nại).
    Step {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        commune: String,
        step: StepArg,
        /// dd/mm/yyyy
        #[arg(long)]
        on: String,
    },
    /// Approve a commune's results for the year: they become final.
    Approve {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        commune: String,
        /// dd/mm/yyyy
        #[arg(long)]
        on: String,
        /// Who approves (recorded in the audit log).
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// Print the rates and write the report forms (XLSX) for a year into --out.
    Report {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Show the year's results on today's communes (through the 2025 mapping).
        #[arg(long)]
        today_areas: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StepArg {
    Meeting,
    Posting,
    Complaints,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; the secret is printed once.
    Create {
        /// What the token is for, e.g. "Cổng dịch vụ công".
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long, value_delimiter = ',', required = true)]
        areas: Vec<String>,
        /// The administrator who creates it (an existing admin account).
        #[arg(long)]
        by: String,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from ANSINH_PASSWORD or asked on the terminal;
    /// the user must change it at first login.
    Add {
        username: String,
        /// admin, province_officer, commune_officer, leader or inspector.
        #[arg(long)]
        role: String,
        /// Area codes in force today: 46 for the province, or commune codes (19900,20056).
        #[arg(long, value_delimiter = ',', required = true)]
        areas: Vec<String>,
        #[arg(long)]
        name: String,
    },
    /// List accounts.
    List,
    /// Set a new password (read like `add`); the user must change it at next login.
    Passwd { username: String },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
}

/// The file each commune's payment list is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Xlsx,
    Html,
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

//! The store: the only crate that knows SQL and which database runs.
//!
//! [`Store::open`] connects to SQLite or PostgreSQL, runs the embedded migrations of that
//! backend and loads the shipped area catalogue. Every write goes through a method here that
//! also appends to the audit log in the same transaction.

// Shared by every capability: the two pools, the audit log, errors, the one scoped handle,
// and the backend-specific pieces (each named for its job).
#[macro_use]
pub mod db;
#[macro_use]
pub mod audit;
mod columns;
mod direct;
pub mod error;
mod packed;
mod pgcopy;
mod rows;
pub mod scoped;
mod tuning;

// The capabilities, one folder each (the same names in every crate); `assistance` first for
// its `mark_changed!` macro.
#[macro_use]
pub mod assistance;
pub mod accounts;
pub mod backup;
pub mod payroll;
pub mod poverty;
pub mod registry;

use std::sync::{Arc, RwLock};

use ansinh_core::AreaCatalog;
use chrono::{FixedOffset, NaiveDate, Utc};

pub use db::{Backend, Db};
pub use error::{Result, StoreError};

pub(crate) static SQLITE_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/postgres");

/// Who makes a change, as written to the audit log: a user name, or `system:…` for jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    pub fn system(job: &str) -> Actor {
        Actor(format!("system:{job}"))
    }
}

/// Today's date in Vietnam (UTC+7), which is the date officers mean.
pub fn today_vn() -> NaiveDate {
    let offset = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    Utc::now().with_timezone(&offset).date_naive()
}

#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    /// The URL it was opened with, for the tools that connect on their own (`pg_dump`,
    /// `pg_restore`; see [`backup`]).
    url: db::Url,
    /// The area catalogue as the database holds it, read at open and after each migration.
    /// Areas change only there (the shipped catalogue is seeded on start), so every request
    /// reads them from memory instead of the database.
    areas: Arc<RwLock<Arc<AreaCatalog>>>,
    /// Beneficiaries per part of a payroll run (see `payroll/run.rs`).
    payroll_part: usize,
}

impl Store {
    /// Connects, migrates and seeds the area catalogue. Safe to call on every start.
    pub async fn open(url: &str) -> Result<Store> {
        let db = Db::connect(url).await?;
        let store = Store {
            db,
            url: db::Url::new(url),
            areas: Arc::new(RwLock::new(Arc::new(AreaCatalog {
                areas: Vec::new(),
                successors: Vec::new(),
            }))),
            payroll_part: payroll::PART,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Runs the pending migrations of this backend and (re)loads the shipped areas.
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        self.ensure_search_indexes().await?;
        self.seed_areas().await?;
        self.reload_areas().await
    }

    /// The same store with payroll runs cut into parts of `beneficiaries` (at least one):
    /// tests use small parts to run the pipeline over many of them.
    pub fn with_payroll_part(mut self, beneficiaries: usize) -> Store {
        self.payroll_part = beneficiaries.max(1);
        self
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn close(&self) {
        self.db.close().await
    }
}

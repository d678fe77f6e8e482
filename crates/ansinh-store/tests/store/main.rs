//! The store's integration tests. Every case runs twice, on a fresh SQLite file and on a fresh
//! database of a throwaway PostgreSQL server (see `ansinh-testkit`), through the same code.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use ansinh_core::area::{AreaLevel, reorganisation_2025};
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::person::{PersonDraft, ValidPerson, validate_person};
use ansinh_core::{MoveReason, Relation};
use ansinh_store::registry::search::{Cursor, SearchQuery};
use ansinh_store::{Actor, Store, StoreError};
use chrono::NaiveDate;

/// Declares `<name>_sqlite` and `<name>_postgres` tests that run `$case(store)`.
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (_dir, path) = ansinh_testkit::sqlite_path();
                    let store = super::Store::open(&format!("sqlite://{}", path.display())).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(url) = ansinh_testkit::pg_database() else { return };
                    let store = super::Store::open(&url).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
    };
}

// One module per capability; `schema` compares the two migration folders, `backup` takes a
// database through a backup and a restore.
mod accounts;
mod assistance;
mod assistance_events;
mod backup;
mod dossiers;
mod poverty;
mod registry;
mod schema;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn officer() -> Actor {
    Actor("can-bo-xa".into())
}

fn valid(pid: &str, name: &str, sex: &str, birth: &str, area: &str) -> ValidPerson {
    let draft = PersonDraft {
        personal_id: pid.into(),
        full_name: name.into(),
        sex: sex.into(),
        birth_date: birth.into(),
        ethnicity: "Kinh".into(),
        area_code: area.into(),
        ..PersonDraft::default()
    };
    validate_person(&draft, d(2026, 11, 26)).unwrap()
}

#[tokio::test]
async fn unknown_url_scheme_is_refused() {
    let e = Store::open("mysql://localhost/x").await.unwrap_err();
    assert_eq!(e.code(), "db.unknown_scheme");
    assert!(e.to_string().contains("mysql"));
}

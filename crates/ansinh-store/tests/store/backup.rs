//! Backups and restores on both backends: a small synthetic province taken through a backup
//! and restored into a fresh database comes back row for row in every table; a target that
//! holds data is replaced only when forced; a damaged backup is refused and changes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use ansinh_core::payroll::Month;
use ansinh_store::{Backend, Db};
use ansinh_synth::beneficiaries::BeneficiaryDraw;

use super::*;

both_backends!(
    a_restore_gives_back_every_table_row_for_row,
    a_target_with_data_is_replaced_only_when_forced,
    a_damaged_backup_is_refused_and_changes_nothing,
);

fn admin() -> Actor {
    Actor::system("backup-test")
}

/// Every table of the database (listed from its catalogue, so a new table is compared without
/// a change here) as its rows in text, sorted. The restore's own audit entry is left out: it is
/// the one row a restore adds.
async fn tables(store: &Store) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for table in store.db().table_names().await.unwrap() {
        let only = if table == "audit_log" {
            " WHERE action <> 'restore'"
        } else {
            ""
        };
        let mut rows: Vec<String> = match store.db() {
            Db::Sqlite(pool) => {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let sql = format!("SELECT {row} FROM \"{table}\"{only}");
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
            Db::Postgres(pool) => {
                let sql = format!("SELECT t::text FROM \"{table}\" t{only}");
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
        };
        rows.sort();
        out.insert(table, rows);
    }
    out
}

/// A person of commune 19900 in the registry.
async fn register(store: &Store, pid: &str, name: &str, sex: &str, birth: &str) {
    store
        .create_person(&officer(), &valid(pid, name, sex, birth, "19900"))
        .await
        .unwrap();
}

/// The target's own data: a person the backups do not have.
async fn stranger(target: &Store) {
    register(target, "046090000456", "Trần Văn Bình", "Nam", "01/01/1990").await;
}

/// The database at `url` holds exactly `held`, after a refused restore (`after`).
async fn assert_unchanged(url: &str, held: &BTreeMap<String, Vec<String>>, after: &str) {
    let store = Store::open(url).await.unwrap();
    assert_eq!(&tables(&store).await, held, "changed after: {after}");
    store.close().await;
}

/// The URL of a database of the same backend that nobody has opened yet.
fn fresh(store: &Store, dir: &Path, name: &str) -> String {
    match store.backend() {
        Backend::Sqlite => format!("sqlite://{}", dir.join(name).display()),
        Backend::Postgres => ansinh_testkit::pg_database().unwrap(),
    }
}

/// A small province: the synthetic registry with its beneficiaries, the payroll of 12/2023
/// locked (its lines are guarded by triggers) and an account with a session.
async fn province(store: &Store) {
    let on = d(2026, 11, 26);
    let communes = store.communes_on(on).await.unwrap();
    let config = ansinh_synth::SynthConfig {
        scale: 0.003,
        seed: 11,
        as_of: on,
    };
    let mut draw = BeneficiaryDraw::new(&config, &communes);
    for batch in ansinh_synth::Generator::new(config, &communes) {
        let drawn = draw.draw(&batch);
        store
            .bulk_load(
                &admin(),
                ansinh_store::registry::bulk::BulkRecords {
                    persons: &batch.persons,
                    households: &batch.households,
                    members: &batch.members,
                    heads: &[],
                },
                ansinh_store::registry::bulk::AuditMode::Summary("backup-test"),
            )
            .await
            .unwrap();
        store
            .bulk_load_beneficiaries(&admin(), &drawn.records, "backup-test")
            .await
            .unwrap();
    }
    store.ensure_search_indexes().await.unwrap();
    super::assistance::pay(store, Month::new(2023, 12).unwrap()).await;
    let user = store
        .create_user(
            &admin(),
            &ansinh_store::accounts::NewUser {
                username: "canbo",
                display_name: "Cán bộ",
                role: ansinh_core::access::Role::CommuneOfficer,
                password: "mật khẩu rất dài",
                area_codes: &["19900"],
                must_change_password: false,
            },
        )
        .await
        .unwrap();
    store
        .create_session(&user, std::time::Duration::from_secs(3600))
        .await
        .unwrap();
}

async fn a_restore_gives_back_every_table_row_for_row(store: Store) {
    province(&store).await;
    let before = tables(&store).await;
    for filled in [
        "persons",
        "households",
        "household_members",
        "beneficiaries",
        "payroll_runs",
        "payroll_lines",
        "users",
        "sessions",
        "audit_log",
        "_sqlx_migrations",
    ] {
        assert!(!before[filled].is_empty(), "{filled} is empty");
    }

    let dir = tempfile::tempdir().unwrap();
    // A quote in the name is a character of the name, not of SQL.
    let file = dir.path().join("sao lưu 'tháng 12'.bak");
    let backup = store.backup(&admin(), &file).await.unwrap();
    assert_eq!(backup.file, file);
    assert_eq!(backup.bytes, std::fs::metadata(&file).unwrap().len());
    assert!(backup.bytes > 100_000, "{} bytes", backup.bytes);
    assert_eq!(backup.counts.persons as usize, before["persons"].len());
    let last = &store.recent_audit(1).await.unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        ("backup", "database")
    );
    // Only the backup's file is left in the directory, and a second one is not written over it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let again = store.backup(&admin(), &file).await.unwrap_err();
    assert_eq!(again.code(), "backup.file_exists");

    let url = fresh(&store, dir.path(), "khoi-phuc.sqlite");
    let (restored, summary) = Store::restore(&url, &file, false, &admin()).await.unwrap();
    assert!(!summary.replaced);
    assert_eq!(summary.bytes, backup.bytes);
    assert_eq!(summary.counts.persons, backup.counts.persons);
    assert_eq!(summary.counts.households, backup.counts.households);
    let after = tables(&restored).await;
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &before {
        assert!(
            &after[table] == rows,
            "{table}: {} rows before, {} restored",
            rows.len(),
            after[table].len()
        );
    }
    let last = &restored.recent_audit(1).await.unwrap()[0];
    assert_eq!(last.action, "restore");
    // The restored database works: a search finds what the registry holds.
    let found = restored
        .search_persons(&SearchQuery::new("nguyen"))
        .await
        .unwrap();
    assert!(!found.items.is_empty());
    restored.close().await;
}

async fn a_target_with_data_is_replaced_only_when_forced(store: Store) {
    register(
        &store,
        "046185000123",
        "Nguyễn Thị Ái Vân",
        "Nữ",
        "12/03/1985",
    )
    .await;
    let source = tables(&store).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ansinh.bak");
    store.backup(&admin(), &file).await.unwrap();

    // A database already opened (migrated, areas seeded) but without data is no obstacle.
    let url = fresh(&store, dir.path(), "dich.sqlite");
    Store::open(&url).await.unwrap().close().await;
    let (target, summary) = Store::restore(&url, &file, false, &admin()).await.unwrap();
    assert!(!summary.replaced);
    assert_eq!(tables(&target).await, source);

    // Now it holds data: refused without --force, and nothing changes.
    stranger(&target).await;
    let held = tables(&target).await;
    if target.backend() == Backend::Sqlite {
        // SQLite: the file is replaced, so not while another connection has it open.
        let e = Store::restore(&url, &file, true, &admin())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "backup.target_in_use", "{e}");
    }
    target.close().await;
    let e = Store::restore(&url, &file, false, &admin())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "backup.target_has_data", "{e}");
    assert!(e.is_refusal());
    assert!(e.to_string().contains("persons"), "{e}");
    assert_unchanged(&url, &held, "refused without --force").await;

    let (target, summary) = Store::restore(&url, &file, true, &admin()).await.unwrap();
    assert!(summary.replaced);
    assert_eq!(tables(&target).await, source);
    // The backup's database replaced the target's, first restore entry included.
    let restores = target.recent_audit(10).await.unwrap();
    assert_eq!(restores.iter().filter(|e| e.action == "restore").count(), 1);
    target.close().await;
    if store.backend() == Backend::Sqlite {
        // Nothing but the two databases' files and the backup is left behind.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        names.sort();
        assert!(names.is_empty(), "{names:?}");
    }
}

async fn a_damaged_backup_is_refused_and_changes_nothing(store: Store) {
    province(&store).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ansinh.bak");
    store.backup(&admin(), &file).await.unwrap();
    let whole = std::fs::read(&file).unwrap();

    let url = fresh(&store, dir.path(), "dich.sqlite");
    let target = Store::open(&url).await.unwrap();
    stranger(&target).await;
    let held = tables(&target).await;
    target.close().await;

    let truncated = dir.path().join("cut.bak");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let mut flipped = whole.clone();
    let middle = flipped.len() / 2;
    for b in &mut flipped[middle..middle + 4096] {
        *b = !*b;
    }
    let damaged = dir.path().join("flipped.bak");
    std::fs::write(&damaged, &flipped).unwrap();
    let other = dir.path().join("other.bak");
    std::fs::write(&other, b"not a backup at all").unwrap();
    let missing = dir.path().join("missing.bak");

    for (bad, code) in [
        (&truncated, "backup.unreadable"),
        (&damaged, "backup.unreadable"),
        (&other, "backup.unreadable"),
        (&missing, "backup.not_found"),
    ] {
        // Forced, so the check of the file is what refuses.
        let e = Store::restore(&url, bad, true, &admin()).await.unwrap_err();
        assert_eq!(e.code(), code, "{}: {e}", bad.display());
        assert_unchanged(&url, &held, &bad.display().to_string()).await;
    }
}

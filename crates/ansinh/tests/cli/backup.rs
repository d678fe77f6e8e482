//! `ansinh backup` then `ansinh restore` on SQLite: the restored database answers as the
//! original did, a database with data is replaced only with `--force`, and a backup is never
//! written over.

use super::{ansinh, text};

/// The persons and households that `check` counts (its audit-log count left out: the backup,
/// the restore and `check` itself each add an entry).
fn registry_line(db: &str) -> String {
    let o = ansinh(db, &["check"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    let line = out.lines().find(|l| l.starts_with("Sổ đăng ký:")).unwrap();
    line.rsplit_once(", ").unwrap().0.to_string()
}

#[test]
fn backup_then_restore_into_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sqlite://{}", dir.path().join("nguon.sqlite").display());
    let o = ansinh(&source, &["generate", "--scale", "0.002", "--seed", "5"]);
    assert!(o.status.success(), "{}", text(&o));
    let registry = registry_line(&source);

    let file = dir.path().join("sao-luu").join("ansinh-2026-12.sqlite");
    let o = ansinh(&source, &["backup", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("Đã sao lưu cơ sở dữ liệu (sqlite)"), "{out}");
    assert!(out.contains("MB") && out.contains("nhân khẩu"), "{out}");
    let o = ansinh(&source, &["backup", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("đã có"), "{}", text(&o));

    let target = format!("sqlite://{}", dir.path().join("dich.sqlite").display());
    let o = ansinh(&target, &["restore", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Đã khôi phục cơ sở dữ liệu (sqlite)"),
        "{}",
        text(&o)
    );
    assert_eq!(registry_line(&target), registry);
    let o = ansinh(&target, &["search", "nguyen", "--limit", "3"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).lines().count() >= 3);

    // The target now holds data: refused without --force, replaced with it.
    let o = ansinh(&target, &["restore", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    let o = ansinh(&target, &["restore", "--force", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("thay toàn bộ"), "{}", text(&o));
}

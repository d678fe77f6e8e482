//! The monthly payroll from the command line, as a province officer scripts it: run a month,
//! approve, lock, print the commune lists, and be refused when running a locked month again.

use super::{ansinh, sqlite, text};

#[test]
fn run_approve_lock_lists_then_a_locked_month_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let o = ansinh(&db, &["generate", "--scale", "0.005", "--seed", "3"]);
    assert!(o.status.success(), "{}", text(&o));

    let o = ansinh(&db, &["payroll", "run", "--month", "2024-07"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Bảng chi tháng 07/2024 (nháp)"),
        "{}",
        text(&o)
    );
    let o = ansinh(&db, &["payroll", "approve", "--month", "2024-07"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Đã duyệt bảng chi tháng 07/2024"));
    let o = ansinh(&db, &["payroll", "lock", "--month", "2024-07"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Đã khóa bảng chi tháng 07/2024"));

    let out = dir.path().join("lists");
    let o = ansinh(
        &db,
        &[
            "payroll",
            "lists",
            "--month",
            "2024-07",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    assert!(!files.is_empty(), "no XLSX list in {}", out.display());
    for f in &files {
        // An XLSX file is a ZIP archive.
        assert!(
            std::fs::read(f).unwrap().starts_with(b"PK"),
            "{}",
            f.display()
        );
    }

    let o = ansinh(&db, &["payroll", "run", "--month", "2024-07"]);
    assert!(!o.status.success(), "a locked month was run again");
    assert!(
        text(&o).contains("bảng chi tháng 07/2024 đã khóa"),
        "{}",
        text(&o)
    );
}

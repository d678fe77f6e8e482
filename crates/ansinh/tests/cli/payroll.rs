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

#[test]
fn the_generator_locks_december_and_lists_print_as_one_page_per_commune() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let o = ansinh(&db, &["generate", "--scale", "0.005", "--seed", "3"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Bảng chi trợ cấp xã hội tháng 12/2023 đã khóa"),
        "{}",
        text(&o)
    );

    let out = dir.path().join("in");
    let lists = |format: &str| {
        let o = ansinh(
            &db,
            &[
                "payroll",
                "lists",
                "--month",
                "2023-12",
                "--out",
                out.to_str().unwrap(),
                "--format",
                format,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == format))
            .collect();
        files.sort();
        files
    };
    let pages = lists("html");
    let workbooks = lists("xlsx");
    assert!(!pages.is_empty());
    // The same communes in both formats, one file each.
    let stems = |files: &[std::path::PathBuf]| -> Vec<String> {
        files
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect()
    };
    assert_eq!(stems(&pages), stems(&workbooks));
    let dotted = |s: &str| {
        s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .any(|w| w.len() >= 7 && w.contains('.') && w.split('.').skip(1).all(|g| g.len() == 3))
    };
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(html.starts_with("<!doctype html>"), "{}", page.display());
        // Self-contained: its style inline, nothing fetched, nothing run.
        assert!(html.contains("<style>") && html.contains("@page { size: A4 portrait"));
        for outside in ["<link", "<script", "src=", "http://", "https://"] {
            assert!(!html.contains(outside), "{outside} in {}", page.display());
        }
        for text in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Danh sách chi trả trợ cấp xã hội hằng tháng",
            "Tháng 12/2023",
            "Ký nhận",
            "Truy lĩnh/<br>truy thu<br>(đồng)",
            "Tổng cộng:",
            "(Ký tên, đóng dấu)",
        ] {
            assert!(html.contains(text), "{text} missing in {}", page.display());
        }
        assert!(
            dotted(&html),
            "amounts written 1.234.000 in {}",
            page.display()
        );
    }
}

//! The poverty-review commands on a small generated database: classification prints the
//! rates, and the report writes its workbook.

use super::{ansinh, sqlite, text};

#[test]
fn classify_prints_rates_and_report_writes_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let o = ansinh(&db, &["generate", "--scale", "0.002", "--seed", "3"]);
    assert!(o.status.success(), "{}", text(&o));

    // 2023 is left classified by the generator, so it can be classified again.
    let o = ansinh(&db, &["poverty", "classify", "--year", "2023"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("Năm 2023:"), "{out}");
    assert!(out.contains("hộ nghèo") && out.contains('%'), "{out}");

    let reports = dir.path().join("bao-cao");
    let o = ansinh(
        &db,
        &[
            "poverty",
            "report",
            "--year",
            "2023",
            "--out",
            reports.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let file = reports.join("bieu-ra-soat-ho-ngheo-2023.xlsx");
    let bytes = std::fs::read(&file).unwrap();
    // An XLSX is a zip archive.
    assert!(bytes.starts_with(b"PK"), "{}", file.display());
    // The 2023 report has the movements against the approved 2022 review.
    assert!(text(&o).contains("Diễn biến hộ nghèo"), "{}", text(&o));
}

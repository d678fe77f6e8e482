//! `ansinh import persons|households FILE`: validate the whole file, then write all of it,
//! the good rows (`--skip-bad-rows`) or nothing (`--dry-run`, or any bad row by default).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ansinh_core::RowError;
use ansinh_files::{
    Format, Limits, Table, parse_households, parse_persons, read_table, rejected_rows,
    write_rejected,
};
use ansinh_store::registry::import::{ImportOptions, ImportReport};
use ansinh_store::{Actor, Store, today_vn};
use anyhow::{Context, bail};
use indicatif::ProgressBar;

use crate::cli::LayoutArg;

/// How many row errors are printed; all of them go to the rejected-rows file.
const PRINTED_ERRORS: usize = 50;

pub async fn import(
    store: &Store,
    layout: LayoutArg,
    file: &Path,
    dry_run: bool,
    skip_bad_rows: bool,
    rejected: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let format = Format::from_path(file)?;
    // The rejected rows are written in the format their file's name says, checked before any
    // work so that a long import does not end on a name it cannot use.
    let (rejected, rejected_format) = match rejected {
        None => (rejected_path(file, format), format),
        Some(path) => match Format::from_path(&path) {
            Ok(f) => (path, f),
            Err(_) => bail!(
                "--rejected {}: tên tệp các dòng lỗi phải có đuôi .xlsx hoặc .csv (đuôi đó quyết định dạng tệp)",
                path.display()
            ),
        },
    };
    let limits = Limits::default();
    let size = std::fs::metadata(file)
        .with_context(|| format!("không đọc được tệp {}", file.display()))?
        .len();
    if size > limits.max_bytes {
        bail!(
            "tệp {} nặng {} MB, quá giới hạn {} MB",
            file.display(),
            size / 1_048_576,
            limits.max_bytes / 1_048_576
        );
    }
    let bytes =
        std::fs::read(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(format!("Đọc và kiểm tra {}", file.display()));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let table = read_table(&bytes, format, &limits)?;
    let opts = ImportOptions {
        dry_run,
        skip_bad_rows,
        source: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let actor = Actor(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ));
    let total = table.rows.len();
    let report = match layout {
        LayoutArg::Persons => {
            let (rows, errors) = parse_persons(&table, today_vn())?;
            spinner.set_message(format!("Đối chiếu {total} dòng với sổ đăng ký"));
            store
                .import_persons(&actor, &rows, errors, total, &opts)
                .await?
        }
        LayoutArg::Households => {
            let (rows, errors) = parse_households(&table)?;
            spinner.set_message(format!("Đối chiếu {total} dòng với sổ đăng ký"));
            store
                .import_households(&actor, &rows, errors, total, &opts)
                .await?
        }
    };
    spinner.finish_and_clear();
    print_report(&report, started.elapsed().as_secs_f64(), dry_run);
    if !report.errors.is_empty() {
        write_rejected_file(&table, &report.errors, rejected_format, &rejected)?;
        println!(
            "Các dòng lỗi (kèm cột \"Lỗi\") đã ghi vào {}: sửa và nhập lại tệp đó.",
            rejected.display()
        );
    }
    let ok = report.errors.is_empty() || (skip_bad_rows && (report.written || dry_run));
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(r: &ImportReport, seconds: f64, dry_run: bool) {
    println!(
        "{} dòng: {} hợp lệ, {} có lỗi ({:.1} giây).",
        r.rows_total,
        r.rows_ok,
        r.bad_lines(),
        seconds
    );
    for e in r.errors.iter().take(PRINTED_ERRORS) {
        println!(
            "  dòng {}, cột {}: {} [{}]",
            e.line, e.column, e.message, e.code
        );
    }
    if r.errors.len() > PRINTED_ERRORS {
        println!(
            "  … và {} lỗi khác (xem tệp các dòng lỗi)",
            r.errors.len() - PRINTED_ERRORS
        );
    }
    if r.written {
        println!(
            "Đã ghi {} nhân khẩu, {} hộ vào sổ đăng ký.",
            r.persons_created, r.households_created
        );
    } else if dry_run {
        println!("Chạy thử: chưa ghi gì.");
    } else if !r.errors.is_empty() {
        println!("Không ghi gì vì tệp có dòng lỗi (dùng --skip-bad-rows để ghi các dòng hợp lệ).");
    }
}

fn rejected_path(file: &Path, format: Format) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "nhap".into());
    file.with_file_name(format!("{stem}.loi.{}", format.extension()))
}

fn write_rejected_file(
    table: &Table,
    errors: &[RowError],
    format: Format,
    path: &Path,
) -> anyhow::Result<()> {
    let rows = rejected_rows(table, errors);
    let bytes = write_rejected(&table.headers, &rows, format)?;
    std::fs::write(path, bytes).with_context(|| format!("không ghi được {}", path.display()))
}

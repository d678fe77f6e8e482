//! `ansinh payroll …`: run, approve and lock a month, show its totals, write the payment lists,
//! read back the paying agent's result, and list the rules in force.

use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ansinh_core::assistance::format_coefficient;
use ansinh_core::payroll::{Month, Totals};
use ansinh_files::{
    Format, Limits, ListHeading, parse_payment_results, read_table, render_payment_list,
    write_payment_list,
};
use ansinh_store::payroll::PayrollRun;
use ansinh_store::{Actor, Store, StoreError, today_vn};
use anyhow::Context;
use chrono::NaiveDate;
use uuid::Uuid;

fn actor() -> Actor {
    Actor::system("cli")
}

/// The commune a `--commune` code names: the one in force today, as on the web, since
/// beneficiaries and their payroll lines belong to today's communes (a code can name an older
/// commune in the run's month); an old code no longer in force is looked up on the month.
async fn commune(
    store: &Store,
    code: Option<String>,
    month: Month,
) -> anyhow::Result<Option<Uuid>> {
    Ok(match code {
        Some(code) => Some(
            match store.area_by_code(&code, today_vn()).await {
                Ok(area) => area,
                Err(_) => store.area_by_code(&code, month.first_day()).await?,
            }
            .id,
        ),
        None => None,
    })
}

async fn find_run(store: &Store, month: Month, area: Option<Uuid>) -> anyhow::Result<PayrollRun> {
    store
        .payroll_runs(month)
        .await?
        .into_iter()
        .find(|r| r.area_id == area)
        .with_context(|| format!("chưa có bảng chi tháng {}", month.format_vn()))
}

/// Whole đồng with dots between thousands, as Vietnamese forms print them.
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

fn print_totals(label: &str, t: &Totals) {
    println!(
        "  {label:<40} {:>7} dòng  thường xuyên {:>16}  truy lĩnh {:>14}  truy thu {:>14}  thực chi {:>16}",
        t.lines,
        vnd(t.regular),
        vnd(t.arrears),
        vnd(t.recovery),
        vnd(t.net())
    );
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

/// The file each commune's payment list is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Xlsx,
    Html,
}

pub async fn payroll(store: &Store, cmd: PayrollCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PayrollCommand::Run {
            month,
            commune: code,
        } => {
            let area = commune(store, code, month).await?;
            let started = std::time::Instant::now();
            let report = store.run_payroll(&actor(), month, area).await?;
            println!(
                "Bảng chi tháng {} (nháp): {} đối tượng, {} dòng, thực chi {} đồng; {} tạm dừng, {} đã chi ở xã cũ ({:.2} giây).",
                month.format_vn(),
                report.run.beneficiaries,
                report.run.totals.lines,
                vnd(report.run.totals.net()),
                report.suspended,
                report.already_paid,
                started.elapsed().as_secs_f64()
            );
        }
        PayrollCommand::Approve {
            month,
            commune: code,
        } => {
            let run = find_run(store, month, commune(store, code, month).await?).await?;
            store.approve_payroll(&actor(), run.id).await?;
            println!("Đã duyệt bảng chi tháng {}.", month.format_vn());
        }
        PayrollCommand::Lock {
            month,
            commune: code,
        } => {
            let run = find_run(store, month, commune(store, code, month).await?).await?;
            store.lock_payroll(&actor(), run.id).await?;
            println!("Đã khóa bảng chi tháng {}.", month.format_vn());
        }
        PayrollCommand::Show {
            month,
            commune: code,
        } => {
            let run = find_run(store, month, commune(store, code, month).await?).await?;
            println!(
                "Bảng chi tháng {} — {}",
                month.format_vn(),
                run.state.label_vi()
            );
            print_totals("Tổng", &run.totals);
            let totals = store.run_totals(run.id).await?;
            println!("Theo nhóm đối tượng:");
            for (g, t) in &totals.by_group {
                print_totals(g.as_deref().unwrap_or("(truy thu, không còn hưởng)"), t);
            }
            println!("Theo xã/phường:");
            for ((code, name), t) in &totals.by_commune {
                print_totals(&format!("{code} {name}"), t);
            }
            if let Ok(prev) = find_run(store, month.pred(), run.area_id).await {
                println!(
                    "So với tháng {}: {:+} dòng, thực chi {} đồng.",
                    month.pred().format_vn(),
                    run.totals.lines as i64 - prev.totals.lines as i64,
                    vnd(run.totals.net() - prev.totals.net())
                );
            }
        }
        PayrollCommand::Lists {
            month,
            out,
            commune: code,
            format,
        } => {
            let area = commune(store, code, month).await?;
            // A commune's list comes from its own run or, failing that, from the province's.
            let run = match (find_run(store, month, area).await, area) {
                (Ok(run), _) => run,
                (Err(_), Some(_)) => find_run(store, month, None).await?,
                (Err(e), None) => return Err(e),
            };
            write_lists(store, &run, area, &out, format).await?;
        }
        PayrollCommand::ImportResult {
            file,
            month,
            commune: code,
        } => {
            let run = find_run(store, month, commune(store, code, month).await?).await?;
            let bytes = std::fs::read(&file).with_context(|| format!("đọc {}", file.display()))?;
            let table = read_table(&bytes, Format::from_path(&file)?, &Limits::default())?;
            let (rows, errors) = parse_payment_results(&table)?;
            if !errors.is_empty() {
                for e in &errors {
                    eprintln!("{e}");
                }
                anyhow::bail!("tệp có {} dòng lỗi; không ghi gì", errors.len());
            }
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            match store
                .import_payment_results(&actor(), run.id, &rows, &name)
                .await
            {
                Ok(n) => println!("Đã nhập kết quả chi trả của {n} đối tượng."),
                Err(StoreError::Rows(errors)) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    anyhow::bail!("tệp có {} dòng lỗi; không ghi gì", errors.len());
                }
                Err(e) => return Err(e.into()),
            }
        }
        PayrollCommand::Rules { on } => {
            let on = on.unwrap_or_else(today_vn);
            for r in store.rules_in_force(on).await? {
                let row = &r.row;
                println!(
                    "{:<20} {:<16} {:<6} {:<28} {:>10}  từ {}  {}{}{}",
                    row.kind.code(),
                    row.key,
                    row.area.as_deref().unwrap_or("-"),
                    row.condition.to_string(),
                    if row.kind == ansinh_core::assistance::RuleKind::BaseLevel {
                        vnd(row.value)
                    } else {
                        format_coefficient(row.value as i32)
                    },
                    ansinh_core::date::format_vn(row.valid_from),
                    if row.confirmed {
                        ""
                    } else {
                        "[chưa xác nhận] "
                    },
                    if r.local { "[địa phương] " } else { "" },
                    row.legal_basis
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One file per commune of the run, named by month and commune code: the XLSX workbook, or the
/// printable page the web serves too (`ansinh_files::render_payment_list`).
async fn write_lists(
    store: &Store,
    run: &PayrollRun,
    area: Option<Uuid>,
    out: &Path,
    format: ListFormat,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let rows = store.payment_list(run.id, area).await?;
    let catalog = store.area_catalog();
    let mut files = 0;
    for chunk in rows.chunk_by(|a, b| a.0 == b.0) {
        let commune = catalog
            .by_id(chunk[0].0)
            .with_context(|| format!("không thấy xã/phường {}", chunk[0].0))?;
        let province = commune.parent_id.and_then(|p| catalog.by_id(p));
        let heading = ListHeading::new(commune, province, run.month);
        let list: Vec<_> = chunk.iter().map(|r| r.1.clone()).collect();
        let (bytes, ext) = match format {
            ListFormat::Xlsx => (write_payment_list(&heading, &list)?, "xlsx"),
            ListFormat::Html => (
                render_payment_list(&heading, &list, None)?.into_bytes(),
                "html",
            ),
        };
        let path: PathBuf = out.join(format!("chi-tra-{}-{}.{ext}", run.month, commune.code));
        std::fs::write(&path, bytes)
            .with_context(|| format!("không ghi được {}", path.display()))?;
        files += 1;
    }
    println!("Đã ghi {files} danh sách vào {}.", out.display());
    Ok(())
}

pub fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("ngày '{raw}' phải có dạng yyyy-mm-dd"))
}

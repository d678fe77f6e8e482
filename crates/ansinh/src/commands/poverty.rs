//! `ansinh poverty …`: the annual poverty review from the command line (campaign, survey
//! import, classification, commune steps, approval, report forms).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use ansinh_core::PartialDate;
use ansinh_core::poverty::{Class, PovertyList};
use ansinh_files::poverty::forms::{FormLines, PovertyForms, write_poverty_forms};
use ansinh_files::{Format, Limits, parse_surveys, read_table, write_survey_template};
use ansinh_store::poverty::{AreaBasis, Step};
use ansinh_store::registry::import::ImportOptions;
use ansinh_store::{Actor, Store};
use anyhow::{Context, bail};
use chrono::NaiveDate;

fn actor() -> Actor {
    Actor(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ))
}

fn day(raw: &str) -> anyhow::Result<NaiveDate> {
    let d = PartialDate::parse(raw).map_err(|e| anyhow::anyhow!("{e}"))?;
    if d.precision != ansinh_core::DatePrecision::Day {
        bail!("ngày '{raw}' phải có dạng dd/mm/yyyy");
    }
    Ok(d.date)
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

pub async fn poverty(store: &Store, cmd: PovertyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PovertyCommand::Campaign {
            year,
            commune,
            apply,
        } => {
            let opened = store
                .open_campaigns(&actor(), year, commune.as_deref())
                .await?;
            if let (Some(code), false) = (commune.as_deref(), apply.is_empty()) {
                let c = store.campaign_for(year, code).await?;
                let n = store.add_applicants(&actor(), c.id, &apply).await?;
                println!(
                    "Đã thêm {n} hộ đề nghị rà soát vào danh sách của {}.",
                    c.area.name
                );
            }
            println!("Đã mở {} đợt rà soát năm {year}.", opened.len());
            for c in store.campaigns(year, None).await? {
                if commune.as_deref().is_none_or(|code| code == c.area.code) {
                    println!(
                        "  {} {}: {} hộ trong danh sách, {} đã có phiếu, {}",
                        c.area.code,
                        c.area.name,
                        c.listed,
                        c.surveyed,
                        c.state.label_vi()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        PovertyCommand::Template { file } => {
            std::fs::write(&file, write_survey_template()?)
                .with_context(|| format!("không ghi được {}", file.display()))?;
            println!("Đã ghi mẫu phiếu rà soát vào {}.", file.display());
            Ok(ExitCode::SUCCESS)
        }
        PovertyCommand::ImportSurveys {
            file,
            year,
            dry_run,
        } => import(store, &file, year, dry_run).await,
        PovertyCommand::Classify { year, commune } => {
            let started = Instant::now();
            let s = store
                .classify_year(&actor(), year, commune.as_deref())
                .await?;
            println!(
                "Đã phân loại {} hộ ({} hộ có phiếu) ở {} xã/phường năm {year} theo chuẩn năm {} trong {:.2} giây.",
                s.households,
                s.surveyed,
                s.campaigns,
                s.standard_year,
                started.elapsed().as_secs_f64()
            );
            for c in Class::ALL {
                println!("  {}: {}", c.label_vi(), s.by_class[c.index()]);
            }
            print_rates(store, year, AreaBasis::AsOfYear, commune.is_some()).await?;
            Ok(ExitCode::SUCCESS)
        }
        PovertyCommand::Step {
            year,
            commune,
            step,
            on,
        } => {
            let c = store.campaign_for(year, &commune).await?;
            let step = match step {
                StepArg::Meeting => Step::Meeting,
                StepArg::Posting => Step::Posting,
                StepArg::Complaints => Step::ComplaintsClosed,
            };
            store.record_step(&actor(), c.id, step, day(&on)?).await?;
            println!(
                "Đã ghi bước {} ngày {on} cho {} năm {year}.",
                step.label_vi(),
                c.area.name
            );
            Ok(ExitCode::SUCCESS)
        }
        PovertyCommand::Approve {
            year,
            commune,
            on,
            by,
        } => {
            let c = store.campaign_for(year, &commune).await?;
            let c = store.approve_campaign(&Actor(by), c.id, day(&on)?).await?;
            println!(
                "Đã phê duyệt kết quả rà soát năm {year} của {}: kết quả không thể thay đổi.",
                c.area.name
            );
            Ok(ExitCode::SUCCESS)
        }
        PovertyCommand::Report {
            year,
            out,
            today_areas,
        } => {
            let basis = if today_areas {
                AreaBasis::Today
            } else {
                AreaBasis::AsOfYear
            };
            let rep = print_rates(store, year, basis, false).await?;
            if let Some(dir) = out {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("không tạo được {}", dir.display()))?;
                let lines = FormLines::of(&rep);
                let bytes = write_poverty_forms(&PovertyForms::of(&rep, &lines))?;
                let path = dir.join(format!(
                    "bieu-ra-soat-ho-ngheo-{year}{}.xlsx",
                    if today_areas { "-dia-ban-hien-nay" } else { "" }
                ));
                std::fs::write(&path, bytes)
                    .with_context(|| format!("không ghi được {}", path.display()))?;
                println!("Đã ghi các biểu báo cáo vào {}.", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the province's rates and each commune's, and the movements' balance.
async fn print_rates(
    store: &Store,
    year: i32,
    basis: AreaBasis,
    quiet_communes: bool,
) -> anyhow::Result<ansinh_store::poverty::PovertyReport> {
    let rep = store.poverty_report(year, basis, None).await?;
    let t = &rep.stats.total;
    println!(
        "Năm {year}: {} hộ; hộ nghèo {} ({}); hộ cận nghèo {} ({}); {}/{} xã/phường đã phê duyệt.",
        t.households,
        t.count(Class::Poor),
        t.rate(PovertyList::Poor).percent_vi(2),
        t.count(Class::NearPoor),
        t.rate(PovertyList::NearPoor).percent_vi(2),
        rep.campaigns_approved,
        rep.campaigns
    );
    if rep.has_previous_year {
        let m = &rep.movements.total;
        m.check()?;
        println!(
            "Diễn biến hộ nghèo: đầu kỳ {} − giảm {} + tăng {} = cuối kỳ {} (thoát nghèo {}, tái nghèo {}, phát sinh mới {}).",
            m.poor.start,
            m.poor.decreases(),
            m.poor.increases(),
            m.poor.end,
            m.poor.escaped,
            m.poor.relapsed,
            m.poor.new
        );
    }
    if !quiet_communes {
        for (k, s) in &rep.stats.areas {
            println!(
                "  {} {:<28} {:>7} hộ  nghèo {:>6}  cận nghèo {:>6}",
                k.code,
                k.name,
                s.households,
                s.rate(PovertyList::Poor).percent_vi(2),
                s.rate(PovertyList::NearPoor).percent_vi(2)
            );
        }
    }
    Ok(rep)
}

async fn import(store: &Store, file: &Path, year: i32, dry_run: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let format = Format::from_path(file)?;
    let bytes =
        std::fs::read(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let table = read_table(&bytes, format, &Limits::default())?;
    let (rows, errors) = parse_surveys(&table)?;
    let total = table.rows.len();
    let opts = ImportOptions {
        dry_run,
        skip_bad_rows: false,
        source: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let report = store
        .import_surveys(&actor(), year, &rows, errors, total, &opts)
        .await?;
    for e in report.errors.iter().take(50) {
        println!("  {e}");
    }
    if report.errors.len() > 50 {
        println!("  … và {} lỗi khác", report.errors.len() - 50);
    }
    println!(
        "{} dòng, {} dòng hợp lệ, {} lỗi; {} trong {:.1} giây.",
        report.rows_total,
        report.rows_ok,
        report.errors.len(),
        if report.written {
            format!("đã ghi {} phiếu", report.surveys_recorded)
        } else if dry_run {
            "chạy thử, không ghi gì".to_string()
        } else {
            "không ghi gì vì có dòng lỗi".to_string()
        },
        started.elapsed().as_secs_f64()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

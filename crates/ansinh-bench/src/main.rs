//! The benchmark harness: generates a synthetic Huế at each scale factor, loads it into SQLite
//! and PostgreSQL, and measures load time, the payroll, search latency, the duplicate check
//! and the poverty review (`--payroll-only` and `--poverty-only` keep the load and one job;
//! `--loaded` measures the poverty review on a database loaded before).
//!
//! `cargo run --release -p ansinh-bench -- --scales 0.01,0.1,1 --backends sqlite,postgres`
//! writes `bench-results/<time>.json` and prints Markdown tables for docs/benchmarks.md.
//! PostgreSQL is a throwaway server started from the machine's binaries, unless `--pg-url`
//! names one.

mod payroll;
mod poverty;
mod queries;

use std::path::PathBuf;
use std::time::Instant;

use ansinh::pipeline::load_synthetic;
use ansinh_store::registry::search::SearchQuery;
use ansinh_store::{Actor, Store};
use anyhow::{Context, bail};
use clap::Parser;
use serde::Serialize;

use crate::queries::{QueryKind, QuerySampler};

#[derive(Debug, Parser)]
#[command(about = "ansinh benchmark harness")]
struct Args {
    /// Comma-separated scale factors.
    #[arg(long, default_value = "0.01,0.1,1", value_delimiter = ',')]
    scales: Vec<f64>,
    /// Comma-separated backends: sqlite, postgres.
    #[arg(long, default_value = "sqlite,postgres", value_delimiter = ',')]
    backends: Vec<String>,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Search queries measured per kind (after a warm-up of the same size).
    #[arg(long, default_value_t = 2000)]
    queries: usize,
    /// An existing PostgreSQL server's URL (a database is created per run is NOT done: it
    /// must be empty). Default: a throwaway server.
    #[arg(long)]
    pg_url: Option<String>,
    #[arg(long, default_value = "bench-results")]
    out_dir: PathBuf,
    /// Measure only the load and the payroll (no search, no duplicate check).
    #[arg(long)]
    payroll_only: bool,
    /// Before the payroll, grow the beneficiaries to this many by copying them (PostgreSQL
    /// only; 3300000 is the national size). Implies --payroll-only.
    #[arg(long, conflicts_with = "poverty_only")]
    national: Option<usize>,
    /// Measure only the load and the poverty review (classification beside its pandas peer,
    /// the 100,000-row survey import beside pandas + openpyxl, the first classification of the
    /// imported review).
    #[arg(long, conflicts_with = "payroll_only")]
    poverty_only: bool,
    /// Measure the poverty review on a database that `ansinh generate --scale S --seed N`
    /// loaded before (`sqlite://FILE` or `postgres://…`) instead of loading one here, so a
    /// quiet-machine measurement need not wait for the load. The job writes a 2025 review into
    /// it: give it a copy. `--scales` must name the one scale it was generated at.
    #[arg(long, requires = "poverty_only")]
    loaded: Option<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    started_at: String,
    machine: Machine,
    seed: u64,
    runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
struct Machine {
    cores: usize,
    os: &'static str,
}

#[derive(Debug, Serialize)]
struct Run {
    backend: String,
    scale: f64,
    persons: usize,
    households: usize,
    /// `None` when the run measured a database loaded before (`--loaded`).
    load_seconds: Option<f64>,
    persons_per_second: Option<f64>,
    search: Vec<Latency>,
    duplicate_check_seconds: f64,
    duplicate_pairs: usize,
    poverty: Option<poverty::PovertyRun>,
    payroll: Option<payroll::PayrollTiming>,
}

#[derive(Debug, Serialize)]
struct Latency {
    kind: &'static str,
    queries: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_rows: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

async fn open(
    backend: &str,
    pg_url: Option<&str>,
    dir: &tempfile::TempDir,
) -> anyhow::Result<Store> {
    let url = match backend {
        "sqlite" => format!("sqlite://{}", dir.path().join("bench.sqlite").display()),
        "postgres" => match pg_url {
            Some(u) => u.to_string(),
            None => ansinh_testkit::pg_database()
                .context("PostgreSQL binaries not found: install postgresql-15 or pass --pg-url")?,
        },
        other => bail!("unknown backend '{other}' (sqlite, postgres)"),
    };
    Ok(Store::open(&url).await?)
}

async fn measure_search(
    store: &Store,
    sampler: &QuerySampler,
    n: usize,
) -> anyhow::Result<Vec<Latency>> {
    let mut out = Vec::new();
    for kind in QueryKind::ALL {
        let queries = sampler.queries(kind, 2 * n);
        let (warm, measured) = queries.split_at(queries.len() / 2);
        for q in warm {
            store.search_persons(q).await?;
        }
        let mut times = Vec::with_capacity(measured.len());
        let mut slowest: Vec<(f64, String)> = Vec::new();
        let mut rows = 0usize;
        for q in measured {
            let t = Instant::now();
            let page = store.search_persons(q).await?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            slowest.push((ms, q.text.clone()));
            rows += page.items.len();
        }
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        if std::env::var_os("ANSINH_BENCH_SLOWEST").is_some() {
            eprintln!(
                "   slowest {}: {:?}",
                kind.name(),
                &slowest[..slowest.len().min(8)]
            );
        }
        times.sort_by(f64::total_cmp);
        out.push(Latency {
            kind: kind.name(),
            queries: times.len(),
            p50_ms: percentile(&times, 0.50),
            p95_ms: percentile(&times, 0.95),
            p99_ms: percentile(&times, 0.99),
            max_ms: times.last().copied().unwrap_or(0.0),
            mean_rows: rows as f64 / times.len().max(1) as f64,
        });
    }
    Ok(out)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // Silent by default, as the figures are the output; the store logs the phases of some
    // jobs at info level, which ANSINH_LOG=info shows.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ANSINH_LOG")
                .unwrap_or_else(|_| "off".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut report = Report {
        started_at: chrono::Utc::now().to_rfc3339(),
        machine: Machine {
            cores: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            os: std::env::consts::OS,
        },
        seed: args.seed,
        runs: Vec::new(),
    };
    if let Some(url) = &args.loaded {
        let [scale] = args.scales[..] else {
            bail!(
                "--loaded measures one database: give --scales the one scale it was generated at"
            );
        };
        report.runs.push(measure_loaded(url, scale).await?);
    } else {
        for &scale in &args.scales {
            for backend in &args.backends {
                let dir = tempfile::tempdir()?;
                let store = open(backend, args.pg_url.as_deref(), &dir).await?;
                eprintln!("== {backend} SF {scale}: generate + load");
                let mut sampler = QuerySampler::new(args.seed);
                let summary =
                    load_synthetic(&store, scale, args.seed, |batch, _| sampler.observe(batch))
                        .await?;
                let load = summary.elapsed.as_secs_f64();
                eprintln!(
                    "   {} persons, {} households in {load:.2} s",
                    summary.persons, summary.households
                );
                let payroll = if args.poverty_only {
                    None
                } else {
                    if let Some(target) = args.national {
                        let t = Instant::now();
                        let n = payroll::grow_to_national(&store, target).await?;
                        eprintln!(
                            "   grown to {n} beneficiaries in {:.1} s",
                            t.elapsed().as_secs_f64()
                        );
                    }
                    let payroll = payroll::measure(&store, args.seed).await?;
                    eprintln!(
                        "   payroll 07/2024: {} lines, net {} VND ({} late deaths) in {:.3} s (re-run {:.3} s; 06/2024 first run {:.3} s)",
                        payroll.lines,
                        payroll.net_vnd,
                        payroll.late_deaths,
                        payroll.run_seconds,
                        payroll.rerun_seconds,
                        payroll.first_run_seconds
                    );
                    if let Some(p) = &payroll.peer {
                        eprintln!(
                            "   SQL peer 07/2024: {} lines, net {} VND in {:.3} s (engine/peer {:.2}); {} keys disagree",
                            p.lines,
                            p.net_vnd,
                            p.seconds,
                            payroll.run_seconds / p.seconds,
                            p.disagreements
                        );
                    }
                    Some(payroll)
                };
                let payroll_only = args.payroll_only || args.national.is_some();
                let (search, dups) = if payroll_only || args.poverty_only {
                    (Vec::new(), None)
                } else {
                    let search = measure_search(&store, &sampler, args.queries).await?;
                    for l in &search {
                        eprintln!(
                            "   search {:<14} p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
                            l.kind, l.p50_ms, l.p99_ms, l.max_ms
                        );
                    }
                    let dups = store.recompute_duplicates(&Actor::system("bench")).await?;
                    eprintln!(
                        "   duplicate check {:.2} s, {} pairs",
                        dups.seconds, dups.pairs
                    );
                    (search, Some(dups))
                };
                let poverty = if payroll_only {
                    None
                } else {
                    eprintln!("== {backend} SF {scale}: poverty review");
                    Some(poverty::measure(&store, dir.path()).await?)
                };
                report.runs.push(Run {
                    backend: backend.clone(),
                    scale,
                    persons: summary.persons,
                    households: summary.households,
                    load_seconds: Some(load),
                    persons_per_second: Some(summary.persons as f64 / load),
                    search,
                    duplicate_check_seconds: dups.as_ref().map_or(0.0, |d| d.seconds),
                    duplicate_pairs: dups.as_ref().map_or(0, |d| d.pairs),
                    payroll,
                    poverty,
                });
                store.close().await;
            }
        }
    }
    std::fs::create_dir_all(&args.out_dir)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let path = args.out_dir.join(format!("{stamp}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    eprintln!("wrote {}", path.display());
    print_markdown(&report);
    Ok(())
}

/// The poverty review on a database loaded before by `ansinh generate`.
async fn measure_loaded(url: &str, scale: f64) -> anyhow::Result<Run> {
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let store = Store::open(url).await?;
    let counts = store.counts().await?;
    let dir = tempfile::tempdir()?;
    eprintln!(
        "== {backend} SF {scale}: poverty review on a loaded database ({} persons, {} households)",
        counts.persons, counts.households
    );
    let poverty = poverty::measure(&store, dir.path()).await?;
    store.close().await;
    Ok(Run {
        backend: backend.to_string(),
        scale,
        persons: usize::try_from(counts.persons)?,
        households: usize::try_from(counts.households)?,
        load_seconds: None,
        persons_per_second: None,
        search: Vec::new(),
        duplicate_check_seconds: 0.0,
        duplicate_pairs: 0,
        payroll: None,
        poverty: Some(poverty),
    })
}

/// The report as the markdown tables of `docs/benchmarks.md`: the load, then one table per
/// job that ran.
fn print_markdown(r: &Report) {
    println!(
        "| backend | SF | persons | households | generate+load (s) | persons/s | duplicate check (s) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for run in &r.runs {
        let (Some(load), Some(rate)) = (run.load_seconds, run.persons_per_second) else {
            continue;
        };
        println!(
            "| {} | {} | {} | {} | {:.2} | {:.0} | {:.2} |",
            run.backend,
            run.scale,
            run.persons,
            run.households,
            load,
            rate,
            run.duplicate_check_seconds
        );
    }
    if r.runs.iter().any(|run| run.payroll.is_some()) {
        print_payroll(r);
    }
    if r.runs.iter().any(|run| !run.search.is_empty()) {
        print_search(r);
    }
    if r.runs.iter().any(|run| run.poverty.is_some()) {
        print_poverty(r);
    }
}

/// The payroll's runs (`payroll.rs`), with the SQL peer where there is one.
fn print_payroll(r: &Report) {
    println!();
    println!(
        "| backend | SF | lines 06/2024 | lines 07/2024 | net (VND) | late deaths | 06/2024 first run (s) | 07/2024 run (s) | re-run (s) | SQL peer (s) | engine ÷ peer | keys disagree |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for run in &r.runs {
        let Some(p) = &run.payroll else { continue };
        let peer = p.peer.as_ref();
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            run.backend,
            run.scale,
            p.beneficiaries,
            p.lines,
            p.net_vnd,
            p.late_deaths,
            p.first_run_seconds,
            p.run_seconds,
            p.rerun_seconds,
            peer.map_or("–".to_string(), |q| format!("{:.3}", q.seconds)),
            peer.map_or("–".to_string(), |q| format!(
                "{:.2}",
                p.run_seconds / q.seconds
            )),
            peer.map_or("–".to_string(), |q| q.disagreements.to_string()),
        );
    }
}

fn print_search(r: &Report) {
    println!();
    println!(
        "| backend | SF | query kind | n | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | rows/page |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for run in &r.runs {
        for l in &run.search {
            println!(
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} |",
                run.backend,
                run.scale,
                l.kind,
                l.queries,
                l.p50_ms,
                l.p95_ms,
                l.p99_ms,
                l.max_ms,
                l.mean_rows
            );
        }
    }
}

fn print_poverty(r: &Report) {
    println!();
    println!(
        "| backend | SF | classify first (s) | classify again (s) | pandas (s) | ansinh ÷ pandas, first / again | counts agree | import 100k (s) | read / parse / store (s) | pandas+openpyxl read (s) | imported review, first classify (s) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for run in &r.runs {
        let Some(p) = &run.poverty else { continue };
        let opt = |v: Option<f64>| v.map_or("–".to_string(), |x| format!("{x:.2}"));
        let ratio = |c: &poverty::Classification| opt(p.pandas_seconds.map(|t| c.seconds / t));
        println!(
            "| {} | {} | {} | {} | {} | {} / {} | {} | {:.2} | {:.2} / {:.2} / {:.2} | {} | {} |",
            run.backend,
            run.scale,
            p.classify_first,
            p.classify_again,
            opt(p.pandas_seconds),
            ratio(&p.classify_first),
            ratio(&p.classify_again),
            p.pandas_counts_agree
                .map_or("–".to_string(), |a| a.to_string()),
            p.import_seconds,
            p.import_read_seconds,
            p.import_parse_seconds,
            p.import_store_seconds,
            opt(p.openpyxl_seconds),
            p.imported_classify_first
        );
    }
}

/// A query the harness runs, kept here so `queries.rs` stays about choosing them.
pub fn query(text: String, area: Option<uuid::Uuid>) -> SearchQuery {
    SearchQuery {
        text,
        area_id: area,
        within: None,
        limit: 50,
        after: None,
    }
}

//! The poverty-review benchmarks: classifying every household of 2023 (read the surveys and
//! stored results, classify with the core, write what changed), first with no stored result
//! and then again over unchanged surveys, beside a pandas script doing the same classification
//! on the same rows exported to CSV; importing a 100,000-row survey sheet with full validation
//! beside pandas + openpyxl reading the same file; and the first classification of that
//! imported review, where every result is new.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ansinh_core::poverty::{Class, SurveyRow};
use ansinh_files::{Format, Limits, parse_surveys, read_table, write_surveys};
use ansinh_store::poverty::ClassifySummary;
use ansinh_store::registry::import::ImportOptions;
use ansinh_store::{Actor, Store};
use anyhow::{Context, bail};
use serde::Serialize;
use uuid::Uuid;

/// One timed `Store::classify_year` and its parts.
#[derive(Debug, Serialize)]
pub struct Classification {
    pub seconds: f64,
    pub read_seconds: f64,
    pub classify_seconds: f64,
    pub write_seconds: f64,
    /// Results the run wrote: every listed household's on a first run, none on a run over
    /// unchanged surveys.
    pub written: usize,
}

/// The total with its parts and the rows written, as the tables show it ("1.23 (read 0.40 /
/// classify 0.01 / write 0.82; 36967 written)"): a figure is read beside what it paid for.
impl std::fmt::Display for Classification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.2} (read {:.2} / classify {:.2} / write {:.2}; {} written)",
            self.seconds,
            self.read_seconds,
            self.classify_seconds,
            self.write_seconds,
            self.written
        )
    }
}

/// Runs `Store::classify_year` for every campaign of `year`, timed, and prints its figures.
async fn classify(
    store: &Store,
    year: i32,
    what: &str,
) -> anyhow::Result<(ClassifySummary, Classification)> {
    let started = Instant::now();
    let s = store
        .classify_year(&Actor::system("bench"), year, None)
        .await?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "   poverty classify {year} {what}: {} households ({} surveyed, {} results written) in {seconds:.2} s (read {:.2}, classify {:.2}, write {:.2})",
        s.households,
        s.surveyed,
        s.written,
        s.read.as_secs_f64(),
        s.classify.as_secs_f64(),
        s.write.as_secs_f64()
    );
    let figure = Classification {
        seconds,
        read_seconds: s.read.as_secs_f64(),
        classify_seconds: s.classify.as_secs_f64(),
        write_seconds: s.write.as_secs_f64(),
        written: s.written,
    };
    Ok((s, figure))
}

#[derive(Debug, Serialize)]
pub struct PovertyRun {
    /// 2023 with no stored result: the listed households' 36,967 results are written.
    pub classify_first: Classification,
    /// 2023 again over the same surveys: nothing changed, nothing is written.
    pub classify_again: Classification,
    pub households: u64,
    pub surveyed: usize,
    pub by_class: [u64; 4],
    pub pandas_seconds: Option<f64>,
    /// The peer's parts: reading the two CSV files, classifying, writing every household's
    /// class (334,112 rows at SF 1).
    pub pandas_read_seconds: Option<f64>,
    pub pandas_classify_seconds: Option<f64>,
    pub pandas_write_seconds: Option<f64>,
    pub pandas_counts_agree: Option<bool>,
    pub import_rows: usize,
    pub import_seconds: f64,
    /// The import's parts: calamine reading the XLSX into text cells, `parse_surveys`
    /// checking every row, and `Store::import_surveys` checking each household against the
    /// campaigns and writing.
    pub import_read_seconds: f64,
    pub import_parse_seconds: f64,
    pub import_store_seconds: f64,
    pub openpyxl_seconds: Option<f64>,
    /// The first classification of the imported 2025 review: every one of its 100,000
    /// surveyed households gets a new result.
    pub imported_classify_first: Classification,
}

const YEAR: i32 = 2023;

fn peer(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("peers")
        .join(name)
}

fn python(args: &[&str]) -> Option<serde_json::Value> {
    let out = Command::new("python3").args(args).output().ok()?;
    if !out.status.success() {
        eprintln!("   peer failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// One survey as the peer reads it: household, settlement, members, income, then the answers
/// in the order of the SELECT below.
type SurveyExportRow = (
    Uuid,
    String,
    i32,
    Option<i64>,
    bool,
    i32,
    bool,
    bool,
    bool,
    bool,
    i32,
    i32,
    String,
    String,
    bool,
    bool,
);

/// Writes the 2023 surveys and population as the pandas peer reads them.
async fn export_rows(store: &Store, dir: &Path) -> anyhow::Result<()> {
    let surveys: Vec<SurveyExportRow> = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query_as(
            "SELECT s.household_id, s.settlement, s.members, s.income, s.no_stable_job, s.dependants,
                        s.malnourished_child, s.no_health_insurance, s.youth_below_education,
                        s.child_not_at_school_level, s.non_durable_parts, s.floor_area_tenths, s.water_source,
                        s.toilet, s.uses_telecom, s.has_info_device
                 FROM poverty_surveys s JOIN poverty_campaigns c ON c.id = s.campaign_id WHERE c.year = $1",
        ).bind(YEAR).fetch_all(pool).await?
    });
    let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join("surveys.csv"))?);
    writeln!(
        w,
        "household_id,settlement,members,income,no_stable_job,dependants,malnourished_child,no_health_insurance,youth_below_education,child_not_at_school_level,non_durable_parts,floor_area_tenths,water_source,toilet,uses_telecom,has_info_device"
    )?;
    let b = |x: bool| u8::from(x);
    for s in &surveys {
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            s.0,
            s.1,
            s.2,
            s.3.unwrap_or(0),
            b(s.4),
            s.5,
            b(s.6),
            b(s.7),
            b(s.8),
            b(s.9),
            s.10,
            s.11,
            s.12,
            s.13,
            b(s.14),
            b(s.15)
        )?;
    }
    w.flush()?;
    let pop: Vec<Uuid> = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query_scalar("SELECT household_id FROM poverty_facts WHERE year = $1").bind(YEAR).fetch_all(pool).await?
    });
    let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join("population.csv"))?);
    writeln!(w, "household_id")?;
    for h in pop {
        writeln!(w, "{h}")?;
    }
    w.flush()?;
    Ok(())
}

pub async fn measure(store: &Store, dir: &Path) -> anyhow::Result<PovertyRun> {
    let actor = Actor::system("bench");
    // A 100,000-row survey sheet for the 2025 review (today's communes, facts from the
    // registry), every household on the list.
    store.open_campaigns(&actor, 2025, None).await?;
    let ids: Vec<(Uuid, String)> = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query_as("SELECT h.id, h.code FROM households h ORDER BY h.code LIMIT 100000").fetch_all(pool).await?
    });
    let idv: Vec<Uuid> = ids.iter().map(|x| x.0).collect();
    store.add_applicants_for_year(&actor, 2025, &idv).await?;
    let mut rng_state = 7u64;
    let mut next = || {
        rng_state = rng_state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        rng_state >> 33
    };
    let rows: Vec<SurveyRow> = ids
        .iter()
        .enumerate()
        .map(|(i, (_, code))| {
            let members = 1 + (next() % 6) as i64;
            SurveyRow {
                line: i + 2,
                household_code: code.clone(),
                answers: ansinh_core::poverty::SurveyAnswers {
                    settlement: ansinh_core::Settlement::Rural,
                    members,
                    means: ansinh_core::poverty::MeansAnswer::Income(
                        500_000 + (next() % 4_000) as i64 * 1000,
                    ),
                    member_without_stable_job: Some(next() % 5 == 0),
                    dependants: Some((next() % (members as u64 + 1)) as i64),
                    malnourished_child: Some(next() % 20 == 0),
                    member_without_health_insurance: Some(next() % 10 == 0),
                    youth_below_expected_education: Some(next() % 10 == 0),
                    child_not_at_expected_school_level: Some(next() % 20 == 0),
                    non_durable_main_parts: Some((next() % 4) as i64),
                    floor_area_tenths_m2: Some(members * 60 + (next() % 600) as i64),
                    water_source: Some(
                        ansinh_core::poverty::WaterSource::ALL[(next() % 10) as usize],
                    ),
                    toilet: Some(ansinh_core::poverty::ToiletType::ALL[(next() % 8) as usize]),
                    uses_telecom: Some(next() % 10 != 0),
                    has_information_device: Some(next() % 10 != 0),
                    // The sheet's optional child counts are left out, as in older sheets.
                    children_under_16: None,
                    children_malnourished: None,
                    children_without_health_insurance: None,
                    children_not_at_school_level: None,
                },
                surveyor: "Rà soát viên".into(),
                surveyed_on: chrono::NaiveDate::from_ymd_opt(2025, 10, 15).expect("valid"),
            }
        })
        .collect();
    let file = dir.join("surveys-100k.xlsx");
    std::fs::write(&file, write_surveys(&rows)?)?;
    // The load classified 2023 once. Its unapproved results go, so that the first timed run
    // writes every listed household's result as a review's first classification does, and the
    // second, over the same surveys, writes none: the two ends of a re-classification.
    ansinh_store::db_run!(store.db(), pool => {
        sqlx::query("DELETE FROM poverty_results WHERE year = $1 AND approved = FALSE")
            .bind(YEAR)
            .execute(pool)
            .await?
            .rows_affected()
    });
    // The set-up wrote 334,112 facts and 100,000 list entries for 2025 and removed 36,967
    // results: statistics for them, and on PostgreSQL a vacuum now, so that the autovacuum
    // those rows trigger does not start on one of the two cores in the middle of the
    // measurement.
    store.analyze().await?;

    // Everything timed follows this line, so a quiet-machine run can pause other work from
    // here on; the set-up above takes minutes on PostgreSQL.
    eprintln!("   poverty: set-up done, measuring");
    let (first, classify_first) = classify(store, YEAR, "first").await?;
    let (s, classify_again) = classify(store, YEAR, "again").await?;
    if first.by_class != s.by_class {
        bail!(
            "the two classifications of {YEAR} disagree: {:?} then {:?}",
            first.by_class,
            s.by_class
        );
    }
    export_rows(store, dir).await?;
    let peer_out = python(&[
        peer("poverty_classify.py").to_str().context("path")?,
        dir.join("surveys.csv").to_str().context("path")?,
        dir.join("population.csv").to_str().context("path")?,
        dir.join("pandas-results.csv").to_str().context("path")?,
    ]);
    let (pandas_seconds, agree) = match &peer_out {
        Some(v) => {
            let t = v["total_seconds"].as_f64();
            let agree = Class::ALL
                .iter()
                .all(|c| v["counts"][c.code()].as_u64().unwrap_or(0) == s.by_class[c.index()]);
            let pandas = t.unwrap_or(f64::NAN);
            eprintln!(
                "   pandas peer: {:.2} s (read {:.2}, classify {:.2}, write {:.2}; ansinh ÷ pandas = {:.2} first, {:.2} again), class counts agree: {agree}",
                t.unwrap_or(0.0),
                v["read_seconds"].as_f64().unwrap_or(0.0),
                v["classify_seconds"].as_f64().unwrap_or(0.0),
                v["write_seconds"].as_f64().unwrap_or(0.0),
                classify_first.seconds / pandas,
                classify_again.seconds / pandas
            );
            (t, Some(agree))
        }
        None => (None, None),
    };

    let started = Instant::now();
    let bytes = std::fs::read(&file)?;
    let table = read_table(&bytes, Format::Xlsx, &Limits::default())?;
    let import_read_seconds = started.elapsed().as_secs_f64();
    let t = Instant::now();
    let (parsed, errors) = parse_surveys(&table)?;
    let import_parse_seconds = t.elapsed().as_secs_f64();
    let opts = ImportOptions {
        source: "surveys-100k.xlsx".into(),
        ..ImportOptions::default()
    };
    let t = Instant::now();
    let report = store
        .import_surveys(&actor, 2025, &parsed, errors, table.rows.len(), &opts)
        .await?;
    let import_store_seconds = t.elapsed().as_secs_f64();
    let import_seconds = started.elapsed().as_secs_f64();
    if !report.written {
        bail!("benchmark import refused: {:?}", report.errors.first());
    }
    let openpyxl = python(&[
        peer("read_surveys_xlsx.py").to_str().context("path")?,
        file.to_str().context("path")?,
    ])
    .and_then(|v| v["seconds"].as_f64());
    eprintln!(
        "   survey import {} rows in {import_seconds:.2} s (read {import_read_seconds:.2}, parse {import_parse_seconds:.2}, store {import_store_seconds:.2}); pandas+openpyxl read {:.2} s",
        report.rows_total,
        openpyxl.unwrap_or(0.0)
    );
    let (_, imported_classify_first) = classify(store, 2025, "first").await?;
    Ok(PovertyRun {
        classify_first,
        classify_again,
        households: s.households,
        surveyed: s.surveyed,
        by_class: s.by_class,
        pandas_seconds,
        pandas_read_seconds: peer_out.as_ref().and_then(|v| v["read_seconds"].as_f64()),
        pandas_classify_seconds: peer_out
            .as_ref()
            .and_then(|v| v["classify_seconds"].as_f64()),
        pandas_write_seconds: peer_out.as_ref().and_then(|v| v["write_seconds"].as_f64()),
        pandas_counts_agree: agree,
        import_rows: report.rows_total,
        import_seconds,
        import_read_seconds,
        import_parse_seconds,
        import_store_seconds,
        openpyxl_seconds: openpyxl,
        imported_classify_first,
    })
}

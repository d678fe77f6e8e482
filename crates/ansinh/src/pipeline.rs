//! Generate-and-load: the synthetic generator (the registry and its beneficiaries) runs on its
//! own thread while the store loads the previous batch, so the two cores work at once and
//! memory stays bounded. Then the poverty reviews and the recent history (`crate::history`).

use std::time::{Duration, Instant};

use ansinh_core::poverty::SurveyRow;
use ansinh_store::poverty::{ClassifySummary, FactsRecord, Step};
use ansinh_store::registry::bulk::{AuditMode, BulkRecords};
use ansinh_store::registry::import::ImportOptions;
use ansinh_store::{Actor, Store, StoreError, today_vn};
use ansinh_synth::beneficiaries::{BeneficiaryDraw, Drawn};
use ansinh_synth::poverty::{PovertyGenerator, SynthFacts, TARGETS};
use ansinh_synth::{Batch, Generator, SynthConfig};

use crate::history::{History, HistorySummary, load_history};
use chrono::NaiveDate;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct LoadSummary {
    pub persons: usize,
    pub households: usize,
    pub communes: usize,
    /// Social-assistance beneficiaries drawn among the persons.
    pub beneficiaries: usize,
    pub elapsed: Duration,
    /// The classification of each generated review year.
    pub reviews: Vec<ClassifySummary>,
    /// The locked payroll, late deaths, moves and open dossiers written after the load.
    pub history: HistorySummary,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "cơ sở dữ liệu đã có {persons} nhân khẩu và {households} hộ: chỉ sinh dữ liệu mẫu vào cơ sở dữ liệu trống"
    )]
    NotEmpty { persons: i64, households: i64 },
    #[error("--scale phải lớn hơn 0 và không quá 100 (nhận {0})")]
    BadScale(f64),
    #[error("luồng sinh dữ liệu bị lỗi")]
    GeneratorPanicked,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("dữ liệu mẫu rà soát hộ nghèo năm {year} có {errors} lỗi, ví dụ: {example}")]
    SyntheticSurveys {
        year: i32,
        errors: usize,
        example: String,
    },
}

/// Generates a synthetic Huế at `scale` with `seed` into an empty store. `on_batch` sees every
/// batch after it is loaded (for progress bars, or to sample records for benchmarks).
pub async fn load_synthetic(
    store: &Store,
    scale: f64,
    seed: u64,
    mut on_batch: impl FnMut(&Batch, u64),
) -> Result<LoadSummary, LoadError> {
    if !(scale > 0.0 && scale <= 100.0) {
        return Err(LoadError::BadScale(scale));
    }
    let counts = store.counts().await?;
    if counts.persons > 0 || counts.households > 0 {
        return Err(LoadError::NotEmpty {
            persons: counts.persons,
            households: counts.households,
        });
    }
    let started = Instant::now();
    store.prepare_bulk_load().await?;
    let today = today_vn();
    let communes = store.communes_on(today).await?;
    let config = SynthConfig {
        scale,
        seed,
        as_of: today,
    };
    let generator = Generator::new(config, &communes);
    let expected = generator.expected_persons();
    // The beneficiaries are drawn on the generator's thread too, which has time to spare while
    // the store writes.
    let mut draw = BeneficiaryDraw::new(&config, &communes);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(Batch, Drawn)>(2);
    let producer = std::thread::spawn(move || {
        for batch in generator {
            let drawn = draw.draw(&batch);
            if tx.blocking_send((batch, drawn)).is_err() {
                break;
            }
        }
    });
    let actor = Actor::system("generate");
    let note = format!("dữ liệu mẫu SF {scale} seed {seed}");
    let (mut persons, mut households, mut beneficiaries) = (0, 0, 0);
    let mut poverty = PovertyGenerator::new(seed, &communes, scale);
    let mut reviews = PovertyData::default();
    let mut history = History::default();
    let loaded: Result<(), StoreError> = async {
        while let Some((batch, drawn)) = rx.recv().await {
            store
                .bulk_load(
                    &actor,
                    BulkRecords {
                        persons: &batch.persons,
                        households: &batch.households,
                        members: &batch.members,
                        heads: &[],
                    },
                    AuditMode::Summary(&note),
                )
                .await?;
            // Beneficiaries are persons of the batch just loaded (their key references them).
            store
                .bulk_load_beneficiaries(&actor, &drawn.records, &note)
                .await?;
            beneficiaries += drawn.records.len();
            history.late_deaths.extend(drawn.late_deaths);
            history.moves.extend(drawn.moves);
            history.dossiers.extend(drawn.dossiers);
            persons += batch.persons.len();
            households += batch.households.len();
            reviews.add(&batch, poverty.batch(&batch));
            on_batch(&batch, expected);
        }
        Ok(())
    }
    .await;
    // Dropping the receiver stops the generator thread if the load failed.
    drop(rx);
    // The search indexes come back whether or not the load succeeded.
    store.ensure_search_indexes().await?;
    loaded?;
    producer.join().map_err(|_| LoadError::GeneratorPanicked)?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "registry loaded");
    let reviews = load_reviews(store, &actor, reviews).await?;
    store.analyze().await?;
    // After ANALYZE, so the payroll's queries are planned with the statistics.
    let history = load_history(store, &actor, history, today).await?;
    store.checkpoint().await?;
    Ok(LoadSummary {
        persons,
        households,
        communes: communes.len(),
        beneficiaries,
        elapsed: started.elapsed(),
        reviews,
        history,
    })
}

/// The generated poverty reviews, collected batch by batch.
#[derive(Default)]
struct PovertyData {
    facts: Vec<SynthFacts>,
    /// Per review year: the applicants and the survey rows.
    years: Vec<(Vec<Uuid>, Vec<SurveyRow>)>,
}

impl PovertyData {
    fn add(&mut self, batch: &Batch, p: ansinh_synth::poverty::PovertyBatch) {
        if self.years.is_empty() {
            self.years = TARGETS.iter().map(|_| Default::default()).collect();
        }
        self.facts.extend(p.facts);
        for s in p.surveys {
            let y = TARGETS
                .iter()
                .position(|(year, _)| *year == s.year)
                .expect("surveys are for the generated years");
            let (applicants, rows) = &mut self.years[y];
            if s.applied {
                applicants.push(s.household_id);
            }
            rows.push(SurveyRow {
                line: rows.len() + 2,
                household_code: batch.households[s.household_code_index].code.clone(),
                answers: s.answers,
                surveyor: "Rà soát viên (dữ liệu mẫu)".into(),
                surveyed_on: NaiveDate::from_ymd_opt(s.year, 10, 15).expect("valid date"),
            });
        }
    }
}

/// Runs the generated reviews through the store's own path: facts, campaigns with their lists,
/// applicants, survey import (validated), classification; every year but the last is taken
/// through the commune steps and approved, the last is left classified for officers to finish.
async fn load_reviews(
    store: &Store,
    actor: &Actor,
    data: PovertyData,
) -> Result<Vec<ClassifySummary>, LoadError> {
    let facts: Vec<FactsRecord> = data
        .facts
        .iter()
        .map(|f| FactsRecord {
            household_id: f.household_id,
            year: f.year,
            area_id: f.area_id,
            farming: f.farming,
            no_working_capacity: f.no_working_capacity,
            person_of_merit: f.person_of_merit,
            causes: f.causes,
        })
        .collect();
    // Each step's time is logged so the poverty part of the load can be profiled.
    let step = Instant::now();
    store.load_poverty_facts(actor, &facts).await?;
    tracing::info!(
        ms = step.elapsed().as_millis() as u64,
        rows = facts.len(),
        "poverty facts"
    );
    let mut out = Vec::new();
    let last = TARGETS.len() - 1;
    for (y, ((year, _), (applicants, rows))) in TARGETS.iter().zip(data.years).enumerate() {
        let year = *year;
        let lap = |what: &str, t: &mut Instant| {
            tracing::info!(year, ms = t.elapsed().as_millis() as u64, "poverty {what}");
            *t = Instant::now();
        };
        let mut t = Instant::now();
        store.open_campaigns(actor, year, None).await?;
        lap("open campaigns", &mut t);
        store
            .add_applicants_for_year(actor, year, &applicants)
            .await?;
        lap("applicants", &mut t);
        let opts = ImportOptions {
            source: format!("dữ liệu mẫu rà soát năm {year}"),
            ..ImportOptions::default()
        };
        let report = store
            .load_generated_surveys(actor, year, &rows, &opts)
            .await?;
        if !report.errors.is_empty() {
            return Err(LoadError::SyntheticSurveys {
                year,
                errors: report.errors.len(),
                example: report.errors[0].to_string(),
            });
        }
        lap("surveys", &mut t);
        out.push(store.classify_year(actor, year, None).await?);
        lap("classification", &mut t);
        if y < last {
            let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).expect("valid date");
            for c in store.campaigns(year, None).await? {
                store
                    .record_step(actor, c.id, Step::Meeting, day(11, 5))
                    .await?;
                store
                    .record_step(actor, c.id, Step::Posting, day(11, 8))
                    .await?;
                store
                    .record_step(actor, c.id, Step::ComplaintsClosed, day(11, 22))
                    .await?;
                store.approve_campaign(actor, c.id, day(12, 1)).await?;
            }
            lap("steps and approval", &mut t);
        }
    }
    Ok(out)
}

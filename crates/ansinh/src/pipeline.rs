//! Generate-and-load: the synthetic generator runs on its own thread while the store loads the
//! previous batch, so the two cores work at once and memory stays bounded.

use std::time::{Duration, Instant};

use ansinh_store::bulk::{AuditMode, BulkRecords};
use ansinh_store::{Actor, Store, StoreError, today_vn};
use ansinh_synth::{Batch, Generator, SynthConfig};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadSummary {
    pub persons: usize,
    pub households: usize,
    pub communes: usize,
    /// Social-assistance beneficiaries drawn among the persons.
    pub beneficiaries: usize,
    pub elapsed: Duration,
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
    let generator = Generator::new(
        SynthConfig {
            scale,
            seed,
            as_of: today,
        },
        &communes,
    );
    let expected = generator.expected_persons();
    let mut draw = ansinh_synth::beneficiaries::BeneficiaryDraw::new(seed, &communes);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(2);
    let producer = std::thread::spawn(move || {
        for batch in generator {
            if tx.blocking_send(batch).is_err() {
                break;
            }
        }
    });
    let actor = Actor::system("generate");
    let note = format!("dữ liệu mẫu SF {scale} seed {seed}");
    let (mut persons, mut households, mut beneficiaries) = (0, 0, 0);
    let loaded: Result<(), StoreError> = async {
        while let Some(batch) = rx.recv().await {
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
            let drawn = draw.draw(&batch.persons);
            store.bulk_load_beneficiaries(&actor, &drawn, &note).await?;
            beneficiaries += drawn.len();
            persons += batch.persons.len();
            households += batch.households.len();
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
    store.analyze().await?;
    store.checkpoint().await?;
    Ok(LoadSummary {
        persons,
        households,
        communes: communes.len(),
        beneficiaries,
        elapsed: started.elapsed(),
    })
}

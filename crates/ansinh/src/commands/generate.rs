//! `ansinh generate`: a synthetic Huế with a progress bar.

use std::process::ExitCode;

use ansinh::pipeline::load_synthetic;
use ansinh_store::Store;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

pub async fn generate(store: &Store, scale: f64, seed: u64) -> anyhow::Result<ExitCode> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} nhân khẩu ({per_sec}, còn {eta})",
        )
        .context("progress template")?
        .progress_chars("=> "),
    );
    bar.set_message(format!("Sinh dữ liệu Huế SF {scale} (seed {seed})"));
    let summary = load_synthetic(store, scale, seed, |batch, expected| {
        bar.set_length(expected);
        bar.inc(batch.persons.len() as u64);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "Đã sinh {} nhân khẩu, {} hộ ở {} xã/phường, {} đối tượng bảo trợ xã hội trong {:.1} giây ({}).",
        summary.persons,
        summary.households,
        summary.communes,
        summary.beneficiaries,
        summary.elapsed.as_secs_f64(),
        store.backend().name()
    );
    let h = &summary.history;
    println!(
        "Bảng chi trợ cấp xã hội tháng {} đã khóa: {} người, thực chi {} đồng. Sau đó: {} người báo tử muộn, {} người chuyển xã, {} hồ sơ đang giải quyết (lập bảng chi tháng {} để thấy truy thu).",
        h.locked.format_vn(),
        super::payroll::vnd(h.paid_people),
        super::payroll::vnd(h.paid.net()),
        h.late_deaths,
        h.moves,
        h.open_dossiers,
        h.locked.succ().format_vn()
    );
    for r in &summary.reviews {
        println!(
            "Rà soát hộ nghèo năm {}: {} hộ, {} hộ nghèo ({}), {} hộ cận nghèo.",
            r.year,
            r.households,
            r.by_class[0],
            ansinh_core::poverty::Ratio::new(r.by_class[0], r.households).percent_vi(2),
            r.by_class[1]
        );
    }
    Ok(ExitCode::SUCCESS)
}

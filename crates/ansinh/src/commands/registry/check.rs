//! `ansinh check`: integrity checks and the duplicate recomputation. Exits 1 when a check fails.

use std::process::ExitCode;

use ansinh_store::{Actor, Store};

pub async fn check(store: &Store) -> anyhow::Result<ExitCode> {
    let counts = store.counts().await?;
    println!(
        "Sổ đăng ký: {} nhân khẩu ({} chưa có số định danh), {} hộ, {} bản ghi nhật ký.",
        counts.persons, counts.legacy_persons, counts.households, counts.audit_entries
    );
    let mut failed = 0;
    for f in store.check_integrity().await? {
        let mark = if f.count == 0 { "đạt " } else { "LỖI " };
        println!("  {mark} {:<26} {:>8}  {}", f.code, f.count, f.description);
        failed += usize::from(f.count > 0);
    }
    let dups = store.recompute_duplicates(&Actor::system("check")).await?;
    println!(
        "Nghi trùng: {} cặp trong {} nhân khẩu còn sống ({:.1} giây); xem lại bằng màn hình rà soát trùng.",
        dups.pairs, dups.persons_scanned, dups.seconds
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

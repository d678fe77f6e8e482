//! `ansinh search`: the registry search from the command line.

use std::process::ExitCode;

use ansinh_store::registry::search::SearchQuery;
use ansinh_store::{Store, today_vn};

pub async fn search(
    store: &Store,
    text: &str,
    area: Option<String>,
    limit: u32,
) -> anyhow::Result<ExitCode> {
    let mut q = SearchQuery::new(text);
    q.limit = limit;
    if let Some(code) = area {
        q.area_id = Some(store.area_by_code(&code, today_vn()).await?.id);
    }
    let page = store.search_persons(&q).await?;
    for h in &page.items {
        println!(
            "{:<12}  {:<32}  {:<3}  {:>10}  {} ({})",
            h.personal_id.as_deref().unwrap_or("(chưa có)"),
            h.full_name,
            h.sex.label_vi(),
            h.birth.to_string(),
            h.area_name,
            h.area_code
        );
    }
    if page.items.is_empty() {
        println!("Không tìm thấy.");
    } else if page.next.is_some() {
        println!("… còn nữa (tăng --limit hoặc lọc theo --area).");
    }
    Ok(ExitCode::SUCCESS)
}

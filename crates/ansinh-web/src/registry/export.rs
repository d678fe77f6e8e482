//! Exports of the user's communes (or one of them) in the import layouts, as XLSX or CSV.

use ansinh_files::{Format, write_households, write_persons};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::registry::persons::area_param;

#[derive(Deserialize, Default)]
pub struct ExportParams {
    #[serde(default)]
    xa: String,
}

pub async fn download(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(p): Query<ExportParams>,
) -> Result<Response, WebError> {
    let (persons, format) = match file.as_str() {
        "nhan-khau.xlsx" => (true, Format::Xlsx),
        "nhan-khau.csv" => (true, Format::Csv),
        "ho.xlsx" => (false, Format::Xlsx),
        "ho.csv" => (false, Format::Csv),
        _ => return Err(WebError::NotFound),
    };
    let area = area_param(&app, &p.xa).await?;
    let scoped = ctx.scoped(&app);
    // Writing a large sheet is CPU work; keep it off the threads serving requests.
    let bytes = if persons {
        let rows = scoped.export_persons(area).await?;
        tokio::task::spawn_blocking(move || write_persons(&rows, format)).await??
    } else {
        let rows = scoped.export_households(area).await?;
        tokio::task::spawn_blocking(move || write_households(&rows, format)).await??
    };
    let stem = file.split('.').next().unwrap_or("xuat");
    let xa = p.xa.trim();
    let name = if xa.is_empty() || !xa.bytes().all(|b| b.is_ascii_digit()) {
        format!("{stem}-{}.{}", ansinh_store::today_vn(), format.extension())
    } else {
        format!(
            "{stem}-{xa}-{}.{}",
            ansinh_store::today_vn(),
            format.extension()
        )
    };
    tracing::info!(rows_bytes = bytes.len(), "export written");
    Ok(crate::routes::download(format, &name, bytes))
}

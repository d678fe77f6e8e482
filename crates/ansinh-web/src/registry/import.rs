//! The import page: upload an XLSX or CSV file, read the dry-run report (row, column, reason),
//! confirm, read the result, and download the rejected rows to fix them.

use std::sync::Arc;
use std::time::Instant;

use ansinh_core::RowError;
use ansinh_core::access::Domain;
use ansinh_core::registry::{HouseholdRow, PersonRow};
use ansinh_files::{
    FileError, Format, Layout as FileLayout, Limits, Table, parse_households, parse_persons,
    read_table, rejected_rows, write_rejected, write_template,
};
use ansinh_store::registry::import::{ImportOptions, ImportReport};
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format::{self, thousands};
use crate::i18n::Tr;
use crate::layout::{Layout, Opt, render, render_status};
use crate::registry::persons::commune_options;
use crate::uploads::{Claim, Kind, Outcome};

/// The most row errors listed on the page; the rejected-rows file has them all.
const ERRORS_SHOWN: usize = 500;

#[derive(Template)]
#[template(path = "registry/import.html")]
struct ImportPage {
    t: Tr,
    l: Layout,
    can_import: bool,
    can_export: bool,
    communes: Vec<Opt>,
    error: Option<String>,
    loai: String,
    limit_text: String,
}

async fn import_page(
    app: &AppState,
    ctx: &Ctx,
    loai: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let can_import = ctx.can(Domain::Registry.write());
    let can_export = ctx.can(Domain::Registry.export());
    if !can_import && !can_export {
        return Err(WebError::Forbidden(
            "vai trò không được nhập hay xuất".into(),
        ));
    }
    let communes = ctx.scoped(app).communes_today().await?;
    let mib = format::decimal(app.config.max_upload_bytes as f64 / (1024.0 * 1024.0), 0);
    render_status(
        status,
        &ImportPage {
            t,
            l: ctx.layout(t.s("transfer-title"), "transfer"),
            can_import,
            can_export,
            communes: commune_options(&communes, ""),
            error,
            loai: loai.to_string(),
            limit_text: t.f("import-limit", &[("mib", mib)]),
        },
    )
}

pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    import_page(&app, &ctx, "nhan-khau", None, StatusCode::OK).await
}

pub struct RowErrView {
    pub line: String,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "registry/import_report.html")]
struct ReportPage {
    t: Tr,
    l: Layout,
    heading: &'static str,
    id: String,
    file_name: String,
    layout_label: &'static str,
    total: String,
    ok: String,
    bad: String,
    created: Option<String>,
    elapsed: Option<String>,
    outcome: Option<String>,
    written: bool,
    has_errors: bool,
    errors: Vec<RowErrView>,
    more: String,
    confirm: bool,
}

fn too_large(t: Tr, max: usize) -> String {
    let mib = format::decimal(max as f64 / (1024.0 * 1024.0), 0);
    t.f("import-too_large", &[("mib", mib)])
}

/// Reads and checks a file without the database: the table and the parsed rows.
enum Parsed {
    Persons(Table, Vec<PersonRow>, Vec<RowError>),
    Households(Table, Vec<HouseholdRow>, Vec<RowError>),
}

async fn parse(
    bytes: Arc<Vec<u8>>,
    format: Format,
    kind: Kind,
    max_bytes: usize,
) -> Result<Result<Parsed, FileError>, WebError> {
    let today = today_vn();
    // Reading a large spreadsheet is CPU work; keep it off the threads serving requests.
    Ok(tokio::task::spawn_blocking(move || {
        let limits = Limits {
            max_bytes: max_bytes as u64,
            ..Limits::default()
        };
        let table = read_table(&bytes, format, &limits)?;
        Ok(match kind {
            Kind::Persons => {
                let (rows, errors) = parse_persons(&table, today)?;
                Parsed::Persons(table, rows, errors)
            }
            Kind::Households => {
                let (rows, errors) = parse_households(&table)?;
                Parsed::Households(table, rows, errors)
            }
        })
    })
    .await?)
}

async fn run(
    app: &AppState,
    ctx: &Ctx,
    parsed: Parsed,
    opts: &ImportOptions,
) -> Result<ImportReport, WebError> {
    let scoped = ctx.scoped(app);
    Ok(match parsed {
        Parsed::Persons(table, rows, errors) => {
            scoped
                .import_persons(&rows, errors, table.rows.len(), opts)
                .await?
        }
        Parsed::Households(table, rows, errors) => {
            scoped
                .import_households(&rows, errors, table.rows.len(), opts)
                .await?
        }
    })
}

pub async fn upload(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let max = app.config.max_upload_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max + crate::routes::MULTIPART_OVERHEAD) {
        // Refused before reading: nothing of the body is kept.
        let msg = too_large(t, max);
        return import_page(&app, &ctx, "", Some(msg), StatusCode::PAYLOAD_TOO_LARGE).await;
    }
    let mut csrf = String::new();
    let mut loai = String::from("nhan-khau");
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                let msg = too_large(t, max);
                return import_page(&app, &ctx, &loai, Some(msg), StatusCode::PAYLOAD_TOO_LARGE)
                    .await;
            }
            Err(_) => {
                return Err(WebError::BadRequest(
                    "biểu mẫu tải tệp không đọc được".into(),
                ));
            }
        };
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "loai" => loai = field.text().await.unwrap_or_default(),
            "tep" => {
                // The token comes first in the form: check it before reading a large file.
                ctx.check_csrf(&app, &csrf).await?;
                let name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        let msg = too_large(t, max);
                        return import_page(
                            &app,
                            &ctx,
                            &loai,
                            Some(msg),
                            StatusCode::PAYLOAD_TOO_LARGE,
                        )
                        .await;
                    }
                    Err(_) => {
                        return Err(WebError::BadRequest("tệp tải lên không đọc được".into()));
                    }
                }
            }
            _ => {}
        }
    }
    ctx.check_csrf(&app, &csrf).await?;
    if !ctx.can(Domain::Registry.write()) {
        // The store refuses too (and records it); asking it here keeps one refusal path.
        ctx.scoped(&app)
            .import_persons(&[], Vec::new(), 0, &ImportOptions::default())
            .await?;
    }
    let kind = Kind::from_slug(&loai).unwrap_or(Kind::Persons);
    let Some((file_name, bytes)) = file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) else {
        return import_page(
            &app,
            &ctx,
            kind.slug(),
            Some(t.s("import-no_file").into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if bytes.len() > max {
        let msg = too_large(t, max);
        return import_page(
            &app,
            &ctx,
            kind.slug(),
            Some(msg),
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;
    }
    let format = match Format::from_path(std::path::Path::new(&file_name)) {
        Ok(f) => f,
        Err(e) => {
            return import_page(
                &app,
                &ctx,
                kind.slug(),
                Some(e.to_string()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let bytes = Arc::new(bytes);
    let parsed = match parse(bytes.clone(), format, kind, max).await? {
        Ok(p) => p,
        Err(e) => {
            tracing::info!(code = e.code(), "import file refused");
            return import_page(
                &app,
                &ctx,
                kind.slug(),
                Some(e.to_string()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let opts = ImportOptions {
        dry_run: true,
        skip_bad_rows: false,
        source: file_name.clone(),
    };
    let report = run(&app, &ctx, parsed, &opts).await?;
    let id = app.uploads.insert(
        &ctx.csrf,
        kind,
        format,
        file_name.clone(),
        bytes,
        report.rows_total,
        report.errors.clone(),
    );
    report_page(&ctx, &id, &file_name, kind, &report, None)
}

fn report_page(
    ctx: &Ctx,
    id: &str,
    file_name: &str,
    kind: Kind,
    report: &ImportReport,
    outcome: Option<&Outcome>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let bad = report.bad_lines();
    let errors: Vec<RowErrView> = report
        .errors
        .iter()
        .take(ERRORS_SHOWN)
        .map(|e| RowErrView {
            line: e.line.to_string(),
            column: e.column.clone(),
            message: e.message.clone(),
        })
        .collect();
    let more = report.errors.len().saturating_sub(ERRORS_SHOWN);
    let more = if more == 0 {
        String::new()
    } else {
        t.f("import-more_errors", &[("count", thousands(more as i64))])
    };
    let (heading, message, confirm) = match outcome {
        None => (
            t.s("import-report"),
            if report.rows_ok == 0 {
                Some(t.s("import-none_ok").to_string())
            } else if bad == 0 {
                Some(t.s("import-all_ok").to_string())
            } else {
                None
            },
            report.rows_ok > 0,
        ),
        Some(o) => (
            t.s("import-result"),
            Some(if o.written {
                t.s("import-written").to_string()
            } else {
                t.s("import-not_written").to_string()
            }),
            false,
        ),
    };
    let layout_label = match kind {
        Kind::Persons => t.s("layout-persons"),
        Kind::Households => t.s("layout-households"),
    };
    render(&ReportPage {
        t,
        l: ctx.layout(heading, "transfer"),
        heading,
        id: id.to_string(),
        file_name: file_name.to_string(),
        layout_label,
        total: thousands(report.rows_total as i64),
        ok: thousands(report.rows_ok as i64),
        bad: thousands(bad as i64),
        created: outcome.map(|o| thousands(o.created as i64)),
        elapsed: outcome.map(|o| format::decimal(o.elapsed.as_secs_f64(), 2)),
        outcome: message,
        written: outcome.is_some_and(|o| o.written),
        has_errors: !report.errors.is_empty(),
        errors,
        more,
        confirm,
    })
}

#[derive(Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    bo_qua_dong_loi: String,
}

pub async fn confirm(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let t = ctx.tr;
    let claim = match app.uploads.claim(&id, &ctx.csrf) {
        Claim::Missing => {
            return import_page(
                &app,
                &ctx,
                "",
                Some(t.s("import-expired").into()),
                StatusCode::NOT_FOUND,
            )
            .await;
        }
        Claim::Running => {
            // Another click is importing this file now: it is imported once, by that one.
            return import_page(
                &app,
                &ctx,
                "",
                Some(t.s("import-running").into()),
                StatusCode::CONFLICT,
            )
            .await;
        }
        Claim::Done {
            outcome,
            rows_total,
            errors,
            file_name,
            kind,
        } => {
            // Confirmed already (a second click, a reload): show the result, never import twice.
            let report = ImportReport {
                rows_total,
                rows_ok: rows_total.saturating_sub(
                    errors
                        .iter()
                        .map(|e| e.line)
                        .collect::<std::collections::HashSet<_>>()
                        .len(),
                ),
                errors,
                ..ImportReport::default()
            };
            return report_page(&ctx, &id, &file_name, kind, &report, Some(&outcome));
        }
        Claim::Mine(claim) => claim,
    };
    let (kind, format, file_name) = (claim.kind, claim.format, claim.file_name.clone());
    let bytes = claim.bytes.clone();
    let started = Instant::now();
    let parsed = match parse(bytes, format, kind, app.config.max_upload_bytes).await? {
        Ok(p) => p,
        Err(e) => {
            return import_page(
                &app,
                &ctx,
                kind.slug(),
                Some(e.to_string()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let opts = ImportOptions {
        dry_run: false,
        skip_bad_rows: f.bo_qua_dong_loi == "1",
        source: file_name.clone(),
    };
    let report = run(&app, &ctx, parsed, &opts).await?;
    let outcome = Outcome {
        written: report.written,
        created: report.persons_created + report.households_created,
        elapsed: started.elapsed(),
    };
    tracing::info!(
        written = report.written,
        rows = report.rows_total,
        errors = report.errors.len(),
        "import confirmed"
    );
    // Nothing written (the file had errors and none were skipped): the officer may still
    // confirm again with "skip the rows with errors".
    claim.finish(
        report.rows_total,
        report.errors.clone(),
        report.written.then(|| outcome.clone()),
    );
    drop(claim);
    report_page(&ctx, &id, &file_name, kind, &report, Some(&outcome))
}

/// The rows of the upload that had errors, as they were, with a last column giving the reasons.
pub async fn rejected(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Some((format, bytes, errors)) = app.uploads.with(&id, &ctx.csrf, |u| {
        (u.format, u.bytes.clone(), u.errors.clone())
    }) else {
        return Err(WebError::NotFound);
    };
    let max = app.config.max_upload_bytes as u64;
    let file = tokio::task::spawn_blocking(move || {
        let limits = Limits {
            max_bytes: max,
            ..Limits::default()
        };
        let table = read_table(&bytes, format, &limits)?;
        write_rejected(
            &table.headers,
            &rejected_rows(&table, &errors),
            Format::Xlsx,
        )
    })
    .await??;
    Ok(crate::routes::download(Format::Xlsx, "dong-loi.xlsx", file))
}

/// A blank template of a layout, with an example row and a guide sheet.
pub async fn template(_ctx: Ctx, Path(file): Path<String>) -> Result<Response, WebError> {
    let layout = match file.as_str() {
        "nhan-khau.xlsx" => FileLayout::Persons,
        "ho.xlsx" => FileLayout::Households,
        _ => return Err(WebError::NotFound),
    };
    let bytes = write_template(layout, Format::Xlsx)?;
    Ok(crate::routes::download(
        Format::Xlsx,
        &format!("mau-{file}"),
        bytes,
    ))
}

//! The report forms of the poverty review as printable pages (A4 landscape), one form or all
//! fifteen, from the same tables as the XLSX workbook (`ansinh_files::poverty::forms`) and
//! within the account's scope. Printing is exporting: it needs the Export capability, as the
//! workbook does.

use ansinh_core::access::Domain;
use ansinh_core::poverty::ReportKind;
use ansinh_files::poverty::forms::{Cell, ColumnKind, FormLines, FormTable, PovertyForms};
use ansinh_store::today_vn;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;

use super::report::{ReportParams, report_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::layout::{Layout, render};

/// A heading cell of a form's table.
pub struct HeadCell {
    pub label: String,
    pub colspan: usize,
    pub rowspan: usize,
    pub class: &'static str,
}

/// A body cell, written the Vietnamese way.
pub struct BodyCell {
    pub text: String,
    pub class: &'static str,
}

/// One form as the page shows it.
pub struct FormView {
    pub number: u8,
    pub title: String,
    pub notes: Vec<String>,
    /// The heading rows: one, or two when columns are grouped.
    pub heads: Vec<Vec<HeadCell>>,
    pub rows: Vec<Vec<BodyCell>>,
    pub total: Option<Vec<BodyCell>>,
    /// The classes of the table: `wide` (many columns: a smaller type), `fixed` (a commune
    /// per row and only figures after it: the figures' columns share the width evenly, as in
    /// the official sheets) or `narrow` (a few columns: no wider than they need).
    pub class: String,
    /// Each column's kind, for the `<col>` widths.
    pub cols: Vec<&'static str>,
}

fn column_class(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Code => "code",
        ColumnKind::Name => "name",
        ColumnKind::Number => "num",
        ColumnKind::Long => "long",
    }
}

fn body(cells: &[Cell], table: &FormTable) -> Vec<BodyCell> {
    cells
        .iter()
        .zip(&table.columns)
        .map(|(cell, column)| BodyCell {
            text: cell.to_vi(),
            class: if cell.is_number() {
                "num"
            } else {
                column_class(column.kind)
            },
        })
        .collect()
}

fn table_class(t: &FormTable) -> String {
    let figures_only = t.columns.iter().all(|c| {
        matches!(
            c.kind,
            ColumnKind::Code | ColumnKind::Name | ColumnKind::Number
        )
    }) && t
        .columns
        .iter()
        .filter(|c| c.kind != ColumnKind::Number)
        .count()
        <= 2;
    let mut classes = Vec::new();
    if t.columns.len() > 14 {
        classes.push("wide");
    }
    if t.columns.len() <= 4 {
        classes.push("narrow");
    } else if figures_only {
        classes.push("fixed");
    }
    classes.join(" ")
}

impl FormView {
    fn of(t: &FormTable) -> FormView {
        let heads = match t.group_headings() {
            None => vec![
                t.columns
                    .iter()
                    .map(|c| HeadCell {
                        label: c.header.clone(),
                        colspan: 1,
                        rowspan: 1,
                        class: column_class(c.kind),
                    })
                    .collect(),
            ],
            Some(groups) => {
                // An ungrouped column's own header spans both rows; a group's label spans its
                // columns, whose headers form the second row.
                let mut first = Vec::new();
                let mut column = 0;
                for g in groups {
                    if g.label.is_empty() {
                        first.extend(t.columns[column..column + g.span].iter().map(|c| HeadCell {
                            label: c.header.clone(),
                            colspan: 1,
                            rowspan: 2,
                            class: column_class(c.kind),
                        }));
                    } else {
                        first.push(HeadCell {
                            label: g.label,
                            colspan: g.span,
                            rowspan: 1,
                            class: "group",
                        });
                    }
                    column += g.span;
                }
                let second = t
                    .columns
                    .iter()
                    .filter(|c| c.group.is_some())
                    .map(|c| HeadCell {
                        label: c.header.clone(),
                        colspan: 1,
                        rowspan: 1,
                        class: column_class(c.kind),
                    })
                    .collect();
                vec![first, second]
            }
        };
        FormView {
            number: t.kind.sequence(),
            title: t.title.clone(),
            notes: t.notes.clone(),
            heads,
            rows: t.rows.iter().map(|r| body(r, t)).collect(),
            total: t.total.as_deref().map(|r| body(r, t)),
            class: table_class(t),
            cols: t.columns.iter().map(|c| column_class(c.kind)).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "poverty/forms.html")]
struct FormsPage {
    t: Tr,
    l: Layout,
    year: i32,
    /// The query that keeps the year and the area basis on every link.
    query: String,
    /// Every form's number and title, for the index.
    index: Vec<(u8, &'static str)>,
    forms: Vec<FormView>,
    /// The issuing unit, as the account's communes name it ("THÀNH PHỐ HUẾ").
    unit: String,
    /// "Huế, ngày 05 tháng 12 năm 2025".
    dated: String,
}

async fn forms_page(
    app: &AppState,
    ctx: &Ctx,
    p: &ReportParams,
    only: Option<ReportKind>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    ctx.scoped(app)
        .authorize(Domain::Poverty.export(), ansinh_store::poverty::REPORT)
        .await?;
    let (year, today_basis, r) = report_of(app, ctx, p).await?;
    let lines = FormLines::of(&r);
    let forms = PovertyForms::of(&r, &lines);
    let tables = match only {
        Some(kind) => vec![forms.form(kind)],
        None => forms.tables(),
    };
    let today = today_vn();
    let unit = match ctx.user.areas.as_slice() {
        [] => String::new(),
        areas => areas
            .iter()
            .map(|a| a.name.to_uppercase())
            .collect::<Vec<_>>()
            .join(", "),
    };
    render(&FormsPage {
        t,
        l: ctx.layout(t.s("review-forms"), "review"),
        year,
        query: format!(
            "nam={year}&co_so={}",
            if today_basis { "nay" } else { "nam" }
        ),
        index: ReportKind::ALL
            .iter()
            .map(|k| (k.sequence(), k.title_vi()))
            .collect(),
        forms: tables.iter().map(FormView::of).collect(),
        unit,
        dated: format!(
            "Huế, ngày {:02} tháng {:02} năm {}",
            today.day(),
            today.month(),
            today.year()
        ),
    })
}

/// Every form, each on its own sheet of paper.
pub async fn all(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ReportParams>,
) -> Result<Response, WebError> {
    forms_page(&app, &ctx, &p, None).await
}

/// One form, by its number 1–15.
pub async fn one(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    Query(p): Query<ReportParams>,
) -> Result<Response, WebError> {
    let kind = number
        .parse::<u8>()
        .ok()
        .and_then(|n| ReportKind::ALL.into_iter().find(|k| k.sequence() == n))
        .ok_or(WebError::NotFound)?;
    forms_page(&app, &ctx, &p, Some(kind)).await
}

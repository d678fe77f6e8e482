//! The rules in force on a day: social-assistance levels and coefficients (Nghị định 20/2021
//! and its successors), the poverty standard of that year and the year's public holidays. It
//! is public reference data: the page shows no personal data. Each row shows its legal basis
//! and whether it was checked against a primary text, so an officer sees which figures are
//! still to be confirmed.

use ansinh_core::Settlement;
use ansinh_core::assistance::format_coefficient;
use ansinh_core::assistance::group::Group;
use ansinh_core::assistance::rules::{RuleKind, RuleRow};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::date::parse_full_date;
use ansinh_core::poverty::StandardBook;
use ansinh_store::today_vn;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{LangPref, MaybeCtx, public_layout};
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, render};

pub struct RuleView {
    pub key: String,
    pub label: String,
    pub condition: String,
    pub value: String,
    pub from: String,
    pub to: String,
    pub basis: String,
    pub confirmed: bool,
    /// Set by the province (a higher local level), not shipped with the program.
    pub local: bool,
}

pub struct StandardView {
    pub settlement: &'static str,
    pub line: String,
    pub ceiling: String,
    pub threshold: String,
    pub score: String,
    pub basis: String,
    pub confirmed: bool,
}

pub struct HolidayView {
    pub date: String,
    pub name: String,
    pub confirmed: bool,
}

/// The rows of one kind (base level, coefficients, …), under its own heading.
pub struct RuleGroupView {
    pub title: &'static str,
    pub rows: Vec<RuleView>,
}

#[derive(Template)]
#[template(path = "assistance/rules.html")]
struct RulesPage {
    t: Tr,
    l: Layout,
    date: String,
    date_error: Option<&'static str>,
    year: i32,
    rules: Vec<RuleGroupView>,
    standard_note: String,
    standards: Vec<StandardView>,
    holidays: Vec<HolidayView>,
}

#[derive(Deserialize, Default)]
pub struct RulesParams {
    #[serde(default)]
    ngay: String,
}

/// Rule values are i64 (VND or hundredths); coefficients of the shipped data fit in i32, and
/// one that does not is shown as it is stored.
fn hundredths(v: i64) -> String {
    i32::try_from(v)
        .map(format_coefficient)
        .unwrap_or_else(|_| v.to_string())
}

fn rule_view(t: Tr, r: &RuleRow, local: bool) -> RuleView {
    let value = match r.kind {
        RuleKind::BaseLevel => format!("{} đ", format::thousands(r.value)),
        RuleKind::Multiple => format!("{} × {}", hundredths(r.value), t.s("rules-base")),
        _ => hundredths(r.value),
    };
    let label = match r.kind {
        RuleKind::Coefficient => Group::from_code(&r.key)
            .map(|g| t.label(g).to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let condition = r.condition.describe_vi();
    RuleView {
        key: r.key.clone(),
        label,
        condition: if condition.is_empty() {
            "—".into()
        } else {
            condition
        },
        value,
        from: format::date(r.valid_from),
        to: r
            .valid_to
            .and_then(|d| d.pred_opt())
            .map(format::date)
            .unwrap_or_default(),
        basis: r.legal_basis.clone(),
        confirmed: r.confirmed,
        local,
    }
}

fn money(v: Option<i64>) -> String {
    v.map(|v| format!("{} đ", format::thousands(v)))
        .unwrap_or_else(|| "—".into())
}

pub async fn page(
    State(app): State<AppState>,
    LangPref(lang): LangPref,
    MaybeCtx(ctx): MaybeCtx,
    Query(p): Query<RulesParams>,
) -> Result<Response, WebError> {
    let t = Tr::new(lang);
    let today = today_vn();
    let (on, date_error): (NaiveDate, _) = if p.ngay.trim().is_empty() {
        (today, None)
    } else {
        match parse_full_date(&p.ngay) {
            Ok(d) => (d, None),
            Err(_) => (today, Some(t.s("areas-bad_date"))),
        }
    };
    // The shipped files are checked by core's tests; failing here means a broken build.
    let corrupt = |e: String| {
        tracing::error!(error = %e, "shipped rule data does not parse");
        WebError::Internal("web.rules_data")
    };
    // The national rows and the province's own, as the payroll applies them.
    let in_force = app.reference().rules_in_force(on).await?;
    let rules = RuleKind::ALL
        .into_iter()
        .map(|kind| RuleGroupView {
            title: t.label(kind),
            rows: in_force
                .iter()
                .filter(|r| r.row.kind == kind)
                .map(|r| rule_view(t, &r.row, r.local))
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let year = on.year();
    let standards_book = StandardBook::shipped().map_err(|e| corrupt(e.to_string()))?;
    let (standard_note, standards) = match standards_book.for_year(year) {
        Ok(ys) => (
            String::new(),
            [Settlement::Rural, Settlement::Urban]
                .into_iter()
                .map(|s| {
                    let st = ys.get(s);
                    StandardView {
                        settlement: t.label(s),
                        line: money(Some(st.poverty_line)),
                        ceiling: money(st.average_ceiling),
                        threshold: st.deprivation_threshold.to_string(),
                        score: st
                            .score
                            .map(|sc| format!("A ≤ {}, B ≥ {}", sc.a_line, sc.b_threshold))
                            .unwrap_or_else(|| "—".into()),
                        basis: st.legal_basis.clone(),
                        confirmed: st.confirmed
                            && st.average_ceiling_confirmed
                            && st.indicators_confirmed,
                    }
                })
                .collect(),
        ),
        Err(e) => (e.to_string(), Vec::new()),
    };
    let calendar = WorkCalendar::shipped().map_err(|e| corrupt(e.to_string()))?;
    let holidays = calendar
        .days()
        .filter(|d| d.date.year() == year)
        .map(|d| HolidayView {
            date: format::date(d.date),
            name: d.name.clone(),
            confirmed: d.confirmed,
        })
        .collect();
    let title = t.s("rules-title");
    let l = match &ctx {
        Some(c) => c.layout(title, "rules"),
        None => public_layout(title, "rules"),
    };
    render(&RulesPage {
        t,
        l,
        date: if date_error.is_some() {
            p.ngay.clone()
        } else {
            format::date(on)
        },
        date_error,
        year,
        rules,
        standard_note,
        standards,
        holidays,
    })
}

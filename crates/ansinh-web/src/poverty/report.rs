//! The rates of a review year by commune, with the list movements, and the year's report set
//! as one workbook; `report_of` also feeds the printable forms (`forms.rs`).

use ansinh_core::access::Domain;
use ansinh_core::poverty::PovertyList;
use ansinh_store::poverty::{AreaBasis, review_day};
use ansinh_store::today_vn;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

use super::year::year_of;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, render};

pub struct RateRow {
    pub code: String,
    pub name: String,
    pub households: String,
    pub poor: String,
    pub poor_rate: String,
    pub near_poor: String,
    pub near_poor_rate: String,
}

#[derive(Template)]
#[template(path = "poverty/report.html")]
struct ReportPage {
    t: Tr,
    l: Layout,
    year: i32,
    years: Vec<i32>,
    today_basis: bool,
    /// The year has no figures yet: no commune of it is classified.
    empty: bool,
    rows: Vec<RateRow>,
    total: RateRow,
    approved: String,
    /// Each line: the poor list's label and count, the near-poor list's label and count.
    movements: Vec<(String, String, String, String)>,
    /// The printable forms (number, title), when the account may export.
    forms: Vec<(u8, &'static str)>,
}

#[derive(Deserialize, Default)]
pub struct ReportParams {
    #[serde(default)]
    pub(crate) nam: String,
    #[serde(default)]
    pub(crate) co_so: String,
}

fn rate_row(code: &str, name: &str, s: &ansinh_core::poverty::AreaStats) -> RateRow {
    RateRow {
        code: code.to_string(),
        name: name.to_string(),
        households: format::thousands(s.households as i64),
        poor: format::thousands(s.list_count(PovertyList::Poor) as i64),
        poor_rate: s.rate(PovertyList::Poor).percent_vi(2),
        near_poor: format::thousands(s.list_count(PovertyList::NearPoor) as i64),
        near_poor_rate: s.rate(PovertyList::NearPoor).percent_vi(2),
    }
}

/// The year, the area basis and the report of a rates page, its workbook or its printable
/// forms.
pub(crate) async fn report_of(
    app: &AppState,
    ctx: &Ctx,
    p: &ReportParams,
) -> Result<(i32, bool, ansinh_store::poverty::PovertyReport), WebError> {
    let year = year_of(&p.nam);
    // The year's own communes by default; "nay" maps them onto today's communes.
    let today_basis = p.co_so == "nay";
    review_day(year)?;
    let basis = if today_basis {
        AreaBasis::Today
    } else {
        AreaBasis::AsOfYear
    };
    let r = ctx.scoped(app).poverty_report(year, basis).await?;
    Ok((year, today_basis, r))
}

/// The report set of a year as one workbook (Phụ lục VII forms), within the account's scope.
pub async fn report_xlsx(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ReportParams>,
) -> Result<Response, WebError> {
    ctx.scoped(&app)
        .authorize(Domain::Poverty.export(), ansinh_store::poverty::REPORT)
        .await?;
    let (year, _, r) = report_of(&app, &ctx, &p).await?;
    let lines = ansinh_files::poverty::forms::FormLines::of(&r);
    let forms = ansinh_files::poverty::forms::PovertyForms::of(&r, &lines);
    let bytes = ansinh_files::poverty::forms::write_poverty_forms(&forms)?;
    Ok(crate::routes::download(
        ansinh_files::Format::Xlsx,
        &format!("bieu-ra-soat-ho-ngheo-{year}.xlsx"),
        bytes,
    ))
}

pub async fn report(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ReportParams>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let (year, today_basis, r) = match report_of(&app, &ctx, &p).await {
        Ok(found) => found,
        // A year not classified yet is a page to choose another year from, not an error.
        Err(WebError::Refused {
            code: "poverty.no_results",
            ..
        }) => {
            return render(&ReportPage {
                t,
                l: ctx.layout(t.s("review-report"), "review"),
                year: year_of(&p.nam),
                years: (2022..=today_vn().year()).rev().collect(),
                today_basis: p.co_so == "nay",
                empty: true,
                rows: Vec::new(),
                total: rate_row("", t.s("review-province_total"), &Default::default()),
                approved: String::new(),
                movements: Vec::new(),
                forms: Vec::new(),
            });
        }
        Err(e) => return Err(e),
    };
    let rows = r
        .stats
        .areas
        .iter()
        .map(|(k, s)| rate_row(&k.code, &k.name, s))
        .collect();
    let total = rate_row("", t.s("review-province_total"), &r.stats.total);
    let movements = r
        .movements
        .total
        .poor
        .lines()
        .iter()
        .zip(r.movements.total.near_poor.lines().iter())
        .map(|((line, poor), (_, near))| {
            (
                t.label((*line, PovertyList::Poor)).to_string(),
                format::thousands(*poor as i64),
                t.label((*line, PovertyList::NearPoor)).to_string(),
                format::thousands(*near as i64),
            )
        })
        .collect();
    render(&ReportPage {
        t,
        l: ctx.layout(t.s("review-report"), "review"),
        year,
        years: (2022..=today_vn().year()).rev().collect(),
        today_basis,
        empty: false,
        rows,
        total,
        approved: format!("{}/{}", r.campaigns_approved, r.campaigns),
        movements,
        forms: if ctx.can(Domain::Poverty.export()) {
            ansinh_core::poverty::ReportKind::ALL
                .iter()
                .map(|k| (k.sequence(), k.title_vi()))
                .collect()
        } else {
            Vec::new()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::Ethnicity;
    use ansinh_core::poverty::{AreaStats, Causes, Class, Deprivations, GroupFacts, ReportRow};

    fn stats(classes: &[(Class, usize)]) -> AreaStats {
        let mut s = AreaStats::default();
        for &(class, n) in classes {
            let row = ReportRow {
                area: (),
                class,
                deprivations: Deprivations::NONE,
                farming: false,
                groups: GroupFacts {
                    head_ethnicity: Ethnicity::KINH,
                    no_working_capacity: false,
                    person_of_merit: false,
                },
                causes: Causes::NONE,
                members: Some(4),
                female_head: false,
                children: None,
            };
            for _ in 0..n {
                s.record(&row);
            }
        }
        s
    }

    #[test]
    fn rate_row_counts_and_rates_of_an_area() {
        let s = stats(&[
            (Class::Poor, 25),
            (Class::NearPoor, 50),
            (Class::AverageLivingStandard, 1000),
            (Class::NotPoor, 925),
        ]);
        let row = rate_row("19900", "Phường Thuận An", &s);
        assert_eq!(row.code, "19900");
        assert_eq!(row.name, "Phường Thuận An");
        assert_eq!(row.households, "2.000");
        assert_eq!(row.poor, "25");
        assert_eq!(row.poor_rate, "1,25%");
        assert_eq!(row.near_poor, "50");
        assert_eq!(row.near_poor_rate, "2,50%");
    }

    #[test]
    fn rate_row_of_an_area_without_households_has_no_rate() {
        let row = rate_row("", "Tổng cộng", &AreaStats::default());
        assert_eq!(row.households, "0");
        assert_eq!(row.poor, "0");
        assert_eq!(row.poor_rate, "-");
        assert_eq!(row.near_poor_rate, "-");
    }
}

//! The annual poverty review (rà soát hộ nghèo, hộ cận nghèo) for a commune officer and the
//! province: the campaigns of a year, a campaign's list with its surveys, the survey form (one
//! household, every answer on one keyboard-friendly page), classification, the commune steps,
//! approval by the leader, and the rates of the year. The rules are the core's; every read and
//! write goes through the store's `Scoped` handle.

use ansinh_core::Settlement;
use ansinh_core::access::Domain;
use ansinh_core::date::parse_full_date;
use ansinh_core::poverty::survey::parse_area_tenths;
use ansinh_core::poverty::{
    Class, MeansAnswer, PovertyList, SurveyAnswers, SurveyField, ToiletType, WaterSource,
};
use ansinh_store::poverty::{AreaBasis, Campaign, SurveyInput, review_day};
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{FieldErrors, Layout, Opt, render, render_status};
use crate::routes::parse_id;

/// The review shown when none is asked for: last year's, the most recent one that is done.
fn default_year() -> i32 {
    today_vn().year() - 1
}

fn year_of(raw: &str) -> i32 {
    raw.trim()
        .parse()
        .ok()
        .filter(|y| (2021..=2030).contains(y))
        .unwrap_or_else(default_year)
}

pub struct CampaignRow {
    pub id: String,
    pub commune: String,
    pub state: &'static str,
    pub listed: String,
    pub surveyed: String,
    pub approved: String,
}

#[derive(Template)]
#[template(path = "poverty/year.html")]
struct YearPage {
    t: Tr,
    l: Layout,
    year: i32,
    years: Vec<i32>,
    standard_year: i32,
    campaigns: Vec<CampaignRow>,
    communes: Vec<Opt>,
    can_open: bool,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    nam: String,
}

fn campaign_row(c: &Campaign) -> CampaignRow {
    CampaignRow {
        id: c.id.to_string(),
        commune: format!("{} ({})", c.area.name, c.area.code),
        state: c.state.label_vi(),
        listed: format::thousands(c.listed),
        surveyed: format::thousands(c.surveyed),
        approved: c.steps.approved_on.map(format::date).unwrap_or_default(),
    }
}

async fn year_page(
    app: &AppState,
    ctx: &Ctx,
    year: i32,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let campaigns = scoped.poverty_campaigns(year).await?;
    let opened: Vec<Uuid> = campaigns.iter().map(|c| c.area.id).collect();
    let communes = scoped
        .communes_of_review(year)
        .await?
        .into_iter()
        .filter(|a| !opened.contains(&a.id))
        .map(|a| Opt::new(a.code.clone(), format!("{} ({})", a.name, a.code), false))
        .collect();
    render_status(
        status,
        &YearPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            year,
            years: (2022..=today_vn().year()).rev().collect(),
            standard_year: ansinh_store::poverty::standard_year_of(year),
            campaigns: campaigns.iter().map(campaign_row).collect(),
            communes,
            can_open: ctx.can(Domain::Poverty.write()),
            notice,
        },
    )
}

pub async fn year(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<YearParams>,
) -> Result<Response, WebError> {
    year_page(&app, &ctx, year_of(&p.nam), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct OpenForm {
    csrf: String,
    nam: String,
    xa: String,
}

pub async fn open(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), "poverty_campaign")
        .await?;
    let year = year_of(&f.nam);
    match scoped.open_poverty_campaign(year, f.xa.trim()).await {
        Ok(c) => Ok(Redirect::to(&format!("/ra-soat/{}", c.id)).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            year_page(
                &app,
                &ctx,
                year,
                Some(msg),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub struct HouseholdRow {
    pub code: String,
    pub head: String,
    pub basis: String,
    pub surveyed: String,
    pub class: String,
    pub class_tag: &'static str,
}

fn class_tag(c: Class) -> &'static str {
    match c {
        Class::Poor => "bad",
        Class::NearPoor => "warn",
        Class::AverageLivingStandard => "urban",
        Class::NotPoor => "ok",
    }
}

pub struct StepRow {
    pub code: &'static str,
    pub label: String,
    pub on: String,
}

/// A step's name heads its row: the store's label is written to sit inside a sentence.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "poverty/campaign.html")]
struct CampaignPage {
    t: Tr,
    l: Layout,
    c: CampaignRow,
    year: i32,
    standard_year: i32,
    steps: Vec<StepRow>,
    households: Vec<HouseholdRow>,
    can_write: bool,
    can_approve: bool,
    today: String,
    notice: Option<String>,
    saved: bool,
}

fn step_of(code: &str) -> Option<ansinh_store::poverty::Step> {
    use ansinh_store::poverty::Step;
    match code {
        "hop-dan" => Some(Step::Meeting),
        "niem-yet" => Some(Step::Posting),
        "khieu-nai" => Some(Step::ComplaintsClosed),
        _ => None,
    }
}

async fn campaign_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: Option<String>,
    saved: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    use ansinh_store::poverty::{CampaignState, Step};
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let c = scoped.poverty_campaign(id).await?;
    let households = scoped
        .poverty_campaign_households(id)
        .await?
        .into_iter()
        .map(|h| HouseholdRow {
            code: h.code,
            head: h.head_name.unwrap_or_default(),
            basis: match h.basis.as_str() {
                "poor" => t.s("review-basis_poor"),
                "near_poor" => t.s("review-basis_near_poor"),
                _ => t.s("review-basis_applied"),
            }
            .to_string(),
            surveyed: h.surveyed_on.map(format::date).unwrap_or_default(),
            class: h
                .class
                .map(|c| c.label_vi().to_string())
                .unwrap_or_default(),
            class_tag: h.class.map(class_tag).unwrap_or(""),
        })
        .collect();
    let steps = [
        ("hop-dan", Step::Meeting),
        ("niem-yet", Step::Posting),
        ("khieu-nai", Step::ComplaintsClosed),
    ]
    .into_iter()
    .map(|(code, s)| StepRow {
        code,
        label: capitalised(s.label_vi()),
        on: c.steps.get(s).map(format::date).unwrap_or_default(),
    })
    .collect();
    let open = c.state != CampaignState::Approved;
    render_status(
        status,
        &CampaignPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            year: c.year,
            standard_year: c.standard_year,
            c: campaign_row(&c),
            steps,
            households,
            can_write: open && ctx.can(Domain::Poverty.write()),
            can_approve: open && ctx.can(Domain::Poverty.approve()),
            today: format::date(today_vn()),
            notice,
            saved,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    #[serde(default)]
    luu: String,
}

pub async fn campaign(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<SavedParams>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    campaign_page(&app, &ctx, id, None, !p.luu.is_empty(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    #[serde(default)]
    buoc: String,
    #[serde(default)]
    ngay: String,
    /// Household codes of applicants (Mẫu số 01), separated by spaces, commas or lines.
    #[serde(default)]
    ma_ho: String,
}

/// Add applicants (`them-ho`), classify (`phan-loai`), record a commune step (`buoc`) or
/// approve (`phe-duyet`).
pub async fn act(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    // Another commune's review is refused whatever the form holds.
    scoped.poverty_campaign(id).await?;
    let day = || parse_full_date(&f.ngay).map_err(|e| format!("{}: {e}", ctx.tr.s("review-date")));
    let done: Result<(), String> = match action.as_str() {
        "them-ho" => {
            let codes: Vec<String> = f
                .ma_ho
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            if codes.is_empty() {
                Err(ctx.tr.s("review-need_codes").to_string())
            } else {
                match scoped.add_poverty_applicants(id, &codes).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(crate::routes::rule_refusal(e)?),
                }
            }
        }
        "phan-loai" => match scoped.classify_poverty_campaign(id).await {
            Ok(_) => Ok(()),
            Err(e) => Err(crate::routes::rule_refusal(e)?),
        },
        "buoc" => {
            let step = step_of(&f.buoc).ok_or(WebError::BadRequest("bước không hợp lệ".into()))?;
            match day() {
                Err(e) => Err(e),
                Ok(on) => match scoped.record_poverty_step(id, step, on).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(crate::routes::rule_refusal(e)?),
                },
            }
        }
        "phe-duyet" => match day() {
            Err(e) => Err(e),
            Ok(on) => match scoped.approve_poverty_campaign(id, on).await {
                Ok(_) => Ok(()),
                Err(e) => Err(crate::routes::rule_refusal(e)?),
            },
        },
        _ => return Err(WebError::NotFound),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/ra-soat/{id}?luu=1")).into_response()),
        Err(msg) => {
            campaign_page(
                &app,
                &ctx,
                id,
                Some(msg),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The survey form as typed: every field is text so a wrong entry comes back as typed.
#[derive(Deserialize, Default, Clone)]
pub struct SurveyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nhan_khau: String,
    #[serde(default)]
    cach: String,
    #[serde(default)]
    gia_tri: String,
    #[serde(default)]
    vl: String,
    #[serde(default)]
    npt: String,
    #[serde(default)]
    dd: String,
    #[serde(default)]
    bhyt: String,
    #[serde(default)]
    tdgd: String,
    #[serde(default)]
    dhte: String,
    #[serde(default)]
    clno: String,
    #[serde(default)]
    dtno: String,
    #[serde(default)]
    nuoc: String,
    #[serde(default)]
    ntieu: String,
    #[serde(default)]
    vt: String,
    #[serde(default)]
    ttin: String,
    /// Children under 16, then of them: malnourished, without health insurance (6–16), not at
    /// the school level of their age (3–16).
    #[serde(default)]
    te: String,
    #[serde(default)]
    te_sdd: String,
    #[serde(default)]
    te_bhyt: String,
    #[serde(default)]
    te_hoc: String,
    #[serde(default)]
    nguoi_ra_soat: String,
    #[serde(default)]
    ngay: String,
}

/// A question of the form: its input name, the survey field it answers and how it is asked.
pub struct Question {
    pub name: &'static str,
    pub number: u8,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Opt>,
    pub error: Option<String>,
}

/// The question as the reviewer asks it: a yes/no answer must say which way is the
/// deprivation, so the questions are written out rather than named by their indicator.
fn question_key(field: SurveyField) -> &'static str {
    match field {
        SurveyField::Members => "review-q-members",
        SurveyField::Income => "review-q-income",
        SurveyField::ScoreA => "review-q-score_a",
        SurveyField::Employment => "review-q-employment",
        SurveyField::Dependants => "review-q-dependants",
        SurveyField::Nutrition => "review-q-nutrition",
        SurveyField::HealthInsurance => "review-q-health_insurance",
        SurveyField::AdultEducation => "review-q-adult_education",
        SurveyField::ChildSchooling => "review-q-child_schooling",
        SurveyField::HousingStructure => "review-q-housing_structure",
        SurveyField::FloorArea => "review-q-floor_area",
        SurveyField::WaterSource => "review-q-water_source",
        SurveyField::Toilet => "review-q-toilet",
        SurveyField::Telecom => "review-q-telecom",
        SurveyField::InformationDevice => "review-q-information_device",
        SurveyField::ChildrenUnder16 => "review-q-children_under_16",
        SurveyField::ChildrenMalnourished => "review-q-children_malnourished",
        SurveyField::ChildrenWithoutHealthInsurance => "review-q-children_without_health_insurance",
        SurveyField::ChildrenNotAtSchoolLevel => "review-q-children_not_at_school_level",
    }
}

fn yes_no(t: Tr, value: &str) -> Vec<Opt> {
    vec![
        Opt::new("", "—", value.is_empty()),
        Opt::new("co", t.s("review-yes"), value == "co"),
        Opt::new("khong", t.s("review-no"), value == "khong"),
    ]
}

fn questions(t: Tr, f: &SurveyForm, errors: &FieldErrors) -> Vec<Question> {
    let q = |name: &'static str, number, field: SurveyField, kind, value: &str, options| Question {
        name,
        number,
        label: t.s(question_key(field)),
        kind,
        value: value.to_string(),
        options,
        error: errors.get(name).map(str::to_string),
    };
    let water = std::iter::once(Opt::new("", "—", f.nuoc.is_empty()))
        .chain(WaterSource::ALL.iter().map(|w| {
            let label = t.s(&format!("review-water-{}", w.code()));
            Opt::new(w.code(), label, f.nuoc == w.code())
        }))
        .collect();
    let toilet = std::iter::once(Opt::new("", "—", f.ntieu.is_empty()))
        .chain(ToiletType::ALL.iter().map(|w| {
            let label = t.s(&format!("review-toilet-{}", w.code()));
            Opt::new(w.code(), label, f.ntieu == w.code())
        }))
        .collect();
    vec![
        q(
            "vl",
            1,
            SurveyField::Employment,
            "select",
            &f.vl,
            yes_no(t, &f.vl),
        ),
        q("npt", 2, SurveyField::Dependants, "number", &f.npt, vec![]),
        q(
            "dd",
            3,
            SurveyField::Nutrition,
            "select",
            &f.dd,
            yes_no(t, &f.dd),
        ),
        q(
            "bhyt",
            4,
            SurveyField::HealthInsurance,
            "select",
            &f.bhyt,
            yes_no(t, &f.bhyt),
        ),
        q(
            "tdgd",
            5,
            SurveyField::AdultEducation,
            "select",
            &f.tdgd,
            yes_no(t, &f.tdgd),
        ),
        q(
            "dhte",
            6,
            SurveyField::ChildSchooling,
            "select",
            &f.dhte,
            yes_no(t, &f.dhte),
        ),
        q(
            "clno",
            7,
            SurveyField::HousingStructure,
            "number",
            &f.clno,
            vec![],
        ),
        q("dtno", 8, SurveyField::FloorArea, "text", &f.dtno, vec![]),
        q(
            "nuoc",
            9,
            SurveyField::WaterSource,
            "select",
            &f.nuoc,
            water,
        ),
        q("ntieu", 10, SurveyField::Toilet, "select", &f.ntieu, toilet),
        q(
            "vt",
            11,
            SurveyField::Telecom,
            "select",
            &f.vt,
            yes_no(t, &f.vt),
        ),
        q(
            "ttin",
            12,
            SurveyField::InformationDevice,
            "select",
            &f.ttin,
            yes_no(t, &f.ttin),
        ),
    ]
}

/// The child counts (for the child-deprivation report), after the 12 indicators.
fn child_questions(t: Tr, f: &SurveyForm, errors: &FieldErrors) -> Vec<Question> {
    [
        ("te", SurveyField::ChildrenUnder16, &f.te),
        ("te_sdd", SurveyField::ChildrenMalnourished, &f.te_sdd),
        (
            "te_bhyt",
            SurveyField::ChildrenWithoutHealthInsurance,
            &f.te_bhyt,
        ),
        ("te_hoc", SurveyField::ChildrenNotAtSchoolLevel, &f.te_hoc),
    ]
    .into_iter()
    .map(|(name, field, value)| Question {
        name,
        number: 0,
        label: t.s(question_key(field)),
        kind: "number",
        value: value.clone(),
        options: Vec::new(),
        error: errors.get(name).map(str::to_string),
    })
    .collect()
}

/// The form field that shows an error of a survey field.
fn input_of(field: SurveyField) -> &'static str {
    match field {
        SurveyField::Members => "nhan_khau",
        SurveyField::Income | SurveyField::ScoreA => "gia_tri",
        SurveyField::Employment => "vl",
        SurveyField::Dependants => "npt",
        SurveyField::Nutrition => "dd",
        SurveyField::HealthInsurance => "bhyt",
        SurveyField::AdultEducation => "tdgd",
        SurveyField::ChildSchooling => "dhte",
        SurveyField::HousingStructure => "clno",
        SurveyField::FloorArea => "dtno",
        SurveyField::WaterSource => "nuoc",
        SurveyField::Toilet => "ntieu",
        SurveyField::Telecom => "vt",
        SurveyField::InformationDevice => "ttin",
        SurveyField::ChildrenUnder16 => "te",
        SurveyField::ChildrenMalnourished => "te_sdd",
        SurveyField::ChildrenWithoutHealthInsurance => "te_bhyt",
        SurveyField::ChildrenNotAtSchoolLevel => "te_hoc",
    }
}

/// Reads the typed form into answers, noting each field that cannot be read; the core then
/// checks every answer against its domain.
fn answers_of(f: &SurveyForm, errors: &mut FieldErrors) -> Option<SurveyAnswers> {
    let number = |raw: &str, name: &str, errors: &mut FieldErrors| -> Option<i64> {
        let s: String = raw.trim().chars().filter(|c| *c != '.').collect();
        if s.is_empty() {
            return None;
        }
        match s.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add(name, format!("'{}' không phải là số", raw.trim()));
                None
            }
        }
    };
    let flag = |raw: &str| match raw {
        "co" => Some(true),
        "khong" => Some(false),
        _ => None,
    };
    let members = number(&f.nhan_khau, "nhan_khau", errors).unwrap_or(0);
    let value = number(&f.gia_tri, "gia_tri", errors);
    let means = match (f.cach.as_str(), value) {
        (_, None) => {
            if errors.get("gia_tri").is_none() {
                errors.add("gia_tri", "cần thu nhập bình quân hoặc điểm A");
            }
            MeansAnswer::Income(0)
        }
        ("diem", Some(v)) => MeansAnswer::ScoreA(v),
        (_, Some(v)) => MeansAnswer::Income(v),
    };
    let floor = if f.dtno.trim().is_empty() {
        None
    } else {
        match parse_area_tenths(&f.dtno) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.add("dtno", e.to_string());
                None
            }
        }
    };
    // An empty list is "not answered"; a value outside the list is its own error.
    let water = if f.nuoc.trim().is_empty() {
        None
    } else {
        WaterSource::parse(&f.nuoc)
            .map_err(|e| errors.add("nuoc", e.to_string()))
            .ok()
    };
    let toilet = if f.ntieu.trim().is_empty() {
        None
    } else {
        ToiletType::parse(&f.ntieu)
            .map_err(|e| errors.add("ntieu", e.to_string()))
            .ok()
    };
    // The form always asks for the children (the sheet import may leave them out); an empty
    // "of whom" count is none, so a household without children needs one keystroke.
    let children = number(&f.te, "te", errors);
    if f.te.trim().is_empty() {
        errors.add(
            "te",
            "cần số trẻ em dưới 16 tuổi (ghi 0 nếu hộ không có trẻ em)",
        );
    }
    let mut of_whom = |raw: &str, name: &str| number(raw, name, errors).or(children.map(|_| 0));
    let malnourished = of_whom(&f.te_sdd, "te_sdd");
    let uninsured = of_whom(&f.te_bhyt, "te_bhyt");
    let out_of_school = of_whom(&f.te_hoc, "te_hoc");
    let answers = SurveyAnswers {
        // The store sets the settlement from the campaign's commune.
        settlement: Settlement::Rural,
        members,
        means,
        member_without_stable_job: flag(&f.vl),
        dependants: number(&f.npt, "npt", errors),
        malnourished_child: flag(&f.dd),
        member_without_health_insurance: flag(&f.bhyt),
        youth_below_expected_education: flag(&f.tdgd),
        child_not_at_expected_school_level: flag(&f.dhte),
        non_durable_main_parts: number(&f.clno, "clno", errors),
        floor_area_tenths_m2: floor,
        water_source: water,
        toilet,
        uses_telecom: flag(&f.vt),
        has_information_device: flag(&f.ttin),
        children_under_16: children,
        children_malnourished: malnourished,
        children_without_health_insurance: uninsured,
        children_not_at_school_level: out_of_school,
    };
    if let Err(list) = answers.validate() {
        for e in list {
            let name = input_of(e.field());
            if errors.get(name).is_none() {
                errors.add(name, e.to_string());
            }
        }
    }
    errors.is_empty().then_some(answers)
}

/// The fields of the survey form in the order the cursor walks them.
const FORM_ORDER: [&str; 20] = [
    "nhan_khau",
    "gia_tri",
    "vl",
    "npt",
    "dd",
    "bhyt",
    "tdgd",
    "dhte",
    "clno",
    "dtno",
    "nuoc",
    "ntieu",
    "vt",
    "ttin",
    "te",
    "te_sdd",
    "te_bhyt",
    "te_hoc",
    "nguoi_ra_soat",
    "ngay",
];

#[derive(Template)]
#[template(path = "poverty/survey.html")]
struct SurveyPage {
    /// The field the cursor starts on: the first one in error, else the members.
    focus: &'static str,
    t: Tr,
    l: Layout,
    campaign_id: String,
    commune: String,
    year: i32,
    household: String,
    f: SurveyForm,
    score: bool,
    questions: Vec<Question>,
    children: Vec<Question>,
    errors: FieldErrors,
    notice: Option<String>,
}

/// What the survey page shows besides the campaign: the household, the form as typed, its
/// field errors and a refusal of the store.
struct SurveyState {
    household: String,
    f: SurveyForm,
    errors: FieldErrors,
    notice: Option<String>,
}

async fn survey_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    state: SurveyState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let SurveyState {
        household,
        f,
        errors,
        notice,
    } = state;
    let t = ctx.tr;
    let c = ctx.scoped(app).poverty_campaign(id).await?;
    render_status(
        status,
        &SurveyPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            campaign_id: id.to_string(),
            commune: format!("{} ({})", c.area.name, c.area.code),
            year: c.year,
            household,
            score: f.cach == "diem",
            focus: FORM_ORDER
                .into_iter()
                .find(|name| errors.get(name).is_some())
                .unwrap_or("nhan_khau"),
            questions: questions(t, &f, &errors),
            children: child_questions(t, &f, &errors),
            f,
            errors,
            notice,
        },
    )
}

pub async fn survey_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, household)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), "poverty_survey")
        .await?;
    let f = SurveyForm {
        nguoi_ra_soat: ctx.user.display_name.clone(),
        ngay: format::date(today_vn()),
        ..SurveyForm::default()
    };
    let state = SurveyState {
        household,
        f,
        errors: FieldErrors::default(),
        notice: None,
    };
    survey_page(&app, &ctx, id, state, StatusCode::OK).await
}

pub async fn survey_save(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, household)): Path<(String, String)>,
    Form(f): Form<SurveyForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), "poverty_survey")
        .await?;
    let mut errors = FieldErrors::default();
    let surveyed_on = match parse_full_date(&f.ngay) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add("ngay", e.to_string());
            None
        }
    };
    if f.nguoi_ra_soat.trim().is_empty() {
        errors.add("nguoi_ra_soat", "cần tên người rà soát");
    }
    let answers = answers_of(&f, &mut errors);
    let (Some(answers), Some(surveyed_on), true) = (answers, surveyed_on, errors.is_empty()) else {
        let state = SurveyState {
            household,
            f,
            errors,
            notice: None,
        };
        return survey_page(&app, &ctx, id, state, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = SurveyInput {
        household_code: household.clone(),
        answers,
        surveyor: f.nguoi_ra_soat.trim().to_string(),
        surveyed_on,
    };
    match scoped.record_poverty_survey(id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/ra-soat/{id}?luu=1")).into_response()),
        Err(e) => {
            let state = SurveyState {
                household,
                f,
                errors: FieldErrors::default(),
                notice: Some(crate::routes::rule_refusal(e)?),
            };
            survey_page(&app, &ctx, id, state, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

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
        .authorize(Domain::Poverty.export(), "poverty_report")
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
    let (year, today_basis, r) = report_of(&app, &ctx, &p).await?;
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
                line.label_vi(PovertyList::Poor).to_string(),
                format::thousands(*poor as i64),
                line.label_vi(PovertyList::NearPoor).to_string(),
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

//! The survey form as typed (one household, every answer on one keyboard-friendly page): the
//! questions it shows, and its answers read for the core, each unreadable field noted where
//! the cursor goes back to.

use ansinh_core::Settlement;
use ansinh_core::poverty::survey::parse_area_tenths;
use ansinh_core::poverty::{MeansAnswer, SurveyAnswers, SurveyField, ToiletType, WaterSource};
use serde::Deserialize;

use crate::i18n::Tr;
use crate::layout::{FieldErrors, Opt};

/// The survey form as typed: every field is text so a wrong entry comes back as typed.
#[derive(Deserialize, Default, Clone)]
pub struct SurveyForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) nhan_khau: String,
    #[serde(default)]
    pub(super) cach: String,
    #[serde(default)]
    pub(super) gia_tri: String,
    #[serde(default)]
    pub(super) vl: String,
    #[serde(default)]
    pub(super) npt: String,
    #[serde(default)]
    pub(super) dd: String,
    #[serde(default)]
    pub(super) bhyt: String,
    #[serde(default)]
    pub(super) tdgd: String,
    #[serde(default)]
    pub(super) dhte: String,
    #[serde(default)]
    pub(super) clno: String,
    #[serde(default)]
    pub(super) dtno: String,
    #[serde(default)]
    pub(super) nuoc: String,
    #[serde(default)]
    pub(super) ntieu: String,
    #[serde(default)]
    pub(super) vt: String,
    #[serde(default)]
    pub(super) ttin: String,
    /// Children under 16, then of them: malnourished, without health insurance (6–16), not at
    /// the school level of their age (3–16).
    #[serde(default)]
    pub(super) te: String,
    #[serde(default)]
    pub(super) te_sdd: String,
    #[serde(default)]
    pub(super) te_bhyt: String,
    #[serde(default)]
    pub(super) te_hoc: String,
    #[serde(default)]
    pub(super) nguoi_ra_soat: String,
    #[serde(default)]
    pub(super) ngay: String,
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

pub(super) fn questions(t: Tr, f: &SurveyForm, errors: &FieldErrors) -> Vec<Question> {
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
pub(super) fn child_questions(t: Tr, f: &SurveyForm, errors: &FieldErrors) -> Vec<Question> {
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
pub(super) fn answers_of(f: &SurveyForm, errors: &mut FieldErrors) -> Option<SurveyAnswers> {
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
pub(super) const FORM_ORDER: [&str; 20] = [
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

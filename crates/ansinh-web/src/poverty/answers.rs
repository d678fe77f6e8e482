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
            let label = t.label(*w);
            Opt::new(w.code(), label, f.nuoc == w.code())
        }))
        .collect();
    let toilet = std::iter::once(Opt::new("", "—", f.ntieu.is_empty()))
        .chain(ToiletType::ALL.iter().map(|w| {
            let label = t.label(*w);
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
pub(crate) fn answers_of(f: &SurveyForm, errors: &mut FieldErrors) -> Option<SurveyAnswers> {
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
pub(crate) const FORM_ORDER: [&str; 20] = [
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use ansinh_core::poverty::SurveyError;

    /// A near-poor household's form as an officer types it: thousands dots in the income, a
    /// decimal comma in the floor area, one child and the "of whom" counts left empty.
    fn typed() -> SurveyForm {
        let s = |v: &str| v.to_string();
        SurveyForm {
            csrf: s("x"),
            nhan_khau: s("3"),
            cach: s(""),
            gia_tri: s("1.400.000"),
            vl: s("co"),
            npt: s("1"),
            dd: s("khong"),
            bhyt: s("khong"),
            tdgd: s("khong"),
            dhte: s("khong"),
            clno: s("0"),
            dtno: s("45,5"),
            nuoc: s("gieng_khoan"),
            ntieu: s("ban_tu_hoai"),
            vt: s("co"),
            ttin: s("co"),
            te: s("1"),
            te_sdd: s(""),
            te_bhyt: s(""),
            te_hoc: s(""),
            nguoi_ra_soat: s("Hồ Thị Thu"),
            ngay: s("20/10/2023"),
        }
    }

    fn read(f: &SurveyForm) -> (Option<SurveyAnswers>, FieldErrors) {
        let mut errors = FieldErrors::default();
        let answers = answers_of(f, &mut errors);
        (answers, errors)
    }

    /// The form's fields that carry an error, in the order the cursor walks them.
    fn in_error(errors: &FieldErrors) -> Vec<&'static str> {
        FORM_ORDER
            .into_iter()
            .filter(|name| errors.get(name).is_some())
            .collect()
    }

    #[test]
    fn a_typed_form_reads_into_answers() {
        let (answers, errors) = read(&typed());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            answers,
            Some(SurveyAnswers {
                settlement: Settlement::Rural,
                members: 3,
                means: MeansAnswer::Income(1_400_000),
                member_without_stable_job: Some(true),
                dependants: Some(1),
                malnourished_child: Some(false),
                member_without_health_insurance: Some(false),
                youth_below_expected_education: Some(false),
                child_not_at_expected_school_level: Some(false),
                non_durable_main_parts: Some(0),
                floor_area_tenths_m2: Some(455),
                water_source: Some(WaterSource::DrilledWell),
                toilet: Some(ToiletType::SemiSeptic),
                uses_telecom: Some(true),
                has_information_device: Some(true),
                children_under_16: Some(1),
                // An empty "of whom" count is none of the children.
                children_malnourished: Some(0),
                children_without_health_insurance: Some(0),
                children_not_at_school_level: Some(0),
            })
        );
    }

    #[test]
    fn the_scoring_method_reads_the_value_as_score_a() {
        let f = SurveyForm {
            cach: "diem".into(),
            gia_tri: "140".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(answers.map(|a| a.means), Some(MeansAnswer::ScoreA(140)));
    }

    #[test]
    fn a_word_for_a_number_is_refused_on_its_own_field() {
        let f = SurveyForm {
            gia_tri: " một triệu ".into(),
            npt: "hai".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert_eq!(answers, None);
        assert_eq!(in_error(&errors), ["gia_tri", "npt"]);
        // One message each: the unreadable income is not also reported as missing.
        assert_eq!(errors.get("gia_tri"), Some("'một triệu' không phải là số"));
        assert_eq!(errors.get("npt"), Some("'hai' không phải là số"));
    }

    #[test]
    fn the_cores_refusal_comes_back_on_the_field_that_shows_it() {
        let f = SurveyForm {
            gia_tri: "-5".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert_eq!(answers, None);
        assert_eq!(in_error(&errors), ["gia_tri"]);
        assert_eq!(
            errors.get("gia_tri"),
            Some("Thu nhập bình quân đầu người/tháng không thể âm (nhận -5)")
        );
    }

    #[test]
    fn an_empty_income_and_an_empty_child_count_are_asked_for() {
        let f = SurveyForm {
            gia_tri: "".into(),
            te: " ".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert_eq!(answers, None);
        assert_eq!(in_error(&errors), ["gia_tri", "te"]);
        assert_eq!(
            errors.get("gia_tri"),
            Some("cần thu nhập bình quân hoặc điểm A")
        );
        assert_eq!(
            errors.get("te"),
            Some("cần số trẻ em dưới 16 tuổi (ghi 0 nếu hộ không có trẻ em)")
        );
    }

    #[test]
    fn an_unanswered_question_is_marked_on_its_own_input() {
        let f = SurveyForm {
            vl: "".into(),
            nuoc: "".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert_eq!(answers, None);
        assert_eq!(in_error(&errors), ["vl", "nuoc"]);
        assert_eq!(
            errors.get("vl"),
            Some(
                SurveyError::Missing(SurveyField::Employment)
                    .to_string()
                    .as_str()
            )
        );
        assert_eq!(
            errors.get("nuoc"),
            Some(
                SurveyError::Missing(SurveyField::WaterSource)
                    .to_string()
                    .as_str()
            )
        );
    }

    #[test]
    fn values_outside_the_lists_are_their_own_errors() {
        let f = SurveyForm {
            nuoc: "song".into(),
            ntieu: "xyz".into(),
            dtno: "45,55".into(),
            ..typed()
        };
        let (answers, errors) = read(&f);
        assert_eq!(answers, None);
        assert_eq!(in_error(&errors), ["dtno", "nuoc", "ntieu"]);
        // Only the parse error: the core's "not answered" is not appended to it.
        let water = WaterSource::parse("song").unwrap_err();
        assert_eq!(errors.get("nuoc"), Some(water.to_string().as_str()));
        let toilet = ToiletType::parse("xyz").unwrap_err();
        assert_eq!(errors.get("ntieu"), Some(toilet.to_string().as_str()));
        let area = parse_area_tenths("45,55").unwrap_err();
        assert_eq!(errors.get("dtno"), Some(area.to_string().as_str()));
    }

    #[test]
    fn the_cursor_walks_the_fields_in_the_order_the_page_shows_them() {
        let t = Tr::new(Lang::Vi);
        let f = typed();
        let errors = FieldErrors::default();
        let mut shown = vec!["nhan_khau", "gia_tri"];
        shown.extend(questions(t, &f, &errors).iter().map(|q| q.name));
        shown.extend(child_questions(t, &f, &errors).iter().map(|q| q.name));
        shown.extend(["nguoi_ra_soat", "ngay"]);
        assert_eq!(shown, FORM_ORDER);
        // Every input that shows a field's error is one the cursor reaches.
        for field in [
            SurveyField::Members,
            SurveyField::Income,
            SurveyField::ScoreA,
            SurveyField::Employment,
            SurveyField::Dependants,
            SurveyField::Nutrition,
            SurveyField::HealthInsurance,
            SurveyField::AdultEducation,
            SurveyField::ChildSchooling,
            SurveyField::HousingStructure,
            SurveyField::FloorArea,
            SurveyField::WaterSource,
            SurveyField::Toilet,
            SurveyField::Telecom,
            SurveyField::InformationDevice,
        ]
        .into_iter()
        .chain(SurveyField::CHILD_COUNTS)
        {
            assert!(FORM_ORDER.contains(&input_of(field)), "{field:?}");
        }
    }

    #[test]
    fn questions_are_numbered_as_the_paper_form_and_keep_the_typed_answers() {
        let t = Tr::new(Lang::Vi);
        let mut errors = FieldErrors::default();
        errors.add("npt", "sai");
        let qs = questions(t, &typed(), &errors);
        assert_eq!(
            qs.iter().map(|q| q.number).collect::<Vec<_>>(),
            (1..=12).collect::<Vec<_>>()
        );
        let q = |name: &str| qs.iter().find(|q| q.name == name).unwrap();
        let selected = |name: &str| -> Vec<(String, String)> {
            q(name)
                .options
                .iter()
                .filter(|o| o.selected)
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect()
        };
        assert_eq!(selected("vl"), [("co".to_string(), "Có".to_string())]);
        assert_eq!(
            selected("nuoc"),
            [("gieng_khoan".to_string(), "Giếng khoan".to_string())]
        );
        assert_eq!(q("npt").value, "1");
        assert_eq!(q("npt").error.as_deref(), Some("sai"));
        assert_eq!(q("vl").error, None);
        assert_eq!(q("nuoc").options.len(), 1 + WaterSource::ALL.len());
        // Every question has its text in both languages.
        for lang in [Lang::Vi, Lang::En] {
            let t = Tr::new(lang);
            let f = typed();
            for q in questions(t, &f, &errors)
                .iter()
                .chain(&child_questions(t, &f, &errors))
            {
                assert_ne!(q.label, "?", "{lang:?} {}", q.name);
                assert!(q.options.iter().all(|o| o.label != "?"), "{}", q.name);
            }
        }
    }

    #[test]
    fn an_answer_outside_the_list_selects_no_option() {
        // A stale or forged form: neither a source nor the blank "—" is shown as chosen.
        let f = SurveyForm {
            nuoc: "song".into(),
            vl: "yes".into(),
            ..typed()
        };
        let qs = questions(Tr::new(Lang::Vi), &f, &FieldErrors::default());
        for name in ["nuoc", "vl"] {
            let q = qs.iter().find(|q| q.name == name).unwrap();
            assert!(q.options.iter().all(|o| !o.selected), "{name}");
        }
    }
}

//! Fuzzing the web's parsers of free text: the survey form, a decision's coefficient, the
//! codes typed in one box, the dates, months and years of forms and queries, record ids in
//! paths, and what a request's headers carry (cookies, the API's bearer token, the path to go
//! back to after signing in). The property, for every input: no panic, no hang (each case runs
//! under a time limit, `ansinh_testkit::fuzz`) and a clear result; a value read from text is
//! read again from the text ansinh writes for it, and the path to go back to stays on the site.
//! `PROPTEST_CASES=100000 cargo test -p ansinh-web --lib fuzz` runs a long session.

use ansinh_core::assistance::format_coefficient;
use ansinh_testkit::fuzz::{config, mutate, mutation, text};
use axum::http::{HeaderMap, HeaderValue, Request, header};
use proptest::prelude::*;

use crate::accounts::admin::codes;
use crate::api::auth::bearer;
use crate::assistance::dossiers::coefficient;
use crate::auth::cookie;
use crate::format::{local_path, url_encode};
use crate::layout::FieldErrors;
use crate::payroll::runs::month_of;
use crate::poverty::answers::{FORM_ORDER, SurveyForm, answers_of};
use crate::poverty::campaign::{applicant_codes, capitalised};
use crate::poverty::year::year_of;
use crate::registry::households::move_date;

/// The names of the survey form's inputs besides `FORM_ORDER`: the method and the token.
const OTHER_INPUTS: [&str; 2] = ["cach", "csrf"];

/// A value of one input of the survey form: what the page's controls send, a number as typed,
/// or anything.
fn survey_value() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "co",
                "khong",
                "",
                "diem",
                "gieng_khoan",
                "tu_hoai",
                "0",
                "1",
                "4",
                "45,5"
            ][..]
        )
        .prop_map(String::from),
        "-?[0-9.]{1,22}",
        text(),
    ]
}

/// Decodes what [`url_encode`] writes.
fn url_decode(s: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

/// Paths that have opened redirects elsewhere: two slashes, a backslash (which browsers read as
/// a slash), controls and spaces browsers strip, an encoded slash, a user before a host.
fn return_path() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(
        &[
            "/",
            "//",
            "\\",
            "/\\",
            "\\/",
            "\t",
            "\n",
            " ",
            "\u{0}",
            "\u{1f}",
            "\u{3000}",
            "%2F",
            "%5C",
            "@",
            "evil.example",
            ".",
            "..",
            ":",
            "https:",
            "?",
            "#",
            "nhan-khau",
            "\u{feff}",
        ][..],
    );
    prop_oneof![
        text(),
        proptest::collection::vec(piece, 1..8).prop_map(|p| p.concat()),
    ]
}

proptest! {
    #![proptest_config(config(4_096))]

    #[test]
    fn fuzz_survey_form(values in proptest::collection::vec(survey_value(), 22)) {
        let names = FORM_ORDER.iter().chain(&OTHER_INPUTS);
        let form: serde_json::Map<String, serde_json::Value> =
            names.zip(values).map(|(n, v)| ((*n).to_string(), v.into())).collect();
        let form: SurveyForm = serde_json::from_value(form.into()).unwrap();
        let mut errors = FieldErrors::default();
        match answers_of(&form, &mut errors) {
            // Read answers are valid answers, and nothing was noted against them.
            Some(answers) => {
                prop_assert!(errors.is_empty());
                prop_assert!(answers.validate().is_ok());
            }
            // Not read: said on an input the cursor goes back to.
            None => prop_assert!(FORM_ORDER.iter().any(|n| errors.get(n).is_some())),
        }
    }

    #[test]
    fn fuzz_coefficients(
        raw in prop_oneof![text(), "[0-9]{0,12}[,.]?[0-9]{0,3}", "[+-]?[0-9]{1,3}[,.][+-]?[0-9]{1,2}"],
        (edit, at, c) in mutation(),
    ) {
        for raw in [raw.clone(), mutate(&raw, edit, at, c)] {
            if let Some(h) = coefficient(&raw) {
                prop_assert!(h >= 0, "{raw:?} gave {h}");
                prop_assert_eq!(coefficient(&format_coefficient(h)), Some(h), "{:?}", raw);
            }
        }
    }

    #[test]
    fn fuzz_codes_typed_in_one_box(raw in text()) {
        let applicants = applicant_codes(&raw);
        for code in &applicants {
            prop_assert!(!code.is_empty() && !code.contains(|c: char| c == ',' || c.is_whitespace()));
        }
        prop_assert_eq!(applicant_codes(&applicants.join(", ")), applicants.clone());
        let areas = codes(&raw);
        for code in &areas {
            prop_assert!(!code.is_empty() && !code.contains([',', ' ', ';']) && code.trim() == *code);
        }
        let joined = areas.join(";");
        prop_assert_eq!(codes(&joined), areas.clone());
        let title = capitalised(&raw);
        prop_assert_eq!(title.is_empty(), raw.is_empty());
    }

    #[test]
    fn fuzz_dates_months_years_and_ids(raw in text(), (edit, at, c) in mutation()) {
        for raw in [raw.clone(), mutate(&raw, edit, at, c)] {
            if let Ok(day) = move_date(&raw) {
                prop_assert!(day <= ansinh_store::today_vn());
            }
            if let Ok(month) = month_of(&raw) {
                prop_assert_eq!(month_of(&month.to_string()), Ok(month));
            }
            prop_assert!((2000..=2100).contains(&year_of(&raw)));
            if let Ok(id) = crate::routes::parse_id(&raw) {
                prop_assert_eq!(crate::routes::parse_id(&id.to_string()).ok(), Some(id));
            }
        }
    }

    #[test]
    fn fuzz_request_headers(raw in proptest::collection::vec(any::<u8>(), 0..64), typed in text(), name in "[a-z_]{1,8}") {
        for value in [raw, typed.into_bytes()] {
            let Ok(value) = HeaderValue::from_bytes(&value) else { continue };
            let mut headers = HeaderMap::new();
            headers.append(header::COOKIE, value.clone());
            if let Some(v) = cookie(&headers, &name) {
                prop_assert!(!v.contains(';') && v.trim() == v);
            }
            let _ = crate::auth::lang_of(&headers);
            let (parts, ()) = Request::builder()
                .header(header::AUTHORIZATION, value)
                .body(())
                .unwrap()
                .into_parts();
            if let Some(secret) = bearer(&parts) {
                prop_assert!(!secret.is_empty() && secret.trim() == secret);
            }
        }
    }

    #[test]
    fn fuzz_return_paths_stay_on_the_site(raw in return_path()) {
        let site = url::Url::parse("https://ansinh.example/dang-nhap").unwrap();
        if let Some(path) = local_path(&raw) {
            let to = site.join(path);
            prop_assert!(to.is_err() || to.as_ref().unwrap().host_str() == Some("ansinh.example"), "{:?} → {:?}", raw, to);
        }
        prop_assert_eq!(url_decode(&url_encode(&raw)), Some(raw.clone()));
    }
}

//! No personal data in the logs: the flows that handle names, personal IDs, passwords and
//! phone numbers, run with every log line captured at the most verbose level, and the
//! captured lines searched for what the requests carried.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::*;

/// Every line the subscriber writes, kept for the assertions.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const NAME: &str = "Phạm Thị Riêng Tư";
const NAME_FOLDED: &str = "pham thi rieng tu";
const PID: &str = "046185999001";
const PHONE: &str = "0912345678";
const WRONG_PASSWORD: &str = "KhongPhaiMatKhau-7";

/// The subscriber is the process's global one (the only test that sets one): a thread-local
/// default raced with the other tests' threads over tracing's per-callsite cache and missed
/// events. The other tests' lines land in the same buffer, which only makes the check wider:
/// the values searched for are this test's own.
#[tokio::test]
async fn logs_hold_no_names_ids_or_passwords() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "info,ansinh_web=trace,ansinh_store=trace,ansinh_core=trace,ansinh_files=trace",
        ))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let app = app().await;
    let officer = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&officer).await;
    // A person created through the form, found by name and by ID, opened and edited badly.
    let r = app
        .post(
            "/nhan-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("personal_id", PID),
                ("full_name", NAME),
                ("sex", "F"),
                ("birth_date", "12/03/1985"),
                ("ethnicity", "1"),
                ("area_code", "19900"),
                ("phone", PHONE),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let person = r.location().split('?').next().unwrap().to_string();
    app.get(&format!("/nhan-khau?q={}", enc(NAME_FOLDED)), &cookie)
        .await;
    app.get(&format!("/nhan-khau?q={PID}"), &cookie).await;
    app.get(&person, &cookie).await;
    app.post(
        &person,
        &cookie,
        &[("csrf", &csrf), ("full_name", NAME), ("version", "x")],
    )
    .await;
    // An ID typed into a wrong URL, and a forged form.
    app.get(&format!("/nhan-khau-{PID}"), &cookie).await;
    app.post(
        "/nhan-khau",
        &cookie,
        &[("csrf", "sai"), ("full_name", NAME)],
    )
    .await;
    // An import whose rows hold names and IDs, one of them bad.
    let csv = format!(
        "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\n\
         046185999002,{NAME} Hai,Nữ,12/03/1985,19900\n\
         04618599900,{NAME} Ba,Nữ,1985,19900\n"
    );
    app.upload(&cookie, &csrf, "nhan-khau", "danh-sach.csv", csv.as_bytes())
        .await;
    // The API with a person's data, and a failed sign-in with a wrong password.
    let token = app
        .token(&officer, "tok", Role::CommuneOfficer, &["19900"])
        .await;
    let body = format!(
        r#"{{"personal_id":"046185999003","full_name":"{NAME} Bốn","sex":"female","birth_date":"1985-03-12","area_code":"19900"}}"#
    );
    app.api("POST", "/api/v1/persons", &token, Some(&body))
        .await;
    app.api(
        "GET",
        &format!("/api/v1/persons?q={}", enc(NAME_FOLDED)),
        &token,
        None,
    )
    .await;
    app.post(
        "/dang-nhap",
        "",
        &[("username", "canbo.xa"), ("password", WRONG_PASSWORD)],
    )
    .await;

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("response"),
        "the requests were logged: {text}"
    );
    for secret in [
        NAME,
        "Riêng Tư",
        NAME_FOLDED,
        "rieng",
        PID,
        "046185999002",
        "046185999003",
        "04618599900",
        PHONE,
        WRONG_PASSWORD,
        &csrf,
        &token,
    ] {
        let line = text.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "{secret:?} is in the log: {line:?}");
    }
}

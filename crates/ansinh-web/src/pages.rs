//! The few pages served before the full web application: home with totals, and the areas.

use ansinh_core::area::AreaLevel;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Formats an integer with `.` as the thousands separator, the Vietnamese way.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · ansinh</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733}}\
         table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #d8dee6;padding:.3rem .6rem;text-align:left}}\
         td.n{{text-align:right}}nav a{{margin-right:1rem}}</style></head>\
         <body><nav><a href=\"/\">Trang chủ</a><a href=\"/dia-ban\">Địa bàn</a></nav><h1>{t}</h1>{body}</body></html>",
        t = esc(title)
    ))
}

fn error_page(e: &ansinh_store::StoreError) -> Response {
    tracing::error!(code = e.code(), "store error while rendering a page");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        page(
            "Lỗi",
            &format!("<p>Không đọc được dữ liệu (mã lỗi {}).</p>", esc(e.code())),
        ),
    )
        .into_response()
}

pub async fn home(State(app): State<AppState>) -> Response {
    match app.store.counts().await {
        Ok(c) => page(
            "ansinh: an sinh xã hội thành phố Huế",
            &format!(
                "<p>Sổ đăng ký hộ gia đình và nhân khẩu.</p><table>\
                 <tr><th>Nhân khẩu</th><td class=n>{}</td></tr>\
                 <tr><th>trong đó chưa có số định danh</th><td class=n>{}</td></tr>\
                 <tr><th>Hộ gia đình</th><td class=n>{}</td></tr>\
                 <tr><th>Đơn vị hành chính (mọi thời kỳ)</th><td class=n>{}</td></tr></table>\
                 <p>Màn hình tra cứu nhân khẩu cần đăng nhập và sẽ có khi tài khoản được bật.</p>",
                thousands(c.persons),
                thousands(c.legacy_persons),
                thousands(c.households),
                thousands(c.areas)
            ),
        )
        .into_response(),
        Err(e) => error_page(&e),
    }
}

pub async fn areas(State(app): State<AppState>) -> Response {
    let today = ansinh_store::today_vn();
    let communes = match app.store.areas_in_force(AreaLevel::Commune, today).await {
        Ok(c) => c,
        Err(e) => return error_page(&e),
    };
    let mut rows = String::new();
    for c in &communes {
        let old = match app.store.predecessors_of(c.id).await {
            Ok(o) => o,
            Err(e) => return error_page(&e),
        };
        let old: Vec<String> = old
            .iter()
            .map(|a| format!("{} ({})", esc(&a.name), esc(&a.code)))
            .collect();
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.code),
            esc(&c.name),
            c.settlement().label_vi(),
            old.join(", ")
        ));
    }
    page(
        "Địa bàn",
        &format!(
            "<p>{} đơn vị cấp xã có hiệu lực ngày {} và các đơn vị cũ đã hợp nhất từ 01/07/2025.</p>\
             <table><tr><th>Mã</th><th>Tên</th><th>Khu vực</th><th>Đơn vị trước 01/07/2025</th></tr>{rows}</table>",
            communes.len(),
            ansinh_core::date::format_vn(today)
        ),
    )
    .into_response()
}

pub async fn ready(State(app): State<AppState>) -> Response {
    match app.store.counts().await {
        Ok(_) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(code = e.code(), "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_use_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(thousands(-60_834), "-60.834");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}

//! Numbers, dates and URL pieces written the Vietnamese way, in both languages: dates are
//! dd/mm/yyyy, thousands are separated by "." and decimals by ",".

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Formats an integer with `.` as the thousands separator.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Formats a number with `decimals` digits after a decimal comma, and dotted thousands.
pub fn decimal(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if x < 0.0 && text.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", thousands(whole))
    } else {
        format!("{sign}{},{frac}", thousands(whole))
    }
}

/// dd/mm/yyyy.
pub fn date(d: NaiveDate) -> String {
    ansinh_core::date::format_vn(d)
}

/// A moment in Vietnam's time (UTC+7), as officers read clocks: dd/mm/yyyy hh:mm.
pub fn moment(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(7 * 3600).expect("valid offset");
    at.with_timezone(&offset)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// Percent-encodes a query-string value. `/` stays readable because it is allowed in a query.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path to go back to after a login or a language switch: only a local path, never another
/// site ("//host" or a full URL would make the app an open redirect).
pub fn local_path(raw: &str) -> Option<&str> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.starts_with("/\\")
        && !raw.chars().any(|c| c.is_control());
    ok.then_some(raw)
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
    fn decimals_use_a_comma() {
        assert_eq!(decimal(1234.5, 1), "1.234,5");
        assert_eq!(decimal(0.25, 2), "0,25");
        assert_eq!(decimal(-1_000_000.0, 0), "-1.000.000");
        assert_eq!(decimal(-0.001, 1), "0,0");
    }

    #[test]
    fn dates_are_day_first() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        assert_eq!(date(d), "01/07/2025");
        let at = DateTime::parse_from_rfc3339("2026-11-26T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(moment(at), "27/11/2026 01:30");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/nhan-khau?q=a"), Some("/nhan-khau?q=a"));
        assert_eq!(local_path("//evil.example"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path("/\\evil"), None);
        assert_eq!(url_encode("/a b?c=đ"), "/a%20b%3Fc%3D%C4%91");
    }
}

//! The accounts capability's refusals (users, passwords, API tokens). The accounts themselves
//! live in the store and the web layer; their errors live here with the other capabilities'
//! so every coded error of a capability is in the core, where the web and the CLI can name it.
//! The password rule is here too ([`password::check`]), one pure function that the store
//! applies to every password it is given, whichever door it came through.

pub mod password;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountsError {
    #[error("mật khẩu cần ít nhất {min} ký tự")]
    PasswordTooShort { min: usize },
    #[error("mật khẩu không được chứa tên đăng nhập")]
    PasswordContainsUsername,
    #[error("mật khẩu không được chứa họ tên người dùng")]
    PasswordContainsName,
    #[error("mật khẩu lặp lại một ký tự hoặc một cụm ký tự (như aaaa, abcabc) nên rất dễ đoán")]
    PasswordRepeated,
    #[error("mật khẩu là một dãy ký tự liền nhau (như abcd, 6789) nên rất dễ đoán")]
    PasswordSequence,
    #[error("mật khẩu là một mật khẩu hoặc một từ thông dụng nên rất dễ đoán")]
    PasswordCommon,
    #[error("mật khẩu quá dễ đoán (hàng phím liền nhau, ngày tháng, năm hoặc tên riêng)")]
    PasswordGuessable,
    #[error("tên đăng nhập gồm 3–32 ký tự a–z, 0–9, '.', '_' hoặc '-'")]
    BadUsername,
    #[error("tên đăng nhập {0} đã có")]
    UsernameTaken(String),
    #[error("cần họ tên người dùng")]
    DisplayNameMissing,
    #[error("{0} là cấp huyện, đã bãi bỏ")]
    DistrictAbolished(String),
    #[error("cán bộ xã chỉ được gán xã/phường")]
    CommuneOfficerNotCommune,
    #[error("tài khoản phải được gán ít nhất một địa bàn")]
    NoArea,
    #[error("cần tên của mã truy cập")]
    TokenNameMissing,
    #[error("không thể tự khoá tài khoản đang dùng")]
    SelfDisable,
    /// The configured session lifetime does not fit a date (a configuration error).
    #[error("thời hạn phiên không hợp lệ: {0}")]
    SessionTtl(String),
}

crate::coded! {
    AccountsError {
        PasswordTooShort => "accounts.password_too_short", Refusal,
        PasswordContainsUsername => "accounts.password_contains_username", Refusal,
        PasswordContainsName => "accounts.password_contains_name", Refusal,
        PasswordRepeated => "accounts.password_repeated", Refusal,
        PasswordSequence => "accounts.password_sequence", Refusal,
        PasswordCommon => "accounts.password_common", Refusal,
        PasswordGuessable => "accounts.password_guessable", Refusal,
        BadUsername => "accounts.bad_username", Refusal,
        UsernameTaken => "accounts.username_taken", Refusal,
        DisplayNameMissing => "accounts.display_name_missing", Refusal,
        DistrictAbolished => "accounts.district_abolished", Refusal,
        CommuneOfficerNotCommune => "accounts.commune_officer_area", Refusal,
        NoArea => "accounts.no_area", Refusal,
        TokenNameMissing => "accounts.token_name_missing", Refusal,
        SelfDisable => "accounts.self_disable", Refusal,
        SessionTtl => "accounts.session_ttl", Failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn refusals_keep_their_wording() {
        let e = AccountsError::PasswordTooShort { min: 10 };
        assert_eq!(e.to_string(), "mật khẩu cần ít nhất 10 ký tự");
        assert_eq!(e.code(), "accounts.password_too_short");
        assert!(e.is_refusal());
        assert_eq!(
            AccountsError::SessionTtl("x".into()).kind(),
            ErrorKind::Failure
        );
    }
}

//! Accounts on the web: signing in and out, the password and language, the administrators'
//! accounts and API tokens, and the audit log for the province's inspectors.

pub mod admin;
pub mod audit;
pub mod session;

use ansinh_core::access::Domain::Accounts;
use ansinh_core::accounts::AccountsError;
use ansinh_store::StoreError;

use crate::WebConfig;
use crate::i18n::Tr;
use crate::module::{Access, Messages, Module, NavEntry, Routes, administer};

pub const MODULE: Module = Module {
    name: "accounts",
    routes,
    nav: &[
        NavEntry {
            id: "audit",
            href: "/nhat-ky",
            label: "nav-audit",
            shown: Access::WholeAudit,
        },
        NavEntry {
            id: "admin",
            href: "/quan-tri",
            label: "nav-admin",
            shown: administer(Accounts),
        },
    ],
    openapi: crate::module::no_api,
    messages: Messages {
        vi: include_str!("messages/vi.ftl"),
        en: include_str!("messages/en.ftl"),
    },
    errors: &[("AccountsError", ansinh_core::accounts::AccountsError::CODES)],
};

fn routes(r: &mut Routes, _: &WebConfig) {
    r.get("/dang-nhap", Access::Public, session::login_form)
        .post("/dang-nhap", Access::Public, session::login)
        .post("/dang-xuat", Access::Public, session::logout)
        .get("/doi-mat-khau", Access::SignedIn, session::password_form)
        .post("/doi-mat-khau", Access::SignedIn, session::change_password)
        .get("/ngon-ngu/{lang}", Access::Public, session::set_language)
        .get("/nhat-ky", Access::WholeAudit, audit::page)
        .get("/quan-tri", administer(Accounts), admin::page)
        .post(
            "/quan-tri/nguoi-dung",
            administer(Accounts),
            admin::create_user,
        )
        .post(
            "/quan-tri/nguoi-dung/{id}/{action}",
            Access::PerAction(
                const {
                    &[
                        ("khoa", administer(Accounts)),
                        ("mo-khoa", administer(Accounts)),
                        ("mat-khau", administer(Accounts)),
                        ("go-chan", administer(Accounts)),
                    ]
                },
            ),
            admin::user_action,
        )
        .post(
            "/quan-tri/ma-truy-cap",
            administer(Accounts),
            admin::create_token,
        )
        .post(
            "/quan-tri/ma-truy-cap/{id}/thu-hoi",
            administer(Accounts),
            admin::revoke_token,
        );
}

/// Why the store refused a new password, in the page's language (the core's rule,
/// `ansinh_core::accounts::password`); `None` for any other error.
pub(crate) fn password_refusal(t: Tr, e: &StoreError) -> Option<String> {
    let StoreError::Accounts(e) = e else {
        return None;
    };
    let key = match e {
        AccountsError::PasswordTooShort { min } => {
            return Some(t.f("pw-too_short", &[("min", min.to_string())]));
        }
        AccountsError::PasswordContainsUsername => "pw-contains_username",
        AccountsError::PasswordContainsName => "pw-contains_name",
        AccountsError::PasswordRepeated => "pw-repeated",
        AccountsError::PasswordSequence => "pw-sequence",
        AccountsError::PasswordCommon => "pw-common",
        AccountsError::PasswordGuessable => "pw-guessable",
        _ => return None,
    };
    Some(t.s(key).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// The Vietnamese reasons are the core's own, word for word; the English ones exist.
    #[test]
    fn password_refusals_are_the_cores() {
        for e in [
            AccountsError::PasswordTooShort { min: 10 },
            AccountsError::PasswordContainsUsername,
            AccountsError::PasswordContainsName,
            AccountsError::PasswordRepeated,
            AccountsError::PasswordSequence,
            AccountsError::PasswordCommon,
            AccountsError::PasswordGuessable,
        ] {
            let vi = password_refusal(Tr::new(Lang::Vi), &e.clone().into());
            assert_eq!(vi.as_deref(), Some(e.to_string().as_str()));
            let en = password_refusal(Tr::new(Lang::En), &e.into()).unwrap();
            assert!(en.starts_with("the password"), "{en}");
        }
        assert_eq!(
            password_refusal(Tr::new(Lang::En), &AccountsError::NoArea.into()),
            None
        );
    }
}

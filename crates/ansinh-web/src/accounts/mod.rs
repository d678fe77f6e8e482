//! Accounts on the web: signing in and out, the password and language, the administrators'
//! accounts and API tokens, and the audit log for the province's inspectors.

pub mod admin;
pub mod audit;
pub mod session;

use ansinh_core::access::Domain::Accounts;

use crate::WebConfig;
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

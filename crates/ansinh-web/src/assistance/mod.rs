//! Social assistance on the web: allowance dossiers through their steps to the decision, and
//! the rules in force on a day.

pub mod api;
pub mod dossiers;
pub mod rules;

use ansinh_core::access::Domain::Assistance;

use crate::WebConfig;
use crate::module::{Access, Messages, Module, NavEntry, Routes, approve, read, write};

pub const MODULE: Module = Module {
    name: "assistance",
    routes,
    nav: &[
        NavEntry {
            id: "dossiers",
            href: "/ho-so",
            label: "nav-dossiers",
            shown: read(Assistance),
        },
        NavEntry {
            id: "rules",
            href: "/quy-dinh",
            label: "nav-rules",
            shown: Access::Public,
        },
    ],
    openapi: api::doc,
    messages: Messages {
        vi: include_str!("messages/vi.ftl"),
        en: include_str!("messages/en.ftl"),
    },
    errors: &[
        (
            "AssistanceError",
            ansinh_core::assistance::AssistanceError::CODES,
        ),
        (
            "DossierError",
            ansinh_core::assistance::dossier::DossierError::CODES,
        ),
        ("RuleError", ansinh_core::assistance::RuleError::CODES),
    ],
};

fn routes(r: &mut Routes, _: &WebConfig) {
    r.get("/ho-so", read(Assistance), dossiers::list)
        .post("/ho-so", write(Assistance), dossiers::create)
        .get("/ho-so/{id}", read(Assistance), dossiers::show)
        .post(
            "/ho-so/{id}/{action}",
            Access::PerAction(
                const {
                    &[
                        ("buoc", write(Assistance)),
                        ("quyet-dinh", approve(Assistance)),
                        ("tu-choi", approve(Assistance)),
                    ]
                },
            ),
            dossiers::act,
        )
        .get("/quy-dinh", Access::Public, rules::page)
        .get("/api/v1/dossiers", read(Assistance), api::dossiers);
}

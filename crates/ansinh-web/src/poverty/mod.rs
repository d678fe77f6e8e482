//! The poverty review on the web: a year's campaigns by commune, lists, surveys, steps,
//! classification and approval, the report and its fifteen printable forms.

pub mod api;
pub mod forms;
pub mod review;

use ansinh_core::access::Domain::Poverty;

use crate::WebConfig;
use crate::module::{Access, Messages, Module, NavEntry, Routes, approve, export, read, write};

pub const MODULE: Module = Module {
    name: "poverty",
    routes,
    nav: &[NavEntry {
        id: "review",
        href: "/ra-soat",
        label: "nav-review",
        shown: read(Poverty),
    }],
    openapi: api::doc,
    messages: Messages {
        vi: include_str!("messages/vi.ftl"),
        en: include_str!("messages/en.ftl"),
    },
    errors: &[
        ("PovertyError", ansinh_core::poverty::PovertyError::CODES),
        ("SurveyError", ansinh_core::poverty::SurveyError::CODES),
        ("StandardError", ansinh_core::poverty::StandardError::CODES),
        ("ClassifyError", ansinh_core::poverty::ClassifyError::CODES),
    ],
};

fn routes(r: &mut Routes, _: &WebConfig) {
    r.get("/ra-soat", read(Poverty), review::year)
        .post("/ra-soat", write(Poverty), review::open)
        .get("/ra-soat/bao-cao", read(Poverty), review::report)
        .get(
            "/ra-soat/bao-cao.xlsx",
            export(Poverty),
            review::report_xlsx,
        )
        .get("/ra-soat/bao-cao/bieu", export(Poverty), forms::all)
        .get(
            "/ra-soat/bao-cao/bieu/{number}",
            export(Poverty),
            forms::one,
        )
        .get("/ra-soat/{id}", read(Poverty), review::campaign)
        .get(
            "/ra-soat/{id}/phieu/{household}",
            write(Poverty),
            review::survey_form,
        )
        .post(
            "/ra-soat/{id}/phieu/{household}",
            write(Poverty),
            review::survey_save,
        )
        .post(
            "/ra-soat/{id}/{action}",
            Access::PerAction(
                const {
                    &[
                        ("them-ho", write(Poverty)),
                        ("phan-loai", write(Poverty)),
                        ("buoc", write(Poverty)),
                        ("phe-duyet", approve(Poverty)),
                    ]
                },
            ),
            review::act,
        )
        .get("/api/v1/poverty/report", read(Poverty), api::poverty_report);
}

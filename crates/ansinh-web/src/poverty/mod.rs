//! The poverty review on the web (rà soát hộ nghèo, hộ cận nghèo), for a commune officer and
//! the province: a year's campaigns by commune (`year`), a campaign's list, steps,
//! classification and approval by the leader (`campaign`), the survey of one household
//! (`survey`, with the form's questions and answers in `answers`), the rates of the year and
//! its workbook (`report`) and the fifteen printable forms (`forms`). The rules are the core's;
//! every read and write goes through the store's `Scoped` handle.

pub mod answers;
pub mod api;
pub mod campaign;
pub mod forms;
pub mod report;
pub mod survey;
pub mod year;

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
    r.get("/ra-soat", read(Poverty), year::year)
        .post("/ra-soat", write(Poverty), year::open)
        .get("/ra-soat/bao-cao", read(Poverty), report::report)
        .get(
            "/ra-soat/bao-cao.xlsx",
            export(Poverty),
            report::report_xlsx,
        )
        .get("/ra-soat/bao-cao/bieu", export(Poverty), forms::all)
        .get(
            "/ra-soat/bao-cao/bieu/{number}",
            export(Poverty),
            forms::one,
        )
        .get("/ra-soat/{id}", read(Poverty), campaign::campaign)
        .get(
            "/ra-soat/{id}/phieu/{household}",
            write(Poverty),
            survey::survey_form,
        )
        .post(
            "/ra-soat/{id}/phieu/{household}",
            write(Poverty),
            survey::survey_save,
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
            campaign::act,
        )
        .get("/api/v1/poverty/report", read(Poverty), api::poverty_report);
}

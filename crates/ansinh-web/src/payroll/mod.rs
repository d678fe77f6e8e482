//! The monthly payroll on the web: a month's runs, computing, approving and locking, a run's
//! totals and the communes' payment lists.

pub mod api;
pub mod runs;

use ansinh_core::access::Domain::Payroll;

use crate::WebConfig;
use crate::module::{Access, Messages, Module, NavEntry, Routes, approve, export, read, write};

pub const MODULE: Module = Module {
    name: "payroll",
    routes,
    nav: &[NavEntry {
        id: "payroll",
        href: "/chi-tra",
        label: "nav-payroll",
        shown: read(Payroll),
    }],
    openapi: api::doc,
    messages: Messages {
        vi: include_str!("messages/vi.ftl"),
        en: include_str!("messages/en.ftl"),
    },
    errors: &[
        ("PayrollError", ansinh_core::payroll::PayrollError::CODES),
        ("MonthError", ansinh_core::payroll::MonthError::CODES),
    ],
};

fn routes(r: &mut Routes, _: &WebConfig) {
    r.get("/chi-tra", read(Payroll), runs::month)
        .post("/chi-tra", write(Payroll), runs::run)
        .get("/chi-tra/{id}", read(Payroll), runs::show)
        .get(
            "/chi-tra/{id}/danh-sach/{file}",
            export(Payroll),
            runs::list,
        )
        .post(
            "/chi-tra/{id}/{step}",
            Access::PerAction(const { &[("duyet", approve(Payroll)), ("khoa", approve(Payroll))] }),
            runs::advance,
        )
        .get("/api/v1/payroll/runs", read(Payroll), api::runs)
        .post("/api/v1/payroll/runs", write(Payroll), api::compute)
        .get("/api/v1/payroll/runs/{id}", read(Payroll), api::run);
}

//! The registry on the web: persons and households (lists, records, forms, moves), the areas
//! over time, spreadsheet imports with their dry run and exports, and its JSON API.

pub mod api;
pub mod areas;
pub mod export;
pub mod households;
pub mod import;
pub mod personal_data;
pub mod persons;

use ansinh_core::access::Domain::Registry;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;

use crate::WebConfig;
use crate::module::{Access, Messages, Method, Module, NavEntry, Routes, export, read, write};

pub const MODULE: Module = Module {
    name: "registry",
    routes,
    nav: &[
        NavEntry {
            id: "persons",
            href: "/nhan-khau",
            label: "nav-persons",
            shown: read(Registry),
        },
        NavEntry {
            id: "households",
            href: "/ho",
            label: "nav-households",
            shown: read(Registry),
        },
        NavEntry {
            id: "areas",
            href: "/dia-ban",
            label: "nav-areas",
            shown: Access::Public,
        },
        NavEntry {
            id: "transfer",
            href: "/nhap",
            label: "nav-transfer",
            shown: Access::AnyOf(const { &[write(Registry), export(Registry)] }),
        },
    ],
    openapi: api::doc,
    messages: Messages {
        vi: include_str!("messages/vi.ftl"),
        en: include_str!("messages/en.ftl"),
    },
    errors: &[("RegistryError", ansinh_core::registry::RegistryError::CODES)],
};

fn routes(r: &mut Routes, config: &WebConfig) {
    let upload_limit = config.max_upload_bytes + crate::routes::MULTIPART_OVERHEAD;
    r.get("/nhan-khau", read(Registry), persons::list)
        .post("/nhan-khau", write(Registry), persons::create)
        .get("/nhan-khau/moi", write(Registry), persons::new_form)
        .get("/nhan-khau/{id}", read(Registry), persons::show)
        .post("/nhan-khau/{id}", write(Registry), persons::update)
        .get("/nhan-khau/{id}/sua", write(Registry), persons::edit_form)
        .get(
            "/nhan-khau/{id}/du-lieu.json",
            export(Registry),
            personal_data::download,
        )
        .get("/ho", read(Registry), households::list)
        .post("/ho", write(Registry), households::create)
        .get("/ho/moi", write(Registry), households::new_form)
        .get("/ho/{id}", read(Registry), households::show)
        .post(
            "/ho/{id}/thanh-vien",
            write(Registry),
            households::add_member,
        )
        .post(
            "/ho/{id}/thanh-vien/{person}/chuyen-di",
            write(Registry),
            households::move_out,
        )
        .get("/dia-ban", Access::Public, areas::page)
        // The page offers the import to those who write and the export to those who export.
        .get(
            "/nhap",
            Access::AnyOf(const { &[write(Registry), export(Registry)] }),
            import::page,
        )
        .add(
            Method::Post,
            "/nhap",
            write(Registry),
            post(import::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .post("/nhap/{id}/xac-nhan", write(Registry), import::confirm)
        .get(
            "/nhap/{id}/dong-loi.xlsx",
            write(Registry),
            import::rejected,
        )
        .get("/nhap/mau/{file}", Access::SignedIn, import::template)
        .get("/xuat/{file}", export(Registry), export::download)
        .get("/api/v1/areas", Access::SignedIn, api::areas)
        .get(
            "/api/v1/areas/{code}/predecessors",
            Access::SignedIn,
            api::predecessors,
        )
        .get("/api/v1/persons", read(Registry), api::persons)
        .post("/api/v1/persons", write(Registry), api::create_person)
        .get("/api/v1/persons/{id}", read(Registry), api::person)
        .get("/api/v1/households", read(Registry), api::households)
        .get("/api/v1/households/{id}", read(Registry), api::household);
}

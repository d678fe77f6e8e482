//! How a capability plugs into the web application. Each capability's folder exposes one
//! [`Module`]: its pages and API routes, each with who may reach it, its menu entries and its
//! part of the OpenAPI document. [`MODULES`] is the one list that the router, the navigation
//! bar, the API document and the access-matrix test iterate, so adding a capability is its
//! folder and one line there.

use ansinh_core::access::{Capability, Domain};
use ansinh_core::error::ErrorKind;
use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::{AppState, WebConfig};

/// The capabilities in the order of the menu.
pub const MODULES: &[Module] = &[
    crate::routes::MODULE,
    crate::registry::MODULE,
    crate::poverty::MODULE,
    crate::assistance::MODULE,
    crate::payroll::MODULE,
    crate::accounts::MODULE,
];

/// One capability's part of the application.
pub struct Module {
    /// The capability's folder name, the same in every crate (`registry`, `poverty`, …).
    pub name: &'static str,
    /// Adds its pages and API routes.
    pub routes: fn(&mut Routes, &WebConfig),
    /// Its entries in the main menu, in order.
    pub nav: &'static [NavEntry],
    /// Its paths and tags of the API document (merged into `api::ApiDoc`).
    pub openapi: fn() -> utoipa::openapi::OpenApi,
    /// Its messages: the Fluent sources in Vietnamese and English (`<cap>/messages/*.ftl`),
    /// embedded in the binary.
    pub messages: Messages,
    /// The coded errors it owns, by enum name: `docs/error-codes.md` must list each code.
    pub errors: &'static [(&'static str, &'static [(&'static str, ErrorKind)])],
}

/// A capability's message files, Vietnamese and English.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    pub vi: &'static str,
    pub en: &'static str,
}

/// Who may reach a route at all, before the scope's own checks on the record it names (a
/// commune officer reaches `/nhan-khau/{id}` but is refused another commune's person there).
/// The access-matrix test holds every route to its rule for every role, in an own and in
/// another commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, health checks, the public reference pages).
    Public,
    /// Any signed-in account (the home page, the password and the language).
    SignedIn,
    /// An account whose role has the capability.
    Needs(Capability),
    /// An inspector or administrator of the whole province (the audit log: it has no commune
    /// of its own to filter by).
    WholeAudit,
    /// A form whose last path segment names what it does (`/ho-so/{id}/quyet-dinh`): each
    /// value with its own rule; any other value is not found.
    PerAction(&'static [(&'static str, Access)]),
    /// Any one of these (the import and export page: those who write or who export).
    AnyOf(&'static [Access]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

/// A route as the access matrix sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

impl RouteRule {
    /// An API route: a token, not a session, and JSON errors.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

/// Collects the routes of every module with their rules.
#[derive(Default)]
pub struct Routes {
    pages: Router<AppState>,
    api: Router<AppState>,
    rules: Vec<RouteRule>,
}

impl Routes {
    pub fn get<H, T>(&mut self, path: &'static str, access: Access, handler: H) -> &mut Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::Get, path, access, get(handler))
    }

    pub fn post<H, T>(&mut self, path: &'static str, access: Access, handler: H) -> &mut Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::Post, path, access, post(handler))
    }

    /// A route with its own method router (a body limit layered on it, say). Pages and API
    /// routes are told apart by the path, so the API's routes get its JSON errors.
    pub fn add(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> &mut Self {
        let rule = RouteRule {
            method,
            path,
            access,
        };
        let router = if rule.is_api() {
            &mut self.api
        } else {
            &mut self.pages
        };
        // The rule is checked before the handler reads the request (`gate.rs`).
        let route = route.route_layer(axum::middleware::from_fn(move |req, next| {
            crate::gate::check(access, req, next)
        }));
        *router = std::mem::take(router).route(path, route);
        self.rules.push(rule);
        self
    }

    /// Every module's routes.
    pub fn of_all(config: &WebConfig) -> Routes {
        let mut routes = Routes::default();
        for m in MODULES {
            (m.routes)(&mut routes, config);
        }
        routes
    }

    /// The page routes and the API routes, apart (the API gets its own layers).
    pub fn into_routers(self) -> (Router<AppState>, Router<AppState>) {
        (self.pages, self.api)
    }

    pub fn rules(&self) -> &[RouteRule] {
        &self.rules
    }
}

/// Every route of the application with its rule, in registration order.
pub fn route_rules() -> Vec<RouteRule> {
    Routes::of_all(&WebConfig::default()).rules
}

/// A menu entry.
pub struct NavEntry {
    /// What a page names as its section (`Layout::nav`), to mark the entry current.
    pub id: &'static str,
    pub href: &'static str,
    /// The message key of its label.
    pub label: &'static str,
    /// Who sees it; a signed-out visitor sees only the `Public` ones.
    pub shown: Access,
}

/// The menu entries that pass `shown`, in the modules' order.
pub fn menu(shown: impl Fn(Access) -> bool) -> Vec<&'static NavEntry> {
    MODULES
        .iter()
        .flat_map(|m| m.nav.iter())
        .filter(|e| shown(e.shown))
        .collect()
}

/// The API document of a module that has no API.
pub fn no_api() -> utoipa::openapi::OpenApi {
    utoipa::openapi::OpenApi::new(
        utoipa::openapi::Info::new("", ""),
        utoipa::openapi::Paths::new(),
    )
}

/// A read of a programme's records: what its pages need at least.
pub const fn read(domain: Domain) -> Access {
    Access::Needs(Capability::new(domain, ansinh_core::access::Action::Read))
}

pub const fn write(domain: Domain) -> Access {
    Access::Needs(Capability::new(domain, ansinh_core::access::Action::Write))
}

pub const fn approve(domain: Domain) -> Access {
    Access::Needs(Capability::new(
        domain,
        ansinh_core::access::Action::Approve,
    ))
}

pub const fn export(domain: Domain) -> Access {
    Access::Needs(Capability::new(domain, ansinh_core::access::Action::Export))
}

pub const fn administer(domain: Domain) -> Access {
    Access::Needs(Capability::new(
        domain,
        ansinh_core::access::Action::Administer,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_registered_once() {
        let rules = route_rules();
        let mut seen = std::collections::HashSet::new();
        for r in &rules {
            assert!(seen.insert((r.method, r.path)), "{r:?} twice");
        }
        assert!(rules.len() > 40, "{} routes", rules.len());
    }

    /// Every menu entry's label is a message in both languages, and a visitor who is not
    /// signed in sees only the public pages.
    #[test]
    fn menu_labels_are_messages() {
        for e in menu(|_| true) {
            for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
                assert_ne!(crate::i18n::Tr::new(lang).s(e.label), "?", "{}", e.label);
            }
        }
        let public: Vec<_> = menu(|a| a == Access::Public)
            .iter()
            .map(|e| e.href)
            .collect();
        assert_eq!(public, ["/dia-ban", "/quy-dinh"]);
    }

    #[test]
    fn module_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for m in MODULES {
            assert!(seen.insert(m.name), "{} twice", m.name);
        }
    }
}

//! The frame every page shares (header, navigation, user, language switch) and the small view
//! types templates use: select options and per-field errors.

use std::collections::HashMap;

use ansinh_core::FieldError;
use ansinh_store::accounts::User;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::WebError;
use crate::i18n::Tr;

pub struct Layout {
    pub title: String,
    /// The stylesheet's address with its version, so it can be cached for a year.
    pub css: &'static str,
    pub user: Option<UserBar>,
    /// The session's CSRF token, for the forms of the page (logout among them).
    pub csrf: String,
    /// Which navigation entry is the current section.
    pub nav: &'static str,
    /// The main menu's entries this account sees, from every module's (`module::menu`).
    pub menu: Vec<&'static crate::module::NavEntry>,
}

impl Layout {
    /// Whether the menu holds the page at `href` (a page links to another only then).
    pub fn shows(&self, href: &str) -> bool {
        self.menu.iter().any(|e| e.href == href)
    }
}

/// Who is signed in, as the header shows it.
pub struct UserBar {
    pub name: String,
    pub role: &'static str,
    pub scope: String,
}

impl UserBar {
    pub fn of(user: &User, t: Tr) -> UserBar {
        let scope = match user.areas.as_slice() {
            [] => String::new(),
            [one] => one.name.clone(),
            [a, b] => format!("{}, {}", a.name, b.name),
            many => format!("{} {}", many.len(), t.s("scope-communes")),
        };
        UserBar {
            name: user.display_name.clone(),
            role: t.role(user.role),
            scope,
        }
    }
}

/// One `<option>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

/// Messages to show under form fields, by field name.
#[derive(Debug, Default)]
pub struct FieldErrors(HashMap<String, String>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a message; a second one for the same field is appended, so none is lost.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        self.0
            .entry(field.to_string())
            .and_modify(|m| {
                m.push_str("; ");
                m.push_str(&message);
            })
            .or_insert(message);
    }

    /// Adds the core's field errors under the form's field names (`Field::code`).
    pub fn add_core(&mut self, errors: &[FieldError]) {
        for e in errors {
            self.add(e.field.code(), e.message.clone());
        }
    }
}

/// Renders a template as an HTML response.
pub fn render<T: Template>(page: &T) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

/// Renders a template with another status (a form with errors is 422, a failed login 401).
pub fn render_status<T: Template>(status: StatusCode, page: &T) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

//! The route's own rule, checked before its handler reads anything of the request.
//!
//! Every route is registered with an [`Access`] rule ([`crate::module::Routes`]); this layer
//! holds the request to it as soon as the route is matched, before the handler's extractors
//! parse the form, the upload or the JSON body, or look up the record it names. So a role that
//! may not do something is told so (403, recorded as `denied`), never shown field errors, a
//! parse error or a "not found" about a change it could never make. The area of the record is
//! the scope's to check ([`ansinh_store::scoped::Scoped`]), once the handler knows it.
//!
//! The session or the API token it resolves is kept in the request's extensions, so the
//! handler's [`crate::auth::SessionCtx`] or [`crate::api::auth::ApiCtx`] does not resolve it
//! again.

use ansinh_core::access::Scope;
use axum::extract::{FromRequestParts, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::error::ApiError;
use crate::auth::SessionCtx;
use crate::error::WebError;
use crate::module::Access;

/// What the rule says of one request.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Admit,
    Refuse,
    /// A form of [`Access::PerAction`] whose action is none of the listed ones.
    NoSuchAction,
}

impl Access {
    /// Whether an account with `scope` passes this rule. `action` is the request's last path
    /// segment, for [`Access::PerAction`]; without one (a menu entry), any listed action will
    /// do.
    pub fn admits(self, scope: &Scope, browses_audit: bool, action: Option<&str>) -> bool {
        verdict(self, scope, browses_audit, action) == Verdict::Admit
    }
}

fn verdict(access: Access, scope: &Scope, browses_audit: bool, action: Option<&str>) -> Verdict {
    let yes = |b: bool| if b { Verdict::Admit } else { Verdict::Refuse };
    match access {
        Access::Public | Access::SignedIn => Verdict::Admit,
        Access::Needs(c) => yes(scope.can(c)),
        Access::WholeAudit => yes(browses_audit),
        Access::AnyOf(any) => yes(any
            .iter()
            .any(|a| verdict(*a, scope, browses_audit, action) == Verdict::Admit)),
        Access::PerAction(actions) => match action {
            None => yes(actions
                .iter()
                .any(|(_, a)| verdict(*a, scope, browses_audit, None) == Verdict::Admit)),
            Some(act) => match actions.iter().find(|(name, _)| *name == act) {
                Some((_, a)) => verdict(*a, scope, browses_audit, None),
                None => Verdict::NoSuchAction,
            },
        },
    }
}

/// The layer of one route (see [`crate::module::Routes::add`]).
pub async fn check(access: Access, req: Request, next: Next) -> Response {
    if access == Access::Public {
        return next.run(req).await;
    }
    let Some(app) = req.extensions().get::<AppState>().cloned() else {
        // `middleware::wrap` always adds the state; without it nothing can be checked.
        tracing::error!("route gate without the application state");
        return WebError::Internal("web.internal").into_response();
    };
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let action = path.rsplit('/').next().map(str::to_string);
    let is_api = path.starts_with("/api/");
    let (scoped, browses_audit) = if is_api {
        let ctx = match ApiCtx::from_request_parts(&mut parts, &app).await {
            Ok(ctx) => ctx,
            Err(e) => return e.into_response(),
        };
        let scoped = ctx.scoped(&app);
        parts.extensions.insert(ctx);
        (scoped, false)
    } else {
        let ctx = match SessionCtx::from_request_parts(&mut parts, &app).await {
            Ok(ctx) => ctx,
            Err(e) => return e.into_response(),
        };
        // An account that must first change its password is sent there by the handler's
        // `Ctx`, whatever it may reach.
        if ctx.user.must_change_password {
            parts.extensions.insert(ctx);
            return next.run(Request::from_parts(parts, body)).await;
        }
        let scoped = ctx.scoped(&app);
        let browses = ctx.browses_audit;
        parts.extensions.insert(ctx);
        (scoped, browses)
    };
    match verdict(access, scoped.scope(), browses_audit, action.as_deref()) {
        Verdict::Admit => next.run(Request::from_parts(parts, body)).await,
        Verdict::NoSuchAction if is_api => ApiError::not_found().into_response(),
        Verdict::NoSuchAction => WebError::NotFound.into_response(),
        Verdict::Refuse => {
            let refused = scoped.refuse_route(&path).await;
            if is_api {
                ApiError::from(refused).into_response()
            } else {
                WebError::from(refused).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ansinh_core::access::{Action, Capability, Domain, Role};

    use super::*;
    use crate::module::{read, write};

    fn scope(role: Role) -> Scope {
        Scope {
            role,
            communes: Default::default(),
        }
    }

    const FORM: Access = Access::PerAction(&[
        ("buoc", write(Domain::Assistance)),
        (
            "quyet-dinh",
            Access::Needs(Capability::new(Domain::Assistance, Action::Approve)),
        ),
    ]);

    #[test]
    fn a_rule_admits_by_role() {
        const ANY: Access = Access::AnyOf(&[write(Domain::Registry), read(Domain::Registry)]);
        let inspector = scope(Role::Inspector);
        assert!(read(Domain::Registry).admits(&inspector, false, None));
        assert!(!write(Domain::Registry).admits(&inspector, false, None));
        assert!(Access::SignedIn.admits(&inspector, false, None));
        assert!(!Access::WholeAudit.admits(&inspector, false, None));
        assert!(Access::WholeAudit.admits(&inspector, true, None));
        assert!(ANY.admits(&inspector, false, None));
        assert!(!Access::AnyOf(&[]).admits(&inspector, false, None));
    }

    #[test]
    fn a_form_is_judged_by_its_action() {
        let officer = scope(Role::CommuneOfficer);
        assert_eq!(verdict(FORM, &officer, false, Some("buoc")), Verdict::Admit);
        assert_eq!(
            verdict(FORM, &officer, false, Some("quyet-dinh")),
            Verdict::Refuse
        );
        assert_eq!(
            verdict(FORM, &officer, false, Some("xoa")),
            Verdict::NoSuchAction
        );
        // A menu entry shows when any action is allowed.
        assert!(FORM.admits(&officer, false, None));
        assert!(!FORM.admits(&scope(Role::Inspector), false, None));
        assert!(FORM.admits(&scope(Role::Leader), false, None));
    }
}

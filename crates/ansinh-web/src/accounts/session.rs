//! Login, logout, password change and the language switch.

use ansinh_store::accounts::SignIn;
use ansinh_store::audit::Action;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{
    LANG_COOKIE, LOGIN_CSRF_COOKIE, LangPref, SESSION_COOKIE, SessionCtx, cookie, public_layout,
    same_secret, set_cookie,
};
use crate::error::WebError;
use crate::format::local_path;
use crate::i18n::{Lang, Tr};
use crate::layout::{Layout, render, render_status};
use crate::limit::Verdict;
use crate::login_audit::Refusal;
use crate::origin::Origin;

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    t: Tr,
    l: Layout,
    csrf: String,
    username: String,
    next: String,
    error: Option<&'static str>,
    expired: bool,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    tiep: String,
    #[serde(default, rename = "het-han")]
    het_han: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    tiep: String,
}

/// The login page with its double-submit token in a cookie and in the form. A token the
/// browser already holds is kept, so two login tabs do not invalidate each other.
#[allow(clippy::too_many_arguments)]
fn login_page(
    headers: &HeaderMap,
    t: Tr,
    status: StatusCode,
    username: &str,
    next: &str,
    error: Option<&'static str>,
    expired: bool,
) -> Result<Response, WebError> {
    let token = cookie(headers, LOGIN_CSRF_COOKIE)
        .filter(|c| c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| ansinh_store::accounts::new_secret().0);
    let page = LoginPage {
        t,
        l: public_layout(t.s("login-title"), ""),
        csrf: token.clone(),
        username: username.to_string(),
        next: local_path(next).unwrap_or("").to_string(),
        error,
        expired,
    };
    let mut res = render_status(status, &page)?;
    let c = set_cookie(LOGIN_CSRF_COOKIE, &token, Some(3600), true);
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&c).map_err(|_| WebError::Internal("web.cookie"))?,
    );
    Ok(res)
}

pub async fn login_form(
    LangPref(lang): LangPref,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    login_page(
        &headers,
        Tr::new(lang),
        StatusCode::OK,
        "",
        &q.tiep,
        None,
        q.het_han == "1",
    )
}

pub async fn login(
    State(app): State<AppState>,
    LangPref(lang): LangPref,
    origin: Origin,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let t = Tr::new(lang);
    let source = origin.source();
    let now = app.config.clock.now();
    // A window of refusals that has ended is written now, whatever this attempt turns out to be.
    app.log_refused_logins(app.login_audit.close(now, false))
        .await?;
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&f.csrf, &expected) {
        // Anyone can post this form: counted, not one audit row each (`login_audit.rs`).
        app.refused_login(&source, None, Refusal::Forged, now)
            .await?;
        tracing::warn!("login form refused: CSRF token missing or wrong");
        return Err(WebError::Csrf);
    }
    let username = f.username.trim().to_lowercase();
    let mut verdict = app.limiter.check(&source, &username, now);
    let mut account = None;
    if verdict != Verdict::Open {
        account = app.authentication().login_account(&username).await?;
        // Failures counted before an administrator cleared the account's back-off are void.
        if let Verdict::AccountWaits { unlocks, .. } = verdict
            && account
                .as_ref()
                .is_some_and(|a| Some(a.login_unlocks) != unlocks)
        {
            app.limiter.forget(&source, &username);
            verdict = Verdict::Open;
        }
    }
    if let Some(retry_after) = verdict.retry_after(now) {
        app.refused_login(&source, account.as_ref(), Refusal::Waited, now)
            .await?;
        return Err(WebError::RateLimited { retry_after });
    }
    let user = match app.authentication().sign_in(&username, &f.password).await? {
        SignIn::Welcome(user) => user,
        SignIn::Refused(account) => {
            app.limiter.record_failure(
                &source,
                &username,
                account.as_ref().map(|a| a.login_unlocks),
                now,
            );
            app.refused_login(&source, account.as_ref(), Refusal::Failed, now)
                .await?;
            tracing::info!("login failed");
            return login_page(
                &headers,
                t,
                StatusCode::UNAUTHORIZED,
                &f.username,
                &f.tiep,
                Some(t.s("login-failed")),
                false,
            );
        }
    };
    app.limiter.forget(&source, &username);
    let (secret, _) = app
        .authentication()
        .create_session(&user, app.config.session_ttl)
        .await?;
    app.authentication()
        .log_event(
            &user.actor(),
            Action::Login,
            ansinh_store::accounts::USER,
            Some(user.id),
            None,
        )
        .await?;
    let target = if user.must_change_password {
        "/doi-mat-khau".to_string()
    } else {
        local_path(&f.tiep).unwrap_or("/").to_string()
    };
    let mut res = Redirect::to(&target).into_response();
    session_cookie(&mut res, &secret)?;
    let gone = set_cookie(LOGIN_CSRF_COOKIE, "", Some(0), true);
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&gone).map_err(|_| WebError::Internal("web.cookie"))?,
    );
    Ok(res)
}

fn session_cookie(res: &mut Response, secret: &str) -> Result<(), WebError> {
    // No Max-Age: the cookie ends with the browser, the session with its server-side expiry.
    let c = set_cookie(SESSION_COOKIE, secret, None, true);
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&c).map_err(|_| WebError::Internal("web.cookie"))?,
    );
    Ok(())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<AppState>,
    ctx: SessionCtx,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    app.authentication().delete_session(&ctx.secret).await?;
    app.sessions.forget(&ctx.secret);
    app.authentication()
        .log_event(
            &ctx.user.actor(),
            Action::Logout,
            ansinh_store::accounts::USER,
            Some(ctx.user.id),
            None,
        )
        .await?;
    let mut res = Redirect::to("/dang-nhap").into_response();
    let gone = set_cookie(SESSION_COOKIE, "", Some(0), true);
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&gone).map_err(|_| WebError::Internal("web.cookie"))?,
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct PasswordPage {
    t: Tr,
    l: Layout,
    forced: bool,
    error: Option<String>,
}

pub async fn password_form(ctx: SessionCtx) -> Result<Response, WebError> {
    render(&PasswordPage {
        t: ctx.tr,
        l: ctx.layout(ctx.tr.s("pw-title"), ""),
        forced: ctx.user.must_change_password,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    mat_khau_cu: String,
    #[serde(default)]
    mat_khau_moi: String,
    #[serde(default)]
    nhap_lai: String,
}

pub async fn change_password(
    State(app): State<AppState>,
    ctx: SessionCtx,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let t = ctx.tr;
    let fail = |error: String| {
        render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                t,
                l: ctx.layout(t.s("pw-title"), ""),
                forced: ctx.user.must_change_password,
                error: Some(error),
            },
        )
    };
    if f.mat_khau_moi != f.nhap_lai {
        return fail(t.s("pw-mismatch").into());
    }
    if f.mat_khau_moi == f.mat_khau_cu {
        return fail(t.s("pw-same").into());
    }
    if app
        .authentication()
        .authenticate(&ctx.user.username, &f.mat_khau_cu)
        .await?
        .is_none()
    {
        return fail(t.s("pw-wrong_current").into());
    }
    match app
        .authentication()
        .set_password(&ctx.user.actor(), ctx.user.id, &f.mat_khau_moi, false)
        .await
    {
        Ok(()) => app.sessions.forget_user(ctx.user.id),
        // The store's only refusals here are the password rule's; they are shown on the form.
        Err(e) => {
            return match super::password_refusal(t, &e) {
                Some(why) => fail(why),
                None => Err(e.into()),
            };
        }
    }
    // Changing the password ended every session of the account, this one too: open a new one
    // so the officer carries on where they were.
    let user = app.authentication().user(ctx.user.id).await?;
    let (secret, _) = app
        .authentication()
        .create_session(&user, app.config.session_ttl)
        .await?;
    let mut res = Redirect::to("/").into_response();
    session_cookie(&mut res, &secret)?;
    Ok(res)
}

/// Sets the language cookie and goes back to the page the switch was pressed on.
pub async fn set_language(
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let lang = Lang::from_code(&lang).ok_or(WebError::NotFound)?;
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(referer_path)
        .unwrap_or_else(|| "/".to_string());
    let mut res = Redirect::to(&back).into_response();
    let c = set_cookie(LANG_COOKIE, lang.code(), Some(365 * 24 * 3600), false);
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&c).map_err(|_| WebError::Internal("web.cookie"))?,
    );
    Ok(res)
}

/// The local path and query of a Referer (`http://host/path?q` → `/path?q`).
fn referer_path(referer: &str) -> Option<String> {
    let rest = match referer.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => referer,
    };
    local_path(rest).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referer_goes_back_to_the_local_page() {
        assert_eq!(
            referer_path("http://127.0.0.1:8080/nhan-khau?q=an").as_deref(),
            Some("/nhan-khau?q=an")
        );
        assert_eq!(referer_path("http://host").as_deref(), Some("/"));
        assert_eq!(referer_path("//evil").as_deref(), None);
    }
}

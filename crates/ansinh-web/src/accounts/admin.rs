//! Administration: the accounts of the officers (create, disable and enable, a temporary
//! password) and the API tokens of integrators such as the public-service portal (issue,
//! revoke). Only an administrator reaches it; the store's scope checks who may act and the
//! store checks the password policy and the areas.
//!
//! A new token's secret is shown once, on the page that answers the form, and is never stored
//! or shown again: the database keeps only its hash.

use ansinh_core::access::Role;
use ansinh_store::accounts::{ApiToken, NewUser, User};
use ansinh_store::payroll::PROVINCE;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, Opt, render_status};
use crate::routes::{parse_id, rule_refusal};

pub struct UserView {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub areas: String,
    pub disabled: bool,
    pub must_change: bool,
    /// The signed-in administrator's own row, which offers no "disable".
    pub me: bool,
}

pub struct TokenView {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub areas: String,
    pub created: String,
    pub last_used: String,
    pub revoked: Option<String>,
}

/// A token just issued: its name and the secret, shown this once.
pub struct NewSecret {
    pub name: String,
    pub secret: String,
}

/// What the create forms hold when the page is shown again (never a password).
#[derive(Default)]
pub struct Draft {
    pub username: String,
    pub name: String,
    pub user_areas: String,
    pub token_name: String,
    pub token_areas: String,
}

#[derive(Template)]
#[template(path = "accounts/admin.html")]
struct AdminPage {
    t: Tr,
    l: Layout,
    users: Vec<UserView>,
    tokens: Vec<TokenView>,
    user_roles: Vec<Opt>,
    token_roles: Vec<Opt>,
    /// The areas an account can be given (the province and its communes in force), offered
    /// as suggestions under the area boxes.
    area_choices: Vec<Opt>,
    draft: Draft,
    notice: Option<&'static str>,
    error: Option<String>,
    secret: Option<NewSecret>,
}

fn areas(list: &[ansinh_store::registry::persons::AreaRef]) -> String {
    list.iter()
        .map(|a| format!("{} ({})", a.name, a.code))
        .collect::<Vec<_>>()
        .join(", ")
}

fn user_view(t: Tr, u: User, me: &str) -> UserView {
    UserView {
        id: u.id.to_string(),
        me: u.username == me,
        areas: areas(&u.areas),
        role: t.role(u.role),
        username: u.username,
        name: u.display_name,
        disabled: u.disabled,
        must_change: u.must_change_password,
    }
}

fn token_view(t: Tr, k: ApiToken) -> TokenView {
    TokenView {
        id: k.id.to_string(),
        areas: areas(&k.areas),
        role: t.role(k.role),
        created: format!("{} · {}", format::moment(k.created_at), k.created_by),
        last_used: k.last_used_at.map(format::moment).unwrap_or_default(),
        revoked: k.revoked_at.map(format::moment),
        name: k.name,
    }
}

fn role_options(t: Tr, chosen: &str) -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt::new(r.code(), t.role(*r), r.code() == chosen))
        .collect()
}

/// Codes typed in one box, separated by commas or spaces.
pub(crate) fn codes(raw: &str) -> Vec<&str> {
    raw.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// What the page says of a refused form: a refused password in the page's language, any
/// other refusal with the store's message.
fn refusal(t: Tr, e: ansinh_store::StoreError) -> Result<String, WebError> {
    match super::password_refusal(t, &e) {
        Some(why) => Ok(why),
        None => rule_refusal(e),
    }
}

/// What a page answering a form shows beside the lists.
#[derive(Default)]
struct Outcome {
    draft: Draft,
    user_role: String,
    token_role: String,
    notice: Option<&'static str>,
    error: Option<String>,
    secret: Option<NewSecret>,
}

async fn admin_page(
    app: &AppState,
    ctx: &Ctx,
    out: Outcome,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let me = ctx.user.username.clone();
    let users = scoped
        .users()
        .await?
        .into_iter()
        .map(|u| user_view(t, u, &me))
        .collect();
    let tokens = scoped
        .api_tokens()
        .await?
        .into_iter()
        .rev()
        .map(|k| token_view(t, k))
        .collect();
    let mut area_choices = vec![Opt::new(PROVINCE, t.s("admin-whole_province"), false)];
    area_choices.extend(
        scoped
            .communes_today()
            .await?
            .into_iter()
            .map(|a| Opt::new(a.code, a.name, false)),
    );
    let page = AdminPage {
        t,
        area_choices,
        l: ctx.layout(t.s("admin-title"), "admin"),
        users,
        tokens,
        user_roles: role_options(t, &out.user_role),
        token_roles: role_options(t, &out.token_role),
        draft: out.draft,
        notice: out.notice,
        error: out.error,
        secret: out.secret,
    };
    let mut res = render_status(status, &page)?;
    // The page may hold a token's secret: no copy in any cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    xong: String,
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let notice = match q.xong.as_str() {
        "tao" => Some("admin-created"),
        "khoa" => Some("admin-disabled"),
        "mo-khoa" => Some("admin-enabled"),
        "mat-khau" => Some("admin-reset_done"),
        "go-chan" => Some("admin-unblocked"),
        "thu-hoi" => Some("admin-revoked"),
        _ => None,
    };
    let out = Outcome {
        notice,
        ..Outcome::default()
    };
    admin_page(&app, &ctx, out, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ten_dang_nhap: String,
    #[serde(default)]
    ho_ten: String,
    #[serde(default)]
    vai_tro: String,
    #[serde(default)]
    dia_ban: String,
    #[serde(default)]
    mat_khau: String,
}

/// Creates an account with a temporary password, to be changed at its first login.
pub async fn create_user(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<UserForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let username = f.ten_dang_nhap.trim().to_lowercase();
    let area_codes = codes(&f.dia_ban);
    let error = match Role::from_code(&f.vai_tro) {
        None => ctx.tr.s("admin-choose_role").to_string(),
        Some(role) => {
            let new = NewUser {
                username: &username,
                display_name: &f.ho_ten,
                role,
                password: &f.mat_khau,
                area_codes: &area_codes,
                must_change_password: true,
            };
            match ctx.scoped(&app).create_user(&new).await {
                Ok(_) => return Ok(Redirect::to("/quan-tri?xong=tao").into_response()),
                Err(e) => refusal(ctx.tr, e)?,
            }
        }
    };
    let out = Outcome {
        error: Some(error),
        user_role: f.vai_tro.clone(),
        draft: Draft {
            username,
            name: f.ho_ten.clone(),
            user_areas: f.dia_ban.clone(),
            ..Draft::default()
        },
        ..Outcome::default()
    };
    admin_page(&app, &ctx, out, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize)]
pub struct UserActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    mat_khau: String,
}

/// Disables (`khoa`) or enables (`mo-khoa`) an account, or sets a temporary password
/// (`mat-khau`), each of which ends the account's sessions; or clears its sign-in back-off
/// (`go-chan`), so it can sign in again at once from every address.
pub async fn user_action(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<UserActionForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    let done = match action.as_str() {
        "khoa" => scoped.set_user_disabled(id, true).await,
        "mo-khoa" => scoped.set_user_disabled(id, false).await,
        "mat-khau" => scoped.reset_password(id, &f.mat_khau).await,
        "go-chan" => scoped.clear_login_backoff(id).await,
        _ => return Err(WebError::NotFound),
    };
    match done {
        Ok(()) => {
            if action != "go-chan" {
                // The store ended the account's sessions; this process forgets its copies now.
                app.sessions.forget_user(id);
            }
            Ok(Redirect::to(&format!("/quan-tri?xong={action}")).into_response())
        }
        Err(e) => {
            let out = Outcome {
                error: Some(refusal(ctx.tr, e)?),
                ..Outcome::default()
            };
            admin_page(&app, &ctx, out, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ten: String,
    #[serde(default)]
    vai_tro: String,
    #[serde(default)]
    dia_ban: String,
}

/// Issues a token and shows its secret on the answering page, once.
pub async fn create_token(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<TokenForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let area_codes = codes(&f.dia_ban);
    let error = match Role::from_code(&f.vai_tro) {
        None => ctx.tr.s("admin-choose_role").to_string(),
        Some(role) => {
            let issued = ctx
                .scoped(&app)
                .create_api_token(&f.ten, role, &area_codes)
                .await;
            match issued {
                Ok((token, secret)) => {
                    let out = Outcome {
                        secret: Some(NewSecret {
                            name: token.name,
                            secret,
                        }),
                        ..Outcome::default()
                    };
                    return admin_page(&app, &ctx, out, StatusCode::OK).await;
                }
                Err(e) => rule_refusal(e)?,
            }
        }
    };
    let out = Outcome {
        error: Some(error),
        token_role: f.vai_tro.clone(),
        draft: Draft {
            token_name: f.ten.clone(),
            token_areas: f.dia_ban.clone(),
            ..Draft::default()
        },
        ..Outcome::default()
    };
    admin_page(&app, &ctx, out, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn revoke_token(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    ctx.scoped(&app).revoke_api_token(id).await?;
    Ok(Redirect::to("/quan-tri?xong=thu-hoi").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes_split_on_commas_and_spaces() {
        assert_eq!(codes(" 19900, 20056;46  "), vec!["19900", "20056", "46"]);
        assert!(codes(" , ").is_empty());
    }
}

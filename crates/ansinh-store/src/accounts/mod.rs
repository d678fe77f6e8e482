//! Accounts, server-side sessions and API tokens.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults); session cookies and API
//! tokens are 256-bit random values of which only the SHA-256 is stored.

// What this capability's audit entries and refusals name.
/// An account.
pub const USER: crate::audit::Entity = crate::audit::Entity::new("user");
/// An integrator's API token.
pub const API_TOKEN: crate::audit::Entity = crate::audit::Entity::new("api_token");
/// A form refused for its missing or wrong CSRF token.
pub const CSRF: crate::audit::Entity = crate::audit::Entity::new("csrf");

mod scoped;

use ansinh_core::accounts::AccountsError;
use std::collections::BTreeSet;
use std::time::Duration;

use ansinh_core::access::{Role, Scope};
use ansinh_core::area::AreaLevel;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::registry::persons::AreaRef;
use crate::{Actor, Store, today_vn};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub must_change_password: bool,
    pub disabled: bool,
    pub areas: Vec<AreaRef>,
}

impl User {
    /// The name written to the audit log for this user's actions.
    pub fn actor(&self) -> Actor {
        Actor(self.username.clone())
    }
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
    /// Codes of areas in force today: "46" for the province, or commune codes.
    pub area_codes: &'a [&'a str],
    pub must_change_password: bool,
}

/// What the login limits know of an account: its key, its name and how many times an
/// administrator has cleared its sign-in back-off.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginAccount {
    pub id: Uuid,
    pub username: String,
    pub login_unlocks: i64,
}

/// The outcome of a sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Welcome(User),
    /// A wrong password, an unknown name or a disabled account, alike for the user; the
    /// account, when the name is one, for the login limits and the audit log.
    Refused(Option<LoginAccount>),
}

/// Refused logins of one source (and account, when the name was one) over a while, as the
/// web writes them to the audit log: a window's first refusal, or the window's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLogins {
    /// The client's address (an IPv6 /64), or `*` for the sources past a window's limit.
    pub source: String,
    /// The account's key and name; `None` for names that are no account's (never written).
    pub account: Option<(Uuid, String)>,
    /// Wrong passwords, unknown names and disabled accounts.
    pub failed: u64,
    /// Attempts the login limits made wait, their password unchecked.
    pub waited: u64,
    /// Login forms without their CSRF token.
    pub forged: u64,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The window's totals; otherwise the window's first refusal.
    pub summary: bool,
}

/// A session as the web layer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub areas: Vec<AreaRef>,
}

/// A new random secret (hex of 32 bytes) and the hash we store for it.
pub fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex(&bytes);
    let hash = secret_hash(&secret);
    (secret, hash)
}

/// SHA-256 of a secret, hex-encoded: what the database keeps of cookies and tokens.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash of nothing in particular, verified when the user does not exist so that a failed
/// login takes the same time whether or not the name is known.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// The core's password rule ([`ansinh_core::accounts::password::check`]), applied to every
/// password the store is given, whichever door it came through.
fn check_password_policy(password: &str, username: &str, full_name: &str) -> Result<()> {
    Ok(ansinh_core::accounts::password::check(
        password, username, full_name,
    )?)
}

fn check_username(username: &str) -> Result<()> {
    let ok = (3..=32).contains(&username.len())
        && username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(AccountsError::BadUsername.into())
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    role: String,
    must_change_password: bool,
    disabled: bool,
}

#[derive(sqlx::FromRow)]
struct AreaRefRow {
    id: Uuid,
    code: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    name: String,
    role: String,
    created_by: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

fn role(code: &str) -> Result<Role> {
    Role::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("role '{code}'")))
}

impl Store {
    async fn resolve_account_areas(&self, role: Role, codes: &[&str]) -> Result<Vec<Uuid>> {
        let today = today_vn();
        let mut ids = Vec::new();
        for code in codes {
            let area = self.area_by_code(code, today).await?;
            if area.level == AreaLevel::District {
                return Err(AccountsError::DistrictAbolished(area.name).into());
            }
            if role == Role::CommuneOfficer && area.level != AreaLevel::Commune {
                return Err(AccountsError::CommuneOfficerNotCommune.into());
            }
            ids.push(area.id);
        }
        if ids.is_empty() {
            return Err(AccountsError::NoArea.into());
        }
        Ok(ids)
    }

    /// Creates an account. The password must follow the policy; the areas must be in force.
    pub async fn create_user(&self, actor: &Actor, new: &NewUser<'_>) -> Result<User> {
        check_username(new.username)?;
        check_password_policy(new.password, new.username, new.display_name)?;
        let display = new.display_name.trim();
        if display.is_empty() {
            return Err(AccountsError::DisplayNameMissing.into());
        }
        let areas = self.resolve_account_areas(new.role, new.area_codes).await?;
        let password = new.password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))??;
        let id = Uuid::now_v7();
        let now = Utc::now();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let res = sqlx::query(
                "INSERT INTO users (id, username, display_name, password_hash, role, must_change_password,
                    disabled, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE, 1, $7, $7)",
            )
            .bind(id).bind(new.username).bind(display).bind(&hash).bind(new.role.code())
            .bind(new.must_change_password).bind(now)
            .execute(&mut *tx).await;
            if let Err(e) = res {
                return Err(if is_unique_violation(&e) {
                    AccountsError::UsernameTaken(new.username.to_string()).into()
                } else {
                    e.into()
                });
            }
            for area in &areas {
                sqlx::query("INSERT INTO user_areas (user_id, area_id) VALUES ($1, $2)")
                    .bind(id).bind(area).execute(&mut *tx).await?;
            }
            let after = json!({"username": new.username, "display_name": display, "role": new.role.code(),
                "areas": new.area_codes}).to_string();
            audit_append!(&mut *tx, actor, Action::Create, crate::accounts::USER, Some(id), None::<String>, Some(after), None::<&str>)?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.user(id).await
    }

    async fn user_areas(&self, user_id: Uuid) -> Result<Vec<AreaRef>> {
        let rows: Vec<AreaRefRow> = db_run!(&self.db, pool => sqlx::query_as::<_, AreaRefRow>(
            "SELECT a.id, a.code, a.name FROM user_areas u JOIN areas a ON a.id = u.area_id
             WHERE u.user_id = $1 ORDER BY a.code",
        ).bind(user_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|r| AreaRef {
                id: r.id,
                code: r.code,
                name: r.name,
            })
            .collect())
    }

    async fn user_from_row(&self, r: UserRow) -> Result<User> {
        Ok(User {
            areas: self.user_areas(r.id).await?,
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: role(&r.role)?,
            must_change_password: r.must_change_password,
            disabled: r.disabled,
        })
    }

    pub async fn user(&self, id: Uuid) -> Result<User> {
        let row = db_run!(&self.db, pool => sqlx::query_as::<_, UserRow>(
            "SELECT id, username, display_name, role, must_change_password, disabled FROM users WHERE id = $1",
        ).bind(id).fetch_optional(pool).await?);
        match row {
            Some(r) => self.user_from_row(r).await,
            None => Err(StoreError::NotFound {
                entity: "người dùng",
                key: id.to_string(),
            }),
        }
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        let row = db_run!(&self.db, pool => sqlx::query_as::<_, UserRow>(
            "SELECT id, username, display_name, role, must_change_password, disabled FROM users WHERE username = $1",
        ).bind(username).fetch_optional(pool).await?);
        match row {
            Some(r) => Ok(Some(self.user_from_row(r).await?)),
            None => Ok(None),
        }
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows = db_run!(&self.db, pool => sqlx::query_as::<_, UserRow>(
            "SELECT id, username, display_name, role, must_change_password, disabled FROM users ORDER BY username",
        ).fetch_all(pool).await?);
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.user_from_row(r).await?);
        }
        Ok(out)
    }

    /// Checks a username and password. `None` for an unknown or disabled account or a wrong
    /// password, alike, so callers cannot tell which.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<Option<User>> {
        Ok(match self.sign_in(username, password).await? {
            SignIn::Welcome(user) => Some(user),
            SignIn::Refused(_) => None,
        })
    }

    /// Checks a username and password as [`Store::authenticate`] does, and tells a refused
    /// attempt's account (if the name is one) to the login limits and the audit log. A failed
    /// attempt takes the same time whether or not the name is known.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignIn> {
        let found: Option<(Uuid, String, bool, i64)> = db_run!(&self.db, pool => sqlx::query_as(
            "SELECT id, password_hash, disabled, login_unlocks FROM users WHERE username = $1",
        ).bind(username).fetch_optional(pool).await?);
        let (hash, account, disabled) = match found {
            Some((id, hash, disabled, login_unlocks)) => (
                hash,
                Some(LoginAccount {
                    id,
                    username: username.to_string(),
                    login_unlocks,
                }),
                disabled,
            ),
            None => (dummy_hash().to_string(), None, true),
        };
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match account {
            Some(a) if ok && !disabled => Ok(SignIn::Welcome(self.user(a.id).await?)),
            account => Ok(SignIn::Refused(account)),
        }
    }

    /// Writes refused logins to the audit log in one transaction (action `login_failed`, actor
    /// `anonymous`, the account's key as the entity, the counts as JSON).
    pub async fn log_refused_logins(&self, entries: &[RefusedLogins]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let anonymous = Actor("anonymous".into());
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for e in entries {
                let after = json!({
                    "source": e.source,
                    "username": e.account.as_ref().map(|a| &a.1),
                    "failed": e.failed,
                    "waited": e.waited,
                    "forged": e.forged,
                    "from": e.from.to_rfc3339(),
                    "to": e.to.to_rfc3339(),
                    "summary": e.summary,
                })
                .to_string();
                let note = if e.summary {
                    format!(
                        "tổng kết: {} lần sai mật khẩu, {} lần phải chờ, {} biểu mẫu không hợp lệ",
                        e.failed, e.waited, e.forged
                    )
                } else {
                    "lần bị từ chối đầu tiên từ nguồn này; các lần sau được cộng vào một mục tổng kết".to_string()
                };
                audit_append!(&mut *tx, &anonymous, Action::LoginFailed, crate::accounts::USER,
                    e.account.as_ref().map(|a| a.0), None::<String>, Some(after), Some(note.as_str()))?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The account of a user name, for the login limits (no password is checked).
    pub async fn login_account(&self, username: &str) -> Result<Option<LoginAccount>> {
        Ok(db_run!(&self.db, pool => sqlx::query_as::<_, LoginAccount>(
            "SELECT id, username, login_unlocks FROM users WHERE username = $1",
        ).bind(username).fetch_optional(pool).await?))
    }

    /// Clears the account's sign-in back-off from every address: the web's login limits drop
    /// the failures they counted before (`login_unlocks` goes up).
    pub async fn clear_login_backoff(&self, actor: &Actor, user_id: Uuid) -> Result<()> {
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE users SET login_unlocks = login_unlocks + 1, version = version + 1, updated_at = $1 WHERE id = $2")
                .bind(Utc::now()).bind(user_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound { entity: "người dùng", key: user_id.to_string() });
            }
            audit_append!(&mut *tx, actor, Action::Update, crate::accounts::USER, Some(user_id), None::<String>,
                Some(json!({"login_backoff": "cleared"}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Sets a new password and ends every session of the account.
    pub async fn set_password(
        &self,
        actor: &Actor,
        user_id: Uuid,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        let user = self.user(user_id).await?;
        check_password_policy(password, &user.username, &user.display_name)?;
        let password = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))??;
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, version = version + 1, updated_at = $3 WHERE id = $4")
                .bind(&hash).bind(must_change).bind(Utc::now()).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            audit_append!(&mut *tx, actor, Action::Update, crate::accounts::USER, Some(user_id), None::<String>,
                Some(json!({"password": "changed", "must_change_password": must_change}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn set_user_disabled(
        &self,
        actor: &Actor,
        user_id: Uuid,
        disabled: bool,
    ) -> Result<()> {
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET disabled = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                .bind(disabled).bind(Utc::now()).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            audit_append!(&mut *tx, actor, Action::Update, crate::accounts::USER, Some(user_id), None::<String>,
                Some(json!({"disabled": disabled}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The communes an account may see: each assigned commune and the old communes that merged
    /// into it; for a province, every commune under it before and after 1/7/2025.
    pub async fn scope_for(&self, role: Role, areas: &[AreaRef]) -> Result<Scope> {
        let mut communes = BTreeSet::new();
        for a in areas {
            let area = self.area(a.id).await?;
            let mut roots = vec![area.id];
            roots.extend(
                self.predecessors_of(area.id)
                    .await?
                    .into_iter()
                    .map(|p| p.id),
            );
            match area.level {
                AreaLevel::Commune => communes.extend(roots),
                AreaLevel::Province | AreaLevel::District => {
                    for root in roots {
                        let ids: Vec<Uuid> = db_run!(&self.db, pool => sqlx::query_scalar(
                            "SELECT c.id FROM areas c LEFT JOIN areas d ON d.id = c.parent_id
                             WHERE c.level = 'commune' AND (c.parent_id = $1 OR d.parent_id = $1)",
                        ).bind(root).fetch_all(pool).await?);
                        communes.extend(ids);
                    }
                }
            }
        }
        Ok(Scope { role, communes })
    }

    /// Opens a session for a user; returns the cookie secret (only its hash is stored).
    pub async fn create_session(&self, user: &User, ttl: Duration) -> Result<(String, Session)> {
        let (secret, hash) = new_secret();
        let (csrf, _) = new_secret();
        let now = Utc::now();
        let expires_at = now
            + chrono::Duration::from_std(ttl)
                .map_err(|e| AccountsError::SessionTtl(e.to_string()))?;
        db_run!(&self.db, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
                         VALUES ($1, $2, $3, $4, $4, $5)")
                .bind(&hash).bind(user.id).bind(&csrf).bind(now).bind(expires_at)
                .execute(pool).await?;
        });
        Ok((
            secret,
            Session {
                user: user.clone(),
                csrf_token: csrf,
                expires_at,
            },
        ))
    }

    /// The live session behind a cookie secret, or `None` if unknown, expired or the account
    /// is disabled. Expired sessions are deleted on sight.
    pub async fn session(&self, secret: &str) -> Result<Option<Session>> {
        let hash = secret_hash(secret);
        let row: Option<(Uuid, String, DateTime<Utc>)> = db_run!(&self.db, pool => sqlx::query_as(
            "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1",
        ).bind(&hash).fetch_optional(pool).await?);
        let Some((user_id, csrf_token, expires_at)) = row else {
            return Ok(None);
        };
        if expires_at <= Utc::now() {
            self.delete_session(secret).await?;
            return Ok(None);
        }
        let user = self.user(user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        Ok(Some(Session {
            user,
            csrf_token,
            expires_at,
        }))
    }

    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        let hash = secret_hash(secret);
        db_run!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(&hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Creates an API token for an integrator; returns the secret, shown once.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        created_by: Uuid,
        name: &str,
        role: Role,
        area_codes: &[&str],
    ) -> Result<(ApiToken, String)> {
        if name.trim().is_empty() {
            return Err(AccountsError::TokenNameMissing.into());
        }
        let areas = self.resolve_account_areas(role, area_codes).await?;
        let (secret, hash) = new_secret();
        let id = Uuid::now_v7();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("INSERT INTO api_tokens (id, name, token_hash, role, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id).bind(name.trim()).bind(&hash).bind(role.code()).bind(created_by).bind(Utc::now())
                .execute(&mut *tx).await?;
            for area in &areas {
                sqlx::query("INSERT INTO api_token_areas (token_id, area_id) VALUES ($1, $2)")
                    .bind(id).bind(area).execute(&mut *tx).await?;
            }
            audit_append!(&mut *tx, actor, Action::Create, crate::accounts::API_TOKEN, Some(id), None::<String>,
                Some(json!({"name": name.trim(), "role": role.code(), "areas": area_codes}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        let row: TokenRow = db_run!(&self.db, pool => sqlx::query_as::<_, TokenRow>(
            "SELECT t.id, t.name, t.role, u.username AS created_by, t.created_at, t.revoked_at, t.last_used_at
             FROM api_tokens t JOIN users u ON u.id = t.created_by WHERE t.id = $1",
        ).bind(id).fetch_one(pool).await?);
        Ok((self.token_from_row(row).await?, secret))
    }

    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>> {
        let rows: Vec<TokenRow> = db_run!(&self.db, pool => sqlx::query_as::<_, TokenRow>(
            "SELECT t.id, t.name, t.role, u.username AS created_by, t.created_at, t.revoked_at, t.last_used_at
             FROM api_tokens t JOIN users u ON u.id = t.created_by ORDER BY t.id",
        ).fetch_all(pool).await?);
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.token_from_row(r).await?);
        }
        Ok(out)
    }

    /// The token and its scope for a presented secret; `None` if unknown or revoked. Runs on
    /// every API call, so it reads one token and records its use at most once a minute.
    pub async fn api_token_scope(&self, secret: &str) -> Result<Option<(ApiToken, Scope)>> {
        let hash = secret_hash(secret);
        let row: Option<TokenRow> = db_run!(&self.db, pool => sqlx::query_as::<_, TokenRow>(
            "SELECT t.id, t.name, t.role, u.username AS created_by, t.created_at, t.revoked_at, t.last_used_at
             FROM api_tokens t JOIN users u ON u.id = t.created_by
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        ).bind(&hash).fetch_optional(pool).await?);
        let Some(r) = row else { return Ok(None) };
        let now = Utc::now();
        if r.last_used_at
            .is_none_or(|t| now - t > chrono::Duration::minutes(1))
        {
            db_run!(&self.db, pool => {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(now).bind(r.id).execute(pool).await?;
            });
        }
        let token = self.token_from_row(r).await?;
        let scope = self.scope_for(token.role, &token.areas).await?;
        Ok(Some((token, scope)))
    }

    async fn token_from_row(&self, r: TokenRow) -> Result<ApiToken> {
        let areas: Vec<AreaRefRow> = db_run!(&self.db, pool => sqlx::query_as::<_, AreaRefRow>(
            "SELECT a.id, a.code, a.name FROM api_token_areas t JOIN areas a ON a.id = t.area_id
             WHERE t.token_id = $1 ORDER BY a.code",
        ).bind(r.id).fetch_all(pool).await?);
        Ok(ApiToken {
            id: r.id,
            name: r.name,
            role: role(&r.role)?,
            created_by: r.created_by,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
            areas: areas
                .into_iter()
                .map(|a| AreaRef {
                    id: a.id,
                    code: a.code,
                    name: a.name,
                })
                .collect(),
        })
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: Uuid) -> Result<()> {
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(Utc::now()).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound { entity: "mã truy cập", key: id.to_string() });
            }
            audit_append!(&mut *tx, actor, Action::Update, crate::accounts::API_TOKEN, Some(id), None::<String>,
                Some(json!({"revoked": true}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }
}

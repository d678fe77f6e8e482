//! The append-only audit log: who changed or opened what, when, before → after.
//!
//! Writes happen inside the caller's transaction through [`audit_append!`], so a change and
//! its log entry commit or roll back together. Both migrations forbid UPDATE and DELETE on the
//! table with triggers.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Store;
use crate::error::Result;

/// What was done to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    View,
    Import,
    BulkLoad,
    MoveIn,
    MoveOut,
    DuplicateCheck,
    /// A request refused by the area/role rules (a forged id in a URL, a form for another
    /// commune): kept as a security event.
    Denied,
    Login,
    LoginFailed,
    Logout,
    /// The whole database copied to a backup file (`ansinh backup`).
    Backup,
    /// The whole database replaced from a backup file (`ansinh restore`).
    Restore,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::View => "view",
            Action::Import => "import",
            Action::BulkLoad => "bulk_load",
            Action::MoveIn => "move_in",
            Action::MoveOut => "move_out",
            Action::DuplicateCheck => "duplicate_check",
            Action::Denied => "denied",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::Backup => "backup",
            Action::Restore => "restore",
        }
    }
}

/// What an audit entry or a refusal is about: a kind of record (`person`), or of request
/// (`route`, `csrf`). Each capability declares its own as constants in its folder
/// (`registry::PERSON`, `poverty::CAMPAIGN`, …), so a name is written once and a typo does not
/// compile; the name is what the `entity` column stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entity(&'static str);

impl Entity {
    pub const fn new(name: &'static str) -> Entity {
        Entity(name)
    }

    pub const fn name(self) -> &'static str {
        self.0
    }
}

/// A request refused by its route's rule, before any record was read (the web's gate).
pub const ROUTE: Entity = Entity::new("route");
/// The audit log itself, browsed.
pub const AUDIT: Entity = Entity::new("audit");

/// Which audit entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity_id: Option<Uuid>,
    pub before: Option<Uuid>,
    pub limit: i64,
}

/// One entry as read back.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<Uuid>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub note: Option<String>,
}

/// Appends one entry on an open transaction (`&mut *tx`) or pool. Arguments: executor, actor
/// (`&Actor`), action, entity name, entity id (`Option<Uuid>`), before and after JSON
/// (`Option<String>`), note (`Option<&str>`).
#[macro_export]
#[doc(hidden)]
macro_rules! audit_append {
    ($exec:expr, $actor:expr, $action:expr, $entity:expr, $id:expr, $before:expr, $after:expr, $note:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(uuid::Uuid::now_v7())
        .bind(chrono::Utc::now())
        .bind(&$actor.0)
        .bind($crate::audit::Action::code($action))
        .bind($crate::audit::Entity::name($entity))
        .bind($id)
        .bind($before)
        .bind($after)
        .bind($note)
        .execute($exec)
        .await
    };
}

impl Store {
    /// The history of one entity, oldest first (UUIDv7 keys sort by time).
    pub async fn history(&self, entity_id: Uuid) -> Result<Vec<AuditEntry>> {
        db_run!(&self.db, pool => Ok(sqlx::query_as::<_, AuditEntry>(
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, note
             FROM audit_log WHERE entity_id = $1 ORDER BY id",
        )
        .bind(entity_id)
        .fetch_all(pool)
        .await?))
    }

    /// The most recent entries, newest first, for browsing and for tests.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        db_run!(&self.db, pool => Ok(sqlx::query_as::<_, AuditEntry>(
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, note
             FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }

    /// Appends one entry outside any other change (views, logins, refusals).
    pub async fn log_event(
        &self,
        actor: &crate::Actor,
        action: Action,
        entity: Entity,
        id: Option<Uuid>,
        note: Option<&str>,
    ) -> Result<()> {
        db_run!(&self.db, pool => {
            audit_append!(pool, actor, action, entity, id, None::<String>, None::<String>, note)?;
            Ok(())
        })
    }

    /// Entries matching a filter, newest first, paged by key (`before` = the last id seen).
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, note FROM audit_log WHERE 1 = 1",
        );
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if filter.actor.is_some() {
            sql.push_str(&format!(" AND actor = ${}", next()));
        }
        if filter.action.is_some() {
            sql.push_str(&format!(" AND action = ${}", next()));
        }
        if filter.entity_id.is_some() {
            sql.push_str(&format!(" AND entity_id = ${}", next()));
        }
        if filter.before.is_some() {
            sql.push_str(&format!(" AND id < ${}", next()));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", next()));
        db_run!(&self.db, pool => {
            let mut q = sqlx::query_as::<_, AuditEntry>(sqlx::AssertSqlSafe(sql));
            if let Some(a) = &filter.actor {
                q = q.bind(a);
            }
            if let Some(a) = &filter.action {
                q = q.bind(a);
            }
            if let Some(e) = filter.entity_id {
                q = q.bind(e);
            }
            if let Some(b) = filter.before {
                q = q.bind(b);
            }
            Ok(q.bind(filter.limit.clamp(1, 500)).fetch_all(pool).await?)
        })
    }
}

//! The one place where roles and areas are enforced. The web application and the API reach
//! the registry only through a [`Scoped`] handle built from the signed-in account's [`Scope`]:
//! every read is filtered to the account's communes (lists, counts, exports, single records),
//! every write checks the capability and that both the record and its target area are inside
//! the scope. A refusal is written to the audit log as a security event.
//!
//! This file holds the handle and its checks (`require`, `require_area`, `deny`, `within`);
//! each capability adds its operations in its own folder (`registry/scoped.rs`,
//! `assistance/scoped.rs`, `payroll/scoped.rs`, `poverty/scoped.rs`, `accounts/scoped.rs`).

use ansinh_core::access::{Capability, Domain, Scope};
use ansinh_core::{Area, AreaLevel};
use uuid::Uuid;

use crate::audit::{AUDIT, Action, AuditEntry, AuditFilter, Entity, ROUTE};
use crate::error::Result;
use crate::{Actor, Store, StoreError, today_vn};

/// A store handle limited to one account's role and communes.
#[derive(Debug, Clone)]
pub struct Scoped<'a> {
    pub(crate) store: &'a Store,
    pub(crate) actor: Actor,
    pub(crate) scope: Scope,
}

impl Store {
    pub fn scoped(&self, actor: Actor, scope: Scope) -> Scoped<'_> {
        Scoped {
            store: self,
            actor,
            scope,
        }
    }
}

impl Scoped<'_> {
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The area catalogue, which is public reference data and needs no scope.
    pub fn area_catalog(&self) -> std::sync::Arc<ansinh_core::AreaCatalog> {
        self.store.area_catalog()
    }

    /// The commune filter of this scope's reads: `None` when the scope covers every commune
    /// the registry knows (a province account in a one-province deployment), so that the
    /// database is not handed a long list that excludes nothing. Records always sit in a
    /// commune ([`Store::commune_by_code`]), which makes the two exactly equivalent.
    pub(crate) fn within(&self) -> Option<Vec<Uuid>> {
        let catalog = self.store.area_catalog();
        let mut all = catalog.commune_ids();
        if all.all(|id| self.scope.covers(id)) {
            None
        } else {
            Some(self.scope.communes.iter().copied().collect())
        }
    }

    pub(crate) async fn deny(&self, entity: Entity, id: Option<Uuid>, why: &str) -> StoreError {
        // The refusal itself must be recorded; if even that fails, the refusal still stands.
        if let Err(e) = self
            .store
            .log_event(&self.actor, Action::Denied, entity, id, Some(why))
            .await
        {
            tracing::warn!(code = e.code(), "could not record a refused request");
        }
        StoreError::Forbidden(why.to_string())
    }

    /// Refuses (and records the refusal) unless the role has the capability. Handlers call it
    /// before validating a form, so that a role that may not write is told so, not shown
    /// field errors for a change it could never make.
    pub async fn authorize(&self, cap: Capability, entity: Entity) -> Result<()> {
        self.require(cap, entity).await
    }

    /// Refuses, and records the refusal of, a request whose route this role may not reach at
    /// all: the web application's gate checks each route's rule before its handler reads the
    /// request. The entity is `route` and the note names the path (ids, never a query).
    pub async fn refuse_route(&self, path: &str) -> StoreError {
        self.deny(
            ROUTE,
            None,
            &format!(
                "vai trò {} không được phép: {path}",
                self.scope.role.label_vi()
            ),
        )
        .await
    }

    pub(crate) async fn require(&self, cap: Capability, entity: Entity) -> Result<()> {
        if self.scope.can(cap) {
            Ok(())
        } else {
            Err(self
                .deny(
                    entity,
                    None,
                    &format!("vai trò {} không được phép", self.scope.role.label_vi()),
                )
                .await)
        }
    }

    pub(crate) async fn require_area(
        &self,
        area: Uuid,
        entity: Entity,
        id: Option<Uuid>,
    ) -> Result<()> {
        if self.scope.covers(area) {
            Ok(())
        } else {
            Err(self
                .deny(entity, id, "bản ghi thuộc địa bàn ngoài phạm vi tài khoản")
                .await)
        }
    }

    pub(crate) async fn require_code(&self, code: &str, entity: Entity) -> Result<Area> {
        let area = self.store.area_by_code(code, today_vn()).await?;
        self.require_area(area.id, entity, None).await?;
        Ok(area)
    }

    /// Communes in force today that the account covers, for filters and forms.
    pub async fn communes_today(&self) -> Result<Vec<Area>> {
        let all = self
            .store
            .areas_in_force(AreaLevel::Commune, today_vn())
            .await?;
        Ok(all
            .into_iter()
            .filter(|a| self.scope.covers(a.id))
            .collect())
    }

    /// Whether this account may browse the whole audit log: an inspector or administrator
    /// whose scope covers every commune. The log holds every commune's changes with the
    /// records before and after them and has no commune of its own to filter by, so an
    /// account of some communes reads a record's history on the record's page instead
    /// ([`Scoped::history`], within its scope).
    pub fn can_browse_audit(&self) -> bool {
        self.scope.can(Domain::Audit.read()) && self.within().is_none()
    }

    /// The audit log, for inspectors and administrators of the whole province.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.require(Domain::Audit.read(), AUDIT).await?;
        if !self.can_browse_audit() {
            return Err(self
                .deny(
                    AUDIT,
                    None,
                    "nhật ký toàn hệ thống chỉ dành cho tài khoản cấp tỉnh",
                )
                .await);
        }
        self.store.audit_entries(filter).await
    }
}

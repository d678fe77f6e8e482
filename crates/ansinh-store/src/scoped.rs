//! The one place where roles and areas are enforced. The web application and the API reach
//! the registry only through a [`Scoped`] handle built from the signed-in account's [`Scope`]:
//! every read is filtered to the account's communes (lists, counts, exports, single records),
//! every write checks the capability and that both the record and its target area are inside
//! the scope. A refusal is written to the audit log as a security event.

mod accounts;
mod dossiers;
mod payroll;
mod review;

use std::collections::HashMap;

use ansinh_core::access::{Capability, Scope};
use ansinh_core::person::ValidPerson;
use ansinh_core::{Area, AreaLevel, MoveReason, Relation};
use ansinh_files::{HouseholdExport, HouseholdRow, PersonExport, PersonRow, RowError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::audit::{Action, AuditEntry, AuditFilter};
use crate::error::Result;
use crate::households::{Household, Member};
use crate::import::{ImportOptions, ImportReport};
use crate::persons::Person;
use crate::poverty::{
    AreaBasis, Campaign, ClassifySummary, PovertyReport, Step, SurveyInput, SurveyRecorded,
};
use crate::search::{HouseholdHit, Page, PersonHit, SearchQuery};
use crate::{Actor, Store, StoreError, today_vn};

/// A store handle limited to one account's role and communes.
#[derive(Debug, Clone)]
pub struct Scoped<'a> {
    store: &'a Store,
    actor: Actor,
    scope: Scope,
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
    fn within(&self) -> Option<Vec<Uuid>> {
        let catalog = self.store.area_catalog();
        let mut all = catalog.commune_ids();
        if all.all(|id| self.scope.covers(id)) {
            None
        } else {
            Some(self.scope.communes.iter().copied().collect())
        }
    }

    async fn deny(&self, entity: &str, id: Option<Uuid>, why: &str) -> StoreError {
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
    pub async fn authorize(&self, cap: Capability, entity: &str) -> Result<()> {
        self.require(cap, entity).await
    }

    async fn require(&self, cap: Capability, entity: &str) -> Result<()> {
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

    async fn require_area(&self, area: Uuid, entity: &str, id: Option<Uuid>) -> Result<()> {
        if self.scope.covers(area) {
            Ok(())
        } else {
            Err(self
                .deny(entity, id, "bản ghi thuộc địa bàn ngoài phạm vi tài khoản")
                .await)
        }
    }

    async fn require_code(&self, code: &str, entity: &str) -> Result<Area> {
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

    /// Persons and households inside the scope.
    pub async fn counts(&self) -> Result<(i64, i64)> {
        self.require(Capability::ReadRegistry, "registry").await?;
        self.store.counts_within(self.within().as_deref()).await
    }

    pub async fn search_persons(&self, mut q: SearchQuery) -> Result<Page<PersonHit>> {
        self.require(Capability::ReadRegistry, "person").await?;
        if let Some(a) = q.area_id {
            self.require_area(a, "area", Some(a)).await?;
        }
        q.within = self.within();
        self.store.search_persons(&q).await
    }

    pub async fn search_households(&self, mut q: SearchQuery) -> Result<Page<HouseholdHit>> {
        self.require(Capability::ReadRegistry, "household").await?;
        if let Some(a) = q.area_id {
            self.require_area(a, "area", Some(a)).await?;
        }
        q.within = self.within();
        self.store.search_households(&q).await
    }

    /// A person's full record; opening it is written to the audit log.
    pub async fn person(&self, id: Uuid) -> Result<Person> {
        self.require(Capability::ReadRegistry, "person").await?;
        let p = self.store.person(id).await?;
        self.require_area(p.area.id, "person", Some(id)).await?;
        self.store
            .log_event(&self.actor, Action::View, "person", Some(id), None)
            .await?;
        Ok(p)
    }

    /// A household with its members (current and past); opening it is logged.
    pub async fn household(&self, id: Uuid) -> Result<(Household, Vec<Member>)> {
        self.require(Capability::ReadRegistry, "household").await?;
        let h = self.store.household(id).await?;
        self.require_area(h.area.id, "household", Some(id)).await?;
        let members = self.store.members(id).await?;
        self.store
            .log_event(&self.actor, Action::View, "household", Some(id), None)
            .await?;
        Ok((h, members))
    }

    /// The change history of a record the account may see.
    pub async fn history(&self, id: Uuid, area: Uuid) -> Result<Vec<AuditEntry>> {
        self.require(Capability::ReadRegistry, "history").await?;
        self.require_area(area, "history", Some(id)).await?;
        self.store.history(id).await
    }

    pub async fn create_person(&self, p: &ValidPerson) -> Result<Person> {
        self.require(Capability::WriteRegistry, "person").await?;
        self.require_code(&p.area_code, "person").await?;
        self.store.create_person(&self.actor, p).await
    }

    pub async fn update_person(&self, id: Uuid, version: i32, p: &ValidPerson) -> Result<Person> {
        self.require(Capability::WriteRegistry, "person").await?;
        let before = self.store.person(id).await?;
        self.require_area(before.area.id, "person", Some(id))
            .await?;
        if p.area_code != before.area.code {
            self.require_code(&p.area_code, "person").await?;
        }
        self.store.update_person(&self.actor, id, version, p).await
    }

    pub async fn create_household(
        &self,
        code: &str,
        area_code: &str,
        address: &str,
    ) -> Result<Household> {
        self.require(Capability::WriteRegistry, "household").await?;
        self.require_code(area_code, "household").await?;
        self.store
            .create_household(&self.actor, code, area_code, address)
            .await
    }

    pub async fn update_household_address(
        &self,
        id: Uuid,
        version: i32,
        address: &str,
    ) -> Result<Household> {
        self.require(Capability::WriteRegistry, "household").await?;
        let h = self.store.household(id).await?;
        self.require_area(h.area.id, "household", Some(id)).await?;
        self.store
            .update_household_address(&self.actor, id, version, address)
            .await
    }

    pub async fn move_into(
        &self,
        household: Uuid,
        person: Uuid,
        relation: Relation,
        on: NaiveDate,
        reason: MoveReason,
    ) -> Result<()> {
        self.require(Capability::WriteRegistry, "household").await?;
        let h = self.store.household(household).await?;
        self.require_area(h.area.id, "household", Some(household))
            .await?;
        let p = self.store.person(person).await?;
        self.require_area(p.area.id, "person", Some(person)).await?;
        self.store
            .move_into(&self.actor, household, person, relation, on, reason)
            .await
    }

    pub async fn move_out(&self, person: Uuid, on: NaiveDate, reason: MoveReason) -> Result<()> {
        self.require(Capability::WriteRegistry, "household").await?;
        let p = self.store.person(person).await?;
        self.require_area(p.area.id, "person", Some(person)).await?;
        self.store.move_out(&self.actor, person, on, reason).await
    }

    /// Export of one commune (which must be inside the scope) or of the whole scope.
    pub async fn export_persons(&self, area: Option<Uuid>) -> Result<Vec<PersonExport>> {
        self.require(Capability::Export, "export").await?;
        let areas = self.export_areas(area).await?;
        self.store
            .log_event(&self.actor, Action::View, "export_persons", area, None)
            .await?;
        self.store.export_persons(areas.as_deref()).await
    }

    pub async fn export_households(&self, area: Option<Uuid>) -> Result<Vec<HouseholdExport>> {
        self.require(Capability::Export, "export").await?;
        let areas = self.export_areas(area).await?;
        self.store
            .log_event(&self.actor, Action::View, "export_households", area, None)
            .await?;
        self.store.export_households(areas.as_deref()).await
    }

    async fn export_areas(&self, area: Option<Uuid>) -> Result<Option<Vec<Uuid>>> {
        match area {
            Some(a) => {
                self.require_area(a, "export", Some(a)).await?;
                Ok(Some(vec![a]))
            }
            None => Ok(self.within()),
        }
    }

    /// Imports persons; rows for communes outside the scope are reported as errors.
    pub async fn import_persons(
        &self,
        rows: &[PersonRow],
        mut errors: Vec<RowError>,
        total: usize,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        self.require(Capability::Import, "import").await?;
        let allowed = self
            .rows_in_scope(rows, &mut errors, |r| (r.line, r.person.area_code.as_str()))
            .await?;
        self.store
            .import_persons(&self.actor, &allowed, errors, total, opts)
            .await
    }

    /// Imports households; rows for communes outside the scope are reported as errors.
    pub async fn import_households(
        &self,
        rows: &[HouseholdRow],
        mut errors: Vec<RowError>,
        total: usize,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        self.require(Capability::Import, "import").await?;
        let allowed = self
            .rows_in_scope(rows, &mut errors, |r| (r.line, r.area_code.as_str()))
            .await?;
        self.store
            .import_households(&self.actor, &allowed, errors, total, opts)
            .await
    }

    /// The rows whose commune is inside the scope; the others become row errors. Each code is
    /// looked up once, not once per row (a file has 100 000 rows and a few dozen codes).
    async fn rows_in_scope<R: Clone>(
        &self,
        rows: &[R],
        errors: &mut Vec<RowError>,
        line_and_code: impl Fn(&R) -> (usize, &str),
    ) -> Result<Vec<R>> {
        let mut known: HashMap<String, bool> = HashMap::new();
        let mut allowed = Vec::with_capacity(rows.len());
        for r in rows {
            let (line, code) = line_and_code(r);
            let inside = match known.get(code) {
                Some(inside) => *inside,
                None => {
                    let inside = self.code_in_scope(code).await?;
                    known.insert(code.to_string(), inside);
                    inside
                }
            };
            if inside {
                allowed.push(r.clone());
            } else {
                errors.push(out_of_scope(line, code));
            }
        }
        Ok(allowed)
    }

    /// Whether a commune code in force today is inside the scope. Unknown codes pass here and
    /// are reported by the import's own check.
    async fn code_in_scope(&self, code: &str) -> Result<bool> {
        match self.store.area_by_code(code, today_vn()).await {
            Ok(a) => Ok(self.scope.covers(a.id)),
            Err(StoreError::UnknownArea { .. }) => Ok(true),
            Err(e) => Err(e),
        }
    }

    /// The poverty-review campaigns of a year inside the scope.
    pub async fn poverty_campaigns(&self, year: i32) -> Result<Vec<Campaign>> {
        self.require(Capability::ReadRegistry, "poverty_campaign")
            .await?;
        self.store.campaigns(year, self.within().as_deref()).await
    }

    /// A campaign the account may act on for `cap`; its commune (as of its year) must be in
    /// the scope, which lists the old communes merged into the account's ones.
    async fn campaign_in_scope(&self, campaign: Uuid, cap: Capability) -> Result<Campaign> {
        self.require(cap, "poverty_campaign").await?;
        let c = self.store.campaign(campaign).await?;
        self.require_area(c.area.id, "poverty_campaign", Some(campaign))
            .await?;
        Ok(c)
    }

    /// Opens the review of a commune of the scope for a year.
    pub async fn open_poverty_campaign(&self, year: i32, area_code: &str) -> Result<Campaign> {
        self.require(Capability::WriteRegistry, "poverty_campaign")
            .await?;
        let area = self
            .store
            .area_by_code(area_code, crate::poverty::review_day(year)?)
            .await?;
        self.require_area(area.id, "poverty_campaign", None).await?;
        self.store
            .create_campaign(&self.actor, year, area_code)
            .await
    }

    pub async fn add_poverty_applicants(&self, campaign: Uuid, codes: &[String]) -> Result<usize> {
        self.campaign_in_scope(campaign, Capability::WriteRegistry)
            .await?;
        self.store
            .add_applicants(&self.actor, campaign, codes)
            .await
    }

    /// Records a household's survey; the household must live in the campaign's commune.
    pub async fn record_poverty_survey(
        &self,
        campaign: Uuid,
        input: &SurveyInput,
    ) -> Result<SurveyRecorded> {
        self.campaign_in_scope(campaign, Capability::WriteRegistry)
            .await?;
        self.store.record_survey(&self.actor, campaign, input).await
    }

    /// Classifies one campaign of the scope.
    pub async fn classify_poverty_campaign(&self, campaign: Uuid) -> Result<ClassifySummary> {
        let c = self
            .campaign_in_scope(campaign, Capability::WriteRegistry)
            .await?;
        self.store
            .classify_year(&self.actor, c.year, Some(&c.area.code))
            .await
    }

    pub async fn record_poverty_step(
        &self,
        campaign: Uuid,
        step: Step,
        on: NaiveDate,
    ) -> Result<Campaign> {
        self.campaign_in_scope(campaign, Capability::WriteRegistry)
            .await?;
        self.store
            .record_step(&self.actor, campaign, step, on)
            .await
    }

    /// Approves a campaign: needs the Approve capability and the commune in scope.
    pub async fn approve_poverty_campaign(
        &self,
        campaign: Uuid,
        on: NaiveDate,
    ) -> Result<Campaign> {
        self.campaign_in_scope(campaign, Capability::Approve)
            .await?;
        self.store.approve_campaign(&self.actor, campaign, on).await
    }

    /// The report data of a year limited to the scope's communes.
    pub async fn poverty_report(&self, year: i32, basis: AreaBasis) -> Result<PovertyReport> {
        self.require(Capability::ReadRegistry, "poverty_report")
            .await?;
        self.store
            .poverty_report(year, basis, self.within().as_deref())
            .await
    }

    /// Whether this account may browse the whole audit log: an inspector or administrator
    /// whose scope covers every commune. The log holds every commune's changes with the
    /// records before and after them and has no commune of its own to filter by, so an
    /// account of some communes reads a record's history on the record's page instead
    /// ([`Scoped::history`], within its scope).
    pub fn can_browse_audit(&self) -> bool {
        self.scope.can(Capability::ReadAudit) && self.within().is_none()
    }

    /// The audit log, for inspectors and administrators of the whole province.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.require(Capability::ReadAudit, "audit").await?;
        if !self.can_browse_audit() {
            return Err(self
                .deny(
                    "audit",
                    None,
                    "nhật ký toàn hệ thống chỉ dành cho tài khoản cấp tỉnh",
                )
                .await);
        }
        self.store.audit_entries(filter).await
    }
}

fn out_of_scope(line: usize, code: &str) -> RowError {
    RowError {
        line,
        column: ansinh_core::Field::Area.label_vi().to_string(),
        code: "forbidden",
        message: format!("xã/phường {code} ngoài phạm vi tài khoản"),
    }
}

//! The registry through the scope: searches, records, their history, changes, moves between
//! households, exports and imports, each limited to the account's communes.

use ansinh_core::registry::RegistryError;
use std::collections::HashMap;

use ansinh_core::access::{Capability, Domain};
use ansinh_core::registry::person::ValidPerson;
use ansinh_core::registry::{HouseholdExport, HouseholdRow, PersonExport, PersonRow};
use ansinh_core::{MoveReason, Relation, RowError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::audit::{Action, AuditEntry};
use crate::error::Result;
use crate::registry::households::{Household, Member};
use crate::registry::import::{ImportOptions, ImportReport};
use crate::registry::persons::Person;
use crate::registry::search::{HouseholdHit, Page, PersonHit, SearchQuery};
use crate::scoped::Scoped;
use crate::{StoreError, today_vn};

impl Scoped<'_> {
    /// Persons and households inside the scope.
    pub async fn counts(&self) -> Result<(i64, i64)> {
        self.require(Domain::Registry.read(), crate::registry::REGISTRY)
            .await?;
        self.store.counts_within(self.within().as_deref()).await
    }

    pub async fn search_persons(&self, mut q: SearchQuery) -> Result<Page<PersonHit>> {
        self.require(Domain::Registry.read(), crate::registry::PERSON)
            .await?;
        if let Some(a) = q.area_id {
            self.require_area(a, crate::registry::AREA, Some(a)).await?;
        }
        q.within = self.within();
        self.store.search_persons(&q).await
    }

    pub async fn search_households(&self, mut q: SearchQuery) -> Result<Page<HouseholdHit>> {
        self.require(Domain::Registry.read(), crate::registry::HOUSEHOLD)
            .await?;
        if let Some(a) = q.area_id {
            self.require_area(a, crate::registry::AREA, Some(a)).await?;
        }
        q.within = self.within();
        self.store.search_households(&q).await
    }

    /// A person's full record; opening it is written to the audit log.
    pub async fn person(&self, id: Uuid) -> Result<Person> {
        self.opened_person(id, Domain::Registry.read(), None).await
    }

    /// A person of the scope read for `cap`; the read is recorded in the person's trail, with
    /// a note saying why when it is more than opening the page.
    async fn opened_person(&self, id: Uuid, cap: Capability, note: Option<&str>) -> Result<Person> {
        self.require(cap, crate::registry::PERSON).await?;
        let p = self.store.person(id).await?;
        self.require_area(p.area.id, crate::registry::PERSON, Some(id))
            .await?;
        self.store
            .log_event(
                &self.actor,
                Action::View,
                crate::registry::PERSON,
                Some(id),
                note,
            )
            .await?;
        Ok(p)
    }

    /// A household with its members (current and past); opening it is logged.
    pub async fn household(&self, id: Uuid) -> Result<(Household, Vec<Member>)> {
        self.require(Domain::Registry.read(), crate::registry::HOUSEHOLD)
            .await?;
        let h = self.store.household(id).await?;
        self.require_area(h.area.id, crate::registry::HOUSEHOLD, Some(id))
            .await?;
        let members = self.store.members(id).await?;
        self.store
            .log_event(
                &self.actor,
                Action::View,
                crate::registry::HOUSEHOLD,
                Some(id),
                None,
            )
            .await?;
        Ok((h, members))
    }

    /// The change history of a record the account may see.
    pub async fn history(&self, id: Uuid, area: Uuid) -> Result<Vec<AuditEntry>> {
        self.require(Domain::Registry.read(), crate::registry::HISTORY)
            .await?;
        self.require_area(area, crate::registry::HISTORY, Some(id))
            .await?;
        self.store.history(id).await
    }

    /// What the registry holds of one person and every entry of its audit trail (each change,
    /// each time the record was opened or refused), for the person who asks for it (Nghị định
    /// 13/2023/NĐ-CP, Điều 9 and 14: the data subject's right to know and to a copy). Handing
    /// it over is itself recorded, and that entry is the copy's last.
    pub async fn person_data(&self, id: Uuid) -> Result<(Person, Vec<AuditEntry>)> {
        // The trail is read after the copy is recorded, so the copy's entry ends it.
        let p = self
            .opened_person(
                id,
                Domain::Registry.export(),
                Some("bản sao dữ liệu cá nhân theo yêu cầu của chủ thể (NĐ 13/2023)"),
            )
            .await?;
        let trail = self.store.history(id).await?;
        Ok((p, trail))
    }

    pub async fn create_person(&self, p: &ValidPerson) -> Result<Person> {
        self.require(Domain::Registry.write(), crate::registry::PERSON)
            .await?;
        self.require_code(&p.area_code, crate::registry::PERSON)
            .await?;
        self.store.create_person(&self.actor, p).await
    }

    pub async fn update_person(&self, id: Uuid, version: i32, p: &ValidPerson) -> Result<Person> {
        self.require(Domain::Registry.write(), crate::registry::PERSON)
            .await?;
        let before = self.store.person(id).await?;
        self.require_area(before.area.id, crate::registry::PERSON, Some(id))
            .await?;
        if p.area_code != before.area.code {
            self.require_code(&p.area_code, crate::registry::PERSON)
                .await?;
        }
        self.store.update_person(&self.actor, id, version, p).await
    }

    pub async fn create_household(
        &self,
        code: &str,
        area_code: &str,
        address: &str,
    ) -> Result<Household> {
        self.require(Domain::Registry.write(), crate::registry::HOUSEHOLD)
            .await?;
        self.require_code(area_code, crate::registry::HOUSEHOLD)
            .await?;
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
        self.require(Domain::Registry.write(), crate::registry::HOUSEHOLD)
            .await?;
        let h = self.store.household(id).await?;
        self.require_area(h.area.id, crate::registry::HOUSEHOLD, Some(id))
            .await?;
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
        self.require(Domain::Registry.write(), crate::registry::HOUSEHOLD)
            .await?;
        let h = self.store.household(household).await?;
        self.require_area(h.area.id, crate::registry::HOUSEHOLD, Some(household))
            .await?;
        let p = self.store.person(person).await?;
        self.require_area(p.area.id, crate::registry::PERSON, Some(person))
            .await?;
        self.store
            .move_into(&self.actor, household, person, relation, on, reason)
            .await
    }

    pub async fn move_out(&self, person: Uuid, on: NaiveDate, reason: MoveReason) -> Result<()> {
        self.require(Domain::Registry.write(), crate::registry::HOUSEHOLD)
            .await?;
        let p = self.store.person(person).await?;
        self.require_area(p.area.id, crate::registry::PERSON, Some(person))
            .await?;
        self.store.move_out(&self.actor, person, on, reason).await
    }

    /// Export of one commune (which must be inside the scope) or of the whole scope.
    pub async fn export_persons(&self, area: Option<Uuid>) -> Result<Vec<PersonExport>> {
        self.require(Domain::Registry.export(), crate::registry::EXPORT)
            .await?;
        let areas = self.export_areas(area).await?;
        self.store
            .log_event(
                &self.actor,
                Action::View,
                crate::registry::EXPORT_PERSONS,
                area,
                None,
            )
            .await?;
        self.store.export_persons(areas.as_deref()).await
    }

    pub async fn export_households(&self, area: Option<Uuid>) -> Result<Vec<HouseholdExport>> {
        self.require(Domain::Registry.export(), crate::registry::EXPORT)
            .await?;
        let areas = self.export_areas(area).await?;
        self.store
            .log_event(
                &self.actor,
                Action::View,
                crate::registry::EXPORT_HOUSEHOLDS,
                area,
                None,
            )
            .await?;
        self.store.export_households(areas.as_deref()).await
    }

    async fn export_areas(&self, area: Option<Uuid>) -> Result<Option<Vec<Uuid>>> {
        match area {
            Some(a) => {
                self.require_area(a, crate::registry::EXPORT, Some(a))
                    .await?;
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
        self.require(Domain::Registry.write(), crate::registry::IMPORT)
            .await?;
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
        self.require(Domain::Registry.write(), crate::registry::IMPORT)
            .await?;
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
            Err(StoreError::Registry(RegistryError::UnknownArea { .. })) => Ok(true),
            Err(e) => Err(e),
        }
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

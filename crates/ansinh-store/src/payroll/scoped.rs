//! The monthly payroll through the scope: a province officer computes the province's month or
//! one commune's, a leader approves and locks it, and each account reads the totals and the
//! payment lists of its own communes only.

use ansinh_core::access::{self, Capability, Domain};
use ansinh_core::payroll::PaymentListRow;
use ansinh_core::payroll::{Month, Totals};
use uuid::Uuid;

use crate::audit::Action;
use crate::error::Result;
use crate::payroll::payments::RunTotals;
use crate::payroll::{PayrollRun, RunReport};
use crate::scoped::Scoped;

impl Scoped<'_> {
    /// Whether the scope sees the whole registry; a province-wide run needs it.
    fn whole(&self) -> bool {
        self.within().is_none()
    }

    /// The runs of a month that touch the scope: province-wide runs and those of its communes,
    /// each with the figures of the scope only.
    pub async fn payroll_runs(&self, month: Month) -> Result<Vec<PayrollRun>> {
        self.require(Domain::Payroll.read(), crate::payroll::PAYROLL)
            .await?;
        let mut out = Vec::new();
        for run in self.store.payroll_runs(month).await? {
            if run.area_id.is_none_or(|a| self.scope.covers(a)) {
                out.push(self.seen(run).await?);
            }
        }
        Ok(out)
    }

    /// A run as this scope sees it: a province-wide run read by an account of some communes
    /// carries the beneficiaries and totals of those communes, not the province's.
    async fn seen(&self, mut run: PayrollRun) -> Result<PayrollRun> {
        if run.area_id.is_none() && !self.whole() {
            let communes: Vec<Uuid> = self.scope.communes.iter().copied().collect();
            let (beneficiaries, totals) = self.store.run_totals_within(run.id, &communes).await?;
            run.beneficiaries = beneficiaries;
            run.totals = totals;
        }
        Ok(run)
    }

    /// A run the account may act on: a province-wide run needs a whole-registry scope.
    async fn run_in_scope(&self, id: Uuid, cap: Capability) -> Result<PayrollRun> {
        self.require(cap, crate::payroll::PAYROLL).await?;
        let run = self.store.payroll_run(id).await?;
        match run.area_id {
            Some(a) => {
                self.require_area(a, crate::payroll::PAYROLL, Some(id))
                    .await?
            }
            None if cap.action == access::Action::Read || self.whole() => {}
            None => {
                return Err(self
                    .deny(
                        crate::payroll::PAYROLL,
                        Some(id),
                        "bảng chi toàn tỉnh cần tài khoản cấp tỉnh",
                    )
                    .await);
            }
        }
        Ok(run)
    }

    pub async fn payroll_run(&self, id: Uuid) -> Result<PayrollRun> {
        let run = self.run_in_scope(id, Domain::Payroll.read()).await?;
        self.seen(run).await
    }

    /// Computes a month as a draft, for the province (`None`) or one commune.
    pub async fn run_payroll(&self, month: Month, area: Option<Uuid>) -> Result<RunReport> {
        self.require(Domain::Payroll.write(), crate::payroll::PAYROLL)
            .await?;
        match area {
            Some(a) => self.require_area(a, crate::payroll::PAYROLL, None).await?,
            None if self.whole() => {}
            None => {
                return Err(self
                    .deny(
                        crate::payroll::PAYROLL,
                        None,
                        "bảng chi toàn tỉnh cần tài khoản cấp tỉnh",
                    )
                    .await);
            }
        }
        self.store.run_payroll(&self.actor, month, area).await
    }

    pub async fn approve_payroll(&self, id: Uuid) -> Result<PayrollRun> {
        self.run_in_scope(id, Domain::Payroll.approve()).await?;
        self.store.approve_payroll(&self.actor, id).await
    }

    pub async fn lock_payroll(&self, id: Uuid) -> Result<PayrollRun> {
        self.run_in_scope(id, Domain::Payroll.approve()).await?;
        self.store.lock_payroll(&self.actor, id).await
    }

    /// A run's totals by group and by commune, limited to the scope's communes; the run's own
    /// totals are recomputed from what remains so that every figure shown adds up.
    pub async fn payroll_totals(&self, id: Uuid) -> Result<(RunTotals, Totals)> {
        self.run_in_scope(id, Domain::Payroll.read()).await?;
        let all = self.store.run_totals(id).await?;
        if self.whole() {
            let sum = all.by_commune.values().fold(Totals::default(), |mut t, x| {
                t.merge(x);
                t
            });
            return Ok((all, sum));
        }
        // By-group figures cannot be split by commune from the province's totals: read them
        // per commune of the scope instead.
        let catalog = self.store.area_catalog();
        let mut out = RunTotals::default();
        let mut sum = Totals::default();
        for ((code, name), t) in &all.by_commune {
            let inside = catalog
                .areas
                .iter()
                .any(|a| &a.code == code && self.scope.covers(a.id));
            if inside {
                out.by_commune.insert((code.clone(), name.clone()), *t);
                sum.merge(t);
            }
        }
        for area in self.scope.communes.iter() {
            for line in self.store.payroll_lines(id, Some(*area)).await? {
                let key = line.line.group.map(|g| g.code().to_string());
                out.by_group.entry(key).or_default().add(&line.line);
            }
        }
        Ok((out, sum))
    }

    /// The payment list of one commune of the scope (personal data: names, birth years,
    /// addresses), for printing and for the paying agent.
    pub async fn payment_list(&self, id: Uuid, area: Uuid) -> Result<Vec<PaymentListRow>> {
        self.run_in_scope(id, Domain::Payroll.read()).await?;
        self.require(Domain::Payroll.export(), crate::payroll::PAYMENT_LIST)
            .await?;
        self.require_area(area, crate::payroll::PAYMENT_LIST, Some(id))
            .await?;
        // A list of names and addresses leaving the system is recorded like an export.
        self.store
            .log_event(
                &self.actor,
                Action::View,
                crate::payroll::PAYMENT_LIST,
                Some(id),
                None,
            )
            .await?;
        Ok(self
            .store
            .payment_list(id, Some(area))
            .await?
            .into_iter()
            .map(|(_, row)| row)
            .collect())
    }
}

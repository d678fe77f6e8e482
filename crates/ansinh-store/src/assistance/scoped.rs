//! Dossiers through the scope: a commune officer takes in and moves along the dossiers of
//! their communes; the decision or rejection needs the Approve capability (the leader who
//! signs); every read is limited to the scope's communes.

use ansinh_core::access::{Capability, Domain};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::assistance::dossiers::{Dossier, NewDossier};
use crate::error::Result;
use crate::scoped::Scoped;

impl Scoped<'_> {
    pub async fn dossiers(&self, open_only: bool) -> Result<Vec<Dossier>> {
        self.require(Domain::Assistance.read(), crate::assistance::DOSSIER)
            .await?;
        self.store
            .dossiers(self.within().as_deref(), open_only)
            .await
    }

    pub async fn dossier(&self, id: Uuid) -> Result<Dossier> {
        self.require(Domain::Assistance.read(), crate::assistance::DOSSIER)
            .await?;
        let d = self.store.dossier(id).await?;
        self.require_area(d.area_id, crate::assistance::DOSSIER, Some(id))
            .await?;
        Ok(d)
    }

    async fn dossier_for(&self, id: Uuid, cap: Capability) -> Result<Dossier> {
        self.require(cap, crate::assistance::DOSSIER).await?;
        self.dossier(id).await
    }

    /// Takes in a dossier of a person living in one of the scope's communes.
    pub async fn create_dossier(&self, n: &NewDossier) -> Result<Dossier> {
        self.require(Domain::Assistance.write(), crate::assistance::DOSSIER)
            .await?;
        let p = self.store.person(n.person_id).await?;
        self.require_area(p.area.id, crate::assistance::DOSSIER, None)
            .await?;
        self.store.create_dossier(&self.actor, n).await
    }

    pub async fn record_dossier_step(
        &self,
        id: Uuid,
        step: &str,
        done_on: NaiveDate,
    ) -> Result<Dossier> {
        self.dossier_for(id, Domain::Assistance.write()).await?;
        self.store
            .record_dossier_step(&self.actor, id, step, done_on)
            .await
    }

    pub async fn grant_dossier(
        &self,
        id: Uuid,
        number: &str,
        decided_on: NaiveDate,
        coefficient: Option<i32>,
    ) -> Result<Uuid> {
        self.dossier_for(id, Domain::Assistance.approve()).await?;
        self.store
            .grant_dossier(&self.actor, id, number, decided_on, coefficient)
            .await
    }

    pub async fn reject_dossier(&self, id: Uuid, on: NaiveDate, reason: &str) -> Result<()> {
        self.dossier_for(id, Domain::Assistance.approve()).await?;
        self.store.reject_dossier(&self.actor, id, on, reason).await
    }
}

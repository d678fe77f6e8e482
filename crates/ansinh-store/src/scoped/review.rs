//! Reads of the poverty review that the web pages need beside the campaign operations in
//! `scoped.rs`: one campaign, its list, and the communes of the scope in a review year.

use ansinh_core::access::Capability;
use ansinh_core::{Area, AreaLevel};
use uuid::Uuid;

use super::Scoped;
use crate::error::Result;
use crate::poverty::{Campaign, CampaignHousehold, review_day};

impl Scoped<'_> {
    /// One campaign of the scope.
    pub async fn poverty_campaign(&self, id: Uuid) -> Result<Campaign> {
        self.require(Capability::ReadRegistry, "poverty_campaign")
            .await?;
        let c = self.store.campaign(id).await?;
        self.require_area(c.area.id, "poverty_campaign", Some(id))
            .await?;
        Ok(c)
    }

    /// A campaign's review list (household codes and heads' names).
    pub async fn poverty_campaign_households(&self, id: Uuid) -> Result<Vec<CampaignHousehold>> {
        self.poverty_campaign(id).await?;
        self.store.campaign_households(id).await
    }

    /// The communes of the scope as they were at the end of a review year (before 1/7/2025,
    /// the old communes that merged into the account's).
    pub async fn communes_of_review(&self, year: i32) -> Result<Vec<Area>> {
        let on = review_day(year)?;
        Ok(self
            .store
            .areas_in_force(AreaLevel::Commune, on)
            .await?
            .into_iter()
            .filter(|a| self.scope.covers(a.id))
            .collect())
    }
}

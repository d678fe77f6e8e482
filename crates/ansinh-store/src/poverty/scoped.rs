//! The poverty review through the scope: campaigns of the account's communes (as they were in
//! the review year), their lists, surveys, classification and steps; approval needs Approve.

use ansinh_core::access::{Capability, Domain};
use ansinh_core::{Area, AreaLevel};
use uuid::Uuid;

use crate::error::Result;
use crate::scoped::Scoped;
use chrono::NaiveDate;

use crate::poverty::{
    AreaBasis, Campaign, CampaignHousehold, ClassifySummary, PovertyReport, Step, SurveyInput,
    SurveyRecorded, review_day,
};

impl Scoped<'_> {
    /// The poverty-review campaigns of a year inside the scope.
    pub async fn poverty_campaigns(&self, year: i32) -> Result<Vec<Campaign>> {
        self.require(Domain::Poverty.read(), crate::poverty::CAMPAIGN)
            .await?;
        self.store.campaigns(year, self.within().as_deref()).await
    }

    /// A campaign the account may act on for `cap`; its commune (as of its year) must be in
    /// the scope, which lists the old communes merged into the account's ones.
    async fn campaign_in_scope(&self, campaign: Uuid, cap: Capability) -> Result<Campaign> {
        self.require(cap, crate::poverty::CAMPAIGN).await?;
        let c = self.store.campaign(campaign).await?;
        self.require_area(c.area.id, crate::poverty::CAMPAIGN, Some(campaign))
            .await?;
        Ok(c)
    }

    /// Opens the review of a commune of the scope for a year.
    pub async fn open_poverty_campaign(&self, year: i32, area_code: &str) -> Result<Campaign> {
        self.require(Domain::Poverty.write(), crate::poverty::CAMPAIGN)
            .await?;
        let area = self
            .store
            .area_by_code(area_code, crate::poverty::review_day(year)?)
            .await?;
        self.require_area(area.id, crate::poverty::CAMPAIGN, None)
            .await?;
        self.store
            .create_campaign(&self.actor, year, area_code)
            .await
    }

    pub async fn add_poverty_applicants(&self, campaign: Uuid, codes: &[String]) -> Result<usize> {
        self.campaign_in_scope(campaign, Domain::Poverty.write())
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
        self.campaign_in_scope(campaign, Domain::Poverty.write())
            .await?;
        self.store.record_survey(&self.actor, campaign, input).await
    }

    /// Classifies one campaign of the scope.
    pub async fn classify_poverty_campaign(&self, campaign: Uuid) -> Result<ClassifySummary> {
        let c = self
            .campaign_in_scope(campaign, Domain::Poverty.write())
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
        self.campaign_in_scope(campaign, Domain::Poverty.write())
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
        self.campaign_in_scope(campaign, Domain::Poverty.approve())
            .await?;
        self.store.approve_campaign(&self.actor, campaign, on).await
    }

    /// The report data of a year limited to the scope's communes.
    pub async fn poverty_report(&self, year: i32, basis: AreaBasis) -> Result<PovertyReport> {
        self.require(Domain::Poverty.read(), crate::poverty::REPORT)
            .await?;
        self.store
            .poverty_report(year, basis, self.within().as_deref())
            .await
    }

    /// One campaign of the scope.
    pub async fn poverty_campaign(&self, id: Uuid) -> Result<Campaign> {
        self.require(Domain::Poverty.read(), crate::poverty::CAMPAIGN)
            .await?;
        let c = self.store.campaign(id).await?;
        self.require_area(c.area.id, crate::poverty::CAMPAIGN, Some(id))
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

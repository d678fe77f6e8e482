//! The households of one campaign as the commune officer works through them: the list basis,
//! whether a survey was recorded and the class once classified.

use ansinh_core::poverty::Class;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::Store;
use crate::error::{Result, StoreError};

/// One household on a campaign's review list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignHousehold {
    pub household_id: Uuid,
    pub code: String,
    pub head_name: Option<String>,
    /// Why it is on the list: `poor`, `near_poor` (last year's result) or `applied`.
    pub basis: String,
    pub surveyed_on: Option<NaiveDate>,
    pub class: Option<Class>,
}

type Row = (
    Uuid,
    String,
    Option<String>,
    String,
    Option<NaiveDate>,
    Option<String>,
);

impl Store {
    /// The review list of a campaign in household-code order.
    pub async fn campaign_households(&self, campaign: Uuid) -> Result<Vec<CampaignHousehold>> {
        let rows: Vec<Row> = db_run!(&self.db, pool => sqlx::query_as(
            "SELECT h.id, h.code, p.full_name, ch.basis, s.surveyed_on, r.class
             FROM poverty_campaign_households ch
             JOIN households h ON h.id = ch.household_id
             LEFT JOIN persons p ON p.id = h.head_id
             LEFT JOIN poverty_surveys s
                    ON s.campaign_id = ch.campaign_id AND s.household_id = ch.household_id
             LEFT JOIN poverty_results r
                    ON r.campaign_id = ch.campaign_id AND r.household_id = ch.household_id
             WHERE ch.campaign_id = $1
             ORDER BY h.code",
        )
        .bind(campaign)
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(
                |(household_id, code, head_name, basis, surveyed_on, class)| {
                    let class = class
                        .map(|c| {
                            Class::from_code(&c)
                                .ok_or_else(|| StoreError::Corrupt(format!("poverty class '{c}'")))
                        })
                        .transpose()?;
                    Ok(CampaignHousehold {
                        household_id,
                        code,
                        head_name,
                        basis,
                        surveyed_on,
                        class,
                    })
                },
            )
            .collect()
    }
}

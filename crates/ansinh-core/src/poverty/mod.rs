//! The annual poverty review (rà soát hộ nghèo, hộ cận nghèo): the standards, the survey
//! answers and the deprivations they give, classification, the movements between two reviews,
//! and the aggregates of the report set. Pure functions over `Copy` values: no IO, no clock.
//!
//! Legal basis (RULES §1–2): Nghị định 07/2021/NĐ-CP (standard 2022–2025, kept for 2026),
//! Nghị định 351/2025/NĐ-CP (standard 2027–2030), Quyết định 24/2021/QĐ-TTg (review procedure)
//! and Thông tư 07/2021/TT-BLĐTBXH (scoring method and the Phụ lục VII reports). Whatever RULES
//! marks UNCONFIRMED is data with a `confirmed`-style flag or a documented convention:
//! - the average-living-standard ceilings of ND 07 and the missing band of ND 351
//!   ([`standard`]);
//! - ND 351's indicator list and the missing score table for 2027–2030 ([`standard`]);
//! - every indicator threshold's wording ([`indicator`], [`survey`]);
//! - the list of causes ([`cause`]), the group definitions ([`group`]), the movement line
//!   definitions ([`movement`]) and the report numbering ([`report`]).
//!
//! A review runs as: `StandardBook::shipped()?.for_year(year)?` once; per household
//! `SurveyAnswers::validate()` → [`Assessment`] → `YearStandards::classify` →
//! [`Classification`]; then [`report::aggregate`] and [`movement::movements_by_area`] over the
//! classified rows.

pub mod by_area;
pub mod campaign;
pub mod cause;
pub mod classify;
pub mod error;
pub mod group;
pub mod indicator;
pub mod movement;
pub mod number;
pub mod report;
pub mod report_data;
pub mod rows;
pub mod standard;
pub mod survey;

pub use by_area::ByArea;
pub use campaign::{CampaignState, CampaignSteps, Review, Step};
pub use cause::{Cause, Causes};
pub use classify::{Assessment, Class, Classification, ClassifyError, Means, Method, Reason};
pub use error::PovertyError;
pub use group::{GroupFacts, HouseholdGroup};
pub use indicator::{Deprivations, Dimension, Indicator};
pub use movement::{
    History, Movement, MovementError, MovementLine, Movements, PovertyList, Transition,
    movements_by_area,
};
pub use number::Ratio;
pub use report::{AreaStats, ChildTotals, ReportKind, ReportRow, aggregate, detail_list};
pub use report_data::{AreaBasis, AreaKey, ListedHousehold, PovertyReport};
pub use rows::SurveyRow;
pub use standard::{ScoreLines, Standard, StandardBook, StandardError, YearStandards};
pub use survey::{
    ChildCounts, MeansAnswer, SurveyAnswers, SurveyError, SurveyField, ToiletType, WaterSource,
};

//! Social assistance (bảo trợ xã hội): the monthly allowance of Nghị định 20/2021/NĐ-CP Điều
//! 5–8, care and foster support (Điều 20), facility nurture (Điều 25), one-off support (Điều
//! 11, 13, 14) and the application procedure, as pure functions over facts and dated rules.
//!
//! - `group`: the beneficiary groups of Điều 5 with stable codes (`K1` … `K8`, `K5A` … `K5D`).
//! - `rules`, `condition`: the dated rule rows (base level, coefficients, multiples) shipped in
//!   `data/rules/social-assistance.csv`, with validation.
//! - `facts`, `age`: what the allowance depends on, and how ages are counted by month.
//! - `entitlement`: eligibility, coefficient, start and stop months, several groups at once.
//! - `care`: Điều 20, 25 and the one-off multiples.
//! - `programme`: the allowance as a `crate::payroll::Programme`.
//! - `dossier`: the procedure's steps and deadlines in working days.

pub mod age;
pub mod care;
pub mod condition;
pub mod dossier;
pub mod entitlement;
pub mod error;
pub mod facts;
pub mod group;
pub mod programme;
pub mod record;
pub mod rules;

pub use entitlement::{Coefficient, check, coefficient, entitlement, last_month, start_month};
pub use error::{AssistanceError, Ineligible, format_coefficient, parse_group};
pub use facts::{Child, DisabilityCertificate, Facts, Grant, Household, Severity};
pub use group::Group;
pub use programme::SocialAssistance;
pub use record::{BeneficiaryRecord, Suspension};
pub use rules::{RuleBook, RuleError, RuleKind, RuleRow};

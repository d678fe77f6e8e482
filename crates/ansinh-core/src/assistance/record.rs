//! The shape in which a beneficiary is written to the store, whoever produces it (a form, an
//! import, the synthetic generator): the person's verified circumstances, the decisions with
//! their numbers, and any suspension.

use uuid::Uuid;

use super::facts::Facts;
use crate::payroll::Month;

/// A period in which payment is held back (tạm dừng, Thông tư 02/2021/TT-BLĐTBXH Điều 2):
/// from its first month through its last, open while `to` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    pub from: Month,
    pub to: Option<Month>,
    pub reason: String,
}

impl Suspension {
    pub fn covers(&self, month: Month) -> bool {
        self.from <= month && self.to.is_none_or(|to| month <= to)
    }
}

/// One beneficiary ready to be stored. `facts.birth` and `facts.died_on` are the person's
/// (the registry keeps them); `decision_numbers[i]` is the number of `facts.grants[i]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeneficiaryRecord {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The paying commune.
    pub area_id: Uuid,
    pub address: String,
    pub facts: Facts,
    pub decision_numbers: Vec<String>,
    pub suspensions: Vec<Suspension>,
}

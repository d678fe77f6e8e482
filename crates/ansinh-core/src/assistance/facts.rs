//! The facts about one beneficiary that the allowance depends on, and the decisions granting it.
//!
//! Circumstances that the decree makes the commune verify once (orphanhood, no one obliged to
//! support, the extremely disadvantaged area) are flags as verified for the decision. A change
//! in them is a decision too: the grant's `ended_on` records the loss of eligibility, so months
//! before it are never recomputed from a later state. What changes by itself (age) or by a
//! dated document (disability certificates) is computed per month.

use chrono::NaiveDate;

use super::group::Group;
use crate::date::PartialDate;

/// Disability level on the certificate (giấy xác nhận mức độ khuyết tật). Mild disability
/// (nhẹ) gives no monthly allowance, so it is not a level here: a reassessment to mild is
/// recorded as the end of the khoản 6 grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Khuyết tật nặng.
    Severe,
    /// Khuyết tật đặc biệt nặng.
    Extreme,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Severe => "severe",
            Severity::Extreme => "extreme",
        }
    }

    pub fn from_code(s: &str) -> Option<Severity> {
        [Severity::Severe, Severity::Extreme]
            .into_iter()
            .find(|x| x.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Severity::Severe => "Khuyết tật nặng",
            Severity::Extreme => "Khuyết tật đặc biệt nặng",
        }
    }
}

/// The household's standing in the poverty review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Household {
    /// Hộ nghèo.
    Poor,
    /// Hộ cận nghèo.
    NearPoor,
    /// Neither.
    Other,
}

/// One disability certificate. A new certificate with another level changes the coefficient
/// from its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisabilityCertificate {
    pub issued_on: NaiveDate,
    pub severity: Severity,
}

/// A child raised by a poor single parent (khoản 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    pub birth: PartialDate,
    /// In school, vocational training, college or a first university degree; counts the child
    /// from 16 to 22.
    pub studying: bool,
    /// The child no longer counts from the month after this date (death, adoption, leaving the
    /// parent's care).
    pub left_on: Option<NaiveDate>,
}

/// A decision granting the monthly allowance under one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub group: Group,
    /// The day the commune received the complete dossier.
    pub dossier_on: NaiveDate,
    /// The day the decision was signed; the allowance starts that month except for 5b, 5c and
    /// disability (Điều 8 khoản 1).
    pub decided_on: NaiveDate,
    /// The day the person stopped qualifying under this group (thôi hưởng); the allowance
    /// stops from the next month (Điều 8 khoản 2).
    pub ended_on: Option<NaiveDate>,
    /// The coefficient written on the decision, in hundredths, if any; checked against the
    /// rules for the decision's month.
    pub coefficient: Option<i32>,
}

/// Everything about one beneficiary the monthly allowance depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub birth: PartialDate,
    /// Payment stops from the month after death (Điều 8 khoản 2).
    pub died_on: Option<NaiveDate>,
    pub household: Household,
    /// All certificates, in any order.
    pub disability: Vec<DisabilityCertificate>,
    /// Khoản 2: still studying after 16.
    pub studying: bool,
    /// Khoản 3 and 8.
    pub hiv: bool,
    /// Khoản 5 điểm c: has a pension, monthly social insurance or another monthly allowance.
    pub has_pension: bool,
    /// Khoản 5 điểm b and khoản 7: lives in an extremely disadvantaged ethnic-minority and
    /// mountain commune or village.
    pub disadvantaged_area: bool,
    /// Admitted to a social-assistance facility on this day: the facility's nurture allowance
    /// replaces the monthly allowance (Điều 25 khoản 5) from the next month.
    pub in_facility_since: Option<NaiveDate>,
    /// Khoản 4: the children being raised.
    pub children: Vec<Child>,
    pub grants: Vec<Grant>,
}

impl Facts {
    /// A person with no circumstances and no grants yet; fields are then set directly.
    pub fn new(birth: PartialDate) -> Facts {
        Facts {
            birth,
            died_on: None,
            household: Household::Other,
            disability: Vec::new(),
            studying: false,
            hiv: false,
            has_pension: false,
            disadvantaged_area: false,
            in_facility_since: None,
            children: Vec::new(),
            grants: Vec::new(),
        }
    }

    /// The earliest certificate, which starts the disability allowance.
    pub fn first_certificate(&self) -> Option<&DisabilityCertificate> {
        self.disability.iter().min_by_key(|c| c.issued_on)
    }
}

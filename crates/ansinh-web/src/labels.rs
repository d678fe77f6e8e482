//! The core's domain labels as messages, so the English pages show them in English.
//!
//! The core names each value of its enums with a stable code and a Vietnamese legal term
//! (`code()`, `label_vi()`). A type shown on a page implements [`Label`] here; its message is
//! `{PREFIX}-{code}` ([`key`]), in the message files of the capability that owns the type, and
//! pages ask for it with [`Tr::label`](crate::i18n::Tr::label). The Vietnamese message is the
//! core's label byte for byte and every value has an English one: a test in `i18n.rs` checks
//! both for every value of every type in [`every`], so a value added to the core without its
//! messages fails it.
//!
//! The shipped procedures of the monthly allowance's dossier and their steps are named the
//! same way ([`procedure_key`], [`procedure_step_key`]): they are compiled data of the core
//! ([`Procedure::shipped`]), not rows an officer can add.
//!
//! Sexes, relations, reasons for joining or leaving a household and roles keep the keys they
//! had before this module (`relation-child-in-law`, `role-province-officer`), which do not
//! follow the codes' underscores: they stay methods of [`Tr`](crate::i18n::Tr).

use std::borrow::Cow;

use ansinh_core::Settlement;
use ansinh_core::assistance::dossier::{Actor, Procedure};
use ansinh_core::assistance::{Group, RuleKind};
use ansinh_core::payroll::RunState;
use ansinh_core::poverty::{
    CampaignState, Class, MovementLine, PovertyList, Step, ToiletType, WaterSource,
};
use ansinh_store::assistance::dossiers::DossierStatus;

/// A core enum whose values the pages show, each by the message `{PREFIX}-{code}`.
pub trait Label: Copy + 'static {
    /// The first part of every key of the type, such as `assistance-group`.
    const PREFIX: &'static str;
    /// Every value, in the core's order.
    fn all() -> Vec<Self>;
    /// The stable code naming the value's message after the prefix.
    fn code(self) -> Cow<'static, str>;
    /// The core's Vietnamese label, which the Vietnamese message repeats.
    fn label_vi(self) -> &'static str;
}

/// A Fluent identifier from a prefix and codes: the parts joined by `-`, ASCII letters in
/// lower case, and any character an identifier does not allow (`[a-zA-Z][a-zA-Z0-9_-]*`,
/// such as the `.` of a dotted code) turned into `-`.
pub fn key_of(prefix: &str, codes: &[&str]) -> String {
    let mut key = prefix.to_string();
    for code in codes {
        key.push('-');
        key.extend(code.chars().map(|c| match c {
            'a'..='z' | '0'..='9' | '_' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        }));
    }
    key
}

/// The message key of a value.
pub fn key<L: Label>(x: L) -> String {
    key_of(L::PREFIX, &[&x.code()])
}

/// The key of a shipped procedure's name (its `name_vi`).
pub fn procedure_key(procedure: &Procedure) -> String {
    key_of("assistance-procedure", &[&procedure.code])
}

/// The key of the name of a step of a shipped procedure: the same step code is named
/// differently by different procedures (the appraisal goes to the district, commune or
/// province chairman).
pub fn procedure_step_key(procedure: &Procedure, step: &str) -> String {
    key_of("assistance-step", &[&procedure.code, step])
}

/// An enum whose `code()`, `label_vi()` and `ALL` are the core's.
macro_rules! label {
    ($ty:ident, $prefix:literal, all: $all:expr) => {
        impl Label for $ty {
            const PREFIX: &'static str = $prefix;
            fn all() -> Vec<Self> {
                $all.to_vec()
            }
            fn code(self) -> Cow<'static, str> {
                Cow::Borrowed($ty::code(self))
            }
            fn label_vi(self) -> &'static str {
                $ty::label_vi(self)
            }
        }
    };
    // The core has no list of the values: they are listed here, and the match without a
    // wildcard stops the build when the core adds one.
    ($ty:ident, $prefix:literal, variants: [$($v:ident),+ $(,)?]) => {
        impl Label for $ty {
            const PREFIX: &'static str = $prefix;
            fn all() -> Vec<Self> {
                let _every_variant = |x: $ty| match x {
                    $($ty::$v)|+ => (),
                };
                vec![$($ty::$v),+]
            }
            fn code(self) -> Cow<'static, str> {
                Cow::Borrowed($ty::code(self))
            }
            fn label_vi(self) -> &'static str {
                $ty::label_vi(self)
            }
        }
    };
}

// Registry.
label!(Settlement, "settlement", variants: [Urban, Rural]);

// Social assistance.
label!(Group, "assistance-group", all: Group::ALL);
label!(RuleKind, "assistance-rule", all: RuleKind::ALL);
label!(
    Actor,
    "assistance-actor",
    variants: [
        CommuneOfficer,
        CommuneChairman,
        CommuneOffice,
        DistrictOffice,
        DistrictChairman,
        ProvinceDepartment,
        ProvinceChairman,
    ]
);
label!(DossierStatus, "assistance-status", variants: [Open, Granted, Rejected]);

// Payroll.
label!(RunState, "payroll-run", variants: [Draft, Approved, Locked]);

// Poverty review.
label!(Class, "review-class", all: Class::ALL);
label!(CampaignState, "review-campaign", variants: [Open, Classified, Approved]);
label!(WaterSource, "review-water", all: WaterSource::ALL);
label!(ToiletType, "review-toilet", all: ToiletType::ALL);

/// The core's steps have no code; these are the messages' only.
impl Label for Step {
    const PREFIX: &'static str = "review-step";
    fn all() -> Vec<Self> {
        Step::ORDER.to_vec()
    }
    fn code(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Step::Meeting => "meeting",
            Step::Posting => "posting",
            Step::ComplaintsClosed => "complaints_closed",
        })
    }
    fn label_vi(self) -> &'static str {
        Step::label_vi(self)
    }
}

fn list_code(list: PovertyList) -> &'static str {
    match list {
        PovertyList::Poor => "poor",
        PovertyList::NearPoor => "near_poor",
    }
}

/// A line of the movement report as the report of one list names it
/// (`review-movement-poor-escaped` "Thoát nghèo", `review-movement-near_poor-escaped`
/// "Thoát cận nghèo"): every line has a message per list, even those named alike in both.
impl Label for (MovementLine, PovertyList) {
    const PREFIX: &'static str = "review-movement";
    fn all() -> Vec<Self> {
        let _every_list = |l: PovertyList| match l {
            PovertyList::Poor | PovertyList::NearPoor => (),
        };
        [PovertyList::Poor, PovertyList::NearPoor]
            .into_iter()
            .flat_map(|list| MovementLine::ALL.map(|line| (line, list)))
            .collect()
    }
    fn code(self) -> Cow<'static, str> {
        let (line, list) = self;
        Cow::Owned(format!("{}-{}", list_code(list), line.code()))
    }
    fn label_vi(self) -> &'static str {
        let (line, list) = self;
        line.label_vi(list)
    }
}

/// One type's keys with the core's Vietnamese labels, for the tests.
pub struct LabelSet {
    pub prefix: &'static str,
    pub entries: Vec<(String, String)>,
}

impl LabelSet {
    fn of<L: Label>() -> LabelSet {
        LabelSet {
            prefix: L::PREFIX,
            entries: L::all()
                .into_iter()
                .map(|x| (key(x), x.label_vi().to_string()))
                .collect(),
        }
    }
}

/// Every [`Label`] type's keys, and the shipped procedures' names and steps: the keys the
/// pages look up with a code known at run time. A new `Label` type goes here, or its messages
/// count as unused and its values are not checked.
pub fn every() -> Vec<LabelSet> {
    let procedures = Procedure::shipped();
    vec![
        LabelSet::of::<Settlement>(),
        LabelSet::of::<Group>(),
        LabelSet::of::<RuleKind>(),
        LabelSet::of::<Actor>(),
        LabelSet::of::<DossierStatus>(),
        LabelSet::of::<RunState>(),
        LabelSet::of::<Class>(),
        LabelSet::of::<CampaignState>(),
        LabelSet::of::<Step>(),
        LabelSet::of::<(MovementLine, PovertyList)>(),
        LabelSet::of::<WaterSource>(),
        LabelSet::of::<ToiletType>(),
        LabelSet {
            prefix: "assistance-procedure",
            entries: procedures
                .iter()
                .map(|p| (procedure_key(p), p.name_vi.clone()))
                .collect(),
        },
        LabelSet {
            prefix: "assistance-step",
            entries: procedures
                .iter()
                .flat_map(|p| {
                    p.steps
                        .iter()
                        .map(|s| (procedure_step_key(p, &s.code), s.name_vi.clone()))
                })
                .collect(),
        },
    ]
}

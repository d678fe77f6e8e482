//! Who may do what: roles, their capabilities, and the set of areas an account may see.
//! The store applies a [`Scope`] to every query it runs for a user; this module only says what
//! the rules are, so they can be tested as a table.

use std::collections::BTreeSet;

use uuid::Uuid;

/// The roles of the sector's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Quản trị: accounts, tokens, areas, rules.
    Admin,
    /// Cán bộ tỉnh (Sở): works on the whole province.
    ProvinceOfficer,
    /// Cán bộ xã: works on the records of their commune(s).
    CommuneOfficer,
    /// Lãnh đạo: reads and approves.
    Leader,
    /// Thanh tra: reads, and reads the audit log.
    Inspector,
}

/// The part of the sector's work a permission is about: one per capability, so that a role
/// may, say, compute the payroll without editing job fairs. `Accounts` and `Audit` are the
/// platform's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    Registry,
    Assistance,
    Payroll,
    Poverty,
    Merit,
    Employment,
    Plans,
    Procedures,
    Accounts,
    Audit,
}

/// What is done within a domain. Importing a file is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Read,
    Write,
    Approve,
    Export,
    Administer,
}

/// What an account can be allowed to do (before the area check): an action in a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Capability {
    pub domain: Domain,
    pub action: Action,
}

impl Capability {
    pub const fn new(domain: Domain, action: Action) -> Capability {
        Capability { domain, action }
    }

    /// `registry.read`, `payroll.approve`, …: how a refusal names what was missing.
    pub fn code(self) -> String {
        format!("{}.{}", self.domain.code(), self.action.code())
    }
}

impl Domain {
    pub const ALL: [Domain; 10] = [
        Domain::Registry,
        Domain::Assistance,
        Domain::Payroll,
        Domain::Poverty,
        Domain::Merit,
        Domain::Employment,
        Domain::Plans,
        Domain::Procedures,
        Domain::Accounts,
        Domain::Audit,
    ];

    /// The programmes' domains, where officers keep records (as opposed to the platform's).
    pub const PROGRAMMES: [Domain; 8] = [
        Domain::Registry,
        Domain::Assistance,
        Domain::Payroll,
        Domain::Poverty,
        Domain::Merit,
        Domain::Employment,
        Domain::Plans,
        Domain::Procedures,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Domain::Registry => "registry",
            Domain::Assistance => "assistance",
            Domain::Payroll => "payroll",
            Domain::Poverty => "poverty",
            Domain::Merit => "merit",
            Domain::Employment => "employment",
            Domain::Plans => "plans",
            Domain::Procedures => "procedures",
            Domain::Accounts => "accounts",
            Domain::Audit => "audit",
        }
    }

    pub fn read(self) -> Capability {
        Capability::new(self, Action::Read)
    }

    pub fn write(self) -> Capability {
        Capability::new(self, Action::Write)
    }

    pub fn approve(self) -> Capability {
        Capability::new(self, Action::Approve)
    }

    pub fn export(self) -> Capability {
        Capability::new(self, Action::Export)
    }

    pub fn administer(self) -> Capability {
        Capability::new(self, Action::Administer)
    }
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Read,
        Action::Write,
        Action::Approve,
        Action::Export,
        Action::Administer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Write => "write",
            Action::Approve => "approve",
            Action::Export => "export",
            Action::Administer => "administer",
        }
    }
}

/// Which actions a role has in which domains: the one table of permissions. A role missing
/// from a domain has no action there. Least privilege: a leader and an inspector never change
/// records; only the administrator manages accounts and tokens; officers keep the records
/// and compute, leaders approve (decisions, payrolls, reviews).
const GRANTS: &[(Role, &[Domain], &[Action])] = {
    use Action::*;
    const P: &[Domain] = &Domain::PROGRAMMES;
    &[
        (Role::Admin, &Domain::ALL, &Action::ALL),
        (Role::ProvinceOfficer, P, &[Read, Write, Export]),
        (Role::CommuneOfficer, P, &[Read, Write, Export]),
        (Role::Leader, P, &[Read, Export, Approve]),
        (Role::Inspector, P, &[Read]),
        (Role::Inspector, &[Domain::Audit], &[Read]),
    ]
};

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::ProvinceOfficer,
        Role::CommuneOfficer,
        Role::Leader,
        Role::Inspector,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ProvinceOfficer => "province_officer",
            Role::CommuneOfficer => "commune_officer",
            Role::Leader => "leader",
            Role::Inspector => "inspector",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::ProvinceOfficer => "Cán bộ tỉnh",
            Role::CommuneOfficer => "Cán bộ xã",
            Role::Leader => "Lãnh đạo",
            Role::Inspector => "Thanh tra",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::ProvinceOfficer => "Provincial officer",
            Role::CommuneOfficer => "Commune officer",
            Role::Leader => "Leader",
            Role::Inspector => "Inspector",
        }
    }

    /// Whether the role has the capability, from [`GRANTS`].
    pub fn can(self, c: Capability) -> bool {
        GRANTS.iter().any(|(role, domains, actions)| {
            *role == self && domains.contains(&c.domain) && actions.contains(&c.action)
        })
    }
}

/// The areas whose records an account may see and change: commune ids, including the old
/// communes that merged into them, so records kept under a pre-2025 unit stay visible to the
/// commune that succeeded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub role: Role,
    pub communes: BTreeSet<Uuid>,
}

impl Scope {
    pub fn new(role: Role, communes: impl IntoIterator<Item = Uuid>) -> Scope {
        Scope {
            role,
            communes: communes.into_iter().collect(),
        }
    }

    pub fn can(&self, c: Capability) -> bool {
        self.role.can(c)
    }

    pub fn covers(&self, commune: Uuid) -> bool {
        self.communes.contains(&commune)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out role by role as a reader checks it.
    #[test]
    fn the_permission_table() {
        let allowed = |r: Role, d: Domain| {
            Action::ALL
                .into_iter()
                .filter(|a| r.can(Capability::new(d, *a)))
                .collect::<Vec<_>>()
        };
        use Action::*;
        for d in Domain::ALL {
            assert_eq!(allowed(Role::Admin, d), Action::ALL.to_vec(), "{d:?}");
        }
        for d in Domain::PROGRAMMES {
            assert_eq!(allowed(Role::ProvinceOfficer, d), vec![Read, Write, Export]);
            assert_eq!(allowed(Role::CommuneOfficer, d), vec![Read, Write, Export]);
            assert_eq!(allowed(Role::Leader, d), vec![Read, Approve, Export]);
            assert_eq!(allowed(Role::Inspector, d), vec![Read]);
        }
        for r in [Role::ProvinceOfficer, Role::CommuneOfficer, Role::Leader] {
            assert_eq!(allowed(r, Domain::Accounts), vec![], "{r:?}");
            assert_eq!(allowed(r, Domain::Audit), vec![], "{r:?}");
        }
        assert_eq!(allowed(Role::Inspector, Domain::Accounts), vec![]);
        assert_eq!(allowed(Role::Inspector, Domain::Audit), vec![Read]);
    }

    #[test]
    fn capability_codes() {
        assert_eq!(Domain::Payroll.approve().code(), "payroll.approve");
        assert_eq!(Domain::Registry.read().code(), "registry.read");
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}

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

/// What an account can be allowed to do (before the area check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    ReadRegistry,
    WriteRegistry,
    Import,
    Export,
    Approve,
    ReadAudit,
    ManageUsers,
    ManageTokens,
}

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

    /// The permission table. Least privilege: a leader and an inspector never change the
    /// registry; only the administrator manages accounts and tokens.
    pub fn can(self, c: Capability) -> bool {
        use Capability::*;
        match self {
            Role::Admin => true,
            Role::ProvinceOfficer | Role::CommuneOfficer => {
                matches!(c, ReadRegistry | WriteRegistry | Import | Export)
            }
            Role::Leader => matches!(c, ReadRegistry | Export | Approve),
            Role::Inspector => matches!(c, ReadRegistry | ReadAudit),
        }
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

    #[test]
    fn the_permission_table() {
        use Capability::*;
        let all = [
            ReadRegistry,
            WriteRegistry,
            Import,
            Export,
            Approve,
            ReadAudit,
            ManageUsers,
            ManageTokens,
        ];
        let allowed = |r: Role| {
            all.iter()
                .filter(|c| r.can(**c))
                .copied()
                .collect::<Vec<_>>()
        };
        assert_eq!(allowed(Role::Admin), all.to_vec());
        assert_eq!(
            allowed(Role::ProvinceOfficer),
            vec![ReadRegistry, WriteRegistry, Import, Export]
        );
        assert_eq!(
            allowed(Role::CommuneOfficer),
            vec![ReadRegistry, WriteRegistry, Import, Export]
        );
        assert_eq!(allowed(Role::Leader), vec![ReadRegistry, Export, Approve]);
        assert_eq!(allowed(Role::Inspector), vec![ReadRegistry, ReadAudit]);
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}

//! The registry: areas over time, persons, households and their members, search without
//! diacritics, bulk loads, imports and exports, probable duplicates and the integrity check.

// What this capability's audit entries and refusals name.
/// A person of the registry.
pub const PERSON: crate::audit::Entity = crate::audit::Entity::new("person");
/// A household and its members.
pub const HOUSEHOLD: crate::audit::Entity = crate::audit::Entity::new("household");
/// An area the request names (a commune filter, an export).
pub const AREA: crate::audit::Entity = crate::audit::Entity::new("area");
/// The registry as a whole (a bulk load, the duplicates check).
pub const REGISTRY: crate::audit::Entity = crate::audit::Entity::new("registry");
/// A record's history.
pub const HISTORY: crate::audit::Entity = crate::audit::Entity::new("history");
/// A file imported into the registry.
pub const IMPORT: crate::audit::Entity = crate::audit::Entity::new("import");
/// An export of the registry.
pub const EXPORT: crate::audit::Entity = crate::audit::Entity::new("export");
/// The persons exported (who downloaded which area).
pub const EXPORT_PERSONS: crate::audit::Entity = crate::audit::Entity::new("export_persons");
/// The households exported.
pub const EXPORT_HOUSEHOLDS: crate::audit::Entity = crate::audit::Entity::new("export_households");

pub mod areas;
pub mod bulk;
pub mod check;
pub mod duplicates;
pub mod export;
pub mod households;
pub mod import;
pub mod persons;
mod scoped;
pub mod search;

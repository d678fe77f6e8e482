//! The accounts' verbs: officers' accounts and integrators' API tokens.

pub(crate) mod token;
pub(crate) mod user;

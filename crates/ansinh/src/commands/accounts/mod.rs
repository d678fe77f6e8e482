//! The accounts' verbs: officers' accounts and integrators' API tokens.

pub mod token;
pub mod user;

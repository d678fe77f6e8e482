//! Accounts on the web: signing in and out, the password and language, the administrators'
//! accounts and API tokens, and the audit log for the province's inspectors.

pub mod admin;
pub mod audit;
pub mod session;

//! Social assistance on the web: allowance dossiers through their steps to the decision, and
//! the rules in force on a day.

pub mod api;
pub mod dossiers;
pub mod rules;

//! The poverty review on the web: a year's campaigns by commune, lists, surveys, steps,
//! classification and approval, the report and its fifteen printable forms.

pub mod api;
pub mod forms;
pub mod review;

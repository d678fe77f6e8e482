//! The poverty review's files: the survey sheet and the report set (Phụ lục VII).

pub mod forms;
pub mod surveys;

//! The one background task that makes every API call, under the shared rate budget.

pub mod budget;

//! Pure rendering: reads the model, draws, decides nothing.

pub mod sanitize;

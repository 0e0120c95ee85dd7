//! mdetui: a keyboard-driven terminal explorer for the Microsoft Defender for Endpoint API.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod engine;
pub mod entity;
pub mod logging;
pub mod memory;
pub mod private;
pub mod query;
pub mod sanitize;
pub mod sim;
pub mod term;
pub mod ui;

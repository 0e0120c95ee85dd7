//! mdetui: a keyboard-driven terminal explorer for the Microsoft Defender for Endpoint API.

pub mod api;
pub mod engine;
pub mod sim;

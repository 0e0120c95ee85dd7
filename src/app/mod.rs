//! The explorer's state machine, pure in fact: `update(&mut Model, Msg) -> Vec<Cmd>`. It does
//! no I/O, reads no clock, and knows nothing of the terminal, the config file or the runtime
//! (`term` owns those); `ui` reads the model to draw it.

mod changed;
pub mod choose;
pub mod command;
pub mod confirm;
mod editor;
pub mod export;
pub mod exporting;
pub mod filter;
pub mod form;
pub mod go;
mod heard;
pub mod history;
mod hunt;
pub mod hunt_form;
mod indicate;
pub mod indicator_form;
pub mod review;

pub mod keymap;
pub mod live;
mod marks;
pub mod model;
pub mod msg;
pub mod nav;
pub mod package;
mod pages;
pub mod panes;
mod pivot;
mod prefetch;
mod prompt;
pub mod recall;
mod respond;
pub mod respond_form;
pub mod scopes;
pub mod search;
pub mod session;
pub mod start;
pub mod store;
pub mod timeline;
pub mod timeline_keys;
mod tools;
pub mod triage;
pub mod update;
pub mod watch;
mod written;

pub use model::Model;
pub use msg::{Cmd, Msg};
pub use prompt::filter_title;
pub use session::{Session, ThemeName};
pub use update::update;

#[cfg(test)]
mod tests;

//! The explorer.

use tokio::sync::mpsc::UnboundedReceiver;

use crate::engine::{EngineHandle, Event};

pub async fn run(
    _engine: EngineHandle,
    _events: UnboundedReceiver<Event>,
    _label: String,
    _portal: String,
) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "the explorer is not built yet; use a one-shot query such as `mdetui user jdoe alerts`",
    ))
}

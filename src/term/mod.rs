//! The runtime: the only place that touches the terminal, signals, the clipboard, the browser
//! and files. It runs [`event_loop::Loop`] on the real terminal; tests run the same loop on a
//! `TestBackend`.

mod clipboard;
pub mod effects;
pub mod event_loop;
mod history;
pub mod host;
mod mouse;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture, EventStream};
use crossterm::execute;
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::Model;
use crate::engine::{EngineHandle, Event};
pub use effects::Effects;
pub use event_loop::{Input, Loop};

/// Runs the explorer on the terminal until the analyst quits.
pub async fn run(
    engine: EngineHandle,
    events: UnboundedReceiver<Event>,
    model: Model,
    effects: Effects,
) -> std::io::Result<()> {
    let mouse = model.session.mouse;
    // ratatui's init also restores the terminal on panic.
    let terminal = ratatui::try_init()?;
    if mouse {
        execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    let host = host::Crossterm {
        mouse,
        inside_tmux: std::env::var_os("TMUX").is_some(),
    };
    let keys = EventStream::new().filter_map(|e| async move { e.ok().map(Input::Terminal) });
    let mut sigterm = signal(SignalKind::terminate())?;
    let signals = futures_util::stream::poll_fn(move |cx| {
        sigterm.poll_recv(cx).map(|s| s.map(|()| Input::Quit))
    });
    let mut input = Box::pin(futures_util::stream::select(keys, signals));
    let mut app = Loop::new(terminal, host, model, engine, events, effects);
    let result = app.run(&mut input).await;
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    result
}

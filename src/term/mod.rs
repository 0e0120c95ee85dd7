//! The runtime: the only place that touches the terminal, signals, the clipboard, the browser
//! and files. It runs [`event_loop::Loop`] on the real terminal; tests run the same loop on a
//! `TestBackend`.

mod clipboard;
pub mod driver;
pub mod effects;
pub mod event_loop;
mod export;
mod history;
pub mod host;
mod mouse;
mod setting;

use crossterm::event::EventStream;
use futures_util::{Stream, StreamExt};
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
    let host = host::Crossterm {
        mouse: model.session.mouse,
    };
    // ratatui's init also restores the terminal on panic.
    let terminal = ratatui::try_init()?;
    host.take()?;
    match signals() {
        Ok(signals) => {
            let (keys, reader) = terminal_events();
            let mut input = Box::pin(futures_util::stream::select(keys, signals));
            let mut app = Loop::new(terminal, host, model, engine, events, effects);
            let result = app.run(&mut input).await;
            reader.abort();
            app.host.release();
            result
        }
        Err(e) => {
            host.release();
            Err(e)
        }
    }
}

/// The terminal's events, read by a task of their own into a channel. The loop drains what
/// is waiting without waiting (`now_or_never`) before it draws; crossterm's `EventStream`
/// can block in that poll while its waker thread holds the reader's lock, which kept a
/// frame from being drawn until the next key. A channel answers at once.
fn terminal_events() -> (impl Stream<Item = Input>, tokio::task::JoinHandle<()>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut events = EventStream::new();
        // A terminal that only answers errors is gone: end the input (the loop then stops
        // and gives the terminal back) rather than spin on it.
        let mut errors = 0;
        while let Some(event) = events.next().await {
            match event {
                Ok(event) => {
                    errors = 0;
                    if tx.send(Input::Terminal(event)).is_err() {
                        break;
                    }
                }
                Err(_) if errors < 50 => errors += 1,
                Err(_) => break,
            }
        }
    });
    (
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)),
        reader,
    )
}

/// The signals the explorer answers: every one that would end it gives the terminal back
/// first, and a stop request (`kill -TSTP`) suspends as Ctrl-Z does.
fn signals() -> std::io::Result<impl Stream<Item = Input>> {
    let mut streams = Vec::new();
    for (kind, input) in [
        (SignalKind::terminate(), Input::Quit),
        (SignalKind::interrupt(), Input::Quit),
        (SignalKind::hangup(), Input::Quit),
        (SignalKind::quit(), Input::Quit),
        (SignalKind::from_raw(libc::SIGTSTP), Input::Suspend),
    ] {
        let mut signal = signal(kind)?;
        streams.push(
            futures_util::stream::poll_fn(move |cx| {
                signal.poll_recv(cx).map(|s| s.map(|()| input.clone()))
            })
            .boxed(),
        );
    }
    Ok(futures_util::stream::select_all(streams))
}

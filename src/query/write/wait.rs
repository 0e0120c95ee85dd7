//! Waiting for a one-shot write's outcome: the engine's events read until the write says it
//! is done, while a stop signal (Ctrl-C, SIGTERM, SIGHUP) sends nothing more but waits for
//! what is in flight, so every call the server answered has its result audited.

use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::engine::{EngineHandle, Event, Request};

/// Reads events until `take` has what it waits for (`Some`); `None` when the engine stopped
/// first (after a stop signal, what was in flight is answered and audited before that).
pub async fn until_done<T>(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    mut take: impl FnMut(Event) -> Option<T>,
) -> Option<T> {
    async fn heard(signal: &mut Option<Signal>) {
        match signal {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending().await,
        }
    }
    let mut int = signal(SignalKind::interrupt()).ok();
    let mut term = signal(SignalKind::terminate()).ok();
    let mut hup = signal(SignalKind::hangup()).ok();
    let stop = async {
        tokio::select! {
            () = heard(&mut int) => {}
            () = heard(&mut term) => {}
            () = heard(&mut hup) => {}
        }
    };
    tokio::pin!(stop);
    let mut stopping = false;
    loop {
        tokio::select! {
            event = events.recv() => match event? {
                Event::Stopped => return None,
                event => {
                    if let Some(done) = take(event) {
                        return Some(done);
                    }
                }
            },
            () = &mut stop, if !stopping => {
                stopping = true;
                eprintln!("mdetui: stopping: nothing more is sent; waiting for the calls in flight");
                handle.send(Request::Shutdown);
            }
        }
    }
}

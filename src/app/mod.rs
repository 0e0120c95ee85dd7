//! The explorer: a pure state machine (`model`, `update`) and the loop that feeds it keys and
//! engine events, carries out its commands and draws only when something changed.

pub mod model;
pub mod update;

use std::time::Duration;

use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use tokio::sync::mpsc::{self, UnboundedReceiver};
use tokio::time::Instant;

use crate::engine::{Command, EngineHandle, Event, Priority};
use model::Model;
use update::{Cmd, Msg, update};

/// Tick while something loads (the spinner), and slowly otherwise (message expiry, data age).
const BUSY_TICK: Duration = Duration::from_millis(120);
const IDLE_TICK: Duration = Duration::from_secs(1);

pub async fn run(
    engine: EngineHandle,
    mut events: UnboundedReceiver<Event>,
    label: String,
) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // Restore the terminal on panic too (ratatui's init installs that hook).
    let keys = spawn_input_thread();
    let result = event_loop(&mut terminal, engine, &mut events, keys, label).await;
    ratatui::restore();
    result
}

/// crossterm's reader blocks; it lives on its own thread and forwards into the loop.
fn spawn_input_thread() -> UnboundedReceiver<TermEvent> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    engine: EngineHandle,
    events: &mut UnboundedReceiver<Event>,
    mut keys: UnboundedReceiver<TermEvent>,
    label: String,
) -> std::io::Result<()> {
    let started = Instant::now();
    let mut model = Model::new(label, started);
    let mut dirty = true;
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        if dirty {
            execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
            terminal.draw(|f| crate::ui::draw(&model, f))?;
            execute!(std::io::stdout(), EndSynchronizedUpdate)?;
            dirty = false;
        }
        if model.quit {
            return Ok(());
        }
        let tick = if model.loading() || model.message.is_some() {
            BUSY_TICK
        } else {
            IDLE_TICK
        };
        let msg = tokio::select! {
            key = keys.recv() => match key {
                Some(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Some(TermEvent::Resize(..)) => { dirty = true; continue; }
                Some(_) => continue,
                None => return Ok(()),
            },
            Some(event) = events.recv() => Msg::Engine(event),
            () = tokio::time::sleep(tick) => Msg::Tick(Instant::now()),
            _ = sigterm.recv() => return Ok(()),
        };
        let before = visible_state(&model, started);
        let is_tick = matches!(msg, Msg::Tick(_));
        for cmd in update(&mut model, msg) {
            execute_cmd(&engine, cmd);
        }
        // Coalesce bursts: fold everything already waiting before drawing once.
        while let Ok(event) = events.try_recv() {
            update(&mut model, Msg::Engine(event));
        }
        dirty |= !is_tick || visible_state(&model, started) != before;
    }
}

/// What a tick can change on screen: the spinner, the message, a budget countdown (whole
/// seconds) and the data's age (minutes once past the first). An idle screen stays undrawn
/// but for that.
fn visible_state(model: &Model, started: Instant) -> (usize, bool, u64) {
    let spinner = if model.loading() { model.spinner } else { 0 };
    let secs = model.now.saturating_duration_since(started).as_secs();
    let waiting = model.budget.as_ref().is_some_and(|b| b.next_slot.is_some());
    (
        spinner,
        model.message.is_some(),
        if waiting { secs } else { secs / 60 },
    )
}

fn execute_cmd(engine: &EngineHandle, cmd: Cmd) {
    match cmd {
        Cmd::Fetch {
            resource,
            origin,
            refresh,
        } => engine.send(Command::Fetch {
            resource,
            priority: Priority::Interactive,
            origin,
            refresh,
        }),
        Cmd::Cancel(origin) => engine.send(Command::Cancel { origin }),
    }
}

#[cfg(test)]
mod tests;

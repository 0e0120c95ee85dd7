//! The explorer: a pure state machine (`model`, `update`) and the loop that feeds it keys and
//! engine events, carries out its commands and draws only when something changed.

pub mod clipboard;
pub mod command;
pub mod export;
pub mod filter;
mod history;
pub mod keymap;
pub mod model;
pub mod panes;
mod pivot;
pub mod portal;
mod prompt;
pub mod search;
mod shell;
pub mod tools;
pub mod update;

pub use prompt::filter_title;

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind, MouseButton,
    MouseEventKind,
};
use std::path::{Path, PathBuf};

use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, enable_raw_mode,
};
use tokio::sync::mpsc::{self, UnboundedReceiver};
use tokio::time::Instant;

use crate::engine::{Command, EngineHandle, Event, Priority};
use model::Model;
use update::{Cmd, Msg, update};

/// Tick while something loads (the spinner), and slowly otherwise (message expiry, data age).
const BUSY_TICK: Duration = Duration::from_millis(120);
const IDLE_TICK: Duration = Duration::from_secs(1);
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Runs the explorer on `model` (labelled, keyed and themed by the caller) until the analyst
/// quits.
pub async fn run(
    engine: EngineHandle,
    mut events: UnboundedReceiver<Event>,
    model: Model,
) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // Restore the terminal on panic too (ratatui's init installs that hook).
    let mouse = model.mouse;
    if mouse {
        execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    let keys = spawn_input_thread();
    let result = event_loop(&mut terminal, engine, &mut events, keys, model).await;
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
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
    mut model: Model,
) -> std::io::Result<()> {
    let history_path: PathBuf = crate::config::state_dir().join("history");
    model.history = history::load(&history_path);
    let mut dirty = true;
    // The last left click, to tell a double click: when and where.
    let mut last_click: Option<(Instant, u16, u16)> = None;
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
                Some(TermEvent::Mouse(m)) if model.mouse => {
                    let size = terminal.size()?;
                    let screen = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                    match mouse_message(&model, screen, m, &mut last_click) {
                        Some(msg) => msg,
                        None => continue,
                    }
                }
                Some(_) => continue,
                None => return Ok(()),
            },
            Some(event) = events.recv() => Msg::Engine(event),
            () = tokio::time::sleep(tick) => Msg::Tick(Instant::now()),
            _ = sigterm.recv() => return Ok(()),
        };
        // A tick only matters if it changes what the clock shows.
        let before = matches!(msg, Msg::Tick(_)).then(|| crate::ui::clock_state(&model));
        let mut cmds = update(&mut model, msg);
        // Coalesce bursts: fold everything already waiting before drawing once.
        while let Ok(event) = events.try_recv() {
            cmds.extend(update(&mut model, Msg::Engine(event)));
        }
        // Commands may answer with messages (an export written), which may bring commands.
        let mut queue: VecDeque<Cmd> = cmds.into();
        while let Some(cmd) = queue.pop_front() {
            if matches!(cmd, Cmd::Suspend) {
                suspend(terminal, model.mouse)?;
                dirty = true;
            } else if let Some(msg) = carry_out(cmd, &engine, &history_path) {
                queue.extend(update(&mut model, msg));
            }
        }
        dirty |= before.is_none_or(|b| crate::ui::clock_state(&model) != b);
    }
}

/// A mouse report as a message: clicks (double when at the same cell within
/// [`DOUBLE_CLICK`]) and the wheel, over a list pane only.
fn mouse_message(
    model: &Model,
    screen: ratatui::layout::Rect,
    event: crossterm::event::MouseEvent,
    last_click: &mut Option<(Instant, u16, u16)>,
) -> Option<Msg> {
    let (pane, row) = crate::ui::hit(model, screen, event.column, event.row)?;
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let now = Instant::now();
            let here = (event.column, event.row);
            let double = last_click
                .is_some_and(|(at, x, y)| now.duration_since(at) < DOUBLE_CLICK && (x, y) == here);
            *last_click = (!double).then_some((now, here.0, here.1));
            Some(Msg::Click { pane, row, double })
        }
        MouseEventKind::ScrollDown => Some(Msg::Wheel { pane, down: true }),
        MouseEventKind::ScrollUp => Some(Msg::Wheel { pane, down: false }),
        _ => None,
    }
}

/// Carries out a command other than suspending; some answer with a message.
fn carry_out(cmd: Cmd, engine: &EngineHandle, history_path: &Path) -> Option<Msg> {
    match cmd {
        Cmd::Fetch {
            resource,
            origin,
            refresh,
        } => {
            engine.send(Command::Fetch {
                resource,
                priority: Priority::Interactive,
                origin,
                refresh,
            });
            None
        }
        Cmd::Cancel(origin) => {
            engine.send(Command::Cancel { origin });
            None
        }
        Cmd::RememberSearch(name) => {
            history::remember(history_path, &name);
            None
        }
        Cmd::Copy(text) => shell::copy(&text),
        Cmd::Open(url) => Some(shell::open(&url)),
        Cmd::Export(export) => Some(shell::export(export)),
        Cmd::Suspend => None,
    }
}

/// Ctrl-Z: give the terminal back, stop like any job, and take the screen again on `fg`.
fn suspend(terminal: &mut ratatui::DefaultTerminal, mouse: bool) -> std::io::Result<()> {
    if mouse {
        execute!(std::io::stdout(), DisableMouseCapture)?;
    }
    ratatui::restore();
    // SAFETY: raise() only sends a signal to this process; SIGTSTP's default action stops
    // it here until SIGCONT.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()
}

#[cfg(test)]
mod tests;

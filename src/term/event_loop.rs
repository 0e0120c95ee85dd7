//! The loop: input and engine events in, `update`, commands out, and one frame after each
//! burst — only when something visible changed. Generic over ratatui's `Backend` and an input
//! `Stream`, so tests run the very same loop in-process on a `TestBackend`.

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{Event as TermEvent, KeyEventKind};
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::effects::{self, Effects};
use super::host::Host;
use super::mouse::Clicks;
use crate::app::{Cmd, Model, Msg, update};
use crate::engine::{EngineHandle, Event};

/// Tick while something loads (the spinner), and slowly otherwise (message expiry, data age).
const BUSY_TICK: Duration = Duration::from_millis(120);
const IDLE_TICK: Duration = Duration::from_secs(1);
/// How long a confirmation, once drawn, lets keys already typed arrive (and drops them)
/// before it counts one: a burst reaches the reader within microseconds; a person reads
/// for far longer than this.
const ARM_SETTLE: Duration = Duration::from_millis(60);
/// How long quitting waits for writes in flight to be answered (and audited).
const STOP_WAIT: Duration = Duration::from_secs(30);

/// What reaches the loop from outside: the terminal's events, or a request to stop (a signal).
#[derive(Debug, Clone)]
pub enum Input {
    Terminal(TermEvent),
    Quit,
    /// Stop like any job until continued (an external SIGTSTP).
    Suspend,
}

pub struct Loop<B: Backend, H: Host> {
    pub terminal: Terminal<B>,
    pub host: H,
    pub model: Model,
    engine: EngineHandle,
    events: UnboundedReceiver<Event>,
    effects: Effects,
    clicks: Clicks,
    /// What work done off the loop's thread (an export being written) tells it, and how.
    told: UnboundedReceiver<Msg>,
    tell: UnboundedSender<Msg>,
    /// The export being written, to let it finish before the program ends.
    writing: Option<tokio::task::JoinHandle<()>>,
    dirty: bool,
    /// Frames drawn so far: what tests count to prove bursts are drawn once.
    pub frames: usize,
    stopped: bool,
}

/// The clock as the loop reads it: tokio's, so paused-time tests move it.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

/// A backend's error as an I/O error (the real one's already is; the test backend's cannot
/// happen).
fn io(e: impl std::error::Error + Send + Sync + 'static) -> std::io::Error {
    std::io::Error::other(e)
}

impl<B: Backend, H: Host> Loop<B, H>
where
    B::Error: Send + Sync + 'static,
{
    pub fn new(
        terminal: Terminal<B>,
        host: H,
        mut model: Model,
        engine: EngineHandle,
        events: UnboundedReceiver<Event>,
        effects: Effects,
    ) -> Self {
        model.recall.history = effects.load_history();
        // The start screen may show something from the API (the queue): ask at once.
        for cmd in crate::app::start::begin(&mut model) {
            if let Cmd::Engine(command) = cmd {
                engine.send(command);
            }
        }
        let (tell, told) = tokio::sync::mpsc::unbounded_channel();
        Self {
            terminal,
            host,
            model,
            engine,
            events,
            effects,
            clicks: Clicks::default(),
            told,
            tell,
            writing: None,
            dirty: true,
            frames: 0,
            stopped: false,
        }
    }

    /// Runs until the analyst quits or the input ends.
    pub async fn run(
        &mut self,
        input: &mut (impl Stream<Item = Input> + Unpin),
    ) -> std::io::Result<()> {
        self.draw()?;
        while self.step(input).await? {}
        self.finish_export().await;
        self.stop_engine().await;
        Ok(())
    }

    /// Asks the engine to stop and waits (a bounded time) until it has: a write in flight is
    /// answered and audited before the program ends, and what it had not sent is audited as
    /// not sent.
    pub async fn stop_engine(&mut self) {
        self.engine.send(crate::engine::Request::Shutdown);
        let stopped = async {
            while let Some(event) = self.events.recv().await {
                if matches!(event, Event::Stopped) {
                    break;
                }
            }
        };
        if tokio::time::timeout(STOP_WAIT, stopped).await.is_err() {
            tracing::warn!("the engine did not stop within {} s", STOP_WAIT.as_secs());
        }
    }

    /// Lets an export being written land (a bounded time): quitting right after asking for
    /// one should not lose it.
    async fn finish_export(&mut self) {
        let Some(writing) = self.writing.take() else {
            return;
        };
        if tokio::time::timeout(STOP_WAIT, writing).await.is_err() {
            tracing::warn!(
                "an export was still being written after {} s",
                STOP_WAIT.as_secs()
            );
        }
    }

    /// Waits for one message, handles it and everything already waiting behind it, then
    /// draws once if anything visible changed. False once the loop is over.
    pub async fn step(
        &mut self,
        input: &mut (impl Stream<Item = Input> + Unpin),
    ) -> std::io::Result<bool> {
        if self.stopped {
            return Ok(false);
        }
        let tick = if self.model.wants_tick() {
            BUSY_TICK
        } else {
            IDLE_TICK
        };
        let first = tokio::select! {
            item = input.next() => self.input(item)?,
            Some(event) = self.events.recv() => Some(Msg::Engine(event)),
            Some(msg) = self.told.recv() => Some(msg),
            () = tokio::time::sleep(tick) => Some(Msg::Tick(now())),
        };
        self.handle(first)?;
        // Coalesce bursts: fold everything already waiting before drawing once.
        while !self.stopped {
            if let Ok(event) = self.events.try_recv() {
                self.handle(Some(Msg::Engine(event)))?;
            } else if let Ok(msg) = self.told.try_recv() {
                self.handle(Some(msg))?;
            } else if let Some(item) = input.next().now_or_never() {
                let msg = self.input(item)?;
                self.handle(msg)?;
            } else {
                break;
            }
        }
        if self.model.quit {
            self.stopped = true;
        }
        if !self.stopped {
            self.draw()?;
            if self.model.unshown_confirmation().is_some() {
                self.arm(input).await?;
            }
        }
        Ok(!self.stopped)
    }

    /// A confirmation is on screen for the first time: keys already on their way (a burst
    /// typed before it showed, still being read) are let in and dropped, then it counts keys.
    async fn arm(
        &mut self,
        input: &mut (impl Stream<Item = Input> + Unpin),
    ) -> std::io::Result<()> {
        tokio::time::sleep(ARM_SETTLE).await;
        while !self.stopped {
            let Some(item) = input.next().now_or_never() else {
                break;
            };
            let msg = self.input(item)?;
            self.handle(msg)?;
        }
        self.handle(Some(Msg::Shown))?;
        self.dirty = true;
        if !self.stopped && !self.model.quit {
            self.draw()?;
        }
        Ok(())
    }

    /// An input item as a message; `None` when it only asks for a redraw or means nothing.
    fn input(&mut self, item: Option<Input>) -> std::io::Result<Option<Msg>> {
        Ok(match item {
            None | Some(Input::Quit) => {
                self.stopped = true;
                None
            }
            Some(Input::Terminal(TermEvent::Key(k))) if k.kind != KeyEventKind::Release => {
                Some(Msg::Key(k))
            }
            Some(Input::Suspend) => Some(Msg::Suspend),
            Some(Input::Terminal(TermEvent::Resize(..))) => {
                self.dirty = true;
                None
            }
            Some(Input::Terminal(TermEvent::Paste(text))) => Some(Msg::Paste(text)),
            Some(Input::Terminal(TermEvent::Mouse(m))) if self.model.session.mouse => {
                let size = self.terminal.size().map_err(io)?;
                let screen = Rect::new(0, 0, size.width, size.height);
                self.clicks.message(&self.model, screen, m, now())
            }
            Some(Input::Terminal(_)) => None,
        })
    }

    fn handle(&mut self, msg: Option<Msg>) -> std::io::Result<()> {
        let Some(msg) = msg else {
            return Ok(());
        };
        // A tick only matters if it changes what the clock shows.
        let before = matches!(msg, Msg::Tick(_)).then(|| crate::ui::clock_state(&self.model));
        let cmds = update(&mut self.model, msg);
        // Commands may answer with messages (an export written), which may bring commands.
        let mut queue: VecDeque<Cmd> = cmds.into();
        while let Some(cmd) = queue.pop_front() {
            if let Some(msg) = self.carry_out(cmd)? {
                queue.extend(update(&mut self.model, msg));
            }
        }
        self.dirty |= before.is_none_or(|b| crate::ui::clock_state(&self.model) != b);
        Ok(())
    }

    /// Carries out one command; some answer with a message.
    fn carry_out(&mut self, cmd: Cmd) -> std::io::Result<Option<Msg>> {
        Ok(match cmd {
            Cmd::Engine(command) => {
                self.engine.send(command);
                None
            }
            Cmd::Suspend => {
                self.host.suspend()?;
                // Clear and redraw in full. Not `Terminal::clear`: it asks the terminal where
                // the cursor is, and the input reader takes the answer, so it times out
                // ("the cursor position could not be read").
                let size = self.terminal.size().map_err(io)?;
                let area = Rect::new(0, 0, size.width, size.height);
                self.terminal.resize(area).map_err(io)?;
                self.dirty = true;
                None
            }
            Cmd::RememberSearch(searched) => {
                self.effects.remember_search(&searched);
                None
            }
            Cmd::RememberTimeline(on) => self.effects.remember_timeline(on),
            Cmd::Copy(text) => self
                .host
                .copy(&text)
                .err()
                .map(|e| Msg::Notice(format!("copy failed: {e}"))),
            Cmd::Open(url) => Some(match self.effects.open(&url) {
                Some(opened) => opened,
                None => {
                    let _ = self.host.copy(&url);
                    Msg::Notice(format!("no browser here; link copied: {url}"))
                }
            }),
            Cmd::Export(export) => match super::export::target(&export) {
                Err(answer) => Some(*answer),
                Ok(path) => {
                    let tell = self.tell.clone();
                    let write = move || {
                        super::export::write(&export, path, |msg| {
                            // The loop only goes before the program ends, which waits for this.
                            let _ = tell.send(msg);
                        });
                    };
                    self.writing = Some(tokio::task::spawn_blocking(write));
                    None
                }
            },
            Cmd::SavePackage {
                action,
                folder,
                name,
            } => match effects::package_path(&folder, &name) {
                Ok(path) => {
                    self.engine
                        .send(crate::engine::Request::Download { action, path });
                    None
                }
                Err(why) => Some(Msg::Download(crate::engine::DownloadReport {
                    action,
                    path: std::path::PathBuf::from(folder).join(name),
                    state: crate::engine::DownloadState::Failed(why),
                })),
            },
        })
    }

    fn draw(&mut self) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        self.host.begin_frame()?;
        let model = &self.model;
        self.terminal
            .draw(|f| crate::ui::draw(model, f))
            .map_err(io)?;
        self.host.end_frame()?;
        self.dirty = false;
        self.frames += 1;
        // The app bounds scrolling by the layout it cannot see: tell it what this frame had.
        let size = self.terminal.size().map_err(io)?;
        let limit = crate::ui::scroll_limit(&self.model, Rect::new(0, 0, size.width, size.height));
        if let Some(limit) = limit.filter(|&l| self.model.scroll_limit != Some(l)) {
            update(&mut self.model, Msg::ScrollLimit(limit));
        }
        let screen = Rect::new(0, 0, size.width, size.height);
        if self.model.width != Some(size.width) {
            update(&mut self.model, Msg::Width(size.width));
        }
        if let Some(limit) =
            crate::ui::help_limit(&self.model, screen).filter(|&l| self.model.help_limit != Some(l))
        {
            let before = self.model.help_scroll;
            update(&mut self.model, Msg::HelpLimit(limit));
            self.dirty |= self.model.help_scroll != before;
        }
        Ok(())
    }
}

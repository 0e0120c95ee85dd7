//! The real loop driven from code: `Loop` on ratatui's `TestBackend`, keys from a channel, the
//! real engine and client. The in-process tests and the pivot measurement drive mdetui
//! through it as an analyst would — keys in, frames out — with no terminal.

use std::time::Duration;

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use futures_util::Stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use super::effects::Effects;
use super::event_loop::{Input, Loop};
use super::host::Headless;
use crate::api::Client;
use crate::app::{Model, Session, panes};
use crate::engine::{self, EngineConfig};

type Keys = std::pin::Pin<Box<dyn Stream<Item = Input> + Send>>;

pub struct Driver {
    pub app: Loop<TestBackend, Headless>,
    keys: mpsc::UnboundedSender<Input>,
    input: Keys,
}

impl Driver {
    /// The explorer on `client`, `width`×`height` cells, with `session`'s settings.
    pub fn new(client: Client, session: Session, width: u16, height: u16) -> Self {
        Self::with_effects(client, session, Effects::default(), width, height)
    }

    /// The same, writing its files (history) where `effects` say.
    pub fn with_effects(
        client: Client,
        session: Session,
        effects: Effects,
        width: u16,
        height: u16,
    ) -> Self {
        Self::with_config(
            client,
            session,
            effects,
            EngineConfig::default(),
            width,
            height,
        )
    }

    /// The same, with the engine set up as `config` says (an audit log, to write).
    pub fn with_config(
        client: Client,
        session: Session,
        effects: Effects,
        config: EngineConfig,
        width: u16,
        height: u16,
    ) -> Self {
        let (engine, events) = engine::spawn(client, config);
        let model = Model::new(session, engine::now());
        let terminal =
            Terminal::new(TestBackend::new(width, height)).expect("a test backend always starts");
        let app = Loop::new(
            terminal,
            Headless::default(),
            model,
            engine,
            events,
            effects,
        );
        let (keys, mut rx) = mpsc::unbounded_channel();
        let input: Keys = Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
        Self { app, keys, input }
    }

    /// Queues keys: printable characters as typed; `\n`, `\t`, `\x1b`, `\x7f` as Enter, Tab,
    /// Esc and Backspace; `←` `→` `↑` `↓` as the arrows; `⇞` `⇟` `⇱` `⇲` as PgUp, PgDn, Home
    /// and End; `⑤` as F5.
    pub fn press(&self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\x1b' => KeyCode::Esc,
                '\x7f' => KeyCode::Backspace,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '⇞' => KeyCode::PageUp,
                '⇟' => KeyCode::PageDown,
                '⇱' => KeyCode::Home,
                '⇲' => KeyCode::End,
                '⑤' => KeyCode::F(5),
                c => KeyCode::Char(c),
            };
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            // The loop lives as long as the driver: the channel cannot be closed here.
            let _ = self.keys.send(Input::Terminal(TermEvent::Key(key)));
        }
    }

    /// One turn of the loop: a message and all that waits behind it, then a frame.
    pub async fn step(&mut self) -> std::io::Result<bool> {
        self.app.step(&mut self.input).await
    }

    /// The last frame as text, a line a row.
    pub fn screen(&self) -> String {
        let buffer = self.app.terminal.backend().buffer();
        let area = buffer.area;
        (0..area.height)
            .map(|y| {
                let line: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
                line.trim_end().to_owned() + "\n"
            })
            .collect()
    }

    /// Runs the loop until the screen shows every one of `texts` and nothing is loading;
    /// `None` when that does not happen within `limit`.
    pub async fn until(&mut self, texts: &[&str], limit: Duration) -> Option<String> {
        let run = async {
            loop {
                self.step().await.ok()?;
                let screen = self.screen();
                if !self.app.model.loading() && texts.iter().all(|t| screen.contains(t)) {
                    return Some(screen);
                }
            }
        };
        tokio::time::timeout(limit, run).await.ok().flatten()
    }

    /// Moves the focused list's selection down to the row labelled `label`; false when no
    /// row is.
    pub async fn select(&mut self, label: &str) -> bool {
        for _ in 0..200 {
            let at = panes::selected_row(&self.app.model).map(|e| e.label());
            if at.as_deref() == Some(label) {
                return true;
            }
            self.press("j");
            if self.step().await.is_err() {
                return false;
            }
        }
        false
    }
}

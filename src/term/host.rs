//! What the loop needs of a real terminal beyond drawing: synchronized frames, suspending,
//! and the clipboard escape. Tests run the loop with [`Headless`], which records copies.

use std::io::Write;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, enable_raw_mode,
};

use super::clipboard::osc52;

pub trait Host {
    /// Around each frame, so the terminal shows it whole.
    fn begin_frame(&mut self) -> std::io::Result<()>;
    fn end_frame(&mut self) -> std::io::Result<()>;
    /// Gives the terminal back and stops like any job until resumed (Ctrl-Z).
    fn suspend(&mut self) -> std::io::Result<()>;
    /// Puts `text` on the clipboard.
    fn copy(&mut self, text: &str) -> std::io::Result<()>;
}

/// The terminal on standard output.
pub struct Crossterm {
    pub mouse: bool,
}

impl Crossterm {
    /// Raw mode, the alternate screen, bracketed paste (so a paste is text, never keys) and
    /// the mouse when asked for.
    pub fn take(&self) -> std::io::Result<()> {
        enable_raw_mode()?;
        execute!(
            std::io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste
        )?;
        if self.mouse {
            execute!(std::io::stdout(), EnableMouseCapture)?;
        }
        Ok(())
    }

    /// Gives the terminal back as it was found, cursor shown. Never fails: on the way out
    /// there is nobody left to tell.
    pub fn release(&self) {
        if self.mouse {
            let _ = execute!(std::io::stdout(), DisableMouseCapture);
        }
        let _ = execute!(std::io::stdout(), DisableBracketedPaste, Show);
        ratatui::restore();
    }
}

impl Host for Crossterm {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        execute!(std::io::stdout(), BeginSynchronizedUpdate)
    }

    fn end_frame(&mut self) -> std::io::Result<()> {
        execute!(std::io::stdout(), EndSynchronizedUpdate)
    }

    fn suspend(&mut self) -> std::io::Result<()> {
        self.release();
        // SIGSTOP, not SIGTSTP: the runtime handles SIGTSTP itself (an external `kill -TSTP`
        // arrives here too), and SIGSTOP stops even a session leader. The process waits here
        // until SIGCONT (`fg`).
        // SAFETY: raise() only sends a signal to this process.
        unsafe {
            libc::raise(libc::SIGSTOP);
        }
        self.take()
    }

    fn copy(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout();
        out.write_all(osc52(text).as_bytes())?;
        out.flush()
    }
}

/// No terminal: frames need no fencing, suspending does nothing, copies are kept.
#[derive(Debug, Default)]
pub struct Headless {
    pub copied: Vec<String>,
}

impl Host for Headless {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn end_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn copy(&mut self, text: &str) -> std::io::Result<()> {
        self.copied.push(text.to_owned());
        Ok(())
    }
}

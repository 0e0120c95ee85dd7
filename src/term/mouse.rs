//! Mouse reports as messages: clicks (double when at the same cell within [`DOUBLE_CLICK`])
//! and the wheel, over a list pane only.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{Model, Msg};

const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// The last left click, to tell a double click: when and where.
#[derive(Debug, Default)]
pub struct Clicks {
    last: Option<(Instant, u16, u16)>,
}

impl Clicks {
    pub fn message(
        &mut self,
        model: &Model,
        screen: Rect,
        event: MouseEvent,
        now: Instant,
    ) -> Option<Msg> {
        let (pane, row) = crate::ui::hit(model, screen, event.column, event.row)?;
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let here = (event.column, event.row);
                let double = self.last.is_some_and(|(at, x, y)| {
                    now.duration_since(at) < DOUBLE_CLICK && (x, y) == here
                });
                self.last = (!double).then_some((now, here.0, here.1));
                Some(Msg::Click { pane, row, double })
            }
            MouseEventKind::ScrollDown => Some(Msg::Wheel { pane, down: true }),
            MouseEventKind::ScrollUp => Some(Msg::Wheel { pane, down: false }),
            _ => None,
        }
    }
}

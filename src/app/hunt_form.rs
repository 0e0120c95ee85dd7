//! The hunt form's state: the saved hunts this view can run (filled from the entity on
//! screen), the query being written, and the time it covers.

use super::editor::Editor;

/// The timespans offered, shortest first (Graph's own default is the last).
pub const TIMESPANS: &[&str] = &["PT1H", "P1D", "P7D", "P30D"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HuntField {
    Saved,
    Query,
    Timespan,
}

#[derive(Debug, Clone)]
pub struct HuntForm {
    /// The saved hunts this view fills: a label and the query as it would run.
    pub saved: Vec<(String, String)>,
    /// The saved hunt last loaded into the editor.
    pub chosen: Option<usize>,
    pub editor: Editor,
    /// Index into [`TIMESPANS`].
    pub timespan: usize,
    pub field: HuntField,
    /// What the saved hunts are filled from (`machine wks-fin-042`), if anything.
    pub about: Option<String>,
}

impl HuntForm {
    pub fn new(saved: Vec<(String, String)>, query: &str, timespan: &str) -> Self {
        let field = if saved.is_empty() || !query.trim().is_empty() {
            HuntField::Query
        } else {
            HuntField::Saved
        };
        Self {
            saved,
            chosen: None,
            editor: Editor::new(query),
            timespan: TIMESPANS
                .iter()
                .position(|t| *t == timespan)
                .unwrap_or(TIMESPANS.len() - 1),
            field,
            about: None,
        }
    }

    pub fn timespan(&self) -> &'static str {
        TIMESPANS[self.timespan]
    }

    /// Tab: the next field (the saved hunts only when there are some).
    pub fn next_field(&mut self, forward: bool) {
        let fields: &[HuntField] = if self.saved.is_empty() {
            &[HuntField::Query, HuntField::Timespan]
        } else {
            &[HuntField::Saved, HuntField::Query, HuntField::Timespan]
        };
        let at = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = fields.len();
        self.field = fields[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
    }

    /// ↑/↓ (or ←/→) on the saved hunts: the next one, loaded into the editor.
    pub fn step_saved(&mut self, forward: bool) {
        if self.saved.is_empty() {
            return;
        }
        let n = self.saved.len();
        let next = match self.chosen {
            None if forward => 0,
            None => n - 1,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.chosen = Some(next);
        self.editor = Editor::new(&self.saved[next].1);
    }

    pub fn step_timespan(&mut self, forward: bool) {
        let n = TIMESPANS.len();
        self.timespan = if forward {
            (self.timespan + 1) % n
        } else {
            (self.timespan + n - 1) % n
        };
    }
}

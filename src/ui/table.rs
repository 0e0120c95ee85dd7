//! The one table for every entity list. Columns are data; only the visible rows are built, so
//! 100,000 alerts cost what a screenful costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::sanitize;

pub struct Column {
    title: &'static str,
    width: Constraint,
}

impl Column {
    pub fn new(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width: Constraint::Length(width),
        }
    }

    pub fn fill(title: &'static str) -> Self {
        Self {
            title,
            width: Constraint::Min(10),
        }
    }
}

pub struct EntityTable {
    columns: Vec<Column>,
    len: usize,
    selected: usize,
    focused: bool,
}

impl EntityTable {
    pub fn new(columns: Vec<Column>, len: usize, selected: usize, focused: bool) -> Self {
        Self {
            columns,
            len,
            selected: selected.min(len.saturating_sub(1)),
            focused,
        }
    }

    /// The first visible row: the selection stays in view, scrolling a page at a time.
    fn offset(&self, visible: usize) -> usize {
        if visible == 0 {
            return 0;
        }
        (self.selected / visible) * visible
    }

    pub fn render(
        self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        cells: impl Fn(usize) -> Vec<String>,
        style: impl Fn(usize) -> Style,
    ) {
        // Borders and the header take three lines.
        let visible = area.height.saturating_sub(3) as usize;
        let offset = self.offset(visible);
        let end = (offset + visible).min(self.len);
        let rows = (offset..end).map(|i| {
            let row = Row::new(
                cells(i)
                    .into_iter()
                    .map(|c| Cell::from(sanitize::line(&c).into_owned())),
            );
            let mut s = style(i);
            if i == self.selected && self.focused {
                s = s.add_modifier(Modifier::REVERSED);
            } else if i == self.selected {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            row.style(s)
        });
        let header = Row::new(self.columns.iter().map(|c| Cell::from(c.title)))
            .style(Style::new().add_modifier(Modifier::BOLD));
        let widths: Vec<Constraint> = self.columns.iter().map(|c| c.width).collect();
        let table = Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

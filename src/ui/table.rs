//! The one table for every entity list. Columns are data (`present`); only the visible rows
//! are built, so 100,000 alerts cost what a screenful costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::sanitize;
use crate::present::Column;

pub struct EntityTable<'a, T> {
    columns: &'a [Column<T>],
    items: &'a [T],
    selected: usize,
    focused: bool,
}

impl<'a, T> EntityTable<'a, T> {
    pub fn new(columns: &'a [Column<T>], items: &'a [T], selected: usize, focused: bool) -> Self {
        Self {
            columns,
            items,
            selected: selected.min(items.len().saturating_sub(1)),
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

    pub fn render(self, frame: &mut Frame, area: Rect, block: Block, style: impl Fn(&T) -> Style) {
        let columns: Vec<&Column<T>> = self
            .columns
            .iter()
            .filter(|c| c.shown_at(area.width))
            .collect();
        // Borders and the header take three lines.
        let visible = area.height.saturating_sub(3) as usize;
        let offset = self.offset(visible);
        let end = (offset + visible).min(self.items.len());
        let rows = (offset..end).map(|i| {
            let item = &self.items[i];
            let cells = columns
                .iter()
                .map(|c| Cell::from(sanitize::line(&(c.cell)(item)).into_owned()));
            let mut s = style(item);
            if i == self.selected && self.focused {
                s = s.add_modifier(Modifier::REVERSED);
            } else if i == self.selected {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            Row::new(cells).style(s)
        });
        let header = Row::new(columns.iter().map(|c| Cell::from(c.title)))
            .style(Style::new().add_modifier(Modifier::BOLD));
        let widths: Vec<Constraint> = columns
            .iter()
            .map(|c| c.width.map_or(Constraint::Min(10), Constraint::Length))
            .collect();
        let table = Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

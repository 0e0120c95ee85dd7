//! The one table for every entity list. Columns are data (`present`); only the visible rows
//! are built, so 100,000 alerts cost what a screenful costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::sanitize;
use crate::app::model::Pane;
use crate::present::{Column, Sort};

/// The first visible row: the selection stays in view, scrolling a page at a time.
fn first_visible(selected: usize, visible: usize) -> usize {
    selected
        .checked_div(visible)
        .map_or(0, |page| page * visible)
}

/// Which row a click on line `y` of a table drawn in `area` lands on (borders and header take
/// the first two lines).
pub fn row_at(area: Rect, selected: usize, len: usize, y: u16) -> Option<usize> {
    let visible = area.height.saturating_sub(3) as usize;
    let line = y.checked_sub(area.y + 2)? as usize;
    let row = first_visible(selected, visible) + line;
    (line < visible && row < len).then_some(row)
}

pub struct EntityTable<'a, T> {
    columns: &'a [Column<T>],
    items: &'a [T],
    rows: &'a [usize],
    selected: usize,
    sort: Sort,
    focused: bool,
}

impl<'a, T> EntityTable<'a, T> {
    /// `rows` are the indices into `items` on screen, in order; `pane` says which is selected
    /// and how the list is sorted (`default_sort` when it says nothing).
    pub fn new(
        columns: &'a [Column<T>],
        items: &'a [T],
        rows: &'a [usize],
        pane: &Pane,
        default_sort: Sort,
        focused: bool,
    ) -> Self {
        Self {
            columns,
            items,
            rows,
            selected: pane.selected.min(rows.len().saturating_sub(1)),
            sort: pane.sort.unwrap_or(default_sort),
            focused,
        }
    }

    pub fn render(self, frame: &mut Frame, area: Rect, block: Block, style: impl Fn(&T) -> Style) {
        let shown: Vec<(usize, &Column<T>)> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.shown_at(area.width))
            .collect();
        // Borders and the header take three lines.
        let visible = area.height.saturating_sub(3) as usize;
        let offset = first_visible(self.selected, visible);
        let end = (offset + visible).min(self.rows.len());
        let body = (offset..end).map(|at| {
            let item = &self.items[self.rows[at]];
            let cells = shown
                .iter()
                .map(|(_, c)| Cell::from(sanitize::line(&(c.cell)(item)).into_owned()));
            let mut s = style(item);
            if at == self.selected && self.focused {
                s = s.add_modifier(Modifier::REVERSED);
            } else if at == self.selected {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            Row::new(cells).style(s)
        });
        let header = Row::new(shown.iter().map(|(i, c)| {
            let arrow = match (*i == self.sort.column, self.sort.descending) {
                (true, true) => " ▼",
                (true, false) => " ▲",
                (false, _) => "",
            };
            Cell::from(format!("{}{arrow}", c.title))
        }))
        .style(Style::new().add_modifier(Modifier::BOLD));
        let widths: Vec<Constraint> = shown
            .iter()
            .map(|(_, c)| c.width.map_or(Constraint::Min(10), Constraint::Length))
            .collect();
        let table = Table::new(body, widths)
            .header(header)
            .block(block)
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

//! The one table for every entity list. Columns come from the entity registry; only the
//! visible rows are built, so 100,000 alerts cost what a screenful costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Cell, Row, Table};

use crate::app::nav::Pane;
use crate::app::panes::PaneRows;
use crate::entity::{Entity, Sort};
use crate::sanitize;

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

pub struct EntityTable<'a> {
    rows: PaneRows<'a>,
    selected: usize,
    sort: Sort,
    focused: bool,
}

impl<'a> EntityTable<'a> {
    /// `rows` are the list and the indices into it on screen, in order; `pane` says which is
    /// selected and how the list is sorted (its default order when it says nothing).
    pub fn new(rows: PaneRows<'a>, pane: &Pane, focused: bool) -> Self {
        Self {
            selected: pane.selected.min(rows.len().saturating_sub(1)),
            sort: pane.sort.unwrap_or(rows.list.default_sort()),
            rows,
            focused,
        }
    }

    pub fn render(
        self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        style: impl Fn(&dyn Entity) -> Style,
    ) {
        let list = self.rows.list;
        let heads = list.heads();
        let shown: Vec<usize> = (0..heads.len())
            .filter(|&c| heads[c].shown_at(area.width))
            .collect();
        // Borders and the header take three lines.
        let visible = area.height.saturating_sub(3) as usize;
        let offset = first_visible(self.selected, visible);
        let end = (offset + visible).min(self.rows.len());
        let body = (offset..end).map(|at| {
            let index = self.rows.rows[at];
            let cells = shown
                .iter()
                .map(|&c| Cell::from(sanitize::line(&list.cell(index, c)).into_owned()));
            let mut s = style(list.get(index));
            if at == self.selected && self.focused {
                s = s.add_modifier(Modifier::REVERSED);
            } else if at == self.selected {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            Row::new(cells).style(s)
        });
        let header = Row::new(shown.iter().map(|&c| {
            let arrow = match (c == self.sort.column, self.sort.descending) {
                (true, true) => " ▼",
                (true, false) => " ▲",
                (false, _) => "",
            };
            Cell::from(format!("{}{arrow}", heads[c].title))
        }))
        .style(Style::new().add_modifier(Modifier::BOLD));
        let widths: Vec<Constraint> = shown
            .iter()
            .map(|&c| {
                heads[c]
                    .width
                    .map_or(Constraint::Min(10), Constraint::Length)
            })
            .collect();
        let table = Table::new(body, widths)
            .header(header)
            .block(block)
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

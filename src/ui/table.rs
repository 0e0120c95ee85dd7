//! The one table for every entity list. Columns come from the entity registry; only the
//! visible rows are built, so 100,000 alerts cost what a screenful costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row, Table};
use unicode_width::UnicodeWidthStr;

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
    /// Columns this pane leaves out (the user's own name in the user's alerts).
    hide: &'a [&'a str],
    marked: &'a std::collections::BTreeSet<String>,
    /// Grouped rows: how many entities each stands for.
    group_sizes: &'a [usize],
    /// Times shown as ages at this moment, or in full.
    ages: Option<time::OffsetDateTime>,
    /// Full times in this zone rather than UTC.
    zone: Option<time::UtcOffset>,
    /// The column cursor of a hunt's results: the cell Enter opens.
    column: Option<usize>,
    /// The second sort key, if any.
    then: Option<Sort>,
}

impl<'a> EntityTable<'a> {
    /// `rows` are the list and the indices into it on screen, in order; `pane` says which is
    /// selected and how the list is sorted (its default order when it says nothing).
    pub fn new(rows: PaneRows<'a>, pane: &'a Pane, focused: bool, hide: &'a [&'a str]) -> Self {
        Self {
            selected: pane.selected.min(rows.len().saturating_sub(1)),
            sort: pane.sort.unwrap_or(rows.list.default_sort()),
            rows,
            focused,
            hide,
            marked: &pane.marked,
            group_sizes: &pane.group_sizes,
            ages: None,
            zone: None,
            column: (rows.list.kind() == "row").then_some(pane.column),
            then: pane.then,
        }
    }

    /// Shows full times in `zone` (their titles saying which); `None`: UTC.
    pub fn zone(mut self, zone: Option<time::UtcOffset>) -> Self {
        self.zone = zone;
        self
    }

    /// Shows time columns as ages at `now`.
    pub fn ages(mut self, now: Option<time::OffsetDateTime>) -> Self {
        self.ages = now;
        self
    }

    pub fn render(
        self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        style: impl Fn(&dyn Entity) -> Style,
    ) {
        let list = self.rows.list;
        // On a narrow table a column with a shorter form takes it.
        let heads: Vec<_> = list
            .heads()
            .into_iter()
            .map(|mut head| {
                if let Some(narrow) = head.narrow.filter(|_| area.width < crate::entity::WIDE) {
                    head.title = narrow.title;
                    head.width = Some(narrow.width);
                } else {
                    head.narrow = None;
                }
                head
            })
            .collect();
        let original = list.heads();
        let shown: Vec<usize> = (0..heads.len())
            .filter(|&c| heads[c].shown_at(area.width) && !self.hide.contains(&original[c].title))
            .collect();
        // Borders and the header take three lines.
        let visible = area.height.saturating_sub(3) as usize;
        let offset = first_visible(self.selected, visible);
        let end = (offset + visible).min(self.rows.len());
        let cells: Vec<Vec<String>> = (offset..end)
            .map(|at| {
                let index = self.rows.rows[at];
                let mut row: Vec<String> = shown
                    .iter()
                    .map(|&c| {
                        let cell = match heads[c].narrow {
                            Some(narrow) => (narrow.cell)(&list.cell(index, c)),
                            None => list.cell(index, c),
                        };
                        // Ages and zones pass text they cannot read through as it came:
                        // every cell is sanitized last, whatever it went through.
                        let shown = match (self.ages, self.zone) {
                            (Some(now), _) if heads[c].clock => crate::entity::age(&cell, now),
                            (None, Some(zone)) if heads[c].clock => {
                                crate::entity::in_zone(&cell, zone)
                            }
                            _ => cell,
                        };
                        sanitize::line(&shown).into_owned()
                    })
                    .collect();
                // A grouped row says how many it stands for, before its title.
                if let Some(&size) = self.group_sizes.get(at)
                    && size > 1
                    && let Some(flexible) = shown.iter().position(|&c| heads[c].width.is_none())
                {
                    // Which incident, unless a column says it already.
                    let incident = crate::app::panes::incident_of(list.get(index))
                        .filter(|_| !shown.iter().any(|&c| heads[c].title == "INCIDENT"))
                        .map_or_else(String::new, |i| format!("#{i} · "));
                    row[flexible].insert_str(0, &format!("[{incident}{size}] "));
                }
                // Marked rows say so in their first cell.
                if !self.marked.is_empty()
                    && let Some(first) = row.first_mut()
                {
                    let mark = if self.marked.contains(list.get(index).id()) {
                        "● "
                    } else {
                        "  "
                    };
                    first.insert_str(0, mark);
                }
                row
            })
            .collect();
        let titles: Vec<String> = shown
            .iter()
            .map(|&c| {
                // An order kept as the API gave it (an unsortable column) shows no arrow.
                let sorted = c == self.sort.column && heads[c].sortable;
                // The second key, hollow: rows equal in the first keep its order.
                let second = self
                    .then
                    .filter(|t| t.column == c && t.column != self.sort.column);
                let arrow = match (sorted, self.sort.descending, second) {
                    (true, true, _) => " ▼",
                    (true, false, _) => " ▲",
                    (false, _, Some(t)) if t.descending => " ▽",
                    (false, _, Some(_)) => " △",
                    (false, _, None) => "",
                };
                // As ages, a time column's zone no longer applies: `CREATED`, not `… UTC`.
                let title = match (self.ages, self.zone) {
                    (Some(_), _) if heads[c].clock => {
                        heads[c].title.trim_end_matches(" UTC").to_owned()
                    }
                    (None, Some(zone)) if heads[c].clock => format!(
                        "{} {}",
                        heads[c].title.trim_end_matches(" UTC"),
                        crate::entity::zone_name(zone)
                    ),
                    _ => heads[c].title.to_owned(),
                };
                let cursor = if Some(c) == self.column { "›" } else { "" };
                format!("{cursor}{title}{arrow}")
            })
            .collect();
        // A fixed column is as wide as what it shows (up to its width); the flexible one
        // (the title) takes what is left.
        let widths: Vec<Constraint> = shown
            .iter()
            .enumerate()
            .map(|(i, &c)| match heads[c].width {
                None => Constraint::Min(10),
                Some(max) => {
                    let content = cells
                        .iter()
                        .map(|row| row[i].width())
                        .chain([titles[i].width()])
                        .max()
                        .unwrap_or(0);
                    Constraint::Length((content as u16).min(max))
                }
            })
            .collect();
        let cursor = self.column.and_then(|c| shown.iter().position(|&s| s == c));
        let body = cells.into_iter().enumerate().map(|(i, row)| {
            let at = offset + i;
            let mut s = style(list.get(self.rows.rows[at]));
            if at == self.selected && self.focused {
                s = s.add_modifier(Modifier::REVERSED);
            } else if at == self.selected {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            // The cell under the column cursor stands out of its selected row.
            let selected = at == self.selected;
            Row::new(row.into_iter().enumerate().map(move |(c, text)| {
                let cell = Cell::from(text);
                if selected && Some(c) == cursor {
                    cell.style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
                } else {
                    cell
                }
            }))
            .style(s)
        });
        let header = Row::new(titles.into_iter().map(Cell::from))
            .style(Style::new().add_modifier(Modifier::BOLD));
        let position = if self.rows.is_empty() {
            String::new()
        } else {
            format!(" {} of {} ", self.selected + 1, self.rows.len())
        };
        let table = Table::new(body, widths)
            .header(header)
            .block(block.title_bottom(Line::from(position).right_aligned()))
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

//! The breadcrumb line: where the analyst came from and, always visible, where they are. On a
//! narrow screen the oldest crumbs give way first (`… › alert Suspicious access… › machine x`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::model::Model;
use crate::app::nav::Route;
use crate::sanitize;

/// Labels longer than this are cut with `…`: a crumb names, it does not describe.
const LABEL: usize = 28;
const BRAND: &str = " mdetui ";
const SEPARATOR: &str = " › ";

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let crumbs: Vec<String> = model
        .nav
        .path()
        .map(|e| crumb(model, &e.route, e.list_focus))
        .collect();
    let room = usize::from(area.width).saturating_sub(BRAND.width() + 1);
    let line = Line::from(vec![
        Span::styled(BRAND, theme.brand),
        Span::raw(" "),
        Span::raw(fit(&crumbs, room)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The path in `room` cells: whole crumbs from the right, the current one always kept.
fn fit(crumbs: &[String], room: usize) -> String {
    let mut shown: Vec<&str> = Vec::new();
    let mut width = 0;
    for (i, crumb) in crumbs.iter().enumerate().rev() {
        let more = crumb.width()
            + if shown.is_empty() {
                0
            } else {
                SEPARATOR.width()
            };
        // Leave room for the `… › ` that says crumbs were dropped.
        let reserve = if i > 0 { 1 + SEPARATOR.width() } else { 0 };
        if !shown.is_empty() && width + more + reserve > room {
            if width + 1 + SEPARATOR.width() <= room {
                shown.push("…");
            }
            break;
        }
        shown.push(crumb);
        width += more;
    }
    shown.reverse();
    let path = shown.join(SEPARATOR);
    cut(&path, room)
}

/// `text` in at most `room` cells, ending with `…` when cut.
fn cut(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > room {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// `user jdoe`, `alert Suspicious access to LSASS…`, `machine wks-fin-042`: each entity by the
/// name a person knows it by once it is loaded, by its id (shortened) until then. Where a
/// session starts, whichever has the keys: `search`, or the `queue open` under the box.
fn crumb(model: &Model, route: &Route, list_focus: bool) -> String {
    let (kind, id) = route.kind_and_id();
    if route.has_search_box() {
        return match route {
            Route::Start(_) if list_focus => format!("{kind} {id}"),
            _ => "search".to_owned(),
        };
    }
    let label = route
        .view()
        .facts
        .and_then(|r| model.store.one(&r).map(|e| e.label()))
        .filter(|l| !l.is_empty() && l != "—")
        .unwrap_or(id);
    format!("{kind} {}", cut(&sanitize::line(&label), LABEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_crumb_survives_a_narrow_screen() {
        let crumbs: Vec<String> = [
            "search",
            "user jdoe",
            "alert Suspicious access to…",
            "machine wks-fin-042",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            fit(&crumbs, 200),
            "search › user jdoe › alert Suspicious access to… › machine wks-fin-042"
        );
        let narrow = fit(&crumbs, 60);
        assert_eq!(
            narrow,
            "… › alert Suspicious access to… › machine wks-fin-042"
        );
        assert!(narrow.width() <= 60);
        assert_eq!(fit(&crumbs, 25), "… › machine wks-fin-042");
        assert_eq!(fit(&crumbs, 12), "machine wks…");
    }
}

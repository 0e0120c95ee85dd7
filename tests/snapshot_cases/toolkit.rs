//! Snapshots of the analyst's tools: filter and sort, prompts and menus, colour, the mouse.

use super::*;

pub fn press(model: &mut Model, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

#[test]
fn filtered_and_sorted_lists() {
    let mut m = loaded_user();
    press(&mut m, "/tech:T1059 !resolved\r");
    snap("user_filtered", &m);
    press(&mut m, "\x1b");
    // Severity, ascending.
    press(&mut m, "SSSSI");
    snap("user_sorted_by_severity_ascending", &m);
    let mut bad = loaded_user();
    press(&mut bad, "/colour:red");
    snap("user_filter_error_while_typing", &bad);
}

/// Tab's options show above the prompt, which covers the status bar; the one in the prompt
/// highlighted as Tab walks them.
#[test]
fn completion_options_show_above_the_prompt() {
    let mut m = loaded_user();
    press(&mut m, "/sev:\t\t");
    snap("filter_values_offered", &m);
    let screen = render(&m, 80, 24);
    assert!(
        screen.contains("Tab unspecified · informational · low · medium · high"),
        "{screen}"
    );
}

#[test]
fn command_prompt_and_copy_menu() {
    let mut m = loaded_user();
    press(&mut m, ":alert da6386714");
    snap("command_prompt", &m);
    let mut menu = loaded_user();
    press(&mut menu, "jjjY");
    snap("copy_menu", &menu);
}

#[test]
fn no_color_means_no_colour_at_all() {
    let mut m = loaded_user();
    m.session.theme = mdetui::app::ThemeName::Mono;
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| mdetui::ui::draw(&m, f)).unwrap();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "a foreground colour under NO_COLOR"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "a background colour under NO_COLOR"
        );
    }
    // Emphasis survives: the selected row is still reversed.
    assert!(
        buffer
            .content()
            .iter()
            .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
    );
}

#[test]
fn mouse_clicks_select_scroll_and_open() {
    let mut m = loaded_user();
    let screen = ratatui::layout::Rect::new(0, 0, 80, 24);
    // Crumbs, then five lines of facts, then the alerts pane: border and header, then rows.
    assert_eq!(mdetui::ui::hit(&m, screen, 10, 8), Some((0, Some(0))));
    assert_eq!(mdetui::ui::hit(&m, screen, 10, 10), Some((0, Some(2))));
    assert_eq!(
        mdetui::ui::hit(&m, screen, 10, 7),
        Some((0, None)),
        "the header is no row"
    );
    assert_eq!(
        mdetui::ui::hit(&m, screen, 10, 0),
        None,
        "the crumbs are no pane"
    );
    let (pane, row) = mdetui::ui::hit(&m, screen, 10, 10).unwrap();
    update(
        &mut m,
        Msg::Click {
            pane,
            row,
            double: false,
        },
    );
    assert_eq!(m.nav.current.panes[0].selected, 2);
    update(
        &mut m,
        Msg::Wheel {
            pane: 0,
            down: true,
        },
    );
    assert_eq!(m.nav.current.panes[0].selected, 5);
    // The machines pane below: a click focuses it.
    let (pane, row) = mdetui::ui::hit(&m, screen, 10, 19).unwrap();
    assert_eq!((pane, row), (1, Some(0)));
    update(
        &mut m,
        Msg::Click {
            pane,
            row,
            double: false,
        },
    );
    assert_eq!(m.nav.current.focus, 1);
    // A double click opens the row.
    update(
        &mut m,
        Msg::Click {
            pane: 0,
            row: Some(3),
            double: true,
        },
    );
    assert!(matches!(m.nav.current.route, Route::Alert(_)));
    // On the alert view the text is no list: the wheel scrolls it; its evidence's rows click.
    assert_eq!(
        mdetui::ui::hit(&m, screen, 10, 9),
        Some((mdetui::app::msg::TEXT, None))
    );
    let bottom = screen.height - 3;
    assert!(
        matches!(mdetui::ui::hit(&m, screen, 10, bottom), Some((0, _))),
        "the evidence pane at the bottom"
    );
    assert_eq!(
        mdetui::ui::hit(&m, screen, 10, 0),
        None,
        "not on the crumbs"
    );
}

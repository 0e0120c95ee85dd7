//! Pure rendering: reads the model, draws, decides nothing.

pub mod sanitize;
mod table;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::api::ApiError;
use crate::api::model::Severity;
use crate::app::keymap::{SEARCH_KEYS, help_rows};
use crate::app::model::{Mode, Model, Overlay, Route, Slot};
use crate::app::update::{pane_resource, suggestions};
use crate::engine::{Payload, Pending, Resource};
use crate::present::{self, ALERT_COLUMNS, MACHINE_COLUMNS, USER_COLUMNS, opt, time};
use table::EntityTable;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

pub fn draw(model: &Model, frame: &mut Frame) {
    let [crumbs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    draw_crumbs(model, frame, crumbs);
    match &model.nav.current.route {
        Route::Search => draw_search(model, frame, body),
        Route::User(_) | Route::Machine(_) => draw_lists(model, frame, body),
        Route::Alert(_) => draw_alert(model, frame, body),
    }
    draw_status(model, frame, status);
    match model.overlay {
        Some(Overlay::Help) => draw_help(frame, body),
        Some(Overlay::Log) => draw_log(model, frame, body),
        None => {}
    }
}

/// The help screen, from the same table that dispatches keys. Where the screen is short
/// (80×24), the headings go and the search box's keys share one line.
fn draw_help(frame: &mut Frame, area: Rect) {
    let key_style = Style::new().fg(Color::Cyan);
    let heading = |text: &'static str| {
        Line::from(Span::styled(
            text,
            Style::new().add_modifier(Modifier::BOLD),
        ))
    };
    let row = |keys: &str, description: &str| {
        Line::from(vec![
            Span::styled(format!("  {keys:<18}"), key_style),
            Span::raw(description.to_owned()),
        ])
    };
    let views = help_rows();
    let roomy = usize::from(area.height) >= views.len() + SEARCH_KEYS.len() + 5;
    let mut lines = Vec::new();
    if roomy {
        lines.push(heading("Views"));
    }
    lines.extend(views.iter().map(|(k, d)| row(k, d)));
    if roomy {
        lines.push(Line::raw(""));
        lines.push(heading("Search box"));
        lines.extend(SEARCH_KEYS.iter().map(|(k, d, _)| row(k, d)));
    } else {
        let compact: Vec<String> = SEARCH_KEYS
            .iter()
            .map(|(k, _, short)| format!("{k} {short}"))
            .collect();
        lines.push(Line::from(vec![
            Span::styled("  search box: ", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(compact.join(" · ")),
        ]));
    }
    popup(frame, area, " help · any key closes ", lines);
}

fn draw_log(model: &Model, frame: &mut Frame, area: Rect) {
    let height = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = if model.log.is_empty() {
        vec![Line::raw("nothing to report")]
    } else {
        let start = model.log.len().saturating_sub(height);
        model.log[start..]
            .iter()
            .map(|l| Line::raw(sanitize::line(l).into_owned()))
            .collect()
    };
    popup(frame, area, " messages · any key closes ", lines);
}

fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(76),
        Constraint::Fill(1),
    ])
    .areas(area);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [_, rect, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(middle);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title.to_owned()),
        ),
        rect,
    );
}

fn draw_crumbs(model: &Model, frame: &mut Frame, area: Rect) {
    let path: Vec<String> = model
        .nav
        .path()
        .map(|e| sanitize::line(&crumb(model, &e.route)).into_owned())
        .collect();
    let line = Line::from(vec![
        Span::styled(
            " mdetui ",
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::raw(path.join(" › ")),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// `user jdoe`, `alert da63867145…`, `machine wks-fin-042` (the name once the machine is known,
/// even when it was reached by its 40-hex id).
fn crumb(model: &Model, route: &Route) -> String {
    match route {
        Route::Search => "search".to_owned(),
        Route::User(u) => format!("user {u}"),
        Route::Alert(a) => {
            let id = a.as_str();
            match id.char_indices().nth(10) {
                Some((cut, _)) => format!("alert {}…", &id[..cut]),
                None => format!("alert {id}"),
            }
        }
        Route::Machine(m) => match model.loaded(&Resource::Machine(m.clone())) {
            Some(Payload::Machine(machine)) => format!("machine {}", machine.host()),
            _ => format!("machine {}", crate::api::model::short_host(m.as_str())),
        },
    }
}

fn draw_search(model: &Model, frame: &mut Frame, area: Rect) {
    let [input, help, list] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(area);
    let width = input.width.saturating_sub(3) as usize;
    let scroll = model.search.visual_scroll(width);
    let field = Paragraph::new(model.search.value())
        .scroll((0, scroll as u16))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" user: jdoe, jdoe@contoso.com or CONTOSO\\jdoe "),
        );
    frame.render_widget(field, input);
    if model.mode == Mode::Search {
        let x = model.search.visual_cursor().max(scroll) - scroll + 1;
        frame.set_cursor_position((input.x + x as u16, input.y + 1));
    }
    let note = "Enter opens the user · Tab completes · Esc back · Ctrl-C quits\n\
                The API cannot tell an unknown user from a quiet one: both show no alerts.";
    frame.render_widget(
        Paragraph::new(note).style(Style::new().fg(Color::DarkGray)),
        help,
    );
    let seen = suggestions(model);
    if !seen.is_empty() {
        let lines: Vec<Line> = seen
            .iter()
            .map(|u| Line::from(format!("  {}", sanitize::line(u))))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" recent and seen users "),
            ),
            list,
        );
    }
}

fn severity_style(sev: Option<&Severity>) -> Style {
    match sev {
        Some(Severity::High) => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Some(Severity::Medium) => Style::new().fg(Color::Yellow),
        Some(Severity::Low) => Style::new().fg(Color::Cyan),
        _ => Style::new().fg(Color::DarkGray),
    }
}

/// What an empty list says instead of a bare header, honest about what the API can tell.
fn empty_text(model: &Model, resource: &Resource) -> Option<&'static str> {
    let empty = match model.loaded(resource)? {
        Payload::Alerts(v) => v.is_empty(),
        Payload::Machines(v) => v.is_empty(),
        Payload::Users(v) => v.is_empty(),
        _ => false,
    };
    empty.then_some(match resource {
        Resource::UserAlerts(_) => {
            "No alerts. The API answers the same for a user with no alerts in retention and for a user it does not know."
        }
        Resource::UserMachines(_) => "No machines reported for this user.",
        Resource::MachineAlerts(_) => "No alerts on this machine in retention.",
        Resource::MachineLogonUsers(_) => "No logged-on users reported.",
        _ => "Nothing.",
    })
}

/// What a pane shows while its data is not there.
fn placeholder(model: &Model, resource: &Resource) -> Option<String> {
    match model.slot(resource) {
        None | Some(Slot::Pending(Pending::Queued | Pending::InFlight)) => {
            Some(format!("{} loading…", SPINNER[model.spinner % 4]))
        }
        Some(Slot::Pending(Pending::WaitingForBudget { until })) => Some(format!(
            "waiting for the API budget: next slot in {} s",
            until.saturating_duration_since(model.now).as_secs() + 1
        )),
        Some(Slot::Pending(Pending::Retrying { attempt, .. })) => {
            Some(format!("retrying (attempt {attempt})…"))
        }
        Some(Slot::Failed(e)) => Some(format!("error: {} — press r to retry", e.short())),
        Some(Slot::Loaded { .. }) => None,
    }
}

fn draw_lists(model: &Model, frame: &mut Frame, area: Rect) {
    let entry = &model.nav.current;
    let [facts, top, bottom] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Percentage(55),
        Constraint::Min(3),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(facts_lines(model, &entry.route)).wrap(Wrap { trim: true }),
        facts,
    );
    for (pane, rect) in [(0usize, top), (1usize, bottom)] {
        let Some(resource) = pane_resource(&entry.route, pane) else {
            continue;
        };
        let focused = entry.focus == pane;
        let title = match (&entry.route, pane) {
            (Route::User(_), 0) | (Route::Machine(_), 0) => "alerts",
            (Route::User(_), 1) => "machines",
            _ => "logged-on users",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                Style::new().fg(Color::Cyan)
            } else {
                Style::new().fg(Color::DarkGray)
            });
        if let Some(text) = placeholder(model, &resource) {
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: true })
                    .block(block.title(format!(" {title} "))),
                rect,
            );
            continue;
        }
        if let Some(text) = empty_text(model, &resource) {
            let dim = Style::new().fg(Color::DarkGray);
            frame.render_widget(
                Paragraph::new(text)
                    .style(dim)
                    .wrap(Wrap { trim: true })
                    .block(block.title(format!(" {title} (0) "))),
                rect,
            );
            continue;
        }
        let selected = entry.selected[pane];
        let titled = |n: usize| block.clone().title(format!(" {title} ({n}) "));
        match model.loaded(&resource) {
            Some(Payload::Alerts(v)) => EntityTable::new(ALERT_COLUMNS, v, selected, focused)
                .render(frame, rect, titled(v.len()), |a| {
                    severity_style(a.severity.as_ref())
                }),
            Some(Payload::Machines(v)) => EntityTable::new(MACHINE_COLUMNS, v, selected, focused)
                .render(frame, rect, titled(v.len()), |_| Style::new()),
            Some(Payload::Users(v)) => EntityTable::new(USER_COLUMNS, v, selected, focused).render(
                frame,
                rect,
                titled(v.len()),
                |_| Style::new(),
            ),
            _ => {}
        }
    }
}

/// The facts above a user's or machine's lists, flowing as `label value` pairs.
fn facts_lines(model: &Model, route: &Route) -> Vec<Line<'static>> {
    let (facts, resource) = match route {
        Route::User(u) => {
            let r = Resource::User(u.clone());
            match model.loaded(&r) {
                Some(Payload::User(user)) => (present::user_facts(user), r),
                _ => (vec![("user", u.to_string())], r),
            }
        }
        Route::Machine(m) => {
            let r = Resource::Machine(m.clone());
            match model.loaded(&r) {
                Some(Payload::Machine(mach)) => (present::machine_facts(mach), r),
                _ => (vec![("machine", m.to_string())], r),
            }
        }
        _ => return Vec::new(),
    };
    let mut spans = Vec::new();
    for (label, value) in facts {
        spans.push(Span::styled(
            format!("{label} "),
            Style::new().fg(Color::DarkGray),
        ));
        spans.push(Span::raw(format!("{}   ", sanitize::line(&value))));
    }
    match model.slot(&resource) {
        // users/{id} is a legacy endpoint: a 404 there is common and says little.
        Some(Slot::Failed(ApiError::NotFound { .. })) if matches!(resource, Resource::User(_)) => {
            spans.push(Span::styled(
                "no user record (users/{id} answered 404; alerts and machines below still apply)",
                Style::new().fg(Color::DarkGray),
            ));
        }
        _ => spans.extend(placeholder(model, &resource).map(Span::raw)),
    }
    vec![Line::from(spans)]
}

fn draw_alert(model: &Model, frame: &mut Frame, area: Rect) {
    let entry = &model.nav.current;
    let Route::Alert(id) = &entry.route else {
        return;
    };
    let resource = Resource::Alert(id.clone());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" alert · u user · m machine · a machine's alerts ");
    let Some(Payload::Alert(a)) = model.loaded(&resource) else {
        frame.render_widget(
            Paragraph::new(placeholder(model, &resource).unwrap_or_default()).block(block),
            area,
        );
        return;
    };
    let dim = Style::new().fg(Color::DarkGray);
    let mut lines = vec![Line::from(Span::styled(
        sanitize::line(&opt(&a.title)).into_owned(),
        severity_style(a.severity.as_ref()),
    ))];
    // The title heads the view; the rest of the facts follow it, one a line.
    for (label, value) in present::alert_facts(a)
        .into_iter()
        .filter(|(l, _)| *l != "title")
    {
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<17}"), dim),
            Span::raw(sanitize::line(&value).into_owned()),
        ]));
    }
    lines.push(Line::raw(""));
    for l in sanitize::multiline(&opt(&a.description)).lines() {
        lines.push(Line::raw(l.to_owned()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!("evidence ({})", a.evidence.len()),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for ev in &a.evidence {
        let kind = opt(&ev.entity_type);
        let text = match kind.as_str() {
            "Process" => format!(
                "{} (pid {}) ← {}  {}",
                opt(&ev.file_name),
                opt(&ev.process_id),
                opt(&ev.parent_process_file_name),
                opt(&ev.process_command_line)
            ),
            "File" => format!(
                "{}\\{}  sha256 {}",
                opt(&ev.file_path),
                opt(&ev.file_name),
                opt(&ev.sha256)
            ),
            "Ip" => opt(&ev.ip_address),
            "Url" => opt(&ev.url),
            "User" => format!(
                "{}\\{}  {}",
                opt(&ev.domain_name),
                opt(&ev.account_name),
                opt(&ev.user_principal_name)
            ),
            "RegistryValue" | "RegistryKey" => format!(
                "{}\\{} {} = {}",
                opt(&ev.registry_hive),
                opt(&ev.registry_key),
                opt(&ev.registry_value_name),
                opt(&ev.registry_value)
            ),
            _ => format!("{} {}", opt(&ev.file_name), opt(&ev.url)),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {kind:<14}"), dim),
            Span::raw(sanitize::line(&text).into_owned()),
        ]));
    }
    if !a.comments.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "comments",
            Style::new().add_modifier(Modifier::BOLD),
        )));
        for c in &a.comments {
            lines.push(Line::raw(format!(
                "  {} {}: {}",
                time(&c.created_time),
                sanitize::line(&opt(&c.created_by)),
                sanitize::line(&opt(&c.comment))
            )));
        }
    }
    let scroll = entry.selected[0] as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(
        format!(" {} ", sanitize::line(&model.label)),
        Style::new()
            .bg(if model.label == "DEMO" {
                Color::Magenta
            } else {
                Color::DarkGray
            })
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
    )];
    if let (Some(b), Some(text)) = (&model.budget, budget_text(model)) {
        let s = &b.snapshot;
        let tight = s.minute.fill() > 0.8 || s.hour.fill() > 0.8;
        spans.push(Span::styled(
            text,
            if tight {
                Style::new().fg(Color::Yellow)
            } else {
                Style::new()
            },
        ));
    } else {
        spans.push(Span::raw(" budget 0 used"));
    }
    if model.loading() {
        spans.push(Span::raw(format!(" {}", SPINNER[model.spinner % 4])));
    }
    if let Some(age) = data_age(model) {
        spans.push(Span::styled(
            format!(" · data {age}"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    let mode = match model.mode {
        Mode::Search => " SEARCH ",
        Mode::Normal => " NORMAL ",
    };
    spans.push(Span::styled(
        format!(" {mode}"),
        Style::new().fg(Color::DarkGray),
    ));
    if let Some((text, _)) = &model.message {
        spans.push(Span::styled(
            format!(" {}", sanitize::line(text)),
            Style::new().fg(Color::Red),
        ));
    } else {
        spans.push(Span::styled(
            " ? help · q quit · Enter open · Esc back · Tab pane · u/m/a pivot",
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The budget as the status bar writes it: the API nearest its limit, the queue, and the
/// countdown to the next slot while calls wait.
fn budget_text(model: &Model) -> Option<String> {
    let b = model.budget.as_ref()?;
    let s = &b.snapshot;
    let name = s.tightest.map_or("api", |e| e.name());
    let mut text = format!(
        " {name} {}/{} min · {}/{} h · queue {}",
        s.minute.used, s.minute.limit, s.hour.used, s.hour.limit, b.queued
    );
    if s.total_minute > s.minute.used {
        text.push_str(&format!(
            " · all APIs {}/min {}/h",
            s.total_minute, s.total_hour
        ));
    }
    if let Some(next) = b.next_slot {
        text.push_str(&format!(
            " · next slot {} s",
            next.saturating_duration_since(model.now).as_secs() + 1
        ));
    }
    Some(text)
}

/// Everything on screen that changes with the clock alone (spinner, countdowns, the data's
/// age, a message about to expire). The loop redraws after a tick only when this changes, so
/// an idle explorer draws nothing.
pub fn clock_state(model: &Model) -> String {
    let mut state = String::new();
    if model.loading() {
        state.push_str(SPINNER[model.spinner % 4]);
    }
    if let Some((text, _)) = &model.message {
        state.push_str(text);
    }
    state.extend(data_age(model));
    state.extend(budget_text(model));
    for resource in model.nav.current.route.resources() {
        state.extend(placeholder(model, &resource));
    }
    state
}

/// The age of the oldest data on screen: "12 s", "3 min".
fn data_age(model: &Model) -> Option<String> {
    let oldest = model
        .nav
        .current
        .route
        .resources()
        .iter()
        .filter_map(|r| match model.slot(r) {
            Some(Slot::Loaded { at, .. }) => Some(*at),
            _ => None,
        })
        .min()?;
    let secs = model.now.saturating_duration_since(oldest).as_secs();
    // Minutes, so that the age is true without redrawing every second.
    Some(if secs < 60 {
        "< 1 min old".to_owned()
    } else {
        format!("{} min old", secs / 60)
    })
}

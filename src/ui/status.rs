//! The status bar, laid out for the width it has: the tenant, a message, the budget's tightest
//! window and the help key always; the rest (queue, countdown, all APIs, data age, mode) only
//! where there is room, in that order.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::pane_state::SPINNER;
use super::theme::Theme;
use crate::app::keymap::Action;
use crate::app::model::{Mode, Model};
use crate::app::store::Slot;
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let session = &model.session;
    let help = format!(" {} help ", session.keymap.hint(Action::Help));
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(help.width() as u16)])
            .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(help, theme.key)).right_aligned(),
        right,
    );
    let room = usize::from(left.width);
    let label = format!(" {} ", sanitize::line(&session.label));
    let mut spans = vec![Span::styled(
        label.clone(),
        if session.demo {
            theme.demo
        } else {
            theme.tenant
        },
    )];
    let mut used = label.width();
    if session.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.warn));
        used += 11;
    }
    // What the live queue brought and the analyst has not seen yet.
    let fresh = model.live.fresh.len();
    if fresh > 0 {
        let news = format!(" {fresh} new ");
        used += news.width();
        spans.push(Span::styled(news, theme.key));
    }
    let budget = budget(model);
    let core = budget.as_ref().map_or(0, |(core, _)| core.width());
    // An export being written says how far it has come before any message: a message must
    // not hide it (the one that says a second export must wait, say). In full where that
    // leaves room for the budget and some message.
    if let Some(under_way) = &model.exporting {
        let full = format!(" {} ·", crate::app::exporting::line(under_way, false));
        let text = if used + full.width() + core + 24 <= room {
            full
        } else {
            format!(" {} ·", crate::app::exporting::line(under_way, true))
        };
        used += text.width();
        spans.push(Span::styled(text, theme.key));
    }
    // A message goes first, so a narrow screen cuts it before the budget's core.
    if let Some((text, _)) = &model.notices.message {
        let room_for_message = room.saturating_sub(used + core + 3);
        let text = clip(&format!(" {}", sanitize::line(text)), room_for_message);
        used += text.width() + 2;
        spans.push(Span::styled(text, theme.error));
        spans.push(Span::raw(" ·"));
    }
    let tight = model
        .store
        .budget
        .as_ref()
        .is_some_and(|b| b.snapshot.minute.fill() > 0.8 || b.snapshot.hour.fill() > 0.8);
    let extras = match budget {
        Some((core, extras)) => {
            used += core.width();
            spans.push(Span::styled(
                core,
                if tight { theme.warn } else { Style::new() },
            ));
            extras
        }
        None => {
            spans.push(Span::raw(" budget 0 used"));
            used += 14;
            Vec::new()
        }
    };
    if model.loading() {
        spans.push(Span::raw(format!(" {}", SPINNER[model.spinner % 4])));
        used += 2;
    }
    let live = crate::app::live::period_now(model)
        .map(|every| format!(" · live every {} s", every.as_secs().max(1)));
    // Response actions under way on the machine in view are said before the live queue.
    let watched = model.watch.in_flight;
    let live = (watched > 0)
        .then(|| {
            format!(
                " · {watched} action{} in flight",
                if watched == 1 { "" } else { "s" }
            )
        })
        .into_iter()
        .chain(live);
    // A package being saved says how far it has come, before everything but the budget, in
    // full where there is room.
    let downloads: Vec<String> = model
        .downloads
        .iter()
        .map(|d| {
            let full = format!(" · {}", crate::app::package::progress(d, false));
            if used + full.width() + 8 <= room {
                full
            } else {
                format!(" · {}", crate::app::package::progress(d, true))
            }
        })
        .collect();
    let mode = match model.mode {
        Mode::Search => " · SEARCH",
        _ => " · NORMAL",
    };
    for extra in downloads
        .into_iter()
        .chain(extras)
        .chain(live)
        .chain(data_age(model).map(|age| format!(" · data {age}")))
        .chain([mode.to_owned()])
    {
        if used + extra.width() > room {
            break;
        }
        used += extra.width();
        spans.push(Span::styled(extra, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
}

/// `text` cut to `room` cells with `…`.
fn clip(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 2 > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The budget: its core (the API nearest its limit, this minute and this hour, and the wait
/// for the next slot while calls wait) and what may follow it when there is room.
fn budget(model: &Model) -> Option<(String, Vec<String>)> {
    let b = model.store.budget.as_ref()?;
    let s = &b.snapshot;
    let mut core = match &b.team {
        // The team's windows are the ones that count; this process's share follows.
        Some(team) if team.joined => format!(
            " team{} {}/{} min · {}/{} h · you {}",
            if team.opaque { " (opaque token)" } else { "" },
            team.minute,
            s.minute.limit,
            team.hour,
            s.hour.limit,
            s.minute.used
        ),
        Some(team) => format!(
            " api {}/{} min · {}/{} h · team budget lost ({}): own",
            s.minute.used,
            s.minute.limit,
            s.hour.used,
            s.hour.limit,
            team.problem
                .as_deref()
                .map_or("no answer", crate::engine::team::kind_of)
        ),
        None => format!(
            " api {}/{} min · {}/{} h",
            s.minute.used, s.minute.limit, s.hour.used, s.hour.limit
        ),
    };
    if let Some(next) = b.next_slot {
        core.push_str(&format!(
            " · next slot {} s",
            next.saturating_duration_since(model.now).as_secs() + 1
        ));
    }
    if let Some(wait) = &b.write_wait {
        // A write waits on its own family: say which, its limit, and when it may go.
        let family = match wait.family {
            crate::api::Endpoint::BATCH_UPDATE => "batch",
            crate::api::Endpoint::UPDATE_ALERT => "alert PATCH",
            other => other.name(),
        };
        core.push_str(&format!(
            " · write waits: {family} {}/{} min, next slot in {} s",
            wait.used,
            wait.per_minute,
            wait.until.saturating_duration_since(model.now).as_secs() + 1
        ));
    }
    let mut extras = Vec::new();
    if b.queued > 0 {
        extras.push(format!(" · queue {}", b.queued));
    }
    if let Some(name) = s.tightest {
        extras.push(format!(" ({})", name.name()));
    }
    if b.prefetched > 0 {
        // Calls made ahead of the analyst: prefetch and the live queue.
        extras.push(format!(" · background {}", b.prefetched));
    }
    if s.total_minute > s.minute.used {
        extras.push(format!(
            " · all APIs {}/min {}/h",
            s.total_minute, s.total_hour
        ));
    }
    Some((core, extras))
}

/// The budget as the clock changes it, for [`super::clock_state`].
pub fn budget_text(model: &Model) -> Option<String> {
    budget(model).map(|(core, extras)| core + &extras.concat())
}

/// The age of the oldest data on screen: "12 s", "3 min".
pub fn data_age(model: &Model) -> Option<String> {
    let oldest = model
        .nav
        .current
        .route
        .resources()
        .iter()
        .filter_map(|r| match model.store.slot(r) {
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

#[cfg(test)]
mod tests {
    use crate::app::{Model, Session};
    use crate::engine::budget::WindowUse;
    use crate::engine::{BudgetSnapshot, BudgetStatus, TeamStatus};

    fn with_team(team: TeamStatus) -> Model {
        let mut m = Model::new(Session::demo(), std::time::Instant::now());
        m.store.budget = Some(BudgetStatus {
            snapshot: BudgetSnapshot {
                tightest: None,
                minute: WindowUse {
                    used: 1,
                    limit: 100,
                },
                hour: WindowUse {
                    used: 1,
                    limit: 1500,
                },
                total_minute: 1,
                total_hour: 1,
                blocked_until: None,
            },
            queued: 0,
            in_flight: 0,
            next_slot: None,
            prefetched: 0,
            team: Some(team),
            write_wait: None,
        });
        m
    }

    /// A lost store says what kind of trouble; an opaque token's windows say whose they are.
    #[test]
    fn the_team_part_says_why_and_whose() {
        let lost = with_team(TeamStatus {
            joined: false,
            problem: Some("team budget at redis://r/: Connection refused (os error 111)".into()),
            opaque: false,
            minute: 0,
            hour: 0,
        });
        let text = super::budget_text(&lost).unwrap();
        assert!(text.contains("team budget lost (refused): own"), "{text}");
        let opaque = with_team(TeamStatus {
            joined: true,
            problem: None,
            opaque: true,
            minute: 3,
            hour: 9,
        });
        let text = super::budget_text(&opaque).unwrap();
        assert!(text.contains("team (opaque token) 3/100 min"), "{text}");
    }
}

//! One frame of the user view holding 100,000 alerts, drawn into ratatui's test backend at
//! 160×48 and 80×24, with the selection at the top and deep in the list.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mdetui::api::UserName;
use mdetui::api::model::Alert;
use mdetui::app::go::navigate;
use mdetui::app::nav::Route;
use mdetui::app::panes;
use mdetui::app::{Model, Msg, Session, update};
use mdetui::engine::{Event, Payload, Resource};
use mdetui::sim::generate::{self, ScaleSpec};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Instant;

/// The alerts of a generated tenant of this size, decoded as the client would.
fn scale_alerts(users: usize, machines: usize, alerts: usize) -> Vec<Alert> {
    let tenant = generate::scale(ScaleSpec {
        users,
        machines,
        alerts,
        seed: 1,
    });
    tenant
        .alerts()
        .iter()
        .map(|v| serde_json::from_value(v.clone()).unwrap())
        .collect()
}

fn model_with_alerts(n: usize) -> Model {
    let alerts = scale_alerts(1, 10, n);
    let user = UserName::parse("user1").unwrap();
    let mut model = Model::new(Session::demo(), Instant::now());
    navigate(&mut model, Route::User(user.clone()));
    let now = model.now;
    update(
        &mut model,
        Msg::Engine(Event::Fetched {
            resource: Resource::UserAlerts(user),
            payload: Payload::Alerts(Arc::from(alerts)),
            fetched_at: now,
            origins: vec![],
        }),
    );
    model
}

/// A runtime (the model's clock is tokio's) and the user view holding `n` alerts. The runtime
/// is returned so it outlives the model.
fn user_view_with_alerts(n: usize) -> (tokio::runtime::Runtime, Model) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let model = {
        let _guard = rt.enter();
        model_with_alerts(n)
    };
    (rt, model)
}

fn frames(c: &mut Criterion) {
    let (_rt, mut model) = user_view_with_alerts(100_000);
    for (w, h) in [(160, 48), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("user view, 100,000 alerts, {w}x{h}, top"), |b| {
            b.iter(|| {
                terminal.draw(|f| mdetui::ui::draw(&model, f)).unwrap();
            })
        });
    }
    // Deep in the list: G jumps to the last alert.
    update(
        &mut model,
        Msg::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)),
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("user view, 100,000 alerts, 160x48, last row", |b| {
        b.iter(|| {
            terminal.draw(|f| mdetui::ui::draw(&model, f)).unwrap();
        })
    });
}

/// Applies `filter` to the first pane afresh (what a key typed into `/` costs): its rows.
fn refilter(model: &mut Model, filter: &str) -> usize {
    let pane = &mut model.nav.current.panes[0];
    pane.filter = filter.to_owned();
    pane.derived_from = None;
    panes::sync(model);
    model.nav.current.panes[0].rows.len()
}

/// Filtering and sorting the 100,000 alerts of the user view: what each key typed into a `/`
/// filter costs (one derivation of the pane's rows).
fn filtering(c: &mut Criterion) {
    let (_rt, mut model) = user_view_with_alerts(100_000);
    for filter in [
        "",
        "sev:high",
        "machine:host0000*",
        "powershell !resolved",
        "tech:T1059",
    ] {
        c.bench_function(&format!("filter 100,000 alerts: {filter:?}"), |b| {
            b.iter(|| refilter(&mut model, filter))
        });
    }
    // The first text filter on new data builds the rows' search text once.
    c.bench_function(
        "filter 100,000 alerts: first text term (builds the index)",
        |b| {
            b.iter(|| {
                let pane = &mut model.nav.current.panes[0];
                pane.filter = "powershell".to_owned();
                pane.derived_from = None;
                pane.text_index = None;
                panes::sync(&mut model);
                model.nav.current.panes[0].rows.len()
            })
        },
    );
}

/// The start screen: the search box over a queue of 10,000 alerts (times as ages), a frame
/// and a filter.
fn queue(c: &mut Criterion) {
    use mdetui::entity::queue::Scope;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let alerts = scale_alerts(200, 500, 10_000);
    let session = Session {
        start_queue: Some(Scope::Open),
        ..Session::demo()
    };
    let mut model = Model::new(session, Instant::now());
    let now = model.now;
    update(
        &mut model,
        Msg::Engine(Event::Fetched {
            resource: Resource::alerts(Scope::Open.query()),
            payload: Payload::Alerts(Arc::from(alerts)),
            fetched_at: now,
            origins: vec![],
        }),
    );
    for (w, h) in [(160, 48), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("queue, 10,000 alerts, {w}x{h}"), |b| {
            b.iter(|| {
                terminal.draw(|f| mdetui::ui::draw(&model, f)).unwrap();
            })
        });
    }
    for filter in ["sev:high", "powershell !resolved"] {
        c.bench_function(&format!("queue, filter 10,000 alerts: {filter:?}"), |b| {
            b.iter(|| refilter(&mut model, filter))
        });
    }
}

#[path = "render_cases/hunt.rs"]
mod hunt;

#[path = "render_cases/timeline.rs"]
mod timeline;

criterion_group!(
    benches,
    frames,
    filtering,
    queue,
    hunt::hunt,
    timeline::timeline
);
criterion_main!(benches);

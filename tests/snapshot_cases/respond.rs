//! Snapshots of the response menu on a machine and of its confirmation (the machine, what
//! the action does, the request as sent, the name to type).

use super::toolkit::press;
use super::*;

#[test]
fn respond_menu_and_confirmation() {
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

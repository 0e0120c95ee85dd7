//! An export under way: its progress in the status bar before any message, in full where
//! there is room and as a share where there is not.

use super::toolkit::press;
use super::*;

#[test]
fn export_progress_in_the_status_bar() {
    let mut m = loaded_user();
    press(&mut m, "e");
    let cmds = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        matches!(&cmds[..], [mdetui::app::Cmd::Export(e)] if e.rows == 8),
        "{cmds:?}"
    );
    update(&mut m, Msg::ExportProgress(4));
    snap("export_progress", &m);
    // A second is refused, and the message says so beside the progress.
    press(&mut m, "e");
    let said = &m.notices.message.as_ref().unwrap().0;
    assert!(said.starts_with("an export is being written"), "{said}");
    let screen = render(&m, 160, 48);
    assert!(screen.contains("50% 4 of 8 rows"), "{screen}");
    update(&mut m, Msg::Exported(Ok(("/tmp/x.csv".into(), 8))));
    assert!(m.exporting.is_none());
    assert!(!render(&m, 160, 48).contains("export mdetui"));
}

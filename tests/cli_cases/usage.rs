//! A mistake on the command line is one `mdetui:` line and exit code 2, as every other
//! mistake is said — not clap's block of error, usage and tip (#26 item 8).

use super::mdetui;

#[test]
fn usage_mistakes_are_one_line() {
    for (args, says) in [
        (
            &["--demo", "ip", "1.2.3.4", "machines"][..],
            "invalid value 'machines' for '[PART]' [possible values: alerts, stats]",
        ),
        (&["--demo", "user"][..], "<NAME>"),
        (&["--demo", "--bogus"][..], "unexpected argument '--bogus'"),
        (&["alerts", "--top", "0"][..], "--top"),
    ] {
        let out = mdetui(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("mdetui: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert!(!err.contains("Usage:"), "{err}");
    }
    // Help and the version are not mistakes.
    let help = mdetui(&["ip", "--help"]).output().unwrap();
    assert!(help.status.success());
    assert!(
        String::from_utf8(help.stdout)
            .unwrap()
            .contains("Usage: mdetui ip")
    );
    let version = mdetui(&["--version"]).output().unwrap();
    assert!(version.status.success());
}

/// `--csv` is CSV for single records too (a user, an incident), as it is for lists: RFC 4180
/// field,value rows, not tab-separated text.
#[test]
fn csv_of_one_record_is_csv() {
    for args in [
        &["--demo", "user", "jdoe", "--csv"][..],
        &["--demo", "incident", "2211", "--csv"][..],
    ] {
        let out = mdetui(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("FIELD,VALUE\r\n"), "{args:?}: {text}");
        assert!(!text.contains('\t'), "{args:?}: {text}");
    }
}

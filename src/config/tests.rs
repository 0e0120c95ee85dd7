//! Config: the file, the flags and the environment, merged and checked.

use super::*;
use crate::api::Cloud;
use clap::Parser;

fn args(argv: &[&str]) -> GlobalArgs {
    crate::cli::Cli::try_parse_from(std::iter::once("mdetui").chain(argv.iter().copied()))
        .unwrap()
        .global
}

#[test]
fn limits_and_timeouts_that_cannot_work_are_refused() {
    for text in [
        "calls_per_minute = 0",
        "calls_per_hour = 0",
        "timeout_secs = 0",
    ] {
        let file = parse(text).unwrap();
        let err = resolve(&args(&["--demo"]), file, None, None, false).unwrap_err();
        assert!(err.to_string().contains("= 0"), "{text}: {err}");
    }
    assert!(crate::cli::Cli::try_parse_from(["mdetui", "--calls-per-minute", "0"]).is_err());
}

#[test]
fn only_small_regular_files_are_read_as_configs() {
    let err = load_file(Some(Path::new("/dev/zero"))).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, "#".repeat(2 * 1024 * 1024)).unwrap();
    let err = load_file(Some(&big)).unwrap_err();
    assert!(err.to_string().contains("larger than"), "{err}");
}

#[test]
fn unknown_and_bad_keys_are_named() {
    let err = parse("tenant_id = 'x'\ncolour = 'blue'\n").unwrap_err();
    assert!(err.contains("colour"), "{err}");
    let err = parse("calls_per_minute = 'many'").unwrap_err();
    assert!(
        err.contains("calls_per_minute") || err.contains("invalid type"),
        "{err}"
    );
    let err = parse("cloud = 'mars'").unwrap_err();
    assert!(err.contains("mars"), "{err}");
    assert_eq!(
        parse("cloud = 'gcc-high'").unwrap().cloud,
        Some(Cloud::GccHigh)
    );
}

#[test]
fn keys_and_theme_from_the_file_and_no_color_wins() {
    let file = parse("theme = 'light'\n[keys]\ndown = ['n']\n").unwrap();
    let s = resolve(&args(&[]), file, None, None, false).unwrap();
    assert_eq!(s.theme, ThemeName::Light);
    assert!(
        s.keymap
            .help_rows()
            .contains(&("n".to_owned(), "next row".to_owned()))
    );
    let file = parse("theme = 'light'").unwrap();
    assert_eq!(
        resolve(&args(&[]), file, None, None, true).unwrap().theme,
        ThemeName::Mono
    );
    let clash = parse("[keys]\nquit = ['j']\n").unwrap();
    let err = resolve(&args(&[]), clash, None, None, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("j is bound to both down and quit"), "{err}");
    assert!(parse("theme = 'neon'").unwrap_err().contains("neon"));
}

#[test]
fn no_credentials_means_demo() {
    let s = resolve(&args(&[]), ConfigFile::default(), None, None, false).unwrap();
    assert!(matches!(s.target, Target::Demo));
    // The demo has an analyst, so "mine" and "me" work there (#26 item 6); a configured
    // one wins.
    assert_eq!(s.me.as_deref(), Some(DEMO_ME));
    let mine = parse("me = 'ana@contoso.com'").unwrap();
    let s = resolve(&args(&[]), mine, None, None, false).unwrap();
    assert_eq!(s.me.as_deref(), Some("ana@contoso.com"));
}

#[test]
fn token_beats_client_secret_and_flags_beat_file() {
    let file =
        parse("calls_per_minute = 50\ncalls_per_hour = 900\ntenant_id = 't'\nclient_id = 'c'")
            .unwrap();
    let s = resolve(
        &args(&["--calls-per-minute", "10"]),
        file,
        Some("tok".into()),
        Some("sec".into()),
        false,
    )
    .unwrap();
    assert_eq!(
        s.limits,
        Limits {
            per_minute: 10,
            per_hour: 900
        }
    );
    assert!(matches!(
        s.target,
        Target::Remote {
            credentials: Credentials::StaticToken(_),
            ..
        }
    ));
    let file = parse("tenant_id = 't'\nclient_id = 'c'").unwrap();
    let s = resolve(&args(&[]), file, None, Some("sec".into()), false).unwrap();
    assert!(matches!(
        s.target,
        Target::Remote {
            credentials: Credentials::ClientSecret { .. },
            ..
        }
    ));
}

#[test]
fn partial_credentials_are_an_error_not_a_silent_demo() {
    let err = resolve(
        &args(&["--tenant-id", "t"]),
        ConfigFile::default(),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("AZURE_TENANT_ID is set, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET missing"),
        "{err}"
    );
    let err = resolve(
        &args(&["--tenant-id", "t", "--client-id", "c"]),
        ConfigFile::default(),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("AZURE_TENANT_ID and AZURE_CLIENT_ID are set, AZURE_CLIENT_SECRET missing"),
        "{err}"
    );
    let err = resolve(
        &args(&["--api-url", "http://10.1.1.1"]),
        ConfigFile::default(),
        Some("x".into()),
        None,
        false,
    )
    .unwrap_err();
    assert!(err.to_string().contains("loopback"));
}

#[test]
fn prefetch_is_on_by_default_and_configurable() {
    let on = resolve(&args(&["--demo"]), parse("").unwrap(), None, None, false).unwrap();
    assert_eq!(on.prefetch, Some(Prefetch::default()));
    let file = parse("prefetch_dwell_ms = 250\nprefetch_minute = 0.3\n").unwrap();
    let tuned = resolve(&args(&["--demo"]), file, None, None, false).unwrap();
    let p = tuned.prefetch.unwrap();
    assert_eq!(
        (p.dwell, p.minute, p.hour),
        (Duration::from_millis(250), 0.3, 0.7)
    );
    let off = parse("prefetch = false").unwrap();
    assert!(
        resolve(&args(&["--demo"]), off, None, None, false)
            .unwrap()
            .prefetch
            .is_none()
    );
    let bad = parse("prefetch_hour = 7").unwrap();
    assert!(resolve(&args(&["--demo"]), bad, None, None, false).is_err());
}

/// Every config example in the README is a file the explorer reads.
#[test]
fn the_readme_config_examples_parse() {
    let readme = include_str!("../../README.md");
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 2);
    for block in blocks {
        if let Err(e) = parse(block) {
            panic!("{e}\n{block}");
        }
    }
}

#[test]
fn the_queue_under_the_search_box_can_be_turned_off() {
    let on = resolve(&args(&["--demo"]), parse("").unwrap(), None, None, false).unwrap();
    assert!(on.start_queue, "on by default");
    let file = parse("start_queue = false").unwrap();
    let off = resolve(&args(&["--demo"]), file, None, None, false).unwrap();
    assert!(!off.start_queue);
    assert_eq!(
        on.live_share,
        Some(0.1),
        "the queue is live by default, on a tenth"
    );
    let off = resolve(
        &args(&["--demo"]),
        parse("live = false").unwrap(),
        None,
        None,
        false,
    );
    assert_eq!(off.unwrap().live_share, None);
    assert!(!on.local_times, "UTC by default");
    let local = resolve(
        &args(&["--demo"]),
        parse("times = \"local\"").unwrap(),
        None,
        None,
        false,
    );
    assert!(local.unwrap().local_times);
    let odd = resolve(
        &args(&["--demo"]),
        parse("times = \"mars\"").unwrap(),
        None,
        None,
        false,
    );
    assert!(
        odd.unwrap_err()
            .to_string()
            .contains("\"utc\" or \"local\"")
    );
    let greedy = parse("live_share = 0.9").unwrap();
    let err = resolve(&args(&["--demo"]), greedy, None, None, false).unwrap_err();
    assert!(err.to_string().contains("live_share"), "{err}");
}

#[test]
fn me_is_the_configs_else_the_tokens_user() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = format!(
        "{}.{}.sig",
        b64.encode("{}"),
        b64.encode(r#"{"upn":"analyst@contoso.com"}"#)
    );
    let from_token = resolve(
        &args(&[]),
        parse("").unwrap(),
        Some(token.clone()),
        None,
        false,
    );
    assert_eq!(
        from_token.unwrap().me.as_deref(),
        Some("analyst@contoso.com")
    );
    let file = parse("me = \"lead@contoso.com\"").unwrap();
    let configured = resolve(&args(&[]), file, Some(token), None, false).unwrap();
    assert_eq!(
        configured.me.as_deref(),
        Some("lead@contoso.com"),
        "the config wins"
    );
    let app_only = resolve(
        &args(&[]),
        parse("").unwrap(),
        Some("opaque".into()),
        None,
        false,
    );
    assert_eq!(app_only.unwrap().me, None);
}

#[test]
fn a_shared_cache_needs_the_team_key() {
    let refused = team_key(None).unwrap_err().to_string();
    assert!(refused.contains("MDETUI_TEAM_KEY"), "{refused}");
    assert!(!refused.contains('\n'), "one line");
    assert!(team_key(Some("short".into())).is_err());
    let key = team_key(Some("a long enough team key".into())).unwrap();
    assert_eq!(format!("{key:?}"), "Secret(…)");
}

#[test]
fn graph_signs_in_as_the_app_or_with_its_own_token_on_its_clouds_host() {
    let app = Credentials::ClientSecret {
        tenant: "t".into(),
        client_id: "c".into(),
        secret: Secret::new("s"),
    };
    assert!(matches!(
        graph_credentials(&app, None),
        Some(Credentials::ClientSecret { client_id, .. }) if client_id == "c"
    ));
    assert!(matches!(
        graph_credentials(&Credentials::AzureCli, None),
        Some(Credentials::AzureCli)
    ));
    let token = Credentials::StaticToken(Secret::new("defender"));
    assert!(graph_credentials(&token, None).is_none());
    assert!(graph_credentials(&token, Some("  ".into())).is_none());
    assert!(matches!(
        graph_credentials(&token, Some("graph".into())),
        Some(Credentials::StaticToken(t)) if t.expose() == "graph"
    ));
    let file =
        parse("tenant_id = 't'\nclient_id = 'c'\ncloud = 'gcc-high'\nhunt_calls_per_minute = 20")
            .unwrap();
    let s = resolve(&args(&[]), file, None, Some("sec".into()), false).unwrap();
    assert_eq!(s.hunt_limits.per_minute, 20);
    let Target::Remote {
        endpoints, graph, ..
    } = s.target
    else {
        panic!("remote")
    };
    assert_eq!(endpoints.graph_base.as_str(), "https://graph.microsoft.us/");
    assert_eq!(endpoints.graph_scope, "https://graph.microsoft.us/.default");
    assert!(graph.is_some());
    let file = parse("tenant_id = 't'\nclient_id = 'c'").unwrap();
    let plain_http = resolve(
        &args(&["--graph-url", "http://graph.example.com/v1.0"]),
        file,
        None,
        Some("sec".into()),
        false,
    );
    assert!(plain_http.is_err(), "http only on loopback");
    let file = parse("tenant_id = 't'\nclient_id = 'c'").unwrap();
    let s = resolve(
        &args(&["--graph-url", "http://127.0.0.1:8080/v1.0"]),
        file,
        None,
        Some("sec".into()),
        false,
    )
    .unwrap();
    let Target::Remote { endpoints, .. } = s.target else {
        panic!("remote")
    };
    assert_eq!(endpoints.graph_base.as_str(), "http://127.0.0.1:8080/");
}

//! The shape of the code, checked: `app` is pure (by the paths it names), each top-level module
//! imports only what its line in [`ALLOWED`] allows (arrows point down), no two files import
//! each other even through others, and every source file stays small. Planted crates show
//! that each rule catches what it is for.
//!
//! Imports are read from the source text: `use` statements (braces expanded) and paths in code
//! that start with `crate::`, `super::` or `self::`, plus a parent's `child::` paths. Tests at
//! the bottom of a file (`#[cfg(test)]`) are left out: they may reach anywhere.

#[path = "architecture_cases/reader.rs"]
mod reader;

use std::collections::BTreeSet;
use std::path::Path;

use reader::{Crate, code, crate_of, cycle, expand, paths, read_crate, resolve, source_files};

const MAX_LINES: usize = 400;

/// What each top-level module may import besides itself: arrows point down only. A new
/// top-level module gets a line here, which says where it stands.
const ALLOWED: &[(&str, &[&str])] = &[
    ("sanitize", &[]),
    ("private", &[]),
    ("memory", &[]),
    ("api", &["sanitize"]),
    ("engine", &["api", "sanitize", "private"]),
    ("sim", &["api", "engine"]),
    ("entity", &["api", "engine", "sanitize"]),
    ("app", &["entity", "engine", "api", "sanitize"]),
    ("ui", &["app", "entity", "engine", "api", "sanitize"]),
    (
        "term",
        &[
            "ui", "app", "entity", "engine", "api", "sanitize", "private",
        ],
    ),
    ("cli", &["entity", "api", "sim"]),
    ("config", &["cli", "app", "engine", "api"]),
    (
        "query",
        &["cli", "app", "entity", "engine", "api", "sanitize"],
    ),
    ("logging", &["sanitize", "private"]),
];

/// What `app` must never name: the layers above it, and anything that touches the world
/// (files, processes, the network, threads, the terminal, the async runtime).
const IMPURE: &[&str] = &[
    "crate::ui",
    "crate::term",
    "crate::config",
    "crate::query",
    "crate::logging",
    "crate::private",
    "crate::sim",
    "tokio",
    "std::fs",
    "std::process",
    "std::net",
    "std::thread",
    "std::env",
    "libc",
    "reqwest",
    "crossterm::execute",
    "crossterm::terminal",
    "crossterm::cursor",
    "crossterm::event::read",
    "crossterm::event::poll",
];

fn top(module: &str) -> &str {
    module.split("::").next().unwrap()
}

/// Every way `krate` breaks the house's rules, one line each.
fn violations(krate: &Crate) -> Vec<String> {
    let mut found = Vec::new();
    // Circles between files, every one (each found is cut at its last step, then again).
    let mut edges = krate.edges.clone();
    while let Some(circle) = cycle(&edges) {
        let (a, b) = (&circle[circle.len() - 2], &circle[circle.len() - 1]);
        edges.get_mut(a).unwrap().remove(b);
        found.push(format!("import circle: {}", circle.join(" → ")));
    }
    // Each top-level module imports only what its line allows.
    for (module, targets) in krate.edges.iter().filter(|(m, _)| !m.is_empty()) {
        let from = top(module);
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == from) else {
            found.push(format!(
                "{module}: top-level module {from} has no line in ALLOWED"
            ));
            continue;
        };
        for target in targets {
            let to = top(target);
            if to != from && !allowed.contains(&to) {
                found.push(format!(
                    "{module} imports {target}: {from} may not import {to}"
                ));
            }
        }
    }
    // `app` is pure, by the paths its code names (braces expanded).
    for (module, code) in &krate.code {
        if top(module) != "app" {
            continue;
        }
        for path in paths(code) {
            if path.starts_with("super::") || path.starts_with("self::") {
                continue;
            }
            let full = path;
            if let Some(word) = IMPURE
                .iter()
                .find(|w| full == **w || full.starts_with(&format!("{w}::")))
            {
                found.push(format!("{module} names {full}: app must not use {word}"));
            }
        }
    }
    found
}

#[test]
fn the_house_keeps_its_rules() {
    let krate = read_crate();
    let broken = violations(&krate);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let imports = |from: &str, to: &str| {
        krate
            .edges
            .iter()
            .any(|(m, t)| top(m) == from && t.iter().any(|t| top(t) == to))
    };
    assert!(
        imports("ui", "app") && imports("term", "app") && imports("app", "entity"),
        "the reader sees the crate's real imports"
    );
}

/// A crate of a few modules, as `(module, code)`.
fn planted(modules: &[(&str, &str)]) -> Crate {
    crate_of(
        modules
            .iter()
            .map(|(m, c)| ((*m).to_owned(), code(c)))
            .collect(),
    )
}

#[test]
fn a_planted_brace_import_of_ui_in_app_is_caught() {
    let krate = planted(&[
        ("app", "pub mod model;"),
        (
            "app::model",
            "use crate::{ui::Theme, engine::Event};\nfn f() {}",
        ),
        ("ui", "pub struct Theme;"),
        ("engine", ""),
    ]);
    let broken = violations(&krate);
    assert!(
        broken.iter().any(|v| v.contains("app may not import ui")),
        "{broken:?}"
    );
    assert!(
        broken.iter().any(|v| v.contains("names crate::ui")),
        "{broken:?}"
    );
    // Purity is read by path, braces and all.
    let krate = planted(&[("app", "use std::{fs, collections::BTreeMap};")]);
    assert!(
        violations(&krate).iter().any(|v| v.contains("std::fs")),
        "{:?}",
        violations(&krate)
    );
}

#[test]
fn a_planted_circle_is_caught() {
    let krate = planted(&[
        ("app", "pub mod a; pub mod b;"),
        ("app::a", "use super::b::Thing;"),
        ("app::b", "pub struct Thing; fn f() { super::a::g(); }"),
    ]);
    let broken = violations(&krate);
    assert!(
        broken
            .iter()
            .any(|v| v.starts_with("import circle") && v.contains("app::a")),
        "{broken:?}"
    );
}

#[test]
fn a_planted_upward_import_is_caught() {
    let krate = planted(&[
        ("engine", "fn f(m: &crate::app::Model) {}"),
        ("app", "pub struct Model;"),
    ]);
    let broken = violations(&krate);
    assert!(
        broken
            .iter()
            .any(|v| v.contains("engine may not import app")),
        "{broken:?}"
    );
}

#[test]
fn source_files_stay_small() {
    let krate = read_crate();
    let mut tests = Vec::new();
    source_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut tests,
    );
    for file in tests {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(lines <= MAX_LINES, "{} has {lines} lines", file.display());
    }
    for (file, lines) in &krate.lines {
        assert!(*lines <= MAX_LINES, "{} has {lines} lines", file.display());
    }
}

#[test]
fn the_reader_sees_imports() {
    assert_eq!(
        expand("super::{a, b::{c, d as e}, self}"),
        ["super::a", "super::b::c", "super::b::d", "super"]
    );
    let known = BTreeSet::from(["app".to_owned(), "app::nav".to_owned(), "entity".to_owned()]);
    let none = BTreeSet::new();
    assert_eq!(
        resolve("super::nav::Route", "app::panes", &none, &known).as_deref(),
        Some("app::nav")
    );
    assert_eq!(
        resolve("crate::entity::Kind", "app", &none, &known).as_deref(),
        Some("entity")
    );
    // Any visibility before `use` is read past; `pub(in …)` names no import.
    assert_eq!(
        paths("pub(in crate::api) use decode::{a, b};\npub(in crate::api) fn f() {}"),
        ["decode::a", "decode::b"]
    );
    let seen = paths("pub(crate) use super::x;");
    assert!(
        !seen.is_empty() && seen.iter().all(|p| p == "super::x"),
        "{seen:?}"
    );
}

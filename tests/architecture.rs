//! The shape of the code, checked: `app` is pure, arrows only point down (no import circle
//! between modules, at the top level or between files), and every source file stays small.
//!
//! Imports are read from the source text: `use` statements (braces expanded) and paths in code
//! that start with `crate::`, `super::` or `self::`, plus a parent's `child::` paths. Tests at
//! the bottom of a file (`#[cfg(test)]`) are left out: they may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/app/nav.rs` → `app::nav`; `src/app/mod.rs` → `app`; `src/lib.rs` → ``.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map_or(String::new(), |(p, _)| p.to_owned())
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap().trim();
        return vec![path.to_owned()];
    };
    let prefix = tree[..open].trim_end_matches("::").trim();
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.to_owned()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// Every path a file's code names.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for statement in code.split(';') {
        // A statement may follow the end of a block: only its last line-start counts.
        let statement = statement.rsplit(['}', '{']).next().unwrap_or("");
        let statement = statement.trim_start();
        for prefix in ["use ", "pub use ", "pub(crate) use ", "pub(super) use "] {
            if let Some(tree) = statement.strip_prefix(prefix) {
                out.extend(expand(tree));
            }
        }
    }
    let bytes = code.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b':';
    let mut i = 0;
    while i < bytes.len() {
        if (i == 0 || !word(bytes[i - 1])) && word(bytes[i]) {
            let start = i;
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
            let token = &code[start..i];
            if token.contains("::") && !token.ends_with("::") {
                out.push(token.trim_end_matches(':').to_owned());
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The module a path points into, from `module`'s point of view: the longest known prefix.
fn resolve(
    path: &str,
    module: &str,
    children: &BTreeSet<String>,
    known: &BTreeSet<String>,
) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: String = match segments[0] {
        "crate" => {
            segments.remove(0);
            String::new()
        }
        "self" => {
            segments.remove(0);
            module.to_owned()
        }
        "super" => {
            let mut base = module.to_owned();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base = parent(&base);
            }
            base
        }
        first if children.contains(first) => module.to_owned(),
        _ => return None,
    };
    let mut found = base.clone();
    for segment in segments {
        base = if base.is_empty() {
            segment.to_owned()
        } else {
            format!("{base}::{segment}")
        };
        if known.contains(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

struct Crate {
    /// Module → the modules it imports.
    edges: BTreeMap<String, BTreeSet<String>>,
    code: BTreeMap<String, String>,
    lines: BTreeMap<PathBuf, usize>,
}

fn read_crate() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut code_of = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        lines.insert(file.clone(), text.lines().count());
        // `app/tests/` and the like are unit tests: they may reach anywhere.
        let module = module_of(&src, file);
        if module.split("::").any(|part| part == "tests") || file.ends_with("main.rs") {
            continue;
        }
        code_of.insert(module, code(&text));
    }
    let known: BTreeSet<String> = code_of.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (module, code) in &code_of {
        let children: BTreeSet<String> = known
            .iter()
            .filter(|k| !k.is_empty() && parent(k) == *module)
            .map(|k| k.rsplit("::").next().unwrap().to_owned())
            .collect();
        let targets: BTreeSet<String> = paths(code)
            .iter()
            .filter_map(|p| resolve(p, module, &children, &known))
            .filter(|t| t != module && !t.is_empty())
            .collect();
        edges.insert(module.clone(), targets);
    }
    Crate {
        edges,
        code: code_of,
        lines,
    }
}

/// A cycle in `edges`, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, done, path) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut done, &mut Vec::new()))
}

#[test]
fn app_is_pure() {
    let krate = read_crate();
    let banned = [
        "crate::ui",
        "crate::config",
        "crate::term",
        "tokio",
        "std::fs",
        "std::process",
        "libc",
        "crossterm::execute",
        "crossterm::terminal",
        "event::read",
    ];
    for (module, code) in &krate.code {
        if module == "app" || module.starts_with("app::") {
            for word in banned {
                assert!(!code.contains(word), "{module} uses {word}");
            }
        }
    }
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let krate = read_crate();
    // Every circle, not just the first: break each found at its last step and look again.
    let mut edges = krate.edges.clone();
    let mut circles = Vec::new();
    while let Some(found) = cycle(&edges) {
        let (a, b) = (&found[found.len() - 2], &found[found.len() - 1]);
        edges.get_mut(a).unwrap().remove(b);
        circles.push(found.join(" → "));
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
    // The top level too: `app::panes → entity` and `entity::x → app` would be a circle.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let first = |m: &str| m.split("::").next().unwrap().to_owned();
    for (module, targets) in &krate.edges {
        let from = first(module);
        let entry = top.entry(from.clone()).or_default();
        entry.extend(targets.iter().map(|t| first(t)).filter(|t| *t != from));
    }
    if let Some(found) = cycle(&top) {
        panic!(
            "import circle between top-level modules: {}",
            found.join(" → ")
        );
    }
}

#[test]
fn the_layers_point_down() {
    let krate = read_crate();
    let imports = |from: &str, to: &str| {
        krate
            .edges
            .iter()
            .filter(|(m, _)| *m == from || m.starts_with(&format!("{from}::")))
            .any(|(_, t)| {
                t.iter()
                    .any(|t| t == to || t.starts_with(&format!("{to}::")))
            })
    };
    assert!(imports("ui", "app") && imports("term", "app") && imports("app", "entity"));
    for (low, high) in [
        ("api", "engine"),
        ("engine", "entity"),
        ("entity", "app"),
        ("app", "ui"),
        ("app", "term"),
        ("ui", "term"),
        ("engine", "app"),
    ] {
        assert!(
            !imports(low, high),
            "{low} imports {high}, which is above it"
        );
    }
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
}

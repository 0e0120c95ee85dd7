//! Reading the crate's shape from its source text: every module's code (without its unit
//! tests and comments), the paths it names — `use` statements with their braces expanded,
//! and paths in code that start with `crate::`, `super::` or `self::` or a child's name — and
//! the modules those paths point into.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
pub fn module_of(src: &Path, file: &Path) -> String {
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

pub fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map_or(String::new(), |(p, _)| p.to_owned())
}

/// The code of a file without its unit tests and comments.
pub fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
pub fn expand(tree: &str) -> Vec<String> {
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

/// `pub(in crate::api)` says who may see an item, not what it imports: removed before the
/// code is read for paths.
fn without_visibility_paths(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("pub(in ") {
        out.push_str(&rest[..at]);
        out.push_str("pub");
        rest = &rest[at..];
        rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
    }
    out.push_str(rest);
    out
}

/// A line's `use` statement, after any visibility (`pub`, `pub(crate)`, `pub(in …)`): the
/// byte offset in the line where its path starts.
fn use_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let mut at = line.len() - trimmed.len();
    let mut rest = trimmed;
    if let Some(after) = rest.strip_prefix("pub") {
        let after = match after.strip_prefix('(') {
            Some(inner) => &inner[inner.find(')')? + 1..],
            None => after,
        };
        at += rest.len() - after.len();
        rest = after;
    }
    let after = rest.trim_start();
    at += rest.len() - after.len();
    after.strip_prefix("use ").map(|_| at + "use ".len())
}

/// Every path a file's code names.
pub fn paths(code: &str) -> Vec<String> {
    let code = &without_visibility_paths(code);
    let mut out = Vec::new();
    // `use` statements, from their start on a line to their `;`, braces and all.
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        if let Some(at) = use_start(line) {
            let start = offset + at;
            if let Some(end) = code[start..].find(';') {
                out.extend(expand(&code[start..start + end]));
            }
        }
        offset += line.len();
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
pub fn resolve(
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

pub struct Crate {
    /// Module → the modules it imports.
    pub edges: BTreeMap<String, BTreeSet<String>>,
    pub code: BTreeMap<String, String>,
    pub lines: BTreeMap<PathBuf, usize>,
}

pub fn read_crate() -> Crate {
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
    let mut krate = crate_of(code_of);
    krate.lines = lines;
    krate
}

/// The import graph of modules given by their code (module path → code).
pub fn crate_of(code_of: BTreeMap<String, String>) -> Crate {
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
        lines: BTreeMap::new(),
    }
}

/// A cycle in `edges`, if there is one.
pub fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
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

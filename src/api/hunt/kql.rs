//! Saved hunts: a `.kql` file whose leading `//` comments give its name, description and
//! parameters, and whose `{{machine}}`-style parameters are filled with values written as KQL
//! string literals — so a value with `"`, `'`, `|` or a line break is one string, and cannot
//! end the literal or add an operator to the query.

use std::collections::BTreeMap;

/// A value as one KQL string literal: `"…"` with `\` and `"` escaped, line breaks and tabs as
/// `\n`, `\r`, `\t`, any other control character dropped.
pub fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || crate::sanitize::is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A saved query: its header and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub description: String,
    /// The parameters its text uses, in order of first use.
    pub params: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the query needs {{{{{0}}}}}: give it (--param {0}=…)")]
    Missing(String),
    #[error("“{0}” is not a parameter name (letters, digits and _)")]
    BadName(String),
    #[error("an unclosed {{{{ in the query")]
    Unclosed,
}

impl Template {
    /// A `.kql` file's text; `fallback` names it when its header does not (the file's stem).
    pub fn parse(text: &str, fallback: &str) -> Result<Self, TemplateError> {
        let mut name = None;
        let mut description = Vec::new();
        for line in text.lines() {
            let Some(comment) = line.trim().strip_prefix("//") else {
                break;
            };
            let comment = comment.trim();
            match comment.split_once(':') {
                Some((key, value)) if key.trim().eq_ignore_ascii_case("name") => {
                    name = Some(value.trim().to_owned());
                }
                Some((key, value)) if key.trim().eq_ignore_ascii_case("description") => {
                    description.push(value.trim().to_owned());
                }
                Some((key, _)) if key.trim().eq_ignore_ascii_case("params") => {}
                _ if !comment.is_empty() => description.push(comment.to_owned()),
                _ => {}
            }
        }
        let params = params(text)?;
        Ok(Self {
            name: name.unwrap_or_else(|| fallback.to_owned()),
            description: description.join(" "),
            params,
            text: text.to_owned(),
        })
    }

    /// The text with every parameter replaced by its value as a string literal.
    pub fn fill(&self, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
        if let Some(missing) = self.params.iter().find(|p| !values.contains_key(*p)) {
            return Err(TemplateError::Missing(missing.clone()));
        }
        let mut out = String::with_capacity(self.text.len());
        let mut rest = self.text.as_str();
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find("}}").ok_or(TemplateError::Unclosed)?;
            let name = after[..end].trim();
            out.push_str(&literal(&values[name]));
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The `{{name}}`s of `text`, each once, in order.
fn params(text: &str) -> Result<Vec<String>, TemplateError> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(TemplateError::Unclosed)?;
        let name = after[..end].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(TemplateError::BadName(
                crate::sanitize::line(name).into_owned(),
            ));
        }
        if !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
        rest = &after[end + 2..];
    }
    Ok(found)
}

//! The simulator's KQL tokens, each with the line and column it starts at (1-based), so a
//! parse error can point at it as Graph does (`on line [2,15]`).

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A name: a table, column, function or operator word; `!has`, `!in`, `!contains` too.
    Word(String),
    Str(String),
    Number(String),
    Sym(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
}

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct KqlError {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

impl KqlError {
    pub(super) fn at(message: impl Into<String>, line: usize, col: usize) -> Self {
        Self {
            message: message.into(),
            at: Some((line, col)),
        }
    }

    pub(super) fn semantic(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            at: None,
        }
    }
}

const SYMBOLS: &[&str] = &[
    "==", "!=", "<=", ">=", "=~", "!~", "|", ",", "(", ")", "=", "<", ">", "+", "-", "*", "/", ".",
    ";",
];

pub(super) fn tokens(text: &str) -> Result<Vec<Token>, KqlError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0, 1, 1);
    while i < chars.len() {
        let c = chars[i];
        let start = (line, col);
        let push = |out: &mut Vec<Token>, tok| {
            out.push(Token {
                tok,
                line: start.0,
                col: start.1,
            })
        };
        if c == '\n' {
            line += 1;
            col = 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        let verbatim = c == '@' && matches!(chars.get(i + 1), Some('"' | '\''));
        if c == '"' || c == '\'' || verbatim {
            let skip = usize::from(verbatim);
            let quote = chars[i + skip];
            let mut j = i + skip + 1;
            let mut value = String::new();
            loop {
                let Some(&d) = chars.get(j) else {
                    return Err(KqlError::at(
                        "unterminated string literal",
                        start.0,
                        start.1,
                    ));
                };
                if d == '\n' {
                    return Err(KqlError::at(
                        "unterminated string literal",
                        start.0,
                        start.1,
                    ));
                }
                if d == quote {
                    if verbatim && chars.get(j + 1) == Some(&quote) {
                        value.push(quote);
                        j += 2;
                        continue;
                    }
                    j += 1;
                    break;
                }
                if d == '\\' && !verbatim {
                    let escaped = chars.get(j + 1).copied().unwrap_or('\\');
                    value.push(match escaped {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        other => other,
                    });
                    j += 2;
                    continue;
                }
                value.push(d);
                j += 1;
            }
            col += j - i;
            i = j;
            push(&mut out, Tok::Str(value));
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '.') {
                j += 1;
            }
            let number: String = chars[i..j].iter().collect();
            col += j - i;
            i = j;
            push(&mut out, Tok::Number(number));
            continue;
        }
        let negated_word = c == '!'
            && chars
                .get(i + 1)
                .is_some_and(|d| d.is_ascii_alphabetic() || *d == '_');
        if c.is_ascii_alphabetic() || c == '_' || c == '$' || negated_word {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || chars[j] == '_' || chars[j] == '-')
            {
                // `project-away` is one word; `a-b` in an expression is not worth supporting.
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            col += j - i;
            i = j;
            push(&mut out, Tok::Word(word));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let Some(symbol) = SYMBOLS.iter().find(|s| rest.starts_with(*s)) else {
            return Err(KqlError::at(
                format!("unexpected character '{c}'"),
                start.0,
                start.1,
            ));
        };
        i += symbol.chars().count();
        col += symbol.chars().count();
        push(&mut out, Tok::Sym(symbol));
    }
    Ok(out)
}

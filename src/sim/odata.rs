//! The OData `$filter` subset Defender documents: `eq ne gt ge lt le`, `and`, `or`, `not`,
//! parentheses, `startswith(field,'x')` and `field in ('a','b')`, over strings (quoted, `''`
//! escapes a quote), numbers, booleans, `null` and bare datetimes. Evaluated on wire JSON.

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
    DateTime(OffsetDateTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Compare(String, Op, Literal),
    StartsWith(String, String),
    In(String, Vec<Literal>),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Text(String),
    Number(f64),
    LParen,
    RParen,
    Comma,
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::LParen);
                i += 1;
            }
            ')' => {
                tokens.push(Token::RParen);
                i += 1;
            }
            ',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            '\'' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated string literal".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            text.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            text.push(ch);
                            i += 1;
                        }
                    }
                }
                tokens.push(Token::Text(text));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !matches!(chars[i], '(' | ')' | ',' | '\'')
                    && !chars[i].is_whitespace()
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match word.parse::<f64>() {
                    Ok(n)
                        if word
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_digit() || c == '-')
                            && !word.contains(':') =>
                    {
                        tokens.push(Token::Number(n))
                    }
                    _ => tokens.push(Token::Ident(word)),
                }
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    filterable: &'a [&'a str],
}

impl Parser<'_> {
    fn peek_keyword(&self, kw: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Ident(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.pos);
        self.pos += 1;
        t
    }

    fn expect(&mut self, want: Token) -> Result<(), String> {
        match self.next() {
            Some(t) if *t == want => Ok(()),
            other => Err(format!("expected {want:?}, found {other:?}")),
        }
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.peek_keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.peek_keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.peek_keyword("not") {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        if self.tokens.get(self.pos) == Some(&Token::LParen) {
            self.pos += 1;
            let inner = self.or()?;
            self.expect(Token::RParen)?;
            return Ok(inner);
        }
        self.comparison()
    }

    fn field(&self, name: &str) -> Result<String, String> {
        self.filterable
            .iter()
            .find(|f| f.eq_ignore_ascii_case(name))
            .map(|f| (*f).to_owned())
            .ok_or_else(|| format!("property '{name}' is not filterable"))
    }

    fn literal(&mut self) -> Result<Literal, String> {
        match self.next().cloned() {
            Some(Token::Text(s)) => Ok(Literal::Text(s)),
            Some(Token::Number(n)) => Ok(Literal::Number(n)),
            Some(Token::Ident(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Ok(Literal::Bool(true)),
                "false" => Ok(Literal::Bool(false)),
                "null" => Ok(Literal::Null),
                _ => OffsetDateTime::parse(&w, &Rfc3339)
                    .map(Literal::DateTime)
                    .map_err(|_| format!("'{w}' is not a literal")),
            },
            other => Err(format!("expected a value, found {other:?}")),
        }
    }

    fn comparison(&mut self) -> Result<Filter, String> {
        let Some(Token::Ident(word)) = self.next().cloned() else {
            return Err("expected a property name".into());
        };
        if word.eq_ignore_ascii_case("startswith") {
            self.expect(Token::LParen)?;
            let Some(Token::Ident(name)) = self.next().cloned() else {
                return Err("startswith needs a property".into());
            };
            let field = self.field(&name)?;
            self.expect(Token::Comma)?;
            let Some(Token::Text(prefix)) = self.next().cloned() else {
                return Err("startswith needs a quoted prefix".into());
            };
            self.expect(Token::RParen)?;
            return Ok(Filter::StartsWith(field, prefix));
        }
        let field = self.field(&word)?;
        let Some(Token::Ident(op)) = self.next().cloned() else {
            return Err(format!("expected an operator after '{word}'"));
        };
        let op = match op.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "in" => {
                self.expect(Token::LParen)?;
                let mut values = vec![self.literal()?];
                while self.tokens.get(self.pos) == Some(&Token::Comma) {
                    self.pos += 1;
                    values.push(self.literal()?);
                }
                self.expect(Token::RParen)?;
                return Ok(Filter::In(field, values));
            }
            other => return Err(format!("unknown operator '{other}'")),
        };
        Ok(Filter::Compare(field, op, self.literal()?))
    }
}

/// Parses `$filter`, allowing only the given properties.
pub fn parse(input: &str, filterable: &[&str]) -> Result<Filter, String> {
    let tokens = tokenize(input)?;
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
        filterable,
    };
    let filter = parser.or()?;
    if parser.pos != tokens.len() {
        return Err(format!("unexpected {:?}", tokens[parser.pos]));
    }
    Ok(filter)
}

fn compare(value: &Value, lit: &Literal) -> Option<std::cmp::Ordering> {
    match (value, lit) {
        (Value::Null, Literal::Null) => Some(std::cmp::Ordering::Equal),
        (Value::Null, _) | (_, Literal::Null) => None,
        (Value::String(s), Literal::DateTime(t)) => {
            OffsetDateTime::parse(s, &Rfc3339).ok().map(|v| v.cmp(t))
        }
        (Value::String(s), Literal::Text(t)) => Some(s.to_lowercase().cmp(&t.to_lowercase())),
        (Value::Number(n), Literal::Number(m)) => n.as_f64()?.partial_cmp(m),
        (Value::String(s), Literal::Number(m)) => s.parse::<f64>().ok()?.partial_cmp(m),
        (Value::Number(n), Literal::Text(t)) => n.as_f64()?.partial_cmp(&t.parse::<f64>().ok()?),
        (Value::Bool(b), Literal::Bool(c)) => Some(b.cmp(c)),
        _ => None,
    }
}

fn op_holds(value: &Value, op: Op, lit: &Literal) -> bool {
    // A list property (machineTags) matches when any element does.
    if let Value::Array(items) = value {
        return match op {
            Op::Ne => !items.iter().any(|v| op_holds(v, Op::Eq, lit)),
            _ => items.iter().any(|v| op_holds(v, op, lit)),
        };
    }
    use std::cmp::Ordering::*;
    match (op, compare(value, lit)) {
        (Op::Eq, ord) => ord == Some(Equal),
        (Op::Ne, ord) => ord != Some(Equal),
        (Op::Gt, Some(o)) => o == Greater,
        (Op::Ge, Some(o)) => o != Less,
        (Op::Lt, Some(o)) => o == Less,
        (Op::Le, Some(o)) => o != Greater,
        (_, None) => false,
    }
}

impl Filter {
    pub fn matches(&self, entity: &Value) -> bool {
        let get = |f: &str| entity.get(f).unwrap_or(&Value::Null);
        match self {
            Self::Compare(f, op, lit) => op_holds(get(f), *op, lit),
            Self::StartsWith(f, prefix) => match get(f) {
                Value::String(s) => s.to_lowercase().starts_with(&prefix.to_lowercase()),
                _ => false,
            },
            Self::In(f, values) => values.iter().any(|v| op_holds(get(f), Op::Eq, v)),
            Self::And(a, b) => a.matches(entity) && b.matches(entity),
            Self::Or(a, b) => a.matches(entity) || b.matches(entity),
            Self::Not(a) => !a.matches(entity),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIELDS: &[&str] = &[
        "status",
        "severity",
        "lastUpdateTime",
        "incidentId",
        "computerDnsName",
        "machineTags",
    ];

    fn check(filter: &str, entity: Value) -> bool {
        parse(filter, FIELDS).unwrap().matches(&entity)
    }

    #[test]
    fn comparisons_and_logic() {
        let alert = json!({"status": "New", "severity": "High", "incidentId": 5127,
                           "lastUpdateTime": "2024-05-21T14:31:40.117Z"});
        assert!(check("status eq 'New'", alert.clone()));
        assert!(check("status eq 'new'", alert.clone()));
        assert!(!check("status ne 'New'", alert.clone()));
        assert!(check(
            "status eq 'New' and severity eq 'High'",
            alert.clone()
        ));
        assert!(check(
            "status eq 'Resolved' or severity eq 'High'",
            alert.clone()
        ));
        assert!(!check("not (status eq 'New')", alert.clone()));
        assert!(check(
            "incidentId gt 5000 and incidentId le 5127",
            alert.clone()
        ));
        assert!(!check("incidentId lt 5127", alert.clone()));
        assert!(check(
            "lastUpdateTime ge 2024-05-01T00:00:00Z",
            alert.clone()
        ));
        assert!(!check(
            "lastUpdateTime lt 2024-05-01T00:00:00Z",
            alert.clone()
        ));
        assert!(check("severity in ('Medium','High')", alert.clone()));
        assert!(!check("severity in ('Low')", alert));
    }

    #[test]
    fn startswith_arrays_and_quotes() {
        let m =
            json!({"computerDnsName": "lt-ops-117.ad.fabrikam.com", "machineTags": ["ops", "vip"]});
        assert!(check("startswith(computerDnsName,'lt-')", m.clone()));
        assert!(!check("startswith(computerDnsName, 'srv')", m.clone()));
        assert!(check("machineTags eq 'vip'", m.clone()));
        assert!(!check("machineTags eq 'x'", m));
        assert!(check("status eq 'O''Brien'", json!({"status": "O'Brien"})));
    }

    #[test]
    fn bad_filters_say_why() {
        assert!(
            parse("title eq 'x'", FIELDS)
                .unwrap_err()
                .contains("not filterable")
        );
        assert!(parse("status eq 'x", FIELDS).is_err());
        assert!(parse("status like 'x'", FIELDS).is_err());
        assert!(parse("status eq 'x' extra", FIELDS).is_err());
        assert!(parse("(status eq 'x'", FIELDS).is_err());
    }
}

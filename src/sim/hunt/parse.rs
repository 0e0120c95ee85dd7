//! The simulator's KQL: a table and a pipe of the operators the shipped hunts and common
//! queries use. Anything else is a parse error that says where, as Graph's 400 does.

use super::lex::{KqlError, Tok, Token};
use super::value::{Val, timespan};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    Lit(Val),
    Col(String),
    Call(String, Vec<Expr>),
    Bin(Box<Expr>, String, Box<Expr>),
    Not(Box<Expr>),
    In(Box<Expr>, Vec<Expr>, bool),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op {
    Where(Expr),
    Project(Vec<(String, Expr)>),
    Extend(Vec<(String, Expr)>),
    Summarize {
        aggs: Vec<(String, String, Option<Expr>)>,
        by: Vec<(String, Expr)>,
    },
    Top(usize, Expr, bool),
    Order(Vec<(Expr, bool)>),
    Take(usize),
    Distinct(Vec<String>),
    Count,
    Join(Box<Query>, String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Query {
    pub table: String,
    pub ops: Vec<Op>,
}

/// Operators between two values, by their KQL spelling.
const COMPARISONS: &[&str] = &[
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=~",
    "!~",
    "has",
    "!has",
    "contains",
    "!contains",
    "startswith",
    "endswith",
    "has_cs",
    "contains_cs",
    "has_any",
];

pub(super) fn parse(tokens: Vec<Token>) -> Result<Query, KqlError> {
    let mut p = Parser { tokens, at: 0 };
    let query = p.query()?;
    match p.peek() {
        None => Ok(query),
        Some(t) => Err(p.error_at(t)),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Result<Token, KqlError> {
        let token = self.tokens.get(self.at).cloned().ok_or_else(|| {
            let (line, col) = self.tokens.last().map_or((1, 1), |t| (t.line, t.col));
            KqlError::at("the query ends too soon", line, col)
        })?;
        self.at += 1;
        Ok(token)
    }

    fn error_at(&self, t: &Token) -> KqlError {
        let shown = match &t.tok {
            Tok::Word(w) | Tok::Number(w) => w.clone(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Sym(s) => (*s).to_owned(),
        };
        KqlError::at(
            format!(
                "Query could not be parsed at '{shown}' on line [{},{}]",
                t.line, t.col
            ),
            t.line,
            t.col,
        )
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Sym(x), .. }) if *x == s)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(x), .. }) if x.eq_ignore_ascii_case(w))
    }

    fn sym(&mut self, s: &str) -> Result<(), KqlError> {
        let t = self.next()?;
        match t.tok {
            Tok::Sym(x) if x == s => Ok(()),
            _ => Err(self.error_at(&t)),
        }
    }

    fn word(&mut self) -> Result<String, KqlError> {
        let t = self.next()?;
        match t.tok {
            Tok::Word(w) => Ok(w),
            _ => Err(self.error_at(&t)),
        }
    }

    fn keyword(&mut self, w: &str) -> Result<(), KqlError> {
        let t = self.next()?;
        match &t.tok {
            Tok::Word(x) if x.eq_ignore_ascii_case(w) => Ok(()),
            _ => Err(self.error_at(&t)),
        }
    }

    fn count(&mut self) -> Result<usize, KqlError> {
        let t = self.next()?;
        match &t.tok {
            Tok::Number(n) => n.parse().map_err(|_| self.error_at(&t)),
            _ => Err(self.error_at(&t)),
        }
    }

    fn query(&mut self) -> Result<Query, KqlError> {
        let table = self.word()?;
        let mut ops = Vec::new();
        while self.is_sym("|") {
            self.sym("|")?;
            ops.push(self.op()?);
        }
        Ok(Query { table, ops })
    }

    fn op(&mut self) -> Result<Op, KqlError> {
        let t = self.next()?;
        let Tok::Word(name) = &t.tok else {
            return Err(self.error_at(&t));
        };
        Ok(match name.to_ascii_lowercase().as_str() {
            "where" | "filter" => Op::Where(self.expr()?),
            "project" => Op::Project(self.named_list()?),
            "extend" => Op::Extend(self.named_list()?),
            "summarize" => self.summarize()?,
            "top" => {
                let n = self.count()?;
                self.keyword("by")?;
                let by = self.expr()?;
                Op::Top(n, by, self.direction())
            }
            "order" | "sort" => {
                self.keyword("by")?;
                let mut keys = vec![(self.expr()?, self.direction())];
                while self.is_sym(",") {
                    self.sym(",")?;
                    keys.push((self.expr()?, self.direction()));
                }
                Op::Order(keys)
            }
            "take" | "limit" => Op::Take(self.count()?),
            "distinct" => {
                let mut names = vec![self.word()?];
                while self.is_sym(",") {
                    self.sym(",")?;
                    names.push(self.word()?);
                }
                Op::Distinct(names)
            }
            "count" => Op::Count,
            "join" => self.join()?,
            _ => return Err(self.error_at(&t)),
        })
    }

    /// `desc` (the default) or `asc`.
    fn direction(&mut self) -> bool {
        if self.is_word("asc") {
            self.at += 1;
            return false;
        }
        if self.is_word("desc") {
            self.at += 1;
        }
        true
    }

    fn join(&mut self) -> Result<Op, KqlError> {
        if self.is_word("kind") {
            self.at += 1;
            self.sym("=")?;
            let t = self.next()?;
            if !matches!(&t.tok, Tok::Word(k) if k.eq_ignore_ascii_case("inner")) {
                return Err(self.error_at(&t));
            }
        }
        self.sym("(")?;
        let right = self.query()?;
        self.sym(")")?;
        self.keyword("on")?;
        Ok(Op::Join(Box::new(right), self.word()?))
    }

    fn summarize(&mut self) -> Result<Op, KqlError> {
        let mut aggs = Vec::new();
        loop {
            let first = self.word()?;
            let (name, func) = if self.is_sym("=") {
                self.sym("=")?;
                (Some(first), self.word()?)
            } else {
                (None, first)
            };
            self.sym("(")?;
            let arg = if self.is_sym(")") {
                None
            } else {
                Some(self.expr()?)
            };
            self.sym(")")?;
            let func = func.to_ascii_lowercase();
            let name = name.unwrap_or_else(|| default_name(&func, arg.as_ref()));
            aggs.push((name, func, arg));
            if !self.is_sym(",") {
                break;
            }
            self.sym(",")?;
        }
        let by = if self.is_word("by") {
            self.at += 1;
            self.named_list()?
        } else {
            Vec::new()
        };
        Ok(Op::Summarize { aggs, by })
    }

    /// `a, b = expr, c`: each a name and what it holds.
    fn named_list(&mut self) -> Result<Vec<(String, Expr)>, KqlError> {
        let mut out = Vec::new();
        loop {
            let before = self.at;
            let name = self.word()?;
            if self.is_sym("=") && !self.is_sym("==") {
                self.sym("=")?;
                out.push((name, self.expr()?));
            } else {
                self.at = before;
                let expr = self.expr()?;
                let name = match &expr {
                    Expr::Col(c) => c.clone(),
                    Expr::Call(_, args) => match args.first() {
                        Some(Expr::Col(c)) => c.clone(),
                        _ => format!("Column{}", out.len() + 1),
                    },
                    _ => format!("Column{}", out.len() + 1),
                };
                out.push((name, expr));
            }
            if !self.is_sym(",") {
                return Ok(out);
            }
            self.sym(",")?;
        }
    }

    fn expr(&mut self) -> Result<Expr, KqlError> {
        let mut left = self.and()?;
        while self.is_word("or") {
            self.at += 1;
            left = Expr::Bin(Box::new(left), "or".into(), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, KqlError> {
        let mut left = self.comparison()?;
        while self.is_word("and") {
            self.at += 1;
            left = Expr::Bin(Box::new(left), "and".into(), Box::new(self.comparison()?));
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Expr, KqlError> {
        let left = self.additive()?;
        let op = match self.peek().map(|t| &t.tok) {
            Some(Tok::Sym(s)) if COMPARISONS.contains(s) => (*s).to_owned(),
            Some(Tok::Word(w)) if COMPARISONS.contains(&w.to_ascii_lowercase().as_str()) => {
                w.to_ascii_lowercase()
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("in") || w.eq_ignore_ascii_case("!in") => {
                let negated = w.starts_with('!');
                self.at += 1;
                return Ok(Expr::In(Box::new(left), self.args()?, negated));
            }
            _ => return Ok(left),
        };
        self.at += 1;
        if op == "has_any" {
            return Ok(Expr::Bin(
                Box::new(left),
                op,
                Box::new(Expr::Call("pack_array".into(), self.args()?)),
            ));
        }
        Ok(Expr::Bin(Box::new(left), op, Box::new(self.additive()?)))
    }

    fn additive(&mut self) -> Result<Expr, KqlError> {
        let mut left = self.primary()?;
        while self.is_sym("+") || self.is_sym("-") {
            let op = if self.is_sym("+") { "+" } else { "-" };
            self.at += 1;
            left = Expr::Bin(Box::new(left), op.into(), Box::new(self.primary()?));
        }
        Ok(left)
    }

    /// `( a, b, … )`.
    fn args(&mut self) -> Result<Vec<Expr>, KqlError> {
        self.sym("(")?;
        let mut args = Vec::new();
        if !self.is_sym(")") {
            args.push(self.expr()?);
            while self.is_sym(",") {
                self.sym(",")?;
                args.push(self.expr()?);
            }
        }
        self.sym(")")?;
        Ok(args)
    }

    fn primary(&mut self) -> Result<Expr, KqlError> {
        let t = self.next()?;
        Ok(match &t.tok {
            Tok::Str(s) => Expr::Lit(Val::str(s.clone())),
            Tok::Number(n) => match (n.parse::<i64>(), n.parse::<f64>(), timespan(n)) {
                (Ok(i), _, _) => Expr::Lit(Val::Long(i)),
                (_, Ok(x), _) => Expr::Lit(Val::Real(x)),
                (_, _, Some(span)) => Expr::Lit(Val::Span(span)),
                _ => return Err(self.error_at(&t)),
            },
            Tok::Sym("(") => {
                let inner = self.expr()?;
                self.sym(")")?;
                inner
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("true") => Expr::Lit(Val::Bool(true)),
            Tok::Word(w) if w.eq_ignore_ascii_case("false") => Expr::Lit(Val::Bool(false)),
            Tok::Word(w) if w.eq_ignore_ascii_case("not") => {
                let mut args = self.args()?;
                if args.len() != 1 {
                    return Err(self.error_at(&t));
                }
                Expr::Not(Box::new(args.remove(0)))
            }
            Tok::Word(w) if self.is_sym("(") => Expr::Call(w.to_ascii_lowercase(), self.args()?),
            Tok::Word(w) if !w.starts_with('!') => Expr::Col(w.clone()),
            _ => return Err(self.error_at(&t)),
        })
    }
}

/// What KQL calls an aggregate's column when the query does not name it.
fn default_name(func: &str, arg: Option<&Expr>) -> String {
    let of = match arg {
        Some(Expr::Col(c)) => c.clone(),
        _ => String::new(),
    };
    match func {
        "count" | "countif" => format!("{func}_"),
        "make_set" => format!("set_{of}"),
        "make_list" => format!("list_{of}"),
        "take_any" | "any" => of,
        _ => format!("{func}_{of}"),
    }
}

//! The evidence an analyst follows beyond users and machines: file hashes, IP addresses and
//! domains, as typed in the search box or read from an alert's evidence, checked before any
//! call so that a malformed one is said to be malformed without spending the budget.

use std::fmt;

use super::ids::{IdError, path_segment};

/// A file as the API's `/files/{id}` wants it: SHA-1 or SHA-256 (MD5 only as evidence reports
/// it; no endpoint takes one). Hex, kept lower-case so two spellings are one cache key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileHash {
    Sha1(Sha1),
    Sha256(String),
    Md5(String),
}

/// A SHA-1: the only hash `/files/{id}/alerts` and `/files/{id}/machines` accept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha1(String);

impl Sha1 {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        match FileHash::parse(input)? {
            FileHash::Sha1(sha1) => Ok(sha1),
            _ => Err(IdError::Invalid("SHA-1", shown(input))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sha1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// At most 80 characters of what was typed, escaped: for messages.
fn shown(input: &str) -> String {
    input
        .trim()
        .chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string()
}

impl FileHash {
    /// 40 hex digits are a SHA-1, 64 a SHA-256, 32 an MD5.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(IdError::Empty("file hash"));
        }
        if !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(IdError::Invalid("file hash", shown(input)));
        }
        let hex = text.to_ascii_lowercase();
        match hex.len() {
            40 => Ok(Self::Sha1(Sha1(hex))),
            64 => Ok(Self::Sha256(hex)),
            32 => Ok(Self::Md5(hex)),
            _ => Err(IdError::Invalid(
                "file hash (SHA-1, SHA-256 or MD5)",
                shown(input),
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Sha1(h) => &h.0,
            Self::Sha256(h) | Self::Md5(h) => h,
        }
    }

    /// `SHA-1`, `SHA-256`, `MD5`.
    pub fn algorithm(&self) -> &'static str {
        match self {
            Self::Sha1(_) => "SHA-1",
            Self::Sha256(_) => "SHA-256",
            Self::Md5(_) => "MD5",
        }
    }

    pub fn sha1(&self) -> Option<&Sha1> {
        match self {
            Self::Sha1(h) => Some(h),
            _ => None,
        }
    }

    /// Whether `/files/{id}` can be asked with it (SHA-1 or SHA-256).
    pub fn is_lookup(&self) -> bool {
        !matches!(self, Self::Md5(_))
    }

    pub fn segment(&self) -> String {
        path_segment(self.as_str())
    }
}

impl From<Sha1> for FileHash {
    fn from(sha1: Sha1) -> Self {
        Self::Sha1(sha1)
    }
}

impl fmt::Display for FileHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IPv4 or IPv6 address, parsed: the API answers 400 to a malformed one, so the client
/// says so first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ip(std::net::IpAddr);

impl Ip {
    /// `10.1.2.3`, `2001:db8::1`, `[2001:db8::1]`.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(IdError::Empty("IP address"));
        }
        let bare = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(text);
        bare.parse()
            .map(Self)
            .map_err(|_| IdError::Invalid("IP address", shown(input)))
    }

    pub fn addr(&self) -> std::net::IpAddr {
        self.0
    }

    pub fn segment(&self) -> String {
        path_segment(&self.0.to_string())
    }
}

impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A host name as `/domains/{domain}` wants it: lower-case labels of letters, digits, `-`
/// and `_`, at least two of them, no trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(String);

impl Domain {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let text = input.trim().trim_end_matches('.');
        if text.is_empty() {
            return Err(IdError::Empty("domain"));
        }
        let host = text.to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let label_ok = |l: &&str| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let tld_ok = labels
            .last()
            .is_some_and(|t| t.chars().any(|c| c.is_ascii_alphabetic()));
        if host.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
            return Err(IdError::Invalid("domain", shown(input)));
        }
        Ok(Self(host))
    }

    /// The host a browser goes to for a URL as evidence reports it, with or without a scheme
    /// (`https://g.api.mega.co.nz/cs`, `cdn-update-check.com/a.ps1`): parsed by the WHATWG
    /// rules browsers follow, so `http://evil.example\@microsoft.com/x` is `evil.example`.
    pub fn of_url(url: &str) -> Result<Self, IdError> {
        let host = browser_host(url)
            .ok_or_else(|| IdError::Invalid("URL with a host name", shown(url)))?;
        Self::parse(&host).map_err(|_| IdError::Invalid("URL with a host name", shown(url)))
    }

    /// When a URL reads as one host to a person and goes to another in a browser (a
    /// backslash, a user-info part that looks like a host), what to say of it.
    pub fn misleading_url(url: &str) -> Option<String> {
        let browser = browser_host(url)?;
        let text = url.trim();
        let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let read = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let read = read
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if read != browser {
            Some(format!(
                "misleading URL: a browser goes to {browser}, not {read}"
            ))
        } else if authority.contains('@') {
            Some(format!("URL with a user name before its host, {browser}"))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn segment(&self) -> String {
        path_segment(&self.0)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The host a browser would go to: the URL parsed by the WHATWG rules, `http://` assumed
/// when it names no scheme.
fn browser_host(url: &str) -> Option<String> {
    let text = url.trim();
    let parsed = url::Url::parse(text)
        .ok()
        .filter(|u| u.host_str().is_some())
        .or_else(|| url::Url::parse(&format!("http://{text}")).ok())?;
    parsed
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_as_a_browser_reads_them() {
        let host = |u: &str| Domain::of_url(u).map(|d| d.to_string());
        assert_eq!(
            host("http://evil.example\\@microsoft.com/x").unwrap(),
            "evil.example"
        );
        assert_eq!(
            host("https://microsoft.com@evil.example/").unwrap(),
            "evil.example"
        );
        assert!(
            Domain::misleading_url("http://evil.example\\@microsoft.com/x")
                .unwrap()
                .contains("a browser goes to evil.example, not microsoft.com")
        );
        assert!(Domain::misleading_url("https://microsoft.com@evil.example/").is_some());
        assert_eq!(Domain::misleading_url("https://g.api.mega.co.nz/cs"), None);
        assert_eq!(Domain::misleading_url("cdn-update-check.com/a.ps1"), None);
    }

    #[test]
    fn hashes_are_told_apart_by_length() {
        let sha1 = "6A1F3E5D7C9B2A4F6E8D0C1B3A5F7E9D2C4B6A8F";
        assert_eq!(
            FileHash::parse(sha1).unwrap(),
            FileHash::Sha1(Sha1(sha1.to_ascii_lowercase()))
        );
        assert_eq!(
            FileHash::parse(&"a".repeat(64)).unwrap().algorithm(),
            "SHA-256"
        );
        assert_eq!(FileHash::parse(&"0".repeat(32)).unwrap().algorithm(), "MD5");
        assert!(FileHash::parse(&"a".repeat(41)).is_err());
        assert!(FileHash::parse("zz").is_err());
        assert!(Sha1::parse(&"a".repeat(64)).is_err());
        assert!(!FileHash::parse(&"0".repeat(32)).unwrap().is_lookup());
    }

    #[test]
    fn addresses_parse_in_both_families() {
        assert_eq!(
            Ip::parse(" 185.225.19.40 ").unwrap().to_string(),
            "185.225.19.40"
        );
        assert_eq!(
            Ip::parse("[2001:db8::1]").unwrap().to_string(),
            "2001:db8::1"
        );
        for bad in ["999.1.1.1", "10.0.0", "1.2.3.4/24", "::g", "a/../b"] {
            assert!(Ip::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains_come_from_hosts_and_urls() {
        assert_eq!(Domain::parse("Mega.co.NZ.").unwrap().as_str(), "mega.co.nz");
        assert_eq!(
            Domain::of_url("https://user@g.api.mega.co.nz:443/cs?x#y")
                .unwrap()
                .as_str(),
            "g.api.mega.co.nz"
        );
        assert_eq!(
            Domain::of_url("cdn-update-check.com/a.ps1")
                .unwrap()
                .as_str(),
            "cdn-update-check.com"
        );
        for bad in [
            "localhost",
            "a..b",
            "-a.com",
            "a/b.com",
            "10.0.0.1",
            "x.y z",
        ] {
            assert!(Domain::parse(bad).is_err(), "{bad}");
        }
    }
}

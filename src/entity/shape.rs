//! What a search-box entry is, by its shape: a user (`jdoe`, `jdoe@contoso.com`,
//! `CONTOSO\jdoe`), a machine (name or 40-hex device id), an alert id, a file hash (SHA-1,
//! SHA-256, MD5), an IPv4/IPv6 address, a domain or a URL. An entry that could be two things
//! reads both ways, the likelier first.

use super::kind::Mentions;
use super::route::Route;
use crate::api::{AlertId, Domain, FileHash, Ip, MachineId, UserName};

/// One way to read an entry: what it would be, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub what: String,
    pub route: Route,
}

fn reading(what: impl Into<String>, route: Route) -> Reading {
    Reading {
        what: what.into(),
        route,
    }
}

/// The alert ids the API hands out: two letters, then digits and `_`/`-` (`da6386…_-12`), or a
/// GUID (`fa7b3c1d2e-4f5a-…`).
fn looks_like_alert_id(text: &str) -> bool {
    let mut chars = text.chars();
    let prefix_ok = chars.by_ref().take(2).all(|c| c.is_ascii_lowercase());
    let rest = &text[2.min(text.len())..];
    let numbered = rest.split_once('_').is_some_and(|(a, b)| {
        a.len() >= 10
            && a.chars().all(|c| c.is_ascii_digit())
            && b.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit())
            && !b.trim_start_matches('-').is_empty()
    });
    let guid = rest.len() >= 30
        && rest.contains('-')
        && rest.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    prefix_ok && (numbered || guid)
}

/// Every way `text` can be read, the likelier first; an error says what is accepted.
pub fn read(text: &str, seen: &Mentions) -> Result<Vec<Reading>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(
            "type a user, machine, alert id, file hash, IP address, domain or URL".to_owned(),
        );
    }
    // A shape only one kind has (see `Registration::claims`) needs no arbitration.
    if let Some((what, route)) = super::claimed(text) {
        return Ok(vec![reading(what, route)]);
    }
    if let Ok(ip) = Ip::parse(text) {
        return Ok(vec![reading(
            format!("IP address {ip}"),
            Route::Ip(ip, None),
        )]);
    }
    let seen_machine = |name: &str| {
        seen.of("machine")
            .iter()
            .any(|m| m.eq_ignore_ascii_case(name) || m.eq_ignore_ascii_case(short(name)))
    };
    if let Ok(hash) = FileHash::parse(text) {
        let file = reading(
            format!("file ({}) {hash}", hash.algorithm()),
            Route::File(hash.clone()),
        );
        let mut out = vec![file];
        // Device ids are 40 hex digits too.
        if hash.sha1().is_some()
            && let Ok(id) = MachineId::parse(text)
        {
            out.push(reading(format!("machine id {id}"), Route::Machine(id)));
        }
        return Ok(out);
    }
    if text.contains("://") || (text.contains('/') && !text.contains('\\')) {
        return Domain::of_url(text)
            .map(|d| {
                vec![reading(
                    format!("domain {d} (of the URL)"),
                    Route::Domain(d),
                )]
            })
            .map_err(|e| e.to_string());
    }
    if text.contains('\\') || text.contains('@') {
        return UserName::parse(text)
            .map(|u| vec![reading(format!("user {text}"), Route::User(u))])
            .map_err(|e| e.to_string());
    }
    if looks_like_alert_id(text)
        && let Ok(id) = AlertId::parse(text)
    {
        return Ok(vec![reading(format!("alert {id}"), Route::Alert(id))]);
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        let mut out = Vec::new();
        if let Ok(n) = text.parse::<i64>()
            && n > 0
        {
            out.push(reading(format!("incident {n}"), Route::Incident(n)));
        }
        if let Ok(id) = AlertId::parse(text) {
            out.push(reading(format!("alert {id}"), Route::Alert(id)));
        }
        return Ok(out);
    }
    let machine =
        MachineId::parse(text).map(|m| reading(format!("machine {text}"), Route::Machine(m)));
    if let Ok(domain) = Domain::parse(text) {
        // A dotted name is a domain or a machine's full name.
        let domain = reading(format!("domain {domain}"), Route::Domain(domain));
        let mut out: Vec<Reading> = vec![domain];
        out.extend(machine.ok());
        if seen_machine(text) {
            out.reverse();
        }
        return Ok(out);
    }
    let user = UserName::parse(text)
        .map(|u| reading(format!("user {text}"), Route::User(u)))
        .map_err(|e| e.to_string())?;
    // A bare word is a user — the search an analyst makes most — unless it reads as a host
    // name too: one this session met as a machine, or one with digits (`wks-fin-042`,
    // `DESKTOP-7H2K9`), which account names seldom have. Hyphen and digits, or met as a
    // machine: the machine first.
    let Ok(machine) = machine else {
        return Ok(vec![user]);
    };
    // What a name turned out to be before settles it: met as a user (and never as a
    // machine), `adm01` is that user, not a question.
    let met_user = seen.of("user").iter().any(|u| u.eq_ignore_ascii_case(text));
    let digits = text.chars().any(|c| c.is_ascii_digit()) && !met_user;
    Ok(if seen_machine(text) || (digits && text.contains('-')) {
        vec![machine, user]
    } else if digits {
        vec![user, machine]
    } else {
        vec![user]
    })
}

fn short(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, seen: &Mentions) -> Vec<&'static str> {
        read(text, seen)
            .unwrap()
            .iter()
            .map(|r| r.route.kind_and_id().0)
            .collect()
    }

    #[test]
    fn every_form_reads_as_its_kind() {
        let none = Mentions::default();
        for (text, kind) in [
            ("jdoe", "user"),
            ("svc_backup", "user"),
            ("jdoe@contoso.com", "user"),
            ("CONTOSO\\jdoe", "user"),
            ("da638671452210987654_-88412907", "alert"),
            ("fa7b3c1d2e-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "alert"),
            (
                "9e4c2a0f8d6b4e2c0a8f6d4b2e0c8a6f4d2b0e8c6a4f2d0b8e6c4a2f0d8b6e4c",
                "file",
            ),
            ("5F2B7C9E1D3A4B6C8E0F2A4C6E8B0D2F", "file"),
            ("185.225.19.40", "ip"),
            ("2001:db8::1", "ip"),
            ("[2001:db8::1]", "ip"),
            ("https://g.api.mega.co.nz/cs", "domain"),
            ("cdn-update-check.com/a.ps1", "domain"),
        ] {
            assert_eq!(kinds(text, &none), [kind], "{text}");
        }
        let md5 = read("5F2B7C9E1D3A4B6C8E0F2A4C6E8B0D2F", &none).unwrap();
        assert_eq!(md5[0].what, "file (MD5) 5f2b7c9e1d3a4b6c8e0f2a4c6e8b0d2f");
    }

    #[test]
    fn entries_that_could_be_two_things_offer_both() {
        let none = Mentions::default();
        // 40 hex digits: a file's SHA-1 or a machine's device id.
        assert_eq!(
            kinds("6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f", &none),
            ["file", "machine"]
        );
        // A dotted name: a domain, or a machine's full name — the machine first once seen.
        assert_eq!(
            kinds("wks-fin-042.corp.contoso.com", &none),
            ["domain", "machine"]
        );
        assert_eq!(kinds("g.api.mega.co.nz", &none), ["domain", "machine"]);
        let mut seen = Mentions::default();
        seen.add("machine", "wks-fin-042");
        assert_eq!(
            kinds("wks-fin-042.corp.contoso.com", &seen),
            ["machine", "domain"]
        );
        // A bare word is a user, unless it reads as a host name too.
        assert_eq!(kinds("adm-mchen", &none), ["user"]);
        assert_eq!(kinds("wks-fin-042", &none), ["machine", "user"]);
        assert_eq!(kinds("jdoe2", &none), ["user", "machine"]);
        // A name with digits met as a user is that user (#26 item 9); met as a machine too,
        // both stay, the machine first.
        let mut met_user = Mentions::default();
        met_user.add("user", "ADM01");
        assert_eq!(kinds("adm01", &met_user), ["user"]);
        assert_eq!(kinds("adm02", &met_user), ["user", "machine"]);
        met_user.add("machine", "adm01");
        assert_eq!(kinds("adm01", &met_user), ["machine", "user"]);
        assert_eq!(kinds("WKS-FIN-042", &seen), ["machine", "user"]);
        let mut met = Mentions::default();
        met.add("machine", "fileserver");
        assert_eq!(kinds("FILESERVER", &met), ["machine", "user"]);
        // Digits alone: an incident number or an old numeric alert id.
        assert_eq!(kinds("4471", &none), ["incident", "alert"]);
    }

    #[test]
    fn malformed_entries_say_what_is_wrong() {
        let none = Mentions::default();
        assert!(read("  ", &none).is_err());
        assert!(read("https:///nohost", &none).is_err());
        assert!(read("CONTOSO\\", &none).is_err());
        assert!(read("$count", &none).is_err());
    }
}

//! Files, IP addresses and domains (`mde-api.md` §10), answered from the alerts' evidence and
//! the tenant's sightings, with each documented "nothing" kept apart: an unknown file is a
//! 404, an unknown address or domain an empty list or a prevalence of 0, a malformed one a 400.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::reply::api_error;
use super::tenant::Tenant;

/// The API returns at most this many machines for a domain.
pub(super) const DOMAIN_MACHINES_CAP: usize = 500;
/// The simulator's own keys in a sighting, never sent.
const OWN_KEYS: [&str; 4] = ["seenOn", "fileNames", "orgFirstSeen", "orgLastSeen"];

/// An answer: one entity, or a list of the tenant's entities (`Alerts` or `Machines`).
pub(super) enum Answer<'a> {
    One(&'static str, Value),
    List(&'static str, Vec<&'a Value>),
    Refused(Response),
}

fn bad(message: String) -> Answer<'static> {
    Answer::Refused(api_error(StatusCode::BAD_REQUEST, "InvalidInput", &message))
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn is_hex(id: &str, len: usize) -> bool {
    id.len() == len && id.chars().all(|c| c.is_ascii_hexdigit())
}

fn valid_hash(id: &str) -> bool {
    is_hex(id, 40) || is_hex(id, 64)
}

fn valid_ip(id: &str) -> bool {
    id.parse::<std::net::IpAddr>().is_ok()
}

/// Each piece of evidence of each alert, with its alert.
fn evidence(tenant: &Tenant) -> impl Iterator<Item = (&Value, &Value)> {
    tenant.alerts().iter().flat_map(|alert| {
        alert
            .get("evidence")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(move |e| (alert, e))
    })
}

fn same(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.eq_ignore_ascii_case(b))
}

fn names_file(e: &Value, hash: &str) -> bool {
    same(text(e, "sha1"), hash) || same(text(e, "sha256"), hash)
}

/// Whether evidence names the file `record` describes by any of its hashes: the service relates
/// alerts to the file, not to the hash the evidence happened to carry (rclone's alert names it
/// by SHA-256 alone, yet `files/{sha1}/alerts` lists that alert).
fn names_record(e: &Value, record: &Value) -> bool {
    ["sha1", "sha256"]
        .into_iter()
        .filter_map(|key| text(record, key))
        .any(|hash| names_file(e, hash))
}

/// The tenant's record of a file, or one made from the evidence that names it.
fn file_record(tenant: &Tenant, hash: &str) -> Option<Value> {
    if let Some(file) = tenant
        .sightings()
        .files
        .iter()
        .find(|f| names_file(f, hash))
    {
        return Some(file.clone());
    }
    let (_, e) = evidence(tenant).find(|(_, e)| names_file(e, hash))?;
    let name = text(e, "fileName").unwrap_or_default().to_lowercase();
    let pe = [".exe", ".dll", ".sys"].iter().any(|x| name.ends_with(x));
    // One piece of evidence may carry a hash another leaves out (a mail attachment's SHA-256
    // alone, the same file on disk with both): the file has every hash any of them gives.
    let hash_of = |key: &str| {
        evidence(tenant)
            .filter(|(_, e)| names_file(e, hash))
            .find_map(|(_, e)| e.get(key).filter(|v| v.is_string()).cloned())
    };
    Some(json!({
        "sha1": hash_of("sha1"), "sha256": hash_of("sha256"), "md5": null,
        "globalPrevalence": null, "globalFirstObserved": null, "globalLastObserved": null,
        "size": null, "fileType": if pe { json!("PortableExecutable") } else { Value::Null },
        "isPeFile": pe, "filePublisher": null, "fileProductName": null, "signer": null,
        "issuer": null, "signerHash": null, "isValidCertificate": null,
        "determinationType": null, "determinationValue": null,
        "fileNames": [text(e, "fileName")],
    }))
}

fn public(mut record: Value) -> Value {
    if let Some(map) = record.as_object_mut() {
        for key in OWN_KEYS {
            map.remove(key);
        }
    }
    record
}

fn alerts_naming(tenant: &Tenant, hit: impl Fn(&Value) -> bool) -> Vec<&Value> {
    let mut out: Vec<&Value> = Vec::new();
    for (alert, e) in evidence(tenant) {
        if hit(e) && !out.iter().any(|a| std::ptr::eq(*a, alert)) {
            out.push(alert);
        }
    }
    out
}

/// The machines a sighting names and those of the alerts, once each.
fn machines_of<'a>(tenant: &'a Tenant, seen: Option<&Value>, alerts: &[&Value]) -> Vec<&'a Value> {
    let ids = seen
        .and_then(|s| s.get("seenOn"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .chain(alerts.iter().filter_map(|a| text(a, "machineId")));
    let mut seen_ids = BTreeSet::new();
    ids.filter(|id| seen_ids.insert(id.to_lowercase()))
        .filter_map(|id| tenant.machine(id))
        .collect()
}

fn stats(key: &str, id: &str, sighting: Option<&Value>, machines: usize) -> Value {
    let time = |k: &str| {
        sighting
            .and_then(|s| s.get(k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    json!({
        key: id,
        "organizationPrevalence": machines,
        "orgFirstSeen": time("orgFirstSeen"),
        "orgLastSeen": time("orgLastSeen"),
    })
}

fn sighting<'a>(list: &'a [Value], key: &str, id: &str) -> Option<&'a Value> {
    list.iter().find(|v| same(text(v, key), id))
}

/// The record of the file `id` names, or the answer that refuses it: 400 for a malformed
/// hash, 404 for an unknown file.
// The refusal is a ready `Response`, as the simulator's handlers return it; its size is moot.
#[allow(clippy::result_large_err)]
fn found_file(tenant: &Tenant, id: &str) -> Result<Value, Answer<'static>> {
    if !valid_hash(id) {
        return Err(bad(format!("{id} is not a valid SHA-1 or SHA-256")));
    }
    file_record(tenant, id).ok_or_else(|| {
        Answer::Refused(api_error(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("File {id} was not found"),
        ))
    })
}

pub(super) fn file(tenant: &Tenant, id: &str) -> Answer<'static> {
    match found_file(tenant, id) {
        Ok(record) => Answer::One("Files", public(record)),
        Err(refused) => refused,
    }
}

pub(super) fn file_stats(tenant: &Tenant, id: &str) -> Answer<'static> {
    let record = match found_file(tenant, id) {
        Ok(record) => record,
        Err(refused) => return refused,
    };
    let sha1 = text(&record, "sha1").unwrap_or_default().to_owned();
    let alerts = alerts_naming(tenant, |e| names_record(e, &record));
    let machines = machines_of(tenant, Some(&record), &alerts).len();
    let mut out = stats("sha1", &sha1, Some(&record), machines);
    let names: BTreeSet<&str> = record
        .get("fileNames")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    out["globallyPrevalence"] = record["globalPrevalence"].clone();
    out["globalFirstObserved"] = record["globalFirstObserved"].clone();
    out["globalLastObserved"] = record["globalLastObserved"].clone();
    out["topFileNames"] = json!(names);
    Answer::One("InOrgFileStats", out)
}

/// `files/{id}/alerts|machines`: SHA-1 only.
pub(super) fn file_related<'a>(tenant: &'a Tenant, id: &str, machines: bool) -> Answer<'a> {
    if !is_hex(id, 40) {
        return bad(format!(
            "{id}: this API takes a SHA-1 only (not MD5 or SHA-256)"
        ));
    }
    let record = file_record(tenant, id);
    let alerts = match &record {
        Some(record) => alerts_naming(tenant, |e| names_record(e, record)),
        None => Vec::new(),
    };
    if !machines {
        return Answer::List("Alerts", alerts);
    }
    Answer::List("Machines", machines_of(tenant, record.as_ref(), &alerts))
}

pub(super) fn ip_alerts<'a>(tenant: &'a Tenant, ip: &str) -> Answer<'a> {
    if !valid_ip(ip) {
        return bad(format!("{ip} is not a valid IP address"));
    }
    Answer::List(
        "Alerts",
        alerts_naming(tenant, |e| same(text(e, "ipAddress"), ip)),
    )
}

pub(super) fn ip_stats(tenant: &Tenant, ip: &str) -> Answer<'static> {
    if !valid_ip(ip) {
        return bad(format!("{ip} is not a valid IP address"));
    }
    let seen = sighting(&tenant.sightings().ips, "ipAddress", ip);
    let alerts = alerts_naming(tenant, |e| same(text(e, "ipAddress"), ip));
    let machines = machines_of(tenant, seen, &alerts).len();
    Answer::One("InOrgIPStats", stats("ipAddress", ip, seen, machines))
}

/// Whether a URL's host is `domain` or one of its subdomains.
fn url_in(url: &str, domain: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or_default();
    let host = host.to_lowercase();
    host == domain || host.ends_with(&format!(".{domain}"))
}

fn domain_alerts_of<'a>(tenant: &'a Tenant, domain: &str) -> Vec<&'a Value> {
    alerts_naming(tenant, |e| {
        text(e, "url").is_some_and(|u| url_in(u, domain))
    })
}

pub(super) fn domain_alerts<'a>(tenant: &'a Tenant, domain: &str) -> Answer<'a> {
    Answer::List("Alerts", domain_alerts_of(tenant, &domain.to_lowercase()))
}

pub(super) fn domain_machines<'a>(tenant: &'a Tenant, domain: &str) -> Answer<'a> {
    let domain = domain.to_lowercase();
    let alerts = domain_alerts_of(tenant, &domain);
    let seen = sighting(&tenant.sightings().domains, "host", &domain);
    let mut machines = machines_of(tenant, seen, &alerts);
    machines.truncate(DOMAIN_MACHINES_CAP);
    Answer::List("Machines", machines)
}

pub(super) fn domain_stats(tenant: &Tenant, domain: &str) -> Answer<'static> {
    let domain = domain.to_lowercase();
    let alerts = domain_alerts_of(tenant, &domain);
    let seen = sighting(&tenant.sightings().domains, "host", &domain);
    let machines = machines_of(tenant, seen, &alerts).len();
    Answer::One("InOrgDomainStats", stats("host", &domain, seen, machines))
}

/// `findbyip(ip='10.1.2.3',timestamp=2026-11-19T10:31:07Z)`: the machines that held the
/// address then. The simulator keeps no address history: a machine holding it now counts when
/// it existed by then and was seen within a day of it (machines report coarsely).
pub(super) fn machines_by_ip<'a>(
    tenant: &'a Tenant,
    call: &str,
    now: OffsetDateTime,
) -> Answer<'a> {
    let Some((ip, at)) = parse_findbyip(call) else {
        return bad(format!("{call}: expected findbyip(ip='…',timestamp=…)"));
    };
    if !valid_ip(&ip) {
        return bad(format!("{ip} is not a valid IP address"));
    }
    let Ok(at) = OffsetDateTime::parse(&at, &Rfc3339) else {
        return bad(format!("{at} is not a valid timestamp"));
    };
    if at < now - time::Duration::days(30) {
        return bad("The timestamp is older than 30 days".to_owned());
    }
    let window = time::Duration::minutes(15);
    let when =
        |m: &Value, k: &str| text(m, k).and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
    let machines = tenant
        .machines()
        .iter()
        .filter(|m| {
            same(text(m, "lastIpAddress"), &ip)
                || m.get("ipAddresses")
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|i| same(text(i, "ipAddress"), &ip)))
        })
        .filter(|m| when(m, "firstSeen").is_none_or(|f| f <= at + window))
        .filter(|m| when(m, "lastSeen").is_none_or(|l| l >= at - time::Duration::days(1)))
        .collect();
    Answer::List("Machines", machines)
}

fn parse_findbyip(call: &str) -> Option<(String, String)> {
    let args = call.strip_prefix("findbyip(")?.strip_suffix(')')?;
    let mut ip = None;
    let mut at = None;
    for part in args.split(',') {
        let (key, value) = part.split_once('=')?;
        match key.trim() {
            "ip" => ip = Some(value.trim().trim_matches('\'').to_owned()),
            "timestamp" => at = Some(value.trim().trim_matches('\'').to_owned()),
            _ => return None,
        }
    }
    Some((ip?, at?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findbyip_arguments_parse() {
        assert_eq!(
            parse_findbyip("findbyip(ip='10.1.2.3',timestamp=2026-11-19T10:31:07Z)"),
            Some(("10.1.2.3".into(), "2026-11-19T10:31:07Z".into()))
        );
        assert_eq!(parse_findbyip("findbyip(ip='1.2.3.4')"), None);
        assert_eq!(parse_findbyip("other(x=1)"), None);
    }

    #[test]
    fn urls_belong_to_their_domain_and_its_parents() {
        assert!(url_in("https://g.api.mega.co.nz/cs", "mega.co.nz"));
        assert!(url_in("https://g.api.mega.co.nz/cs", "g.api.mega.co.nz"));
        assert!(!url_in("https://notmega.co.nz/", "mega.co.nz"));
        assert!(url_in("cdn-update-check.com/a.ps1", "cdn-update-check.com"));
    }
}

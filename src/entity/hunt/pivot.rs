//! Which cells of a hunt open an entity: a column recognised by its name (`DeviceName` a
//! machine, `AccountUpn` a user, `SHA1` a file, `RemoteIP` an address, `RemoteUrl` its
//! domain, `AlertId` an alert), whatever query produced it.

use super::super::kind::PivotTo;
use super::super::route::Route;
use crate::api::{AlertId, Domain, FileHash, Ip, MachineId, UserName};

/// Whether cells of the column named `column` open an entity.
pub fn opens(column: &str) -> bool {
    let c = column.to_ascii_lowercase();
    machine(&c)
        || user(&c)
        || file(&c)
        || address(&c)
        || matches!(c.as_str(), "alertid" | "remoteurl")
}

fn machine(c: &str) -> bool {
    matches!(c, "deviceid" | "devicename")
}

fn user(c: &str) -> bool {
    matches!(
        c,
        "accountname" | "accountupn" | "accountsid" | "initiatingprocessaccountname"
    )
}

fn file(c: &str) -> bool {
    matches!(c, "sha1" | "sha256" | "md5" | "initiatingprocesssha1")
}

fn address(c: &str) -> bool {
    matches!(c, "remoteip" | "localip" | "ipaddress" | "publicip")
}

/// The entity a cell opens, if its column names one and its value is one.
pub fn route(column: &str, value: &str) -> Option<Route> {
    let c = column.to_ascii_lowercase();
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match c.as_str() {
        c if machine(c) => MachineId::parse(value).ok().map(Route::Machine),
        c if user(c) => UserName::parse(value).ok().map(Route::User),
        "alertid" => AlertId::parse(value).ok().map(Route::Alert),
        "remoteurl" => Domain::of_url(value).ok().map(Route::Domain),
        c if file(c) => FileHash::parse(value).ok().map(Route::File),
        c if address(c) => Ip::parse(value).ok().map(|ip| Route::Ip(ip, None)),
        _ => None,
    }
}

/// The column of a row for a pivot key: `u` the first user column, `m` the first machine one.
pub fn column_for(columns: &[&str], to: PivotTo) -> Option<usize> {
    columns.iter().position(|c| {
        let c = c.to_ascii_lowercase();
        match to {
            PivotTo::User => user(&c),
            PivotTo::Machine => machine(&c),
            PivotTo::Incident => false,
        }
    })
}

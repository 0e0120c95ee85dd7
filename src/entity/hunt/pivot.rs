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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_open_what_their_columns_name() {
        let cases = [
            ("DeviceName", "wks-fin-042.corp.contoso.com", "machine"),
            (
                "DeviceId",
                "3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13",
                "machine",
            ),
            ("AccountName", "jdoe", "user"),
            ("AccountUpn", "jdoe@contoso.com", "user"),
            ("SHA1", "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f", "file"),
            ("remoteip", "185.225.19.40", "ip"),
            ("RemoteUrl", "https://g.api.mega.co.nz/cs", "domain"),
            ("AlertId", "da638671452210987654_-88412907", "alert"),
        ];
        for (column, value, kind) in cases {
            assert!(opens(column), "{column}");
            let route = route(column, value).unwrap_or_else(|| panic!("{column} {value}"));
            assert_eq!(route.kind_and_id().0, kind, "{column}");
        }
        assert!(!opens("Logons"));
        assert_eq!(route("Logons", "9"), None);
        assert_eq!(route("RemoteIP", "not an address"), None);
        assert_eq!(route("SHA1", ""), None);
        let columns = ["Timestamp", "DeviceName", "AccountName"];
        assert_eq!(column_for(&columns, PivotTo::User), Some(2));
        assert_eq!(column_for(&columns, PivotTo::Machine), Some(1));
    }
}

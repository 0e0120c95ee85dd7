//! The simulator's dataset: wire-format JSON values with the indexes the endpoints need.
//! It never touches the client's structs, so a model mistake shows up as a failure.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

/// The file format of a tenant in `assets/` (and of `--tenant FILE`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantFile {
    pub tenant_id: String,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub netbios: Option<String>,
    #[serde(default)]
    pub users: Vec<Value>,
    #[serde(default)]
    pub machines: Vec<Value>,
    #[serde(default)]
    pub alerts: Vec<Value>,
    /// Machine id → the user ids (`domain\name`) that logged on to it.
    #[serde(default)]
    pub logons: HashMap<String, Vec<String>>,
    /// Files as `/files/{id}` answers, with the simulator's own `seenOn` (machine ids),
    /// `fileNames`, `orgFirstSeen` and `orgLastSeen`.
    #[serde(default)]
    pub files: Vec<Value>,
    /// Addresses: `ipAddress`, `seenOn`, `orgFirstSeen`, `orgLastSeen`.
    #[serde(default)]
    pub ips: Vec<Value>,
    /// Domains: `host`, `seenOn`, `orgFirstSeen`, `orgLastSeen`.
    #[serde(default)]
    pub domains: Vec<Value>,
    /// Custom indicators as `GET /indicators` lists them.
    #[serde(default)]
    pub indicators: Vec<Value>,
}

/// What the tenant's devices saw beyond alerts: files, addresses and domains, each with the
/// machines it was seen on.
#[derive(Debug, Default)]
pub struct Sightings {
    pub files: Vec<Value>,
    pub ips: Vec<Value>,
    pub domains: Vec<Value>,
}

#[derive(Debug, Default)]
pub struct Tenant {
    pub tenant_id: String,
    alerts: Vec<Value>,
    machines: Vec<Value>,
    users: Vec<Value>,
    alert_by_id: HashMap<String, usize>,
    machine_by_id: HashMap<String, usize>,
    machines_by_name: HashMap<String, Vec<usize>>,
    user_by_name: HashMap<String, usize>,
    alerts_by_user: HashMap<String, Vec<usize>>,
    alerts_by_machine: HashMap<String, Vec<usize>>,
    logons_by_machine: HashMap<String, Vec<usize>>,
    machines_by_user: HashMap<String, Vec<usize>>,
    sightings: Sightings,
    indicators: Vec<Value>,
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Every RFC 3339 time inside `value`, moved by `by`.
fn shift(value: &mut Value, by: time::Duration) {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    match value {
        Value::String(text) => {
            if let Ok(moved) = OffsetDateTime::parse(text, &Rfc3339).map(|t| t + by)
                && let Ok(moved) = moved.format(&Rfc3339)
            {
                *text = moved;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shift(v, by)),
        Value::Object(fields) => fields.values_mut().for_each(|v| shift(v, by)),
        _ => {}
    }
}

/// `contoso\jdoe` → `jdoe`, lower-cased: how users are keyed.
pub fn account_key(id: &str) -> String {
    id.rsplit_once('\\').map_or(id, |(_, n)| n).to_lowercase()
}

impl Tenant {
    pub fn from_file(file: TenantFile) -> Self {
        let mut tenant = Self {
            tenant_id: file.tenant_id,
            sightings: Sightings {
                files: file.files,
                ips: file.ips,
                domains: file.domains,
            },
            indicators: file.indicators,
            ..Self::default()
        };
        for user in file.users {
            tenant.add_user(user);
        }
        for machine in file.machines {
            tenant.add_machine(machine);
        }
        for alert in file.alerts {
            tenant.add_alert(alert);
        }
        for (machine, users) in file.logons {
            for user in users {
                tenant.add_logon(&machine, &user);
            }
        }
        tenant
    }

    /// Moves every timestamp in the tenant by `by`, keeping the story's shape: how the demo
    /// is placed relative to now. Indexes hold no times, so they stay right.
    pub fn shift_times(&mut self, by: time::Duration) {
        for value in self
            .alerts
            .iter_mut()
            .chain(&mut self.machines)
            .chain(&mut self.users)
            .chain(&mut self.sightings.files)
            .chain(&mut self.sightings.ips)
            .chain(&mut self.sightings.domains)
            .chain(&mut self.indicators)
        {
            shift(value, by);
        }
    }

    /// Alert number `n` of those arriving while the simulator runs: a copy of one of the
    /// tenant's alerts (taken in turn) detected `now`, new and unassigned, in an incident of
    /// its own.
    pub fn arrive(&mut self, n: u64, now: time::OffsetDateTime) {
        use time::format_description::well_known::Rfc3339;
        let Some(template) = self
            .alerts
            .get((n as usize * 7919) % self.alerts.len().max(1))
        else {
            return;
        };
        let mut alert = template.clone();
        let stamp = now.format(&Rfc3339).unwrap_or_default();
        let fields = [
            (
                "id",
                json!(format!("da{}_{}", now.unix_timestamp(), 900_000 + n)),
            ),
            ("incidentId", json!(9000 + n)),
            ("status", json!("New")),
            ("assignedTo", Value::Null),
            ("classification", Value::Null),
            ("determination", Value::Null),
            ("resolvedTime", Value::Null),
            ("comments", json!([])),
            ("alertCreationTime", json!(stamp)),
            ("firstEventTime", json!(stamp)),
            ("lastEventTime", json!(stamp)),
            ("lastUpdateTime", json!(stamp)),
        ];
        if let Some(map) = alert.as_object_mut() {
            for (key, value) in fields {
                map.insert(key.to_owned(), value);
            }
        }
        self.add_alert(alert);
    }

    pub fn counts(&self) -> (usize, usize, usize) {
        (self.users.len(), self.machines.len(), self.alerts.len())
    }

    pub fn add_user(&mut self, user: Value) {
        let key = text(&user, "accountName")
            .map(str::to_lowercase)
            .or_else(|| text(&user, "id").map(account_key));
        if let Some(key) = key {
            self.user_by_name.entry(key).or_insert(self.users.len());
        }
        self.users.push(user);
    }

    pub fn add_machine(&mut self, machine: Value) {
        let idx = self.machines.len();
        if let Some(id) = text(&machine, "id") {
            self.machine_by_id.insert(id.to_lowercase(), idx);
        }
        if let Some(dns) = text(&machine, "computerDnsName") {
            let dns = dns.to_lowercase();
            let short = dns.split('.').next().unwrap_or(&dns).to_owned();
            self.machines_by_name
                .entry(dns.clone())
                .or_default()
                .push(idx);
            if short != dns {
                self.machines_by_name.entry(short).or_default().push(idx);
            }
        }
        self.machines.push(machine);
    }

    pub fn add_alert(&mut self, alert: Value) {
        let idx = self.alerts.len();
        if let Some(id) = text(&alert, "id") {
            self.alert_by_id.insert(id.to_owned(), idx);
        }
        let mut users: Vec<String> = Vec::new();
        if let Some(name) = alert
            .pointer("/relatedUser/userName")
            .and_then(Value::as_str)
        {
            users.push(name.to_lowercase());
        }
        if let Some(list) = alert.get("loggedOnUsers").and_then(Value::as_array) {
            users.extend(
                list.iter()
                    .filter_map(|u| text(u, "accountName"))
                    .map(str::to_lowercase),
            );
        }
        users.sort();
        users.dedup();
        for user in users {
            self.alerts_by_user.entry(user).or_default().push(idx);
        }
        if let Some(machine) = text(&alert, "machineId") {
            self.alerts_by_machine
                .entry(machine.to_lowercase())
                .or_default()
                .push(idx);
        }
        self.alerts.push(alert);
    }

    pub fn add_logon(&mut self, machine_id: &str, user_id: &str) {
        let key = account_key(user_id);
        let (Some(&user), Some(&machine)) = (
            self.user_by_name.get(&key),
            self.machine_by_id.get(&machine_id.to_lowercase()),
        ) else {
            return;
        };
        let on_machine = self
            .logons_by_machine
            .entry(machine_id.to_lowercase())
            .or_default();
        if !on_machine.contains(&user) {
            on_machine.push(user);
            self.machines_by_user.entry(key).or_default().push(machine);
        }
    }

    pub fn alerts(&self) -> &[Value] {
        &self.alerts
    }

    pub fn machines(&self) -> &[Value] {
        &self.machines
    }

    pub fn users(&self) -> &[Value] {
        &self.users
    }

    pub fn sightings(&self) -> &Sightings {
        &self.sightings
    }

    pub fn indicators(&self) -> &[Value] {
        &self.indicators
    }

    /// An id for a new indicator: one more than the largest held.
    pub fn next_indicator_id(&self) -> u64 {
        self.indicators
            .iter()
            .filter_map(|i| i.get("id")?.as_str()?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Stores `indicator` in place of number `at`, or as a new one.
    pub fn put_indicator(&mut self, at: Option<usize>, indicator: Value) {
        match at {
            Some(at) => self.indicators[at] = indicator,
            None => self.indicators.push(indicator),
        }
    }

    /// Removes the indicator `id`; false when there is none.
    pub fn remove_indicator(&mut self, id: &str) -> bool {
        let before = self.indicators.len();
        self.indicators
            .retain(|i| i.get("id").and_then(Value::as_str) != Some(id));
        self.indicators.len() != before
    }

    pub fn alert(&self, id: &str) -> Option<&Value> {
        self.alert_by_id.get(id).map(|&i| &self.alerts[i])
    }

    pub fn alert_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.alert_by_id.get(id).map(|&i| &mut self.alerts[i])
    }

    fn machine_index(&self, id_or_name: &str) -> Option<usize> {
        let key = id_or_name.to_lowercase();
        if let Some(&i) = self.machine_by_id.get(&key) {
            return Some(i);
        }
        // By computer name: with duplicates, the one seen last is the live one.
        self.machines_by_name
            .get(&key)?
            .iter()
            .copied()
            .max_by_key(|&i| {
                text(&self.machines[i], "lastSeen")
                    .unwrap_or_default()
                    .to_owned()
            })
    }

    pub fn machine(&self, id_or_name: &str) -> Option<&Value> {
        self.machine_index(id_or_name).map(|i| &self.machines[i])
    }

    pub fn machine_mut(&mut self, id_or_name: &str) -> Option<&mut Value> {
        self.machine_index(id_or_name)
            .map(|i| &mut self.machines[i])
    }

    pub fn user(&self, name: &str) -> Option<&Value> {
        self.user_by_name
            .get(&account_key(name))
            .map(|&i| &self.users[i])
    }

    pub fn user_alerts(&self, name: &str) -> Vec<&Value> {
        self.alerts_by_user
            .get(&account_key(name))
            .map(|v| v.iter().map(|&i| &self.alerts[i]).collect())
            .unwrap_or_default()
    }

    pub fn user_machines(&self, name: &str) -> Vec<&Value> {
        self.machines_by_user
            .get(&account_key(name))
            .map(|v| v.iter().map(|&i| &self.machines[i]).collect())
            .unwrap_or_default()
    }

    /// `None` when the machine does not exist (the API then answers 404).
    pub fn machine_alerts(&self, id_or_name: &str) -> Option<Vec<&Value>> {
        let idx = self.machine_index(id_or_name)?;
        let id = text(&self.machines[idx], "id")?.to_lowercase();
        Some(
            self.alerts_by_machine
                .get(&id)
                .map(|v| v.iter().map(|&i| &self.alerts[i]).collect())
                .unwrap_or_default(),
        )
    }

    pub fn machine_logon_users(&self, id_or_name: &str) -> Option<Vec<&Value>> {
        let idx = self.machine_index(id_or_name)?;
        let id = text(&self.machines[idx], "id")?.to_lowercase();
        Some(
            self.logons_by_machine
                .get(&id)
                .map(|v| v.iter().map(|&i| &self.users[i]).collect())
                .unwrap_or_default(),
        )
    }
}

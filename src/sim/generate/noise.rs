//! Background noise: users, machines and alerts drawn from the vocabulary in
//! `assets/demo/noise.json`, deterministic for a seed.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::vocabulary::{EVIDENCE_KEYS, Vocabulary, WIRE_SECONDS};
use crate::sim::tenant::Tenant;

const NOISE: &str = include_str!("../../../assets/demo/noise.json");

pub(super) struct Noise {
    rng: fastrand::Rng,
    vocab: Vocabulary,
    anchor: i64,
    realistic: bool,
}

struct GenUser {
    account: String,
    domain: String,
    sid: Option<String>,
    machines: Vec<usize>,
}

struct GenMachine {
    id: String,
    dns: String,
    group: String,
}

impl Noise {
    pub(super) fn new(seed: u64, anchor: i64, realistic: bool) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            vocab: serde_json::from_str(NOISE).expect("the noise asset is valid"),
            anchor,
            realistic,
        }
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.rng.u32(0..16), 16).unwrap())
            .collect()
    }

    /// A timestamp `secs_ago` before the anchor with 0 to 7 fraction digits, trailing zeros
    /// trimmed, as the API writes them.
    fn timestamp(&mut self, secs_ago: i64) -> String {
        let t = time::OffsetDateTime::from_unix_timestamp(self.anchor - secs_ago)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let digits = self.rng.usize(0..8);
        let mut fraction = String::new();
        if digits > 0 {
            fraction = format!("{:07}", self.rng.u32(0..10_000_000))[..digits]
                .trim_end_matches('0')
                .to_owned();
            if !fraction.is_empty() {
                fraction.insert(0, '.');
            }
        }
        let seconds = t.format(WIRE_SECONDS).unwrap_or_default();
        format!("{seconds}{fraction}Z")
    }

    pub(super) fn populate(
        &mut self,
        tenant: &mut Tenant,
        users: usize,
        machines: usize,
        alerts: usize,
    ) {
        let machines = self.machines(tenant, machines);
        let mut people = self.users(tenant, users);
        // Logons: everyone has a primary device; some use a second; admins reach servers.
        for (i, user) in people.iter_mut().enumerate() {
            user.machines.push(i % machines.len());
            if self.rng.u8(0..4) == 0 {
                user.machines.push(self.rng.usize(0..machines.len()));
            }
            user.machines.dedup();
            for &m in &user.machines {
                tenant.add_logon(
                    &machines[m].id,
                    &format!("{}\\{}", user.domain, user.account),
                );
            }
        }
        for _ in 0..alerts {
            let user = self.rng.usize(0..people.len());
            let alert = self.alert(&people[user], &machines);
            tenant.add_alert(alert);
        }
    }

    fn users(&mut self, tenant: &mut Tenant, count: usize) -> Vec<GenUser> {
        let mut taken: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let (account, display) = if self.realistic {
                let first = self.rng.choice(&self.vocab.first_names).unwrap().clone();
                let last = self.rng.choice(&self.vocab.last_names).unwrap().clone();
                let base = format!("{}{}", &first[..1], last).to_lowercase();
                let n = taken.entry(base.clone()).or_insert(0);
                *n += 1;
                let account = if *n == 1 { base } else { format!("{base}{n}") };
                (account, format!("{first} {last}"))
            } else {
                (format!("user{}", i + 1), format!("User {}", i + 1))
            };
            // One in fifteen realistic users is a local account, some with spaces in the name.
            let local = self.realistic && i % 15 == 14;
            let (account, domain, sid) = if local {
                let host = format!("WKS-LAB-{:02}", i % 7 + 1);
                (format!("Lab User {}", i % 3 + 1), host, None)
            } else {
                let rid = 5000 + i;
                (
                    account,
                    "contoso".to_owned(),
                    Some(format!("S-1-5-21-3623811015-3361044348-30300820-{rid}")),
                )
            };
            let first_seen = {
                let ago = self.rng.i64(30..900) * 86_400;
                self.timestamp(ago)
            };
            let last_seen = {
                let ago = self.rng.i64(0..7 * 86_400);
                self.timestamp(ago)
            };
            tenant.add_user(json!({
                "id": format!("{domain}\\{account}"),
                "accountName": account,
                "accountDomain": domain,
                "accountSid": sid,
                "firstSeen": first_seen,
                "lastSeen": last_seen,
                "mostPrevalentMachineId": null,
                "leastPrevalentMachineId": null,
                "logonTypes": if local { "Interactive" } else { "Interactive, Network" },
                "logOnMachinesCount": 1,
                "isDomainAdmin": false,
                "isOnlyNetworkUser": false,
                "displayName": display,
            }));
            out.push(GenUser {
                account,
                domain,
                sid,
                machines: Vec::new(),
            });
        }
        out
    }

    fn machines(&mut self, tenant: &mut Tenant, count: usize) -> Vec<GenMachine> {
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let dept = &self.vocab.departments[i % self.vocab.departments.len()];
            let (code, group, group_id, subnet) = (
                dept.code.clone(),
                dept.group.clone(),
                dept.group_id,
                dept.subnet.clone(),
            );
            let server = self.realistic && i % 9 == 8;
            let name = if !self.realistic {
                format!("host{:05}", i + 1)
            } else if server {
                let idx = (i / 9) % self.vocab.servers.len();
                let round = i / (9 * self.vocab.servers.len());
                match round {
                    0 => self.vocab.servers[idx].clone(),
                    r => format!("{}-{r}", self.vocab.servers[idx]),
                }
            } else {
                let kind = if i % 3 == 0 { "lt" } else { "wks" };
                format!("{kind}-{code}-{:03}", 100 + i)
            };
            let os_list = if server {
                &self.vocab.server_os
            } else {
                &self.vocab.workstation_os
            };
            let (platform, version, build) = os_list[self.rng.usize(0..os_list.len())].clone();
            let id = self.hex(40);
            let dns = format!("{name}.corp.contoso.com");
            let health = match self.rng.u8(0..20) {
                0 => "Inactive",
                1 => "ImpairedCommunication",
                2 => "NoSensorData",
                _ => "Active",
            };
            let risk =
                ["None", "Informational", "Low", "Low", "Medium", "High"][self.rng.usize(0..6)];
            let exposure = ["Low", "Medium", "Medium", "High"][self.rng.usize(0..4)];
            let ip = format!("{subnet}.{}.{}", self.rng.u8(1..250), self.rng.u8(2..250));
            let azure_vm = server && self.rng.bool();
            let first_seen = {
                let ago = self.rng.i64(60..1200) * 86_400;
                self.timestamp(ago)
            };
            let last_seen = {
                let ago = self.rng.i64(0..3 * 86_400);
                self.timestamp(ago)
            };
            let machine = json!({
                "id": id,
                "mergedIntoMachineId": null,
                "isPotentialDuplication": false,
                "isExcluded": false,
                "exclusionReason": null,
                "computerDnsName": dns,
                "firstSeen": first_seen,
                "lastSeen": last_seen,
                "osPlatform": platform,
                "osVersion": null,
                "osProcessor": "x64",
                "version": version,
                "lastIpAddress": ip,
                "lastExternalIpAddress": "203.0.113.18",
                "agentVersion": "10.8760.22631.3593",
                "osBuild": build,
                "healthStatus": health,
                "deviceValue": if server { "High" } else { "Normal" },
                "rbacGroupId": if server { 12 } else { group_id },
                "rbacGroupName": if server { "Servers" } else { group.as_str() },
                "riskScore": risk,
                "exposureLevel": exposure,
                "isAadJoined": !server,
                "aadDeviceId": if server { Value::Null } else { json!(format!("{}-{}-4{}-8{}-{}", self.hex(8), self.hex(4), self.hex(3), self.hex(3), self.hex(12))) },
                "machineTags": if server { json!(["server"]) } else { json!([code]) },
                "defenderAvStatus": if health == "Active" { "Updated" } else { "NotUpdated" },
                "onboardingStatus": "Onboarded",
                "osArchitecture": "64-bit",
                "managedBy": if server { "MDE" } else { "Intune" },
                "managedByStatus": "Success",
                "ipAddresses": [{"ipAddress": ip, "macAddress": self.hex(12).to_uppercase(), "type": "Ethernet", "operationalStatus": "Up"}],
                "vmMetadata": if azure_vm { json!({"vmId": self.hex(32), "cloudProvider": "Azure", "resourceId": format!("/subscriptions/{}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/{name}", self.hex(32)), "subscriptionId": self.hex(32)}) } else { Value::Null },
            });
            tenant.add_machine(machine);
            out.push(GenMachine {
                id,
                dns,
                group: if server { "Servers".into() } else { group },
            });
        }
        out
    }

    fn alert(&mut self, user: &GenUser, machines: &[GenMachine]) -> Value {
        let template = self.rng.usize(0..self.vocab.alert_templates.len());
        let machine = &machines[*self.rng.choice(&user.machines).unwrap()];
        let ago = self.rng.i64(3_600..30 * 86_400);
        let incident = self.rng.i64(1_000..2_200);
        let created = self.timestamp(ago);
        let (lead, tail, handled) = (
            self.rng.i64(5..600),
            self.rng.i64(0..5),
            self.rng.i64(60..7_200),
        );
        let first = self.timestamp(ago + lead);
        let last = self.timestamp(ago + tail);
        let updated = self.timestamp((ago - handled).max(0));
        let detector = format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        );
        let investigation = if self.rng.bool() {
            json!(incident * 4 + 3)
        } else {
            Value::Null
        };
        let roll = self.rng.u8(0..20);
        let (status, state) = match roll {
            0..=2 => ("New", "Running"),
            3..=4 => ("InProgress", "PendingApproval"),
            _ => ("Resolved", "Benign"),
        };
        let id = format!(
            "da{}{:010}_{}",
            638_600_000 + self.rng.u32(0..99_999),
            self.rng.u64(0..10_000_000_000),
            self.rng.i32(..)
        );
        let sha256 = self.hex(64);
        let ip = format!(
            "10.{}.{}.{}",
            self.rng.u8(20..31),
            self.rng.u8(0..255),
            self.rng.u8(2..250)
        );
        let extip = format!(
            "{}.{}.{}.{}",
            self.rng.u8(23..223),
            self.rng.u8(0..255),
            self.rng.u8(0..255),
            self.rng.u8(1..254)
        );
        let t = &self.vocab.alert_templates[template];
        let evidence: Vec<Value> = t
            .evidence
            .iter()
            .map(|fields| {
                let mut ev: Map<String, Value> = EVIDENCE_KEYS
                    .iter()
                    .map(|k| ((*k).to_owned(), Value::Null))
                    .collect();
                ev.insert("evidenceCreationTime".into(), json!(created));
                ev.insert("detectionStatus".into(), json!("Detected"));
                for (k, v) in fields {
                    let v = match v.as_str() {
                        Some(s) => json!(
                            s.replace("{user}", &user.account)
                                .replace("{sha256}", &sha256)
                                .replace("{ip}", &ip)
                                .replace("{extip}", &extip)
                        ),
                        None => v.clone(),
                    };
                    ev.insert(k.clone(), v);
                }
                if ev["entityType"] == "User" {
                    ev.insert("accountName".into(), json!(user.account));
                    ev.insert("domainName".into(), json!(user.domain.to_uppercase()));
                    ev.insert("userSid".into(), json!(user.sid));
                }
                Value::Object(ev)
            })
            .collect();
        let resolved = status == "Resolved";
        json!({
            "id": id,
            "incidentId": incident,
            "investigationId": investigation,
            "assignedTo": if status == "New" { Value::Null } else { json!("soc-tier1@contoso.com") },
            "severity": t.severity,
            "status": status,
            "classification": if resolved { json!(t.resolution.0) } else { Value::Null },
            "determination": if resolved { json!(t.resolution.1) } else { Value::Null },
            "investigationState": state,
            "detectionSource": t.detection_source,
            "detectorId": detector,
            "category": t.category,
            "threatFamilyName": t.threat_family_name,
            "threatName": null,
            "title": t.title,
            "description": t.description,
            "alertCreationTime": created,
            "firstEventTime": first,
            "lastEventTime": last,
            "lastUpdateTime": updated,
            "resolvedTime": if resolved { json!(updated) } else { Value::Null },
            "machineId": machine.id,
            "computerDnsName": machine.dns,
            "rbacGroupName": machine.group,
            "aadTenantId": "4f1c2e8a-7b3d-4e6f-9a0b-5c8d7e6f1a2b",
            "mitreTechniques": t.mitre_techniques,
            "relatedUser": {"userName": user.account, "domainName": user.domain.to_uppercase()},
            "loggedOnUsers": [{"accountName": user.account, "domainName": user.domain.to_uppercase()}],
            "comments": [],
            "evidence": evidence,
            "domains": [],
        })
    }
}

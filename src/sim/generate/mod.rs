//! Tenants: the embedded demo (a hand-written incident inside generated background noise) and
//! deterministic scale tenants of any size. Both produce wire-format JSON.

mod noise;
mod vocabulary;

use super::tenant::{Tenant, TenantFile};
use noise::Noise;

const STORYLINE: &str = include_str!("../../../assets/demo/storyline.json");

/// The demo's "now": the incident unfolds on the morning of this day.
const DEMO_ANCHOR: i64 = 1_795_089_600; // 2026-11-19T12:00:00Z
const DEMO_SEED: u64 = 0x00C0_FFEE;

/// How big a generated tenant is. `--scale users=1,machines=10,alerts=100000[,seed=N]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleSpec {
    pub users: usize,
    pub machines: usize,
    pub alerts: usize,
    pub seed: u64,
}

impl std::str::FromStr for ScaleSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut spec = Self {
            users: 10,
            machines: 20,
            alerts: 100,
            seed: 1,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("“{part}”: expected key=number"))?;
            let n: u64 = value
                .trim()
                .parse()
                .map_err(|_| format!("“{value}” is not a number"))?;
            match key.trim() {
                "users" => spec.users = n as usize,
                "machines" => spec.machines = n as usize,
                "alerts" => spec.alerts = n as usize,
                "seed" => spec.seed = n,
                other => {
                    return Err(format!(
                        "unknown scale key “{other}” (users, machines, alerts, seed)"
                    ));
                }
            }
        }
        if spec.users == 0 || spec.machines == 0 {
            return Err("a scale tenant needs at least one user and one machine".into());
        }
        Ok(spec)
    }
}

/// The embedded demo tenant.
pub fn demo() -> Tenant {
    let story: TenantFile = serde_json::from_str(STORYLINE).expect("the storyline asset is valid");
    let mut tenant = Tenant::from_file(story);
    let mut noise = Noise::new(DEMO_SEED, DEMO_ANCHOR, true);
    noise.populate(&mut tenant, 44, 190, 960);
    tenant
}

/// The demo tenant as the explorer shows it: its incident unfolding this morning rather than
/// on a fixed day, its story's times kept apart as written. (Tests use [`demo`], whose times
/// never move.)
pub fn demo_at(now: time::OffsetDateTime) -> Tenant {
    let mut tenant = demo();
    let anchor = time::OffsetDateTime::from_unix_timestamp(DEMO_ANCHOR).expect("a valid time");
    tenant.shift_times(time::Duration::seconds((now - anchor).whole_seconds()));
    tenant
}

/// A deterministic tenant of the given size, with plain names (`user1`, `host00001`).
pub fn scale(spec: ScaleSpec) -> Tenant {
    let mut tenant = Tenant::from_file(TenantFile {
        tenant_id: "00000000-0000-4000-8000-00000000beef".to_owned(),
        ..TenantFile::default()
    });
    let mut noise = Noise::new(spec.seed, DEMO_ANCHOR, false);
    noise.populate(&mut tenant, spec.users, spec.machines, spec.alerts);
    tenant
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_happens_this_morning() {
        let now = time::macros::datetime!(2027-03-04 10:00:00 UTC);
        let newest = |t: &Tenant| {
            t.alerts()
                .iter()
                .filter_map(|a| a["alertCreationTime"].as_str())
                .map(|s| {
                    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                        .unwrap()
                })
                .max()
                .unwrap()
        };
        let fixed = demo();
        let moved = demo_at(now);
        let anchor = time::OffsetDateTime::from_unix_timestamp(DEMO_ANCHOR).unwrap();
        assert_eq!(
            anchor - newest(&fixed),
            now - newest(&moved),
            "as long ago as written"
        );
        assert!(newest(&moved) < now);
        let lsass = |t: &Tenant| t.alert("da638671455870001234_-1907733125").unwrap().clone();
        assert_eq!(
            lsass(&moved)["alertCreationTime"],
            "2027-03-04T07:48:12.3456789Z",
            "fractions kept"
        );
        assert_eq!(lsass(&moved)["id"], lsass(&fixed)["id"]);
    }

    #[test]
    fn demo_tenant_has_the_promised_size_and_story() {
        let tenant = demo();
        let (users, machines, alerts) = tenant.counts();
        assert!((30..=60).contains(&users), "{users} users");
        assert!((100..=300).contains(&machines), "{machines} machines");
        assert!((500..=2000).contains(&alerts), "{alerts} alerts");
        assert!(tenant.user_alerts("jdoe").len() >= 8);
        assert!(tenant.user_alerts("CONTOSO\\adm-mchen").len() >= 4);
        assert!(!tenant.user_machines("jdoe").is_empty());
        // Duplicate machines for one host name: the live one wins.
        let m = tenant.machine("wks-fin-042").unwrap();
        assert_eq!(m["healthStatus"], "Active");
    }

    #[test]
    fn scale_is_deterministic_and_sized() {
        let spec: ScaleSpec = "users=1,machines=3,alerts=500,seed=9".parse().unwrap();
        let a = scale(spec);
        let b = scale(spec);
        assert_eq!(a.counts(), (1, 3, 500));
        assert_eq!(a.alerts()[17], b.alerts()[17]);
        assert_eq!(a.user_alerts("user1").len(), 500);
        assert!("users=0".parse::<ScaleSpec>().is_err());
        assert!("bogus=1".parse::<ScaleSpec>().is_err());
    }
}

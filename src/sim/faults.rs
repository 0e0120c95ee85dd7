//! Fault injection for tests: `--faults 500=0.1,hang=0.05,truncate=0.1,malformed=0.1,reset=0.1`.
//! Each share is the chance that an API call suffers that fault.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 500 `InternalServerError`.
    ServerError,
    /// Never answers (until the client gives up).
    Hang,
    /// Valid headers, JSON cut in half.
    Truncate,
    /// 200 with an HTML error page.
    Malformed,
    /// The connection drops in the middle of the body.
    Reset,
    /// 429 with `Retry-After: 2`, whatever the budget says.
    Throttle,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    shares: Vec<(Fault, f64)>,
}

impl Faults {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.shares.is_empty()
    }

    /// Picks at most one fault for a call, given a uniform roll in `0.0..1.0`.
    pub fn pick(&self, roll: f64) -> Option<Fault> {
        let mut acc = 0.0;
        for &(fault, share) in &self.shares {
            acc += share;
            if roll < acc {
                return Some(fault);
            }
        }
        None
    }
}

impl FromStr for Faults {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut shares = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, share) = part.split_once('=').unwrap_or((part, "1"));
            let fault = match name.trim() {
                "500" | "error" => Fault::ServerError,
                "hang" => Fault::Hang,
                "truncate" => Fault::Truncate,
                "malformed" | "html" => Fault::Malformed,
                "reset" => Fault::Reset,
                "429" | "throttle" => Fault::Throttle,
                other => {
                    return Err(format!(
                        "unknown fault “{other}” (500, hang, truncate, malformed, reset, 429)"
                    ));
                }
            };
            let share: f64 = share
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| (0.0..=1.0).contains(v))
                .ok_or_else(|| format!("“{share}”: a share is a number from 0 to 1"))?;
            shares.push((fault, share));
        }
        let total: f64 = shares.iter().map(|(_, s)| s).sum();
        if total > 1.0 + f64::EPSILON {
            return Err(format!("fault shares add up to {total}, more than 1"));
        }
        Ok(Self { shares })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_pick() {
        assert!(
            "500=0.75,hang=0.5"
                .parse::<Faults>()
                .unwrap_err()
                .contains("add up")
        );
        assert!(Faults::none().is_empty());
        let f: Faults = "500=0.25,hang=0.25,truncate=0.5".parse().unwrap();
        assert_eq!(f.pick(0.1), Some(Fault::ServerError));
        assert_eq!(f.pick(0.3), Some(Fault::Hang));
        assert_eq!(f.pick(0.9), Some(Fault::Truncate));
        let f: Faults = "malformed=0.5".parse().unwrap();
        assert_eq!(f.pick(0.7), None);
        assert!("boom=0.1".parse::<Faults>().is_err());
        assert!("500=2".parse::<Faults>().is_err());
        assert_eq!(
            "reset".parse::<Faults>().unwrap().pick(0.99),
            Some(Fault::Reset)
        );
    }
}

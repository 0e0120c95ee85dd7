//! The team's budget in Redis: every mdetui process that names the same store, tenant and
//! app registration takes its calls from one set of sliding windows per API (sorted sets,
//! taken atomically by a server-side script), and a 429 seen by one blocks that API for all.
//! Optionally, answers are shared too (`shared_cache`), keyed by tenant and app and
//! authenticated with the team's key (HMAC-SHA256 over the entry's key and its text): an entry
//! written by anyone without the key, or copied from another key, is ignored and logged.
//!
//! Time is the Redis server's (`TIME`), so processes on machines whose clocks disagree still
//! share one set of windows. Nothing read back from the store is trusted blindly: a block is
//! capped at an hour (as `Retry-After` is) and one that is not a number is ignored. Key parts
//! (tenant, app, API) are percent-encoded, so no two triples can make the same key.

use std::fmt;
use std::time::Duration;

use redis::aio::MultiplexedConnection;

use super::budget::{Limits, Spans};

/// Takes a slot in both windows of an API if each has room and the API is not blocked.
/// Returns {admitted (1/0), wait ms, calls in the minute window, calls in the hour window}.
/// The windows are held a little longer than the API's (`MARGIN`): a call is stamped when
/// admitted but counted by the API when it arrives, a moment later.
const ACQUIRE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minute_span, hour_span = tonumber(ARGV[1]), tonumber(ARGV[2])
local per_minute, per_hour, member = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local cap = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minute_span)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - hour_span)
local minute, hour = redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])
local blocked = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
local wait = 0
if blocked > now then wait = math.min(blocked - now, cap) end
if minute >= per_minute then
  local oldest = redis.call('ZRANGE', KEYS[1], minute - per_minute, minute - per_minute, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + minute_span - now)
end
if hour >= per_hour then
  local oldest = redis.call('ZRANGE', KEYS[2], hour - per_hour, hour - per_hour, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + hour_span - now)
end
if wait > 0 then return {0, wait, minute, hour} end
redis.call('ZADD', KEYS[1], now, member)
redis.call('ZADD', KEYS[2], now, member)
redis.call('PEXPIRE', KEYS[1], minute_span)
redis.call('PEXPIRE', KEYS[2], hour_span)
return {1, 0, minute + 1, hour + 1}
"#;

/// Blocks an API for a while from the server's now, keeping the later of two blocks.
const BLOCK: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local block = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]))
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if now + block > current then
  redis.call('SET', KEYS[1], now + block, 'PX', math.max(block, 1))
end
return 1
"#;

/// The longest a block from the store holds anyone up: `Retry-After`'s own cap.
const MAX_BLOCK: Duration = Duration::from_secs(3600);

/// The tenant and app of an opaque token, which names neither: every process with one shares
/// these keys, and the status bar says so.
pub const OPAQUE: &str = "opaque-token";

/// How much longer than the API's the team's windows are held.
const MARGIN: Duration = Duration::from_millis(250);

/// Where the team's budget lives and whose it is.
#[derive(Clone)]
pub struct TeamConfig {
    /// `redis://host:6379/0` or `rediss://…` (TLS); a password may be in it.
    pub url: String,
    /// A password from outside the URL (`MDETUI_REDIS_PASSWORD`).
    pub password: Option<String>,
    pub tenant: String,
    pub client_id: String,
    /// One set of windows for every API instead of one per API.
    pub shared_scope: bool,
    /// Share answers between analysts while fresh, authenticated with this team key (off
    /// by default: alert data is sensitive; `None`: not shared).
    pub shared_cache: Option<crate::api::Secret>,
}

impl TeamConfig {
    /// The URL with any password replaced, for messages and logs.
    pub fn shown_url(&self) -> String {
        redact(&self.url)
    }

    /// The store's key for one API's `part` (`minute`, `hour`, `blocked`, a cached answer).
    pub fn key(&self, api: &str, part: &str) -> String {
        let api = if self.shared_scope { "all" } else { api };
        format!("{}:{}:{part}", self.prefix(), key_part(api))
    }

    /// `mdetui:{tenant}:{app}`, each part percent-encoded: `a:b` + `c` and `a` + `b:c` make
    /// different keys, and `*` or a space cannot reach a pattern.
    fn prefix(&self) -> String {
        format!(
            "mdetui:{}:{}",
            key_part(&self.tenant),
            key_part(&self.client_id)
        )
    }
}

impl fmt::Debug for TeamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TeamConfig")
            .field("url", &self.shown_url())
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("tenant", &self.tenant)
            .field("client_id", &self.client_id)
            .field("shared_scope", &self.shared_scope)
            .field("shared_cache", &self.shared_cache.is_some())
            .finish()
    }
}

type Mac = hmac::Hmac<sha2::Sha256>;

/// The MAC of an entry: over its key (tenant, app, resource) and its text, so an entry moved
/// to another key fails too.
fn mac(team_key: &crate::api::Secret, key: &str, json: &str) -> Mac {
    use hmac::Mac as _;
    let mut mac = Mac::new_from_slice(team_key.expose().as_bytes()).expect("any key length");
    mac.update(key.as_bytes());
    mac.update(b"\n");
    mac.update(json.as_bytes());
    mac
}

/// `v1.{hex MAC}.{json}`: what the store holds for a shared answer.
fn sealed(team_key: &crate::api::Secret, key: &str, json: &str) -> String {
    use hmac::Mac as _;
    let tag = mac(team_key, key, json).finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("v1.{hex}.{json}")
}

/// The text of an entry whose MAC checks out (compared in constant time).
fn opened<'a>(team_key: &crate::api::Secret, key: &str, entry: &'a str) -> Option<&'a str> {
    use hmac::Mac as _;
    let rest = entry.strip_prefix("v1.")?;
    let (hex, json) = rest.split_once('.')?;
    if hex.len() != 64 {
        return None;
    }
    let tag: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    mac(team_key, key, json).verify_slice(&tag).ok()?;
    Some(json)
}

/// A key part that cannot be mistaken for a separator or a pattern.
fn key_part(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `redis://user:secret@host` → `redis://user:****@host`.
pub fn redact(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("****"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(an unreadable URL)".to_owned(),
    }
}

/// What the team's windows said to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    /// `None`: admitted; else how long to wait.
    pub wait: Option<Duration>,
    /// The team's calls in the API's minute and hour windows, this one included.
    pub minute: u32,
    pub hour: u32,
}

/// A connection to the team's store. Cheap to clone (one multiplexed connection).
#[derive(Clone)]
pub struct Team {
    config: TeamConfig,
    conn: MultiplexedConnection,
}

impl fmt::Debug for Team {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Team")
            .field("config", &self.config)
            .finish()
    }
}

/// What kind of trouble a store problem is, in a word for the status bar.
pub fn kind_of(problem: &str) -> &'static str {
    let lower = problem.to_ascii_lowercase();
    if lower.starts_with("connecting") {
        "connecting"
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("ssl") {
        "TLS"
    } else if lower.contains("noauth") || lower.contains("wrongpass") || lower.contains("auth") {
        "auth"
    } else if lower.contains("in time") || lower.contains("timed out") || lower.contains("timeout")
    {
        "timeout"
    } else if lower.contains("refused") {
        "refused"
    } else {
        "failed"
    }
}

/// A store problem, said without the password.
fn say(config: &TeamConfig, e: &redis::RedisError) -> String {
    let text = e.to_string();
    let text = match &config.password {
        Some(p) if !p.is_empty() => text.replace(p.as_str(), "…"),
        _ => text,
    };
    format!("team budget at {}: {text}", config.shown_url())
}

impl Team {
    /// Connects within `timeout`; the error says why, without the password.
    pub async fn connect(config: TeamConfig, timeout: Duration) -> Result<Self, String> {
        let mut info: redis::ConnectionInfo =
            redis::IntoConnectionInfo::into_connection_info(config.url.as_str())
                .map_err(|e| say(&config, &e))?;
        if let Some(password) = &config.password {
            let settings = info.redis_settings().clone().set_password(password.clone());
            info = info.set_redis_settings(settings);
        }
        let client = redis::Client::open(info).map_err(|e| say(&config, &e))?;
        let conn = tokio::time::timeout(timeout, client.get_multiplexed_async_connection())
            .await
            .map_err(|_| format!("team budget at {}: no answer in time", config.shown_url()))?
            .map_err(|e| say(&config, &e))?;
        Ok(Self { config, conn })
    }

    pub fn config(&self) -> &TeamConfig {
        &self.config
    }

    fn key(&self, api: &str, part: &str) -> String {
        self.config.key(api, part)
    }

    /// Takes a slot for `api` now (the store's now), or says how long to wait.
    pub async fn acquire(&self, api: &str, limits: Limits, spans: Spans) -> Result<Taken, String> {
        let member = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        let (admitted, wait, minute, hour): (u8, u64, u32, u32) = redis::Script::new(ACQUIRE)
            .key(self.key(api, "minute"))
            .key(self.key(api, "hour"))
            .key(self.key(api, "blocked"))
            .arg((spans.minute + MARGIN).as_millis() as u64)
            .arg((spans.hour + MARGIN).as_millis() as u64)
            .arg(limits.per_minute)
            .arg(limits.per_hour)
            .arg(member)
            .arg(MAX_BLOCK.as_millis() as u64)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| say(&self.config, &e))?;
        Ok(Taken {
            // Whatever the store says, never more than an hour.
            wait: (admitted == 0).then(|| Duration::from_millis(wait.max(1)).min(MAX_BLOCK)),
            minute,
            hour,
        })
    }

    /// A 429: `api` is blocked for everyone for `wait` (at most an hour), from the store's now.
    pub async fn block(&self, api: &str, wait: Duration) -> Result<(), String> {
        let _: u8 = redis::Script::new(BLOCK)
            .key(self.key(api, "blocked"))
            .arg(wait.as_millis().max(1) as u64)
            .arg(MAX_BLOCK.as_millis() as u64)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| say(&self.config, &e))?;
        Ok(())
    }

    /// A shared answer, when the team shares them and one is fresh and passes its check; one
    /// that does not is ignored (and logged), never served.
    pub async fn cached(&self, resource: &str) -> Result<Option<String>, String> {
        let Some(team_key) = &self.config.shared_cache else {
            return Ok(None);
        };
        let key = self.key("cache", resource);
        let entry: Option<String> = redis::cmd("GET")
            .arg(&key)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(|e| say(&self.config, &e))?;
        Ok(entry.and_then(|entry| match opened(team_key, &key, &entry) {
            Some(json) => Some(json.to_owned()),
            None => {
                tracing::warn!(
                    "a shared answer for {} failed its check (not written with the team's key): ignored",
                    crate::sanitize::escaped(resource)
                );
                None
            }
        }))
    }

    /// Shares an answer for `ttl`, sealed with the team's key.
    pub async fn share(&self, resource: &str, json: &str, ttl: Duration) -> Result<(), String> {
        let Some(team_key) = &self.config.shared_cache else {
            return Ok(());
        };
        let key = self.key("cache", resource);
        redis::cmd("SET")
            .arg(&key)
            .arg(sealed(team_key, &key, json))
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .query_async::<()>(&mut self.conn.clone())
            .await
            .map_err(|e| say(&self.config, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_parts_cannot_collide() {
        let config = |tenant: &str, client: &str| TeamConfig {
            url: "redis://127.0.0.1".into(),
            password: None,
            tenant: tenant.into(),
            client_id: client.into(),
            shared_scope: false,
            shared_cache: None,
        };
        assert_ne!(
            config("a:b", "c").key("alerts", "minute"),
            config("a", "b:c").key("alerts", "minute")
        );
        let key = config("t *x", "c").key("alerts/{id}", "minute");
        assert!(!key.contains('*') && !key.contains(' '), "{key}");
        assert_eq!(key.matches(':').count(), 4, "{key}");
    }

    #[test]
    fn shared_answers_are_sealed_with_the_team_key() {
        let team_key = crate::api::Secret::new("a team key of some length");
        let entry = sealed(&team_key, "k1", "{\"x\":1}");
        assert_eq!(opened(&team_key, "k1", &entry), Some("{\"x\":1}"));
        assert_eq!(
            opened(&team_key, "k2", &entry),
            None,
            "moved to another key"
        );
        let other = crate::api::Secret::new("another team's key");
        assert_eq!(opened(&other, "k1", &entry), None, "another team's key");
        let tampered = entry.replace("\"x\":1", "\"x\":2");
        assert_eq!(opened(&team_key, "k1", &tampered), None);
        assert_eq!(opened(&team_key, "k1", "{\"x\":1}"), None, "unsealed");
    }

    #[test]
    fn passwords_never_show() {
        let config = TeamConfig {
            url: "redis://analyst:s3cret-pw@redis.internal:6379/0".into(),
            password: Some("other-s3cret".into()),
            tenant: "t".into(),
            client_id: "c".into(),
            shared_scope: false,
            shared_cache: Some(crate::api::Secret::new("team-key-s3cret")),
        };
        let shown = format!("{config:?} {}", config.shown_url());
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("analyst:****@redis.internal"), "{shown}");
    }
}

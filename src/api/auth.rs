//! Where bearer tokens come from: an app's client secret (OAuth 2 client credentials against
//! Entra ID), a static token, or the Azure CLI. Tokens are cached and renewed before they expire.
//!
//! A hand-written flow rather than `azure_identity`: we need one grant, one POST and one CLI
//! call, and the official crate would bring its own HTTP stack, runtime glue and a long build
//! for them. The README records the trade-off.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Url;

use super::secret::Secret;
use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Renew this long before a token expires, so a call never leaves with a dying token.
const RENEW_MARGIN: Duration = Duration::from_secs(300);
/// What we assume when a token source does not say how long its token lives.
const ASSUMED_LIFETIME: Duration = Duration::from_secs(600);

#[derive(Clone)]
pub enum Credentials {
    /// OAuth 2 client credentials: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`.
    ClientSecret {
        tenant: String,
        client_id: String,
        secret: Secret,
    },
    /// A bearer token from `MDETUI_TOKEN`, used as is.
    StaticToken(Secret),
    /// `az account get-access-token` for the signed-in user.
    AzureCli,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ClientSecret {
                tenant, client_id, ..
            } => write!(
                f,
                "ClientSecret(tenant {tenant}, client {client_id}, secret …)"
            ),
            Self::StaticToken(_) => f.write_str("StaticToken(…)"),
            Self::AzureCli => f.write_str("AzureCli"),
        }
    }
}

impl Credentials {
    pub fn describe(&self) -> String {
        match self {
            Self::ClientSecret { tenant, .. } => format!("tenant {tenant}"),
            Self::StaticToken(_) => "static token".to_owned(),
            Self::AzureCli => "Azure CLI".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("sign-in refused: {code}: {description}")]
    Rejected { code: String, description: String },
    #[error("could not reach the sign-in service: {0}")]
    Network(String),
    #[error("the sign-in service sent an answer we cannot read: {0}")]
    Decode(String),
    #[error("Azure CLI: {0}")]
    AzureCli(String),
}

struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

/// Hands out a valid bearer token, fetching and renewing as needed. Cheap to share.
pub struct TokenSource {
    credentials: Credentials,
    token_url: Url,
    scope: String,
    http: reqwest::Client,
    cached: Mutex<Option<CachedToken>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenSource({:?})", self.credentials)
    }
}

/// Entra's token answer. `expires_in` is a number in v2 and a string in v1.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct EntraError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CliToken {
    access_token: String,
    #[serde(default, rename = "expires_on")]
    expires_on: Option<i64>,
}

impl TokenSource {
    pub fn new(
        credentials: Credentials,
        authority: &Url,
        scope: &str,
        http: reqwest::Client,
    ) -> Self {
        let tenant = match &credentials {
            Credentials::ClientSecret { tenant, .. } => tenant.as_str(),
            _ => "common",
        };
        // `join` replaces the last path segment unless the base ends with a slash.
        let mut base = authority.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let token_url = base
            .join(&format!(
                "{}/oauth2/v2.0/token",
                super::ids::path_segment(tenant)
            ))
            .expect("a tenant segment always joins onto the authority");
        Self {
            credentials,
            token_url,
            scope: scope.to_owned(),
            http,
            cached: Mutex::new(None),
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A token valid for at least [`RENEW_MARGIN`] (or the static one).
    pub async fn token(&self) -> Result<Secret, AuthError> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref()
            && Instant::now() < c.renew_at
        {
            return Ok(c.token.clone());
        }
        let (token, lifetime) = match &self.credentials {
            Credentials::StaticToken(t) => (t.clone(), Duration::MAX / 4),
            Credentials::ClientSecret {
                client_id, secret, ..
            } => self.client_credentials(client_id, secret).await?,
            Credentials::AzureCli => azure_cli_token(&self.scope).await?,
        };
        let renew_after = lifetime.saturating_sub(RENEW_MARGIN).max(lifetime / 2);
        *cached = Some(CachedToken {
            token: token.clone(),
            renew_at: Instant::now() + renew_after,
        });
        Ok(token)
    }

    /// What the token in hand may do (its `roles` or `scp`), without waiting or signing in:
    /// `None` while there is none, or it says nothing.
    pub fn held_permissions(&self) -> Option<Vec<String>> {
        let cached = self.cached.try_lock().ok()?;
        cached.as_ref()?.token.permissions()
    }

    /// Forgets the cached token after a 401, so the next call fetches a fresh one. Returns
    /// false when a new token cannot help (a static token was rejected).
    pub async fn invalidate(&self) -> bool {
        *self.cached.lock().await = None;
        !matches!(self.credentials, Credentials::StaticToken(_))
    }

    async fn client_credentials(
        &self,
        client_id: &str,
        secret: &Secret,
    ) -> Result<(Secret, Duration), AuthError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret.expose()),
            ("scope", self.scope.as_str()),
        ];
        let response = self
            .http
            .post(self.token_url.clone())
            .form(&form)
            .send()
            .await
            .map_err(|e| AuthError::Network(super::transport::describe_transport(&e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| AuthError::Network(super::transport::describe_transport(&e)))?;
        if !status.is_success() {
            let err: EntraError = serde_json::from_slice(&body).unwrap_or(EntraError {
                error: None,
                error_description: None,
            });
            return Err(AuthError::Rejected {
                code: err
                    .error
                    .unwrap_or_else(|| format!("HTTP {}", status.as_u16())),
                description: err
                    .error_description
                    .as_deref()
                    .and_then(|d| d.lines().next())
                    .unwrap_or("no description")
                    .to_owned(),
            });
        }
        let parsed: TokenResponse =
            serde_json::from_slice(&body).map_err(|e| AuthError::Decode(e.to_string()))?;
        let lifetime = parsed
            .expires_in
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
            .map_or(ASSUMED_LIFETIME, Duration::from_secs);
        Ok((Secret::new(parsed.access_token), lifetime))
    }
}

async fn azure_cli_token(scope: &str) -> Result<(Secret, Duration), AuthError> {
    let resource = scope.trim_end_matches("/.default");
    let output = tokio::process::Command::new("az")
        .args([
            "account",
            "get-access-token",
            "--resource",
            resource,
            "--output",
            "json",
        ])
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| {
            AuthError::AzureCli(format!(
                "could not run `az` ({e}); is the Azure CLI installed?"
            ))
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed");
        return Err(AuthError::AzureCli(format!(
            "{}; try `az login`",
            first.trim().trim_start_matches("ERROR: ")
        )));
    }
    let parsed: CliToken = serde_json::from_slice(&output.stdout)
        .map_err(|e| AuthError::AzureCli(format!("unexpected output: {e}")))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let lifetime = parsed
        .expires_on
        .filter(|&t| t > now)
        .map_or(ASSUMED_LIFETIME, |t| Duration::from_secs((t - now) as u64));
    Ok((Secret::new(parsed.access_token), lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(…)");
        let creds = Credentials::ClientSecret {
            tenant: "t".into(),
            client_id: "c".into(),
            secret: s.clone(),
        };
        assert!(!format!("{creds:?}").contains("hunter2"));
        let source = TokenSource::new(
            creds,
            &Url::parse("https://login.microsoftonline.com").unwrap(),
            "https://api.securitycenter.microsoft.com/.default",
            reqwest::Client::new(),
        );
        assert!(!format!("{source:?}").contains("hunter2"));
        assert!(!format!("{:?}", Credentials::StaticToken(s)).contains("hunter2"));
    }

    #[test]
    fn a_delegated_token_names_its_user() {
        use base64::Engine;
        let jwt = |claims: &str| {
            let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            Secret::new(format!("{}.{}.sig", b64.encode("{}"), b64.encode(claims)))
        };
        assert_eq!(
            jwt(r#"{"upn":"analyst@contoso.com","preferred_username":"x"}"#).user_claim(),
            Some("analyst@contoso.com".into())
        );
        assert_eq!(
            jwt(r#"{"preferred_username":"p@contoso.com"}"#).user_claim(),
            Some("p@contoso.com".into())
        );
        assert_eq!(
            jwt(r#"{"appid":"…","roles":["Alert.Read.All"]}"#).user_claim(),
            None,
            "app-only"
        );
        assert_eq!(
            jwt(r#"{"upn":"a\u001b[31mb"}"#).user_claim(),
            None,
            "no control text"
        );
        assert_eq!(Secret::new("not a jwt").user_claim(), None);
        assert_eq!(Secret::new("a.%%%.c").user_claim(), None);
    }

    #[test]
    fn token_url_keeps_the_tenant_in_one_segment() {
        let source = TokenSource::new(
            Credentials::ClientSecret {
                tenant: "../evil?x".into(),
                client_id: "c".into(),
                secret: Secret::new("s"),
            },
            &Url::parse("https://login.microsoftonline.com").unwrap(),
            "scope",
            reqwest::Client::new(),
        );
        assert_eq!(
            source.token_url.as_str(),
            "https://login.microsoftonline.com/..%2Fevil%3Fx/oauth2/v2.0/token"
        );
    }

    #[tokio::test]
    async fn static_token_is_handed_out_and_cannot_be_refreshed() {
        let source = TokenSource::new(
            Credentials::StaticToken(Secret::new("abc")),
            &Url::parse("https://login.microsoftonline.com").unwrap(),
            "scope",
            reqwest::Client::new(),
        );
        assert_eq!(source.token().await.unwrap().expose(), "abc");
        assert!(!source.invalidate().await);
        assert_eq!(source.token().await.unwrap().expose(), "abc");
    }
}

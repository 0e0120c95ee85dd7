//! The typed client: one method per endpoint, one HTTP call per method.
//!
//! List endpoints return one [`Page`] at a time, because each page is a call against the rate
//! budget: the engine decides when the next one may go. [`Client::all_pages`] follows the links
//! directly for callers that do not budget (tests, tools).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::auth::{Credentials, TokenSource};
use super::cloud::{Endpoints, is_loopback};
use super::error::ApiError;
use super::ids::{AlertId, MachineId, UserName};
use super::model::{Alert, Collection, ErrorBody, Machine, User};

/// The API's endpoints. Each is its own rate-limit family: the docs give every endpoint
/// ("this API") its own 100/minute and 1,500/hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    GetUser,
    UserAlerts,
    UserMachines,
    GetAlert,
    AlertUser,
    AlertMachine,
    GetMachine,
    MachineAlerts,
    MachineLogonUsers,
}

impl Endpoint {
    pub const ALL: [Endpoint; 9] = [
        Self::GetUser,
        Self::UserAlerts,
        Self::UserMachines,
        Self::GetAlert,
        Self::AlertUser,
        Self::AlertMachine,
        Self::GetMachine,
        Self::MachineAlerts,
        Self::MachineLogonUsers,
    ];

    /// The path pattern, as the docs and the status bar name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::GetUser => "users/{id}",
            Self::UserAlerts => "users/{id}/alerts",
            Self::UserMachines => "users/{id}/machines",
            Self::GetAlert => "alerts/{id}",
            Self::AlertUser => "alerts/{id}/user",
            Self::AlertMachine => "alerts/{id}/machine",
            Self::GetMachine => "machines/{id}",
            Self::MachineAlerts => "machines/{id}/alerts",
            Self::MachineLogonUsers => "machines/{id}/logonusers",
        }
    }

    /// The application permission the endpoint needs, for the 403 message.
    pub fn permission(self) -> &'static str {
        match self {
            Self::UserAlerts | Self::GetAlert | Self::MachineAlerts => "Alert.Read.All",
            Self::UserMachines => "Machine.ReadWrite.All",
            Self::AlertMachine | Self::GetMachine => "Machine.Read.All",
            Self::GetUser | Self::AlertUser | Self::MachineLogonUsers => "User.Read.All",
        }
    }
}

/// One page of a list, and the link to the next when there is one.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Url>,
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 32 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    api_base: Url,
    tokens: Arc<TokenSource>,
    max_body_bytes: usize,
}

impl Client {
    pub fn new(endpoints: &Endpoints, credentials: Credentials, options: &ClientOptions) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("mdetui/", env!("CARGO_PKG_VERSION")))
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .build()
            .expect("a TLS backend is compiled in");
        let tokens = Arc::new(TokenSource::new(
            credentials,
            &endpoints.authority,
            &endpoints.scope,
            http.clone(),
        ));
        Self {
            http,
            api_base: endpoints.api_base.clone(),
            tokens,
            max_body_bytes: options.max_body_bytes,
        }
    }

    pub fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    pub fn api_base(&self) -> &Url {
        &self.api_base
    }

    /// `{base}/api/{segments…}`; each segment is already percent-encoded by its id type.
    fn url(&self, segments: &[&str]) -> Url {
        let mut path = self.api_base.path().trim_end_matches('/').to_owned();
        path.push_str("/api");
        for s in segments {
            path.push('/');
            path.push_str(s);
        }
        let mut url = self.api_base.clone();
        url.set_path(&path);
        url
    }

    pub async fn user(&self, user: &UserName) -> Result<User, ApiError> {
        let url = self.url(&["users", &user.segment()]);
        self.get(Endpoint::GetUser, url).await
    }

    pub async fn user_alerts(&self, user: &UserName) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["users", &user.segment(), "alerts"]);
        self.get_page(Endpoint::UserAlerts, url).await
    }

    pub async fn user_machines(&self, user: &UserName) -> Result<Page<Machine>, ApiError> {
        let url = self.url(&["users", &user.segment(), "machines"]);
        self.get_page(Endpoint::UserMachines, url).await
    }

    pub async fn alert(&self, id: &AlertId) -> Result<Alert, ApiError> {
        let url = self.url(&["alerts", &id.segment()]);
        self.get(Endpoint::GetAlert, url).await
    }

    pub async fn alert_user(&self, id: &AlertId) -> Result<User, ApiError> {
        let url = self.url(&["alerts", &id.segment(), "user"]);
        self.get(Endpoint::AlertUser, url).await
    }

    pub async fn alert_machine(&self, id: &AlertId) -> Result<Machine, ApiError> {
        let url = self.url(&["alerts", &id.segment(), "machine"]);
        self.get(Endpoint::AlertMachine, url).await
    }

    pub async fn machine(&self, id: &MachineId) -> Result<Machine, ApiError> {
        let url = self.url(&["machines", &id.segment()]);
        self.get(Endpoint::GetMachine, url).await
    }

    pub async fn machine_alerts(&self, id: &MachineId) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["machines", &id.segment(), "alerts"]);
        self.get_page(Endpoint::MachineAlerts, url).await
    }

    pub async fn machine_logon_users(&self, id: &MachineId) -> Result<Page<User>, ApiError> {
        let url = self.url(&["machines", &id.segment(), "logonusers"]);
        self.get_page(Endpoint::MachineLogonUsers, url).await
    }

    /// The page behind a `@odata.nextLink` this client handed out.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        link: Url,
    ) -> Result<Page<T>, ApiError> {
        self.get_page(endpoint, link).await
    }

    /// Follows every next link of `first`, without any budget: for tests and tools.
    pub async fn all_pages<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        first: Page<T>,
    ) -> Result<Vec<T>, ApiError> {
        let mut items = first.items;
        let mut next = first.next;
        while let Some(link) = next {
            let page = self.next_page(endpoint, link).await?;
            items.extend(page.items);
            next = page.next;
        }
        Ok(items)
    }

    async fn get_page<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        url: Url,
    ) -> Result<Page<T>, ApiError> {
        let collection: Collection<T> = self.get(endpoint, url).await?;
        let next = collection
            .next_link
            .filter(|l| !l.trim().is_empty())
            .map(|l| self.check_next_link(&l))
            .transpose()?;
        Ok(Page {
            items: collection.value,
            next,
        })
    }

    /// A next link carries our bearer token wherever it points: follow it only to the host we
    /// call or to Defender's own API hosts, and never over plain http beyond loopback.
    fn check_next_link(&self, raw: &str) -> Result<Url, ApiError> {
        let url = Url::parse(raw).map_err(|_| ApiError::ForeignNextLink(raw.to_owned()))?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let same_origin = url.origin() == self.api_base.origin();
        let defender_host = url.scheme() == "https"
            && [
                ".security.microsoft.com",
                ".securitycenter.microsoft.com",
                ".securitycenter.windows.com",
                ".securitycenter.microsoft.us",
            ]
            .iter()
            .any(|suffix| format!(".{host}").ends_with(suffix));
        let plain_ok = url.scheme() == "https" || is_loopback(&url);
        if (same_origin || defender_host) && plain_ok {
            Ok(url)
        } else {
            Err(ApiError::ForeignNextLink(host))
        }
    }

    async fn get<T: DeserializeOwned>(&self, endpoint: Endpoint, url: Url) -> Result<T, ApiError> {
        let token = self.tokens.token().await?;
        tracing::debug!(endpoint = endpoint.name(), %url, "GET");
        let response = self
            .http
            .get(url)
            .bearer_auth(token.expose())
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = self.read_body(response).await?;
        if !status.is_success() {
            return Err(status_error(endpoint, status, retry_after, &body));
        }
        serde_json::from_slice(&body).map_err(|e| {
            if content_type.contains("json") || content_type.is_empty() {
                ApiError::Decode(format!("{}: {e}", endpoint.name()))
            } else {
                ApiError::Decode(format!(
                    "{}: expected JSON, got {}",
                    endpoint.name(),
                    content_type.split(';').next().unwrap_or_default()
                ))
            }
        })
    }

    /// Reads the body up to the cap, refusing early when the length is announced.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        let limit = self.max_body_bytes;
        let announced = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if announced.is_some_and(|n| n > limit) {
            return Err(ApiError::TooLarge { limit });
        }
        let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit));
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > limit {
                return Err(ApiError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// Maps an error status and its body to the typed error.
fn status_error(
    endpoint: Endpoint,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> ApiError {
    let detail = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .and_then(|b| b.error)
        .unwrap_or_default();
    let message = detail
        .message
        .as_deref()
        .map(|m| m.chars().take(300).collect::<String>())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("no message").to_owned());
    match status.as_u16() {
        404 => ApiError::NotFound { message },
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden {
            permission: endpoint.permission().to_owned(),
            message,
        },
        429 => ApiError::Throttled {
            retry_after,
            message,
        },
        s if s >= 500 => ApiError::Server { status: s, message },
        s => ApiError::BadRequest {
            code: detail.code.unwrap_or_else(|| format!("HTTP {s}")),
            message,
        },
    }
}

/// `Retry-After` is seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn transport_error(e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::Timeout
    } else {
        ApiError::Network(describe_transport(&e))
    }
}

/// The innermost cause of a transport error, which says what actually happened
/// ("Connection refused") where the outer layers only say "error sending request".
pub fn describe_transport(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(inner) = source.source() {
        source = inner;
    }
    let inner = source.to_string();
    match e.url() {
        Some(url) => format!(
            "{inner} ({}:{})",
            url.host_str().unwrap_or("?"),
            url.port_or_known_default().unwrap_or(0)
        ),
        None => inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        let later = SystemTime::now() + Duration::from_secs(90);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(parsed <= Duration::from_secs(90) && parsed >= Duration::from_secs(85));
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn statuses_map_to_typed_errors() {
        let body = br#"{"error":{"code":"Forbidden","message":"The application does not have any of the required application roles","target":"|x."}}"#;
        let e = status_error(Endpoint::UserAlerts, StatusCode::FORBIDDEN, None, body);
        assert!(
            matches!(&e, ApiError::Forbidden { permission, .. } if permission == "Alert.Read.All")
        );
        let e = status_error(
            Endpoint::GetAlert,
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(2)),
            b"",
        );
        assert_eq!(
            e.to_string(),
            "throttled by the API (429), retry in 2 s: Too Many Requests"
        );
        let e = status_error(Endpoint::GetAlert, StatusCode::BAD_GATEWAY, None, b"<html>");
        assert!(matches!(e, ApiError::Server { status: 502, .. }));
        let e = status_error(
            Endpoint::GetAlert,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            b"",
        );
        assert!(matches!(e, ApiError::BadRequest { code, .. } if code == "HTTP 405"));
    }

    fn client(base: &str) -> Client {
        let endpoints = Endpoints::for_cloud(super::super::cloud::Cloud::Commercial, None)
            .unwrap()
            .with_api_url(base)
            .unwrap();
        Client::new(
            &endpoints,
            Credentials::StaticToken(super::super::auth::Secret::new("t")),
            &ClientOptions::default(),
        )
    }

    #[test]
    fn hostile_ids_build_single_segment_paths() {
        let c = client("http://127.0.0.1:9");
        for raw in ["../machines", "a/b", "x?y#z", "%2e%2e"] {
            let id = AlertId::parse(raw).unwrap();
            let url = c.url(&["alerts", &id.segment(), "user"]);
            let segments: Vec<_> = url.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 4, "{url}");
            assert_eq!(segments[0], "api");
            assert_eq!(segments[3], "user");
            assert_eq!(url.query(), None, "{url}");
            assert_eq!(url.fragment(), None, "{url}");
        }
    }

    #[test]
    fn next_links_only_to_our_host_or_defender() {
        let c = client("http://127.0.0.1:9");
        assert!(
            c.check_next_link("http://127.0.0.1:9/api/alerts?$skip=10")
                .is_ok()
        );
        assert!(
            c.check_next_link("https://api-eu.securitycenter.microsoft.com/api/alerts?$skip=1")
                .is_ok()
        );
        assert!(
            c.check_next_link("https://evil.example/api/alerts")
                .is_err()
        );
        assert!(
            c.check_next_link("https://security.microsoft.com.evil.example/")
                .is_err()
        );
        assert!(
            c.check_next_link("http://api.security.microsoft.com/api/alerts")
                .is_err()
        );
        assert!(c.check_next_link("not a url").is_err());
    }
}

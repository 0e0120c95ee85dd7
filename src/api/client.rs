//! The typed client: one method per endpoint, one HTTP call per method.
//!
//! List endpoints return one [`Page`] at a time, because each page is a call against the rate
//! budget: the engine decides when the next one may go. [`Client::all_pages`] follows the links
//! directly for callers that do not budget (tests, tools).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::auth::{Credentials, TokenSource};
use super::cloud::Endpoints;
use super::endpoint::Endpoint;
use super::error::ApiError;
use super::ids::{AlertId, MachineId, UserName};
use super::model::{Alert, Collection, Machine, User};
use super::next_link;
use super::status::{parse_retry_after, status_error, transport_error};

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
    /// The Microsoft Graph connection hunting goes through, when there is a sign-in for it.
    graph: Option<Arc<Client>>,
}

impl Client {
    pub fn new(endpoints: &Endpoints, credentials: Credentials, options: &ClientOptions) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("mdetui/", env!("CARGO_PKG_VERSION")))
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            // A redirect would carry the bearer token to wherever it points, and its answer
            // would be shown as if it were the one asked for: never follow one.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
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
            graph: None,
        }
    }

    /// The same client, hunting through `graph` (a client for Graph's host, with a token for
    /// Graph's audience).
    pub fn with_graph(mut self, graph: Client) -> Self {
        self.graph = Some(Arc::new(graph));
        self
    }

    pub fn graph(&self) -> Option<&Client> {
        self.graph.as_deref()
    }

    pub fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    /// `{base}/{segments…}`, for Graph, whose paths do not start with `/api`.
    pub(super) fn url_from_base(&self, segments: &[&str]) -> Url {
        self.joined(segments.iter().copied())
    }

    /// `{base}/api/{segments…}`; each segment is already percent-encoded by its id type.
    pub(super) fn url(&self, segments: &[&str]) -> Url {
        self.joined(std::iter::once("api").chain(segments.iter().copied()))
    }

    /// The base with `segments` appended to its path.
    fn joined<'a>(&self, segments: impl Iterator<Item = &'a str>) -> Url {
        let mut path = self.api_base.path().trim_end_matches('/').to_owned();
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
        self.get(Endpoint::GET_USER, url).await
    }

    pub async fn user_alerts(&self, user: &UserName) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["users", &user.segment(), "alerts"]);
        self.get_page(Endpoint::USER_ALERTS, url).await
    }

    pub async fn user_machines(&self, user: &UserName) -> Result<Page<Machine>, ApiError> {
        let url = self.url(&["users", &user.segment(), "machines"]);
        self.get_page(Endpoint::USER_MACHINES, url).await
    }

    pub async fn alert(&self, id: &AlertId) -> Result<Alert, ApiError> {
        let url = self.url(&["alerts", &id.segment()]);
        self.get(Endpoint::GET_ALERT, url).await
    }

    pub async fn alert_user(&self, id: &AlertId) -> Result<User, ApiError> {
        let url = self.url(&["alerts", &id.segment(), "user"]);
        self.get(Endpoint::ALERT_USER, url).await
    }

    pub async fn alert_machine(&self, id: &AlertId) -> Result<Machine, ApiError> {
        let url = self.url(&["alerts", &id.segment(), "machine"]);
        self.get(Endpoint::ALERT_MACHINE, url).await
    }

    pub async fn machine(&self, id: &MachineId) -> Result<Machine, ApiError> {
        let url = self.url(&["machines", &id.segment()]);
        self.get(Endpoint::GET_MACHINE, url).await
    }

    pub async fn machine_alerts(&self, id: &MachineId) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["machines", &id.segment(), "alerts"]);
        self.get_page(Endpoint::MACHINE_ALERTS, url).await
    }

    pub async fn machine_logon_users(&self, id: &MachineId) -> Result<Page<User>, ApiError> {
        let url = self.url(&["machines", &id.segment(), "logonusers"]);
        self.get_page(Endpoint::MACHINE_LOGON_USERS, url).await
    }

    /// The page behind a `@odata.nextLink` this client handed out.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        link: Url,
    ) -> Result<Page<T>, ApiError> {
        self.get_page(endpoint, link).await
    }

    /// A window of the list at `url` (the same endpoint): `$top` items from `$skip` on. The API
    /// gives no next link with `$top`: a full window means there may be more.
    pub async fn window<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        url: &Url,
        top: usize,
        skip: usize,
    ) -> Result<Vec<T>, ApiError> {
        let mut url = url.clone();
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "$top" && k != "$skip")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("$top", &top.to_string())
            .append_pair("$skip", &skip.to_string());
        let collection: Collection<T> = self.get(endpoint, url).await?;
        Ok(collection.value)
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

    pub(super) async fn get_page<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        url: Url,
    ) -> Result<Page<T>, ApiError> {
        let collection: Collection<T> = self.get(endpoint, url.clone()).await?;
        let next = collection
            .next_link
            .filter(|l| !l.trim().is_empty())
            .map(|l| next_link::check(&l, &url, &self.api_base))
            .transpose()?;
        Ok(Page {
            items: collection.value,
            next,
        })
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        url: Url,
    ) -> Result<T, ApiError> {
        let (content_type, body) = self.send(reqwest::Method::GET, endpoint, url, None).await?;
        decode(endpoint, &content_type, &body)
    }

    /// One call with a JSON body, its answer decoded.
    pub(super) async fn send_json<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        endpoint: Endpoint,
        url: Url,
        body: &serde_json::Value,
    ) -> Result<T, ApiError> {
        let (content_type, bytes) = self.send(method, endpoint, url, Some(body)).await?;
        decode(endpoint, &content_type, &bytes)
    }

    /// One call: the bearer token, the body if any, then the answer's content type and body
    /// once its status says success (a redirect is an error, never followed).
    pub(super) async fn send(
        &self,
        method: reqwest::Method,
        endpoint: Endpoint,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<(String, Vec<u8>), ApiError> {
        let token = self.tokens.token().await?;
        tracing::debug!(endpoint = endpoint.name(), %url, %method, "call");
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(token.expose())
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("nowhere")
                .chars()
                .take(200)
                .collect();
            return Err(ApiError::Redirected {
                status: status.as_u16(),
                location,
            });
        }
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
        Ok((content_type, body))
    }

    /// Reads the body up to the cap, refusing early when the length is announced.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        let limit = self.max_body_bytes;
        let too_large = ApiError::TooLarge {
            limit,
            url: Some(response.url().clone()),
        };
        let announced = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if announced.is_some_and(|n| n > limit) {
            return Err(too_large);
        }
        let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limit));
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// A JSON answer as `T`, or an error that says what came instead.
pub(super) fn decode<T: DeserializeOwned>(
    endpoint: Endpoint,
    content_type: &str,
    body: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Client {
        let endpoints = Endpoints::for_cloud(super::super::cloud::Cloud::Commercial, None)
            .unwrap()
            .with_api_url(base)
            .unwrap();
        Client::new(
            &endpoints,
            Credentials::StaticToken(super::super::secret::Secret::new("t")),
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
}

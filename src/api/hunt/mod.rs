//! Advanced hunting through Microsoft Graph (`mde-api.md` §14): `POST
//! {graph}/v1.0/security/runHuntingQuery` with a KQL query and a timespan, answered with a
//! schema and rows. It needs a Graph token (`ThreatHunting.Read.All`), so it goes through the
//! Graph connection the client was given, if any; its quotas are Graph's, its own family.

mod kql;
mod wire;

use serde_json::json;

pub use kql::{Template, TemplateError, literal};
pub use wire::{HuntCell, HuntColumn, HuntRow, HuntTable};

use super::auth::Credentials;
use super::client::{Client, ClientOptions};
use super::cloud::Endpoints;
use super::endpoint::Endpoint;
use super::error::ApiError;

impl Endpoint {
    /// Graph's hunting call: its own family and quotas (45 a minute per tenant at least).
    pub const HUNT: Self = Self::new("security/runHuntingQuery", "ThreatHunting.Read.All");
}

/// The longest query text sent (Graph's own limit is far above any query a person writes).
pub const MAX_QUERY_CHARS: usize = 30_000;

/// A hunt: its KQL and the timespan it covers (ISO 8601: `P30D`, `P7D`, `start/end`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HuntQuery {
    pub query: String,
    pub timespan: String,
}

impl HuntQuery {
    /// Graph's default: the last 30 days.
    pub const DEFAULT_TIMESPAN: &'static str = "P30D";

    /// A query as typed: refused unsent when empty, too long, or its timespan is not ISO 8601.
    pub fn new(query: &str, timespan: Option<&str>) -> Result<Self, ApiError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(ApiError::NotSent("the query is empty".into()));
        }
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::NotSent(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let timespan = timespan.unwrap_or(Self::DEFAULT_TIMESPAN).trim();
        let plausible = !timespan.is_empty()
            && timespan.len() <= 64
            && timespan
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | ':' | '-' | '.' | '+'));
        if !plausible {
            return Err(ApiError::NotSent(format!(
                "“{}” is not an ISO 8601 timespan (P7D, P30D, or start/end)",
                crate::sanitize::line(timespan)
            )));
        }
        Ok(Self {
            query: query.to_owned(),
            timespan: timespan.to_owned(),
        })
    }
}

/// Graph ends a hunt at 3 minutes: wait a little longer than that for its answer.
const GRAPH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(190);
/// Graph's answers stop at 50 MB.
const GRAPH_MAX_BODY: usize = 64 * 1024 * 1024;

impl Client {
    /// A client for `endpoints` signed in with `credentials`, hunting through Graph with
    /// `graph` credentials when there are any.
    pub fn connected(
        endpoints: &Endpoints,
        credentials: Credentials,
        graph: Option<Credentials>,
        options: &ClientOptions,
    ) -> Self {
        Self::new(endpoints, credentials, options).with_hunting(endpoints, graph, options)
    }

    /// The same client, hunting through `endpoints`' Graph host with `graph` credentials
    /// (a token for Graph's audience); without them, hunting says what is missing.
    pub fn with_hunting(
        self,
        endpoints: &Endpoints,
        graph: Option<Credentials>,
        options: &ClientOptions,
    ) -> Self {
        let Some(credentials) = graph else {
            return self;
        };
        let graph_endpoints = Endpoints {
            api_base: endpoints.graph_base.clone(),
            scope: endpoints.graph_scope.clone(),
            ..endpoints.clone()
        };
        let options = ClientOptions {
            timeout: options.timeout.max(GRAPH_TIMEOUT),
            max_body_bytes: options.max_body_bytes.max(GRAPH_MAX_BODY),
            ..options.clone()
        };
        self.with_graph(Client::new(&graph_endpoints, credentials, &options))
    }

    /// Runs a hunting query on Graph: the table it answers.
    pub async fn hunt(&self, hunt: &HuntQuery) -> Result<HuntTable, ApiError> {
        let Some(graph) = self.graph() else {
            return Err(ApiError::NotSent(
                "hunting needs a Microsoft Graph sign-in (ThreatHunting.Read.All): client credentials, the Azure CLI, or MDETUI_GRAPH_TOKEN".into(),
            ));
        };
        let url = graph.url_from_base(&["v1.0", "security", "runHuntingQuery"]);
        let body = json!({"Query": hunt.query, "Timespan": hunt.timespan});
        let answer: wire::Answer = graph
            .send_json(reqwest::Method::POST, Endpoint::HUNT, url, &body)
            .await?;
        Ok(answer.into_table())
    }
}

#[cfg(test)]
mod tests;

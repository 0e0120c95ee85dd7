//! The Defender API simulator: `mdetui simulate`, the embedded demo and the test bed.
//!
//! It serves wire-format JSON from its own dataset over real HTTP, with the real token flow,
//! bearer checks, per-API rate limits and injectable faults.

pub mod faults;
pub mod generate;
pub mod odata;
mod patch;
pub mod server;
pub mod tenant;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::engine::budget::Limits;
pub use faults::Faults;
pub use server::SimState;
pub use tenant::Tenant;

/// The app registration the simulator accepts.
#[derive(Clone)]
pub struct SimCredentials {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl SimCredentials {
    /// The demo's well-known registration: printed on start, useless anywhere else.
    pub fn demo(tenant_id: &str) -> Self {
        Self {
            tenant_id: tenant_id.to_owned(),
            client_id: "0d3c9a5e-demo-4b1f-8c2a-6e7f0a1b2c3d".to_owned(),
            client_secret: "demo-secret-not-for-production".to_owned(),
        }
    }
}

impl fmt::Debug for SimCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SimCredentials(tenant {}, client {}, secret …)",
            self.tenant_id, self.client_id
        )
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub credentials: SimCredentials,
    pub limits: Limits,
    pub token_lifetime: Duration,
    /// A bearer token accepted forever, for scripts and curl.
    pub fixed_token: Option<String>,
    pub latency: Duration,
    pub jitter: Duration,
    pub faults: Faults,
    /// How long a hung call waits before answering (past any client timeout).
    pub hang_for: Duration,
    /// Items per page before a nextLink (the real API: 10,000).
    pub page_size: usize,
    /// The app's roles; `None` grants every role.
    pub roles: Option<Vec<String>>,
    pub seed: u64,
}

impl SimConfig {
    pub fn new(tenant_id: &str) -> Self {
        Self {
            credentials: SimCredentials::demo(tenant_id),
            limits: Limits::default(),
            token_lifetime: Duration::from_secs(3599),
            fixed_token: None,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            faults: Faults::none(),
            hang_for: Duration::from_secs(3600),
            page_size: 10_000,
            roles: None,
            seed: 42,
        }
    }
}

/// A simulator serving on a loopback port until dropped or shut down.
pub struct RunningSim {
    pub addr: SocketAddr,
    pub state: Arc<SimState>,
    task: JoinHandle<()>,
}

impl RunningSim {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves until the task ends (for `mdetui simulate`).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `addr` and serves in a background task.
pub async fn start(
    config: SimConfig,
    tenant: Tenant,
    addr: SocketAddr,
) -> std::io::Result<RunningSim> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SimState::new(config, tenant));
    let app = server::router(state.clone());
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("simulator stopped: {e}");
        }
    });
    Ok(RunningSim { addr, state, task })
}

/// How the explorer reaches an embedded simulator: its URL as both API and login host, and
/// the demo app registration, so the demo runs the real client-credential flow.
pub fn demo_connection(
    running: &RunningSim,
    creds: &SimCredentials,
) -> (crate::api::Endpoints, crate::api::Credentials) {
    let base = running.base_url();
    let endpoints = crate::api::Endpoints::for_cloud(crate::api::Cloud::Commercial, None)
        .and_then(|e| e.with_api_url(&base))
        .and_then(|e| e.with_authority(&base))
        .expect("a loopback URL is always accepted");
    let credentials = crate::api::Credentials::ClientSecret {
        tenant: creds.tenant_id.clone(),
        client_id: creds.client_id.clone(),
        secret: crate::api::Secret::new(creds.client_secret.as_str()),
    };
    (endpoints, credentials)
}

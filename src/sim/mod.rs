//! The Defender API simulator: `mdetui simulate`, the embedded demo and the test bed.
//!
//! It serves wire-format JSON from its own dataset over real HTTP, with the real token flow,
//! bearer checks, per-API rate limits and injectable faults.

mod actions;
mod config;
mod evidence;
pub mod faults;
pub mod generate;
mod hunt;
mod indicators;
mod lists;
pub mod odata;
mod patch;
mod reply;
mod routes;
pub mod server;
mod state;
pub mod tenant;
mod token;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::{SimConfig, SimCredentials, WriteFault};
pub use faults::Faults;
pub use state::SimState;
pub use tenant::Tenant;

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
    let arrivals = arrivals(state.clone());
    let task = tokio::spawn(async move {
        tokio::select! {
            served = axum::serve(listener, app) => {
                if let Err(e) = served {
                    tracing::error!("simulator stopped: {e}");
                }
            }
            () = arrivals => {}
        }
    });
    Ok(RunningSim { addr, state, task })
}

/// New alerts arriving now and then, while the simulator runs (when configured).
async fn arrivals(state: Arc<SimState>) {
    let Some(every) = state.config.new_alert_every else {
        return std::future::pending().await;
    };
    for n in 0.. {
        tokio::time::sleep(every).await;
        let now = time::OffsetDateTime::now_utc();
        let mut tenant = state.tenant.write().unwrap_or_else(|e| e.into_inner());
        tenant.arrive(n, now);
    }
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
        .and_then(|e| e.with_graph_url(&base))
        .expect("a loopback URL is always accepted");
    let credentials = crate::api::Credentials::ClientSecret {
        tenant: creds.tenant_id.clone(),
        client_id: creds.client_id.clone(),
        secret: crate::api::Secret::new(creds.client_secret.as_str()),
    };
    (endpoints, credentials)
}

/// The tenant `mdetui simulate` serves: a tenant file, a generated one of a scale, or the demo
/// as of now.
pub fn tenant_for(
    file: Option<&std::path::Path>,
    scale: Option<generate::ScaleSpec>,
) -> Result<Tenant, String> {
    if let Some(path) = file {
        return std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<tenant::TenantFile>(&t).map_err(|e| e.to_string()))
            .map(Tenant::from_file)
            .map_err(|e| format!("{}: {e}", path.display()));
    }
    Ok(match scale {
        Some(spec) => generate::scale(spec),
        None => generate::demo_at(time::OffsetDateTime::now_utc()),
    })
}

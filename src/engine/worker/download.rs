//! Package downloads (`mde-api.md` §12): the link asked like any call — under its own 2-a-
//! minute allowance — and handed to a task of the engine's own that saves the file, never to
//! whoever asked, so the signed link stays inside this process's engine and out of every
//! event, screen and log. The task reports as it goes; dropping it (the engine stopping)
//! leaves no part file behind.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc;

use super::super::payload::Payload;
use super::super::protocol::{DownloadReport, DownloadState, Event, Origin, Priority, Request};
use super::super::resource::Resource;
use super::state::Worker;
use crate::api::{ApiError, PackageLink};

/// How often a download in progress says where it is, at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Worker {
    /// [`Request::Download`]: ask for the link (joining an ask already under way).
    pub(super) fn download(&mut self, action: String, path: PathBuf) {
        // Finished downloads leave their (empty) results: let them go.
        while self.downloads.tasks.try_join_next().is_some() {}
        self.emit(report(&action, &path, DownloadState::Asking));
        self.downloads
            .waiting
            .entry(action.clone())
            .or_default()
            .push(path);
        self.command(Request::Fetch {
            resource: Resource::PackageLink(action),
            priority: Priority::Interactive,
            origin: Origin::DOWNLOADS,
            refresh: true,
        });
    }

    /// A link came: the downloads waiting for it start. What remains for the others who asked
    /// (a one-shot asking the link itself).
    pub(super) fn link_came(
        &mut self,
        resource: &Resource,
        payload: &Payload,
        origins: Vec<Origin>,
    ) -> Vec<Origin> {
        let (Resource::PackageLink(action), Payload::Link(link)) = (resource, payload) else {
            return origins;
        };
        for path in self.downloads.waiting.remove(action).unwrap_or_default() {
            let events = self.events.clone();
            let link = PackageLink::clone(link);
            let action = action.clone();
            self.downloads.tasks.spawn(save(link, action, path, events));
        }
        origins
            .into_iter()
            .filter(|o| *o != Origin::DOWNLOADS)
            .collect()
    }

    /// A link could not be had: the downloads waiting for it fail, saying why.
    pub(super) fn link_failed(&mut self, resource: &Resource, error: &ApiError) {
        let Resource::PackageLink(action) = resource else {
            return;
        };
        let why = match error {
            ApiError::NotFound { .. } => {
                "no package yet: the collection has not succeeded (or has expired)".to_owned()
            }
            e => format!("its link: {}", e.short()),
        };
        for path in self.downloads.waiting.remove(action).unwrap_or_default() {
            self.emit(report(action, &path, DownloadState::Failed(why.clone())));
        }
    }
}

fn report(action: &str, path: &std::path::Path, state: DownloadState) -> Event {
    Event::Download(DownloadReport {
        action: action.to_owned(),
        path: path.to_owned(),
        state,
    })
}

/// Saves one package, telling `events` how it goes (at most every [`PROGRESS_EVERY`], and
/// when the last byte is in).
async fn save(
    link: PackageLink,
    action: String,
    path: PathBuf,
    events: mpsc::UnboundedSender<Event>,
) {
    let mut told = None::<std::time::Instant>;
    let saved = crate::api::download_package(&link, &path, |saved, total| {
        let now = super::super::protocol::now();
        let whole = Some(saved) == total;
        if whole || told.is_none_or(|t| now.saturating_duration_since(t) >= PROGRESS_EVERY) {
            told = Some(now);
            let _ = events.send(report(
                &action,
                &path,
                DownloadState::Saving { saved, total },
            ));
        }
    })
    .await;
    let state = match saved {
        Ok(bytes) => {
            tracing::info!(%action, path = %path.display(), bytes, "saved a package");
            DownloadState::Saved { bytes }
        }
        Err(e) => {
            tracing::warn!(%action, "a package was not saved: {}", e.short());
            DownloadState::Failed(e.short())
        }
    };
    let _ = events.send(report(&action, &path, state));
}

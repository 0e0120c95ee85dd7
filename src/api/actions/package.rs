//! An investigation package (`mde-api.md` §12): once the collect action has succeeded, its
//! short-lived signed link (`getPackageUri`, 2 calls a minute; 404 until then), and the
//! package behind it saved to a file. The link is a secret: it prints as `Secret(…)`, is never
//! cached or shared, and no bearer token goes with it (it carries its own signature); https
//! only, but for loopback (the simulator).

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::super::client::Client;
use super::super::cloud::is_loopback;
use super::super::endpoint::Endpoint;
use super::super::error::ApiError;
use super::super::secret::Secret;
use super::wire::action_id;

impl Endpoint {
    /// Its own allowance: 2 a minute, 120 an hour.
    pub const PACKAGE_URI: Self = Self::new(
        "machineactions/{id}/getPackageUri",
        "Machine.CollectForensics",
    );
}

/// The largest package mdetui saves.
pub const MAX_PACKAGE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// A package's link. Written out, it is `[redacted]`: it never leaves this process.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageLink(pub Secret);

impl Serialize for PackageLink {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for PackageLink {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(Secret::new(String::deserialize(d)?)))
    }
}

impl Client {
    /// `GET machineactions/{id}/getPackageUri`: the link to the package of a succeeded
    /// collection (a 404 until it has succeeded).
    pub async fn package_link(&self, action: &str) -> Result<PackageLink, ApiError> {
        action_id(action)?;
        #[derive(Deserialize)]
        struct Link {
            value: String,
        }
        let url = self.url(&["machineactions", action, "getPackageUri"]);
        let link: Link = self.get(Endpoint::PACKAGE_URI, url).await?;
        Ok(PackageLink(Secret::new(link.value)))
    }
}

/// Saves the package behind `link` to `path` — written to `path.part` (0600), put in place
/// once whole, never over a file already there, the part removed on failure or when the task
/// is dropped — calling `progress(saved, total)` as it comes. Its size.
pub async fn download_package(
    link: &PackageLink,
    path: &Path,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<u64, ApiError> {
    let url = reqwest::Url::parse(link.0.expose())
        .map_err(|_| ApiError::NotSent("the package link is not a URL".into()))?;
    if url.scheme() != "https" && !(url.scheme() == "http" && is_loopback(&url)) {
        return Err(ApiError::NotSent(
            "the package link is not https: not followed".into(),
        ));
    }
    if path.exists() {
        return Err(already_there(path));
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(super::super::status::transport_error)?;
    // No bearer token: the link is signed, and it points outside the API.
    let mut response = http
        .get(url)
        .send()
        .await
        .map_err(super::super::status::transport_error)?;
    if !response.status().is_success() {
        return Err(ApiError::NotSent(format!(
            "the package could not be fetched ({})",
            response.status()
        )));
    }
    let total = response.content_length();
    if total.is_some_and(|t| t > MAX_PACKAGE_BYTES) {
        return Err(too_large());
    }
    let mut part = Part::create(path)?;
    let mut saved = 0u64;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(super::super::status::transport_error)?
    {
        saved += chunk.len() as u64;
        if saved > MAX_PACKAGE_BYTES {
            return Err(too_large());
        }
        part.file.write_all(&chunk).map_err(io)?;
        progress(saved, total);
    }
    part.finish(path)?;
    Ok(saved)
}

/// A package on its way: `NAME.part` beside where it goes, removed when dropped unless it was
/// put in place — so a failure, or a download dropped midway (the explorer quit), leaves
/// nothing behind.
struct Part {
    path: std::path::PathBuf,
    file: std::fs::File,
    placed: bool,
}

impl Part {
    fn create(path: &Path) -> Result<Self, ApiError> {
        use std::os::unix::fs::OpenOptionsExt;
        let part = path.with_extension("part");
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&part)
            .map_err(io)?;
        Ok(Self {
            path: part,
            file,
            placed: false,
        })
    }

    /// Flushed to disk, then linked under its name — which fails, rather than replaces, when
    /// a file is there — and the part removed.
    fn finish(mut self, path: &Path) -> Result<(), ApiError> {
        self.file.sync_all().map_err(io)?;
        match std::fs::hard_link(&self.path, path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(already_there(path));
            }
            // A file system without hard links (FAT, some network shares): look, then rename.
            Err(_) if path.exists() => return Err(already_there(path)),
            Err(_) => {
                std::fs::rename(&self.path, path).map_err(io)?;
                self.placed = true;
                return Ok(());
            }
        }
        self.placed = true;
        let _ = std::fs::remove_file(&self.path);
        Ok(())
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn already_there(path: &Path) -> ApiError {
    ApiError::NotSent(format!("already there, not replaced: {}", path.display()))
}

fn too_large() -> ApiError {
    ApiError::NotSent("the package is larger than 2 GiB".into())
}

fn io(e: std::io::Error) -> ApiError {
    ApiError::NotSent(format!("the package cannot be saved: {e}"))
}

//! An investigation package saved to a file: whole or not at all, never over a file already
//! there, and nothing left behind when the server stops midway or the download is dropped.

use super::*;
use mdetui::api::{PackageLink, download_package};
use tokio::io::AsyncWriteExt;

/// A server that announces `announced` bytes, sends `sent` of them, then holds the connection
/// open (`hang`) or closes it.
async fn short_server(announced: usize, sent: usize, hang: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 2048];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut request).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {announced}\r\n\r\n"
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&vec![b'z'; sent]).await;
            let _ = socket.flush().await;
            if hang {
                tokio::time::sleep(Duration::from_secs(600)).await;
            }
        }
    });
    format!("http://{addr}/package?sig=secret-signature")
}

fn link(url: &str) -> PackageLink {
    PackageLink(Secret::new(url.to_owned()))
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_whole_package_is_saved_private_and_reported_as_it_comes() {
    let url = short_server(70_000, 70_000, false).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wks-fin-042.zip");
    let mut seen = Vec::new();
    let saved = download_package(&link(&url), &path, |saved, total| seen.push((saved, total)))
        .await
        .unwrap();
    assert_eq!(saved, 70_000);
    assert_eq!(std::fs::read(&path).unwrap().len(), 70_000);
    assert_eq!(seen.last(), Some(&(70_000, Some(70_000))));
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(names(dir.path()), ["wks-fin-042.zip"], "no part left");
}

#[tokio::test]
async fn a_file_already_there_is_never_replaced() {
    let url = short_server(10, 10, false).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence.zip");
    std::fs::write(&path, "the analyst's own file").unwrap();
    let error = download_package(&link(&url), &path, |_, _| {})
        .await
        .unwrap_err();
    assert!(error.to_string().contains("already there"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the analyst's own file"
    );
    assert_eq!(names(dir.path()), ["evidence.zip"]);
}

#[tokio::test]
async fn a_server_that_stops_midway_leaves_nothing() {
    let url = short_server(50_000, 1_000, false).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    let error = download_package(&link(&url), &path, |_, _| {}).await;
    assert!(error.is_err(), "{error:?}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[tokio::test]
async fn a_download_dropped_midway_leaves_nothing() {
    let url = short_server(50_000, 1_000, true).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    let (started, mut seen) = tokio::sync::mpsc::unbounded_channel();
    let link = link(&url);
    let download = download_package(&link, &path, move |saved, _| {
        let _ = started.send(saved);
    });
    tokio::select! {
        _ = download => panic!("the server never ends the body"),
        Some(_) = seen.recv() => {}
    }
    // The first bytes were written to the part; the future is gone now (the explorer quit).
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[tokio::test]
async fn a_link_that_is_not_https_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let error = download_package(
        &link("http://example.com/p?sig=x"),
        &dir.path().join("p.zip"),
        |_, _| {},
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("not https"), "{error}");
}

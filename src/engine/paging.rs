//! Where a list goes on after a page, and the calls that read it there: the server's next
//! link, or windows of `$top` from `$skip` asked at once and joined in order.

use reqwest::Url;
use serde::de::DeserializeOwned;

use super::payload::{Partial, Payload};
use crate::api::{ApiError, Client, Endpoint, Page};

/// Where a list's next page is.
#[derive(Debug, Clone)]
pub enum Next {
    /// The server's `@odata.nextLink`.
    Link(Url),
    /// `count` windows of `$top` items from `$skip` on, at the list's own URL, asked at
    /// once: how the rest of a long list is read (each window one call), and how a list whose
    /// pages are too large for the body cap is read instead (the API gives no next link with
    /// `$top`).
    Window {
        url: Url,
        top: usize,
        skip: usize,
        count: usize,
    },
}

impl Next {
    /// The same place as `count` windows of `top` (the list's page size) asked at once; a
    /// next link becomes windows from its `$skip` (it is the request's URL plus `$skip`, and
    /// was checked to stay on the same host and endpoint). `None` when it cannot be.
    pub fn widened(&self, top: usize, count: usize) -> Option<Next> {
        let (url, top, skip) = match self {
            Self::Link(link) => {
                let skip = link
                    .query_pairs()
                    .find(|(k, _)| k == "$skip")
                    .and_then(|(_, v)| v.trim().parse().ok())?;
                (link.clone(), top, skip)
            }
            Self::Window { url, top, skip, .. } => (url.clone(), *top, *skip),
        };
        (top > 0).then_some(Next::Window {
            url,
            top,
            skip,
            count,
        })
    }
}

/// The outcome of one HTTP call: a whole entity, or a page and perhaps where the next is.
#[derive(Debug)]
pub enum Step {
    Done(Payload),
    Page(Partial, Option<Next>),
}

pub(super) fn page<T>(p: Page<T>, wrap: fn(Vec<Vec<T>>) -> Partial) -> Step {
    Step::Page(wrap(vec![p.items]), p.next.map(Next::Link))
}

/// The next page of a list, by link or by windows (asked at once, joined in order).
pub(super) async fn next_step<T: DeserializeOwned>(
    client: &Client,
    endpoint: Endpoint,
    next: Next,
    wrap: fn(Vec<Vec<T>>) -> Partial,
) -> Result<Step, ApiError> {
    Ok(match next {
        Next::Link(link) => page(client.next_page(endpoint, link).await?, wrap),
        Next::Window {
            url,
            top,
            skip,
            count,
        } => {
            let asked = (0..count).map(|i| client.window::<T>(endpoint, &url, top, skip + i * top));
            let answers = futures_util::future::join_all(asked).await;
            // A full window may have more behind it; a short one is the end, and any window
            // after it is past the end (empty, or a list that grew meanwhile: read next time).
            let mut windows = Vec::with_capacity(count);
            let mut more = true;
            for answer in answers {
                let items = answer?;
                let full = items.len() == top;
                windows.push(items);
                if !full {
                    more = false;
                    break;
                }
            }
            let next = more.then(|| Next::Window {
                url,
                top,
                skip: skip + count * top,
                count: 1,
            });
            Step::Page(wrap(windows), next)
        }
    })
}

/// Adds a page to what a job has gathered so far.
pub fn gather(into: &mut Option<Partial>, page: Partial) {
    match into {
        Some(acc) => acc.append(page),
        None => *into = Some(page),
    }
}

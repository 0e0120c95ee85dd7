//! Where a list goes on after a page, and the calls that read it there: the server's next
//! link, several of its pages asked at once, or windows of `$top` from `$skip` — joined in
//! order.

use reqwest::Url;
use serde::de::DeserializeOwned;

use super::payload::{Partial, Payload};
use crate::api::{ApiError, Client, Endpoint, Page};

/// Where a list's next page is.
#[derive(Debug, Clone)]
pub enum Next {
    /// The server's `@odata.nextLink`.
    Link(Url),
    /// `count` pages asked at once: the server's next `link` and the same link `size`,
    /// 2 × `size`, … items further on (its `$skip`), each a call — how the rest of a long list
    /// is read in about one round trip rather than one a page. The link was checked to stay
    /// on the same host and endpoint; each page's own next link says whether more remain.
    Links {
        link: Url,
        size: usize,
        count: usize,
    },
    /// `count` windows of `$top` items from `$skip` on, at the list's own URL, asked at once:
    /// how a list whose pages are too large for the body cap is read instead (the API gives
    /// no next link with `$top`).
    Window {
        url: Url,
        top: usize,
        skip: usize,
        count: usize,
    },
}

impl Next {
    /// The same place as `count` pages of `size` items (the list's page size) asked at once;
    /// `None` when it cannot be (a link without `$skip`, an empty page).
    pub fn widened(&self, size: usize, count: usize) -> Option<Next> {
        match self {
            Self::Link(link) | Self::Links { link, .. } => {
                skip_of(link)?;
                (size > 0).then(|| Next::Links {
                    link: link.clone(),
                    size,
                    count,
                })
            }
            Self::Window { url, top, skip, .. } => Some(Next::Window {
                url: url.clone(),
                top: *top,
                skip: *skip,
                count,
            }),
        }
    }
}

fn skip_of(url: &Url) -> Option<usize> {
    url.query_pairs()
        .find(|(k, _)| k == "$skip")
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// `link` with its `$skip` at `skip`, everything else as it was.
fn with_skip(link: &Url, skip: usize) -> Url {
    let mut url = link.clone();
    let pairs: Vec<(String, String)> = link
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "$skip" {
                skip.to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
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
        Next::Links { link, size, count } => {
            let skip = skip_of(&link).unwrap_or_default();
            let links = (0..count).map(|i| with_skip(&link, skip + i * size));
            let answers =
                futures_util::future::join_all(links.map(|l| client.next_page::<T>(endpoint, l)))
                    .await;
            // A page with no next link is the end; a page of another size than the others has
            // its own next link, which the list goes on from, so nothing is skipped or read
            // twice.
            let (pages, _) = in_order(answers, |p| p.next.is_some() && p.items.len() == size)?;
            let next = pages.last().and_then(|p| p.next.clone()).map(Next::Link);
            Step::Page(wrap(pages.into_iter().map(|p| p.items).collect()), next)
        }
        Next::Window {
            url,
            top,
            skip,
            count,
        } => {
            let asked = (0..count).map(|i| client.window::<T>(endpoint, &url, top, skip + i * top));
            let answers = futures_util::future::join_all(asked).await;
            // A full window may have more behind it; a short one is the end (a list that grew
            // meanwhile is read next time).
            let (windows, more) = in_order(answers, |items| items.len() == top)?;
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

/// Answers asked at once, in order, up to and with the first after which the list does not
/// `go_on` (any asked past it is dropped); and whether every one went on. The first failure
/// fails them all: the step is asked again whole.
fn in_order<A>(
    answers: Vec<Result<A, ApiError>>,
    go_on: impl Fn(&A) -> bool,
) -> Result<(Vec<A>, bool), ApiError> {
    let mut kept = Vec::with_capacity(answers.len());
    for answer in answers {
        let answer = answer?;
        let more = go_on(&answer);
        kept.push(answer);
        if !more {
            return Ok((kept, false));
        }
    }
    Ok((kept, true))
}

/// Adds a page to what a job has gathered so far.
pub fn gather(into: &mut Option<Partial>, page: Partial) {
    match into {
        Some(acc) => acc.append(page),
        None => *into = Some(page),
    }
}

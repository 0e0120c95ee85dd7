//! Next-page links, checked before they are followed: they carry the bearer token, so they may
//! lead only to our own API host or Defender's, and only further along the same endpoint.

use reqwest::Url;

use super::cloud::is_loopback;
use super::error::ApiError;

/// A next link carries our bearer token wherever it points: follow it only to the host we
/// call or to Defender's own API hosts, never over plain http beyond loopback, and only to
/// the same endpoint further on (a larger `$skip`), so a link can neither lead elsewhere
/// nor go round in a circle.
pub fn check(raw: &str, current: &Url, api_base: &Url) -> Result<Url, ApiError> {
    let url = check_host(raw, api_base)?;
    if url.path() != current.path() {
        return Err(ApiError::BadNextLink(format!(
            "it leads to another endpoint ({})",
            url.path()
        )));
    }
    let (now, next) = (skip_of(current), skip_of(&url));
    match next {
        Some(next) if next > now.unwrap_or(0) => Ok(url),
        Some(next) => Err(ApiError::BadNextLink(format!(
            "it goes back to $skip={next} from {}",
            now.unwrap_or(0)
        ))),
        None => Err(ApiError::BadNextLink("it has no $skip".into())),
    }
}

fn check_host(raw: &str, api_base: &Url) -> Result<Url, ApiError> {
    let url = Url::parse(raw).map_err(|_| ApiError::ForeignNextLink(raw.to_owned()))?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let same_origin = url.origin() == api_base.origin();
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

/// The `$skip` of a URL, if it has one.
fn skip_of(url: &Url) -> Option<u64> {
    url.query_pairs()
        .find(|(k, _)| k == "$skip")
        .and_then(|(_, v)| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_host_at(base: &Url, raw: &str) -> Result<Url, ApiError> {
        check_host(raw, base)
    }

    #[test]
    fn next_links_only_to_our_host_or_defender() {
        let base = Url::parse("http://127.0.0.1:9").unwrap();
        assert!(check_host_at(&base, "http://127.0.0.1:9/api/alerts?$skip=10").is_ok());
        assert!(
            check_host_at(
                &base,
                "https://api-eu.securitycenter.microsoft.com/api/alerts?$skip=1"
            )
            .is_ok()
        );
        assert!(check_host_at(&base, "https://evil.example/api/alerts").is_err());
        assert!(check_host_at(&base, "https://security.microsoft.com.evil.example/").is_err());
        assert!(check_host_at(&base, "http://api.security.microsoft.com/api/alerts").is_err());
        assert!(check_host_at(&base, "not a url").is_err());
    }

    #[test]
    fn next_links_only_go_further_along_the_same_endpoint() {
        let base = Url::parse("http://127.0.0.1:9").unwrap();
        let here = Url::parse("http://127.0.0.1:9/api/users/jdoe/alerts").unwrap();
        let at = |raw: &str| check(raw, &here, &base);
        assert!(at("http://127.0.0.1:9/api/users/jdoe/alerts?$skip=3").is_ok());
        assert!(at("http://127.0.0.1:9/api/users/jdoe/alerts?%24skip=3").is_ok());
        assert!(matches!(
            at("http://127.0.0.1:9/api/machines?$skip=3"),
            Err(ApiError::BadNextLink(_))
        ));
        assert!(matches!(
            at("http://127.0.0.1:9/api/users/jdoe/alerts"),
            Err(ApiError::BadNextLink(_))
        ));
        let further = Url::parse("http://127.0.0.1:9/api/users/jdoe/alerts?$skip=6").unwrap();
        assert!(matches!(
            check(
                "http://127.0.0.1:9/api/users/jdoe/alerts?$skip=6",
                &further,
                &base
            ),
            Err(ApiError::BadNextLink(_))
        ));
        assert!(
            check(
                "http://127.0.0.1:9/api/users/jdoe/alerts?$skip=3",
                &further,
                &base
            )
            .is_err()
        );
    }
}

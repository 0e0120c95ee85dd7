//! Which hosts a tenant lives on: API base, login authority, token scope and portal.

use std::fmt;
use std::net::IpAddr;

use clap::ValueEnum;
use reqwest::Url;
use serde::Deserialize;

/// The resource every MDE token is requested for, even when calling `api.security.microsoft.com`
/// (a token for another audience gets 403 on every call).
pub const COMMERCIAL_RESOURCE: &str = "https://api.securitycenter.microsoft.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    /// api.security.microsoft.com (and its geo hosts with --region)
    #[default]
    Commercial,
    /// api.securitycenter.microsoft.com and api-{us,eu,uk,au}: the older hosts, still served
    Legacy,
    /// US Government Community Cloud
    Gcc,
    /// US Government GCC High
    GccHigh,
    /// US Department of Defense
    Dod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Us,
    Eu,
    Uk,
    Au,
    Swa,
    Ina,
    Aea,
}

impl Region {
    fn as_str(self) -> &'static str {
        match self {
            Self::Us => "us",
            Self::Eu => "eu",
            Self::Uk => "uk",
            Self::Au => "au",
            Self::Swa => "swa",
            Self::Ina => "ina",
            Self::Aea => "aea",
        }
    }
}

/// Everything the client needs to know about where to talk.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub api_base: Url,
    pub authority: Url,
    pub scope: String,
    pub portal: String,
    /// Microsoft Graph, for hunting: its host and the scope of a token for it.
    pub graph_base: Url,
    pub graph_scope: String,
}

impl fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Endpoints(api {}, login {}, graph {})",
            self.api_base, self.authority, self.graph_base
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    #[error("region {region} is not served in the {cloud:?} cloud")]
    RegionNotServed { cloud: Cloud, region: &'static str },
    #[error("“{0}” is not a valid URL")]
    BadUrl(String),
    #[error("{0}: plain http is accepted only for loopback addresses; use https")]
    InsecureHttp(String),
    #[error("{0}: only http and https URLs are supported")]
    BadScheme(String),
    #[error(
        "{0}: a user name or password in the URL is refused (it would be sent and logged); sign in with the usual credentials"
    )]
    UserInfo(String),
}

fn url(s: &str) -> Url {
    Url::parse(s).expect("built-in host URLs are valid")
}

impl Endpoints {
    pub fn for_cloud(cloud: Cloud, region: Option<Region>) -> Result<Self, CloudError> {
        let public_login = "https://login.microsoftonline.com";
        let (api, login, scope_resource, portal) = match (cloud, region) {
            (Cloud::Commercial, None) => (
                "https://api.security.microsoft.com".to_owned(),
                public_login,
                COMMERCIAL_RESOURCE,
                "https://security.microsoft.com",
            ),
            (Cloud::Commercial, Some(r)) => (
                format!("https://{}.api.security.microsoft.com", r.as_str()),
                public_login,
                COMMERCIAL_RESOURCE,
                "https://security.microsoft.com",
            ),
            (Cloud::Legacy, None) => (
                "https://api.securitycenter.microsoft.com".to_owned(),
                public_login,
                COMMERCIAL_RESOURCE,
                "https://security.microsoft.com",
            ),
            (Cloud::Legacy, Some(r @ (Region::Us | Region::Eu | Region::Uk | Region::Au))) => (
                format!("https://api-{}.securitycenter.microsoft.com", r.as_str()),
                public_login,
                COMMERCIAL_RESOURCE,
                "https://security.microsoft.com",
            ),
            (Cloud::Gcc, None) => (
                "https://api-gcc.securitycenter.microsoft.us".to_owned(),
                public_login,
                "https://api-gcc.securitycenter.microsoft.us",
                "https://security.microsoft.com",
            ),
            (Cloud::GccHigh, None) => (
                "https://api-gov.securitycenter.microsoft.us".to_owned(),
                "https://login.microsoftonline.us",
                "https://api-gov.securitycenter.microsoft.us",
                "https://security.microsoft.us",
            ),
            (Cloud::Dod, None) => (
                "https://api-gov.securitycenter.microsoft.us".to_owned(),
                "https://login.microsoftonline.us",
                "https://api-gov.securitycenter.microsoft.us",
                "https://security.apps.mil",
            ),
            (cloud, Some(region)) => {
                return Err(CloudError::RegionNotServed {
                    cloud,
                    region: region.as_str(),
                });
            }
        };
        // Graph's hunting: the commercial host serves GCC too (§14).
        let graph = match cloud {
            Cloud::GccHigh => "https://graph.microsoft.us",
            Cloud::Dod => "https://dod-graph.microsoft.us",
            Cloud::Commercial | Cloud::Legacy | Cloud::Gcc => "https://graph.microsoft.com",
        };
        Ok(Self {
            api_base: url(&api),
            authority: url(login),
            scope: format!("{scope_resource}/.default"),
            portal: portal.to_owned(),
            graph_base: url(graph),
            graph_scope: format!("{graph}/.default"),
        })
    }

    /// Replaces Graph's host (`--graph-url`): the simulator, a proxy. The token's scope stays
    /// the cloud's Graph, as Entra issues it.
    pub fn with_graph_url(mut self, raw: &str) -> Result<Self, CloudError> {
        let mut base = checked_url(raw)?;
        // Graph's paths start with the version: drop one given by habit.
        let path = base.path().trim_end_matches("/v1.0").to_owned();
        base.set_path(&path);
        self.graph_base = base;
        Ok(self)
    }

    /// Replaces the API base (`--api-url`): the simulator, a proxy, another host.
    pub fn with_api_url(mut self, raw: &str) -> Result<Self, CloudError> {
        self.api_base = checked_url(raw)?;
        Ok(self)
    }

    /// Replaces the login authority (`AZURE_AUTHORITY_HOST`).
    pub fn with_authority(mut self, raw: &str) -> Result<Self, CloudError> {
        self.authority = checked_url(raw)?;
        Ok(self)
    }
}

/// Parses a URL and refuses plain http anywhere but loopback: tokens travel in these requests.
pub fn checked_url(raw: &str) -> Result<Url, CloudError> {
    let mut parsed = Url::parse(raw.trim()).map_err(|_| CloudError::BadUrl(raw.to_owned()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // Say which URL without repeating the secret in it.
        let mut shown = parsed.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(CloudError::UserInfo(shown.to_string()));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&parsed) => {}
        "http" => return Err(CloudError::InsecureHttp(raw.to_owned())),
        _ => return Err(CloudError::BadScheme(raw.to_owned())),
    }
    // The API paths are appended to the base: drop a trailing `/api` or slash given by habit.
    let path = parsed
        .path()
        .trim_end_matches('/')
        .trim_end_matches("/api")
        .to_owned();
    parsed.set_path(&path);
    parsed.set_query(None);
    parsed.set_fragment(None);
    Ok(parsed)
}

pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_credentials_are_refused_without_repeating_them() {
        for raw in [
            "http://alice:pw@127.0.0.1:8080",
            "https://alice@api.example/",
        ] {
            let err = checked_url(raw).unwrap_err();
            assert!(matches!(err, CloudError::UserInfo(_)), "{raw}: {err}");
            let text = err.to_string();
            assert!(!text.contains("alice") && !text.contains("pw@"), "{text}");
        }
    }

    #[test]
    fn every_cloud_has_its_hosts() {
        let c = Endpoints::for_cloud(Cloud::Commercial, None).unwrap();
        assert_eq!(c.api_base.as_str(), "https://api.security.microsoft.com/");
        assert_eq!(c.scope, "https://api.securitycenter.microsoft.com/.default");
        let eu = Endpoints::for_cloud(Cloud::Commercial, Some(Region::Eu)).unwrap();
        assert_eq!(
            eu.api_base.host_str(),
            Some("eu.api.security.microsoft.com")
        );
        let legacy = Endpoints::for_cloud(Cloud::Legacy, Some(Region::Uk)).unwrap();
        assert_eq!(
            legacy.api_base.host_str(),
            Some("api-uk.securitycenter.microsoft.com")
        );
        let high = Endpoints::for_cloud(Cloud::GccHigh, None).unwrap();
        assert_eq!(high.authority.host_str(), Some("login.microsoftonline.us"));
        assert_eq!(
            high.scope,
            "https://api-gov.securitycenter.microsoft.us/.default"
        );
        let dod = Endpoints::for_cloud(Cloud::Dod, None).unwrap();
        assert_eq!(dod.portal, "https://security.apps.mil");
        let gcc = Endpoints::for_cloud(Cloud::Gcc, None).unwrap();
        assert_eq!(gcc.authority.host_str(), Some("login.microsoftonline.com"));
        assert!(Endpoints::for_cloud(Cloud::Gcc, Some(Region::Eu)).is_err());
        assert!(Endpoints::for_cloud(Cloud::Legacy, Some(Region::Swa)).is_err());
    }

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(checked_url("http://127.0.0.1:8080").is_ok());
        assert!(checked_url("http://127.8.9.1:8080").is_ok());
        assert!(checked_url("http://localhost:1").is_ok());
        assert!(checked_url("http://[::1]:1").is_ok());
        assert_eq!(
            checked_url("http://10.0.0.5:8080"),
            Err(CloudError::InsecureHttp("http://10.0.0.5:8080".into()))
        );
        assert!(checked_url("http://api.security.microsoft.com").is_err());
        assert!(checked_url("ftp://127.0.0.1").is_err());
        assert!(checked_url("not a url").is_err());
        assert_eq!(
            checked_url("https://proxy.example/api/").unwrap().as_str(),
            "https://proxy.example/"
        );
    }
}

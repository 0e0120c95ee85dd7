//! What to warn of before an indicator blocks something the tenant likely depends on: a
//! domain (or a URL's host) that Microsoft or much of the internet runs on, or a file signed
//! by a widely trusted publisher. A warning, not a refusal: the analyst may know better.

use super::submit::IndicatorType;

/// Domains whose block would break Windows, Office, sign-in or much of the web. A value is
/// matched with its subdomains (`login.microsoftonline.com` by `microsoftonline.com`).
const WIDELY_USED: &[&str] = &[
    "microsoft.com",
    "microsoftonline.com",
    "windows.com",
    "windows.net",
    "windowsupdate.com",
    "office.com",
    "office.net",
    "office365.com",
    "outlook.com",
    "live.com",
    "azure.com",
    "azureedge.net",
    "msft.net",
    "msn.com",
    "bing.com",
    "sharepoint.com",
    "skype.com",
    "digicert.com",
    "google.com",
    "googleapis.com",
    "gstatic.com",
    "youtube.com",
    "amazon.com",
    "amazonaws.com",
    "cloudfront.net",
    "cloudflare.com",
    "akamai.net",
    "akamaiedge.net",
    "apple.com",
    "icloud.com",
    "github.com",
    "githubusercontent.com",
    "facebook.com",
    "linkedin.com",
    "zoom.us",
    "slack.com",
];

/// Publishers whose signed files are part of most machines.
const TRUSTED_PUBLISHERS: &[&str] = &[
    "microsoft corporation",
    "microsoft windows",
    "microsoft windows publisher",
    "google llc",
    "apple inc.",
    "adobe inc.",
    "mozilla corporation",
    "oracle america, inc.",
    "vmware, inc.",
    "citrix systems, inc.",
];

/// Why blocking `value` (of `kind`) deserves a second thought, if it does.
pub fn caution(kind: IndicatorType, value: &str) -> Option<String> {
    let host = match kind {
        IndicatorType::DomainName => value.to_ascii_lowercase(),
        IndicatorType::Url => url::Url::parse(value)
            .ok()?
            .host_str()?
            .to_ascii_lowercase(),
        _ => return None,
    };
    let host = host.trim_end_matches('.');
    let used = WIDELY_USED
        .iter()
        .find(|d| host == **d || host.ends_with(&format!(".{d}")))?;
    Some(format!(
        "{host} is under {used}, which Microsoft services or much of the internet use: \
         blocking it may cut machines off from them"
    ))
}

/// Why blocking a file signed by `signer` deserves a second thought, if it does: a valid
/// signature of a widely trusted publisher.
pub fn signed_caution(signer: &str, valid: bool) -> Option<String> {
    let known = TRUSTED_PUBLISHERS
        .iter()
        .any(|p| signer.trim().eq_ignore_ascii_case(p));
    (known && valid).then(|| {
        format!(
            "the file is signed by {}, a trusted publisher, with a valid certificate: \
             blocking it may stop software machines depend on",
            crate::sanitize::line(signer.trim())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widely_used_domains_and_their_subdomains_are_cautioned_others_not() {
        assert!(caution(IndicatorType::DomainName, "login.microsoftonline.com").is_some());
        assert!(caution(IndicatorType::Url, "https://WWW.Google.com/x?y").is_some());
        assert!(caution(IndicatorType::DomainName, "notmicrosoft.com").is_none());
        assert!(caution(IndicatorType::DomainName, "cdn-update.net").is_none());
        assert!(caution(IndicatorType::IpAddress, "8.8.8.8").is_none());
        assert!(signed_caution("Microsoft Corporation", true).is_some());
        assert!(signed_caution("Microsoft Corporation", false).is_none());
        assert!(signed_caution("Totally Legit Ltd", true).is_none());
    }
}

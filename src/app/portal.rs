//! Links into the Defender portal (`mde-api.md` §6), with the tenant so the right one opens.

use super::panes::Selected;
use crate::api::ids::path_segment as enc;

/// The portal page of an entity; `portal` is the cloud's portal host, `tenant` the tenant id.
pub fn link(portal: &str, tenant: Option<&str>, entity: Selected<'_>) -> String {
    let base = portal.trim_end_matches('/');
    let tid = |sep: char, own: Option<&str>| {
        own.or(tenant)
            .map(|t| format!("{sep}tid={}", enc(t)))
            .unwrap_or_default()
    };
    match entity {
        Selected::Alert(a) => format!(
            "{base}/alerts/{}{}",
            enc(&a.id),
            tid('?', a.aad_tenant_id.as_deref())
        ),
        Selected::Machine(m) => {
            format!("{base}/machines/{}/overview{}", enc(&m.id), tid('?', None))
        }
        Selected::User(u) => {
            let mut url = format!("{base}/user?");
            if let Some(sid) = &u.account_sid {
                url.push_str(&format!("sid={}&", enc(sid)));
            }
            url.push_str(&format!("accountName={}", enc(u.account())));
            if let Some(domain) = u.domain() {
                url.push_str(&format!("&accountDomain={}", enc(domain)));
            }
            url.push_str(&tid('&', None));
            url
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{Alert, Machine, User};

    #[test]
    fn links_for_each_entity() {
        let a: Alert =
            serde_json::from_value(serde_json::json!({"id": "da638_-12", "aadTenantId": "t-1"}))
                .unwrap();
        assert_eq!(
            link(
                "https://security.microsoft.com",
                Some("other"),
                Selected::Alert(&a)
            ),
            "https://security.microsoft.com/alerts/da638_-12?tid=t-1"
        );
        let m: Machine = serde_json::from_value(serde_json::json!({"id": "9c2d"})).unwrap();
        assert_eq!(
            link(
                "https://security.microsoft.us/",
                Some("t"),
                Selected::Machine(&m)
            ),
            "https://security.microsoft.us/machines/9c2d/overview?tid=t"
        );
        let u: User = serde_json::from_value(
            serde_json::json!({"id": "contoso\\pkumar", "accountName": "pkumar",
            "accountDomain": "contoso", "accountSid": "S-1-5-21-1"}),
        )
        .unwrap();
        assert_eq!(
            link(
                "https://security.microsoft.com",
                Some("t"),
                Selected::User(&u)
            ),
            "https://security.microsoft.com/user?sid=S-1-5-21-1&accountName=pkumar&accountDomain=contoso&tid=t"
        );
        let hostile: Alert =
            serde_json::from_value(serde_json::json!({"id": "x/../y?z#w"})).unwrap();
        assert!(
            link("https://p", None, Selected::Alert(&hostile))
                .ends_with("/alerts/x%2F..%2Fy%3Fz%23w")
        );
    }
}

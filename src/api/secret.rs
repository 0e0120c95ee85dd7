//! A secret or a bearer token: it prints as `Secret(…)` everywhere, and a token's claims
//! (who it names, for which tenant and app) can be read from it without checking it.

use std::fmt;
use std::sync::Arc;

/// A secret or token. It prints as `Secret(…)` everywhere: `Debug`, logs, panics.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<Arc<str>>) -> Self {
        Self(value.into())
    }

    /// The only way to the value: grep for `expose` to find every place it leaves.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Who a delegated bearer token was issued to (`upn`, else `preferred_username`, else
    /// `unique_name`), read from its payload without checking it — the API checks it; this
    /// only names "me". `None` for an app-only token or anything that is not a JWT.
    pub fn user_claim(&self) -> Option<String> {
        self.claim(&["upn", "preferred_username", "unique_name"])
    }

    /// The tenant (`tid`) and the app (`appid`, else `azp`) a bearer token was issued for,
    /// read as [`Self::user_claim`] reads: what keys the team's store, so two tenants' static
    /// tokens never share windows or answers. `None` for an opaque token.
    pub fn tenant_and_app(&self) -> Option<(String, String)> {
        Some((self.claim(&["tid"])?, self.claim(&["appid", "azp"])?))
    }

    /// The permissions the token carries: an app's `roles`, or a user's `scp` (space-
    /// separated). `None` for an opaque token or one that names neither.
    pub fn permissions(&self) -> Option<Vec<String>> {
        let claims = self.claims()?;
        if let Some(roles) = claims.get("roles").and_then(|r| r.as_array()) {
            return Some(
                roles
                    .iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect(),
            );
        }
        let scopes = claims.get("scp")?.as_str()?;
        Some(scopes.split_whitespace().map(str::to_owned).collect())
    }

    /// The token's payload, if it is a JWT.
    fn claims(&self) -> Option<serde_json::Value> {
        use base64::Engine;
        let payload = self.0.split('.').nth(1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The first of `names` the token's payload holds as a sane string.
    fn claim(&self, names: &[&str]) -> Option<String> {
        let claims = self.claims()?;
        names
            .iter()
            .find_map(|k| claims.get(k)?.as_str())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 256 && !v.chars().any(char::is_control))
            .map(str::to_owned)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JWT-shaped token with these claims (unsigned: only its payload is read).
    fn token(claims: serde_json::Value) -> Secret {
        use base64::Engine;
        let part = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        Secret::new(format!(
            "{}.{}.sig",
            part(&serde_json::json!({"alg": "none"})),
            part(&claims)
        ))
    }

    #[test]
    fn tenant_and_app_come_from_the_token() {
        let app = token(serde_json::json!({"tid": "t-1", "appid": "a-1"}));
        assert_eq!(app.tenant_and_app(), Some(("t-1".into(), "a-1".into())));
        let delegated = token(serde_json::json!({"tid": "t-2", "azp": "a-2", "upn": "x@y"}));
        assert_eq!(
            delegated.tenant_and_app(),
            Some(("t-2".into(), "a-2".into()))
        );
        assert_eq!(Secret::new("opaque").tenant_and_app(), None);
        assert_eq!(
            token(serde_json::json!({"tid": "t"})).tenant_and_app(),
            None
        );
    }

    #[test]
    fn permissions_are_the_roles_of_an_app_or_the_scopes_of_a_user() {
        let app = token(serde_json::json!({"roles": ["Machine.Isolate", "Alert.Read.All"]}));
        assert_eq!(
            app.permissions().unwrap(),
            ["Machine.Isolate", "Alert.Read.All"]
        );
        let user = token(serde_json::json!({"scp": "Machine.Scan Alert.ReadWrite"}));
        assert_eq!(
            user.permissions().unwrap(),
            ["Machine.Scan", "Alert.ReadWrite"]
        );
        assert_eq!(Secret::new(String::from("opaque")).permissions(), None);
    }
}

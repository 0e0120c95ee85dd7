//! The alert queue's questions (`mde-api.md` §11): `GET /api/alerts` with an OData `$filter`
//! built from what the analyst asks for, `$top` and `$skip` (the API gives no next link with
//! `$top`: a full page means there may be more).

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::client::Client;
use super::endpoint::Endpoint;
use super::error::ApiError;
use super::model::{Alert, AlertStatus, Severity};

/// Which alerts: every criterion given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AlertQuery {
    /// Only alerts not resolved.
    pub open: bool,
    /// Only alerts in one of these statuses.
    pub statuses: Vec<AlertStatus>,
    /// Only alerts of this severity or above.
    pub min_severity: Option<Severity>,
    /// `Some(Some(upn))`: assigned to them; `Some(None)`: assigned to nobody.
    pub assigned_to: Option<Option<String>>,
    pub incident: Option<i64>,
    /// Only alerts created within this long before the call (a span, not a time, so that the
    /// query stays one resource: the engine's cache key).
    pub within: Option<Duration>,
    /// Only alerts updated after this time, as the API wrote it (a live queue's question:
    /// what changed since the newest update it holds).
    pub updated_after: Option<String>,
    /// At most this many (the API allows 10,000), from `skip` on.
    pub top: usize,
    pub skip: usize,
    /// With each alert's evidence (`$expand=evidence`, the only expansion; same one call).
    pub evidence: bool,
    /// Only these alerts (`id in (…)`): how a write reads what it is about to change.
    pub ids: Vec<String>,
}

/// OData's quoting: a quote inside a string is doubled.
pub(super) fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl AlertQuery {
    /// The `$filter` the criteria make when asked at `now`, if any.
    pub fn filter(&self, now: OffsetDateTime) -> Option<String> {
        let mut terms = Vec::new();
        if self.open {
            terms.push("status ne 'Resolved'".to_owned());
        }
        if !self.statuses.is_empty() {
            let names: Vec<String> = self.statuses.iter().map(|s| quoted(s.as_str())).collect();
            terms.push(format!("status in ({})", names.join(",")));
        }
        if let Some(min) = &self.min_severity {
            let names: Vec<String> = [
                Severity::Informational,
                Severity::Low,
                Severity::Medium,
                Severity::High,
            ]
            .into_iter()
            .filter(|s| s.rank() >= min.rank())
            .map(|s| quoted(s.as_str()))
            .collect();
            terms.push(format!("severity in ({})", names.join(",")));
        }
        match &self.assigned_to {
            Some(Some(who)) => terms.push(format!("assignedTo eq {}", quoted(who))),
            Some(None) => terms.push("assignedTo eq null".to_owned()),
            None => {}
        }
        if let Some(n) = self.incident {
            terms.push(format!("incidentId eq {n}"));
        }
        if !self.ids.is_empty() {
            let ids: Vec<String> = self.ids.iter().map(|id| quoted(id)).collect();
            terms.push(format!("id in ({})", ids.join(",")));
        }
        let since = self.within.map(|span| now - span);
        if let Some(since) = since.and_then(|t| t.replace_nanosecond(0).ok()?.format(&Rfc3339).ok())
        {
            terms.push(format!("alertCreationTime ge {since}"));
        }
        if let Some(after) = &self.updated_after {
            // An OData datetime literal is bare; anything but a time would change the query.
            if OffsetDateTime::parse(after, &Rfc3339).is_ok() {
                terms.push(format!("lastUpdateTime gt {after}"));
            }
        }
        (!terms.is_empty()).then(|| terms.join(" and "))
    }

    /// Whether `alert` is one the query asks for (at `now`): how a live queue decides what a
    /// changed alert does to it — stays, arrives or leaves.
    pub fn matches(&self, alert: &Alert, now: OffsetDateTime) -> bool {
        let time = |t: &Option<super::model::Timestamp>| t.as_ref().and_then(|t| t.datetime());
        self.matches_fields(alert)
            && self.within.is_none_or(|span| {
                time(&alert.alert_creation_time).is_some_and(|t| t >= now - span)
            })
    }

    /// [`Self::matches`] but for the creation time: whether an alert a write changed still
    /// belongs (its creation time does not change).
    pub fn matches_fields(&self, alert: &Alert) -> bool {
        let status = alert.status.as_ref();
        (!self.open || status != Some(&AlertStatus::Resolved))
            && (self.statuses.is_empty() || status.is_some_and(|s| self.statuses.contains(s)))
            && self.min_severity.as_ref().is_none_or(|min| {
                alert
                    .severity
                    .as_ref()
                    .is_some_and(|s| s.rank() >= min.rank())
            })
            && match &self.assigned_to {
                None => true,
                Some(None) => alert.assigned_to.as_deref().is_none_or(str::is_empty),
                Some(Some(who)) => alert
                    .assigned_to
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(who)),
            }
            && self.incident.is_none_or(|n| alert.incident_id == Some(n))
            && (self.ids.is_empty() || self.ids.contains(&alert.id))
    }

    /// How the query reads in a resource's name and a message.
    pub fn describe(&self) -> String {
        let mut text = format!("alerts?$top={}", self.top);
        if self.skip > 0 {
            text.push_str(&format!("&$skip={}", self.skip));
        }
        if let Some(within) = self.within {
            text.push_str(&format!(" (last {} s)", within.as_secs()));
        }
        // The span is shown above; the rest of the filter does not depend on the time.
        let timeless = Self {
            within: None,
            ..self.clone()
        };
        if let Some(filter) = timeless.filter(OffsetDateTime::UNIX_EPOCH) {
            text.push_str(&format!(" where {filter}"));
        }
        text
    }
}

impl Client {
    /// `GET /api/alerts` for `query`: one window of at most `query.top` alerts.
    pub async fn alerts(&self, query: &AlertQuery) -> Result<Vec<Alert>, ApiError> {
        let mut url = self.url(&["alerts"]);
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(filter) = query.filter(OffsetDateTime::now_utc()) {
                pairs.append_pair("$filter", &filter);
            }
            if query.evidence {
                pairs.append_pair("$expand", "evidence");
            }
        }
        let top = query.top.clamp(1, 10_000);
        self.window(Endpoint::LIST_ALERTS, &url, top, query.skip)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_make_one_filter() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::from_secs(86_400 * 2);
        assert_eq!(AlertQuery::default().filter(now), None);
        let q = AlertQuery {
            open: true,
            min_severity: Some(Severity::Medium),
            assigned_to: Some(Some("o'brien@contoso.com".into())),
            incident: Some(2211),
            ..AlertQuery::default()
        };
        assert_eq!(
            q.filter(now).unwrap(),
            "status ne 'Resolved' and severity in ('Medium','High') and assignedTo eq 'o''brien@contoso.com' and incidentId eq 2211"
        );
        let unassigned = AlertQuery {
            assigned_to: Some(None),
            statuses: vec![AlertStatus::New],
            ..AlertQuery::default()
        };
        assert_eq!(
            unassigned.filter(now).unwrap(),
            "status in ('New') and assignedTo eq null"
        );
        let changed = AlertQuery {
            updated_after: Some("2026-11-19T09:48:12.3456789Z".into()),
            ..AlertQuery::default()
        };
        assert_eq!(
            changed.filter(now).unwrap(),
            "lastUpdateTime gt 2026-11-19T09:48:12.3456789Z"
        );
        let injected = AlertQuery {
            updated_after: Some("2026-01-01T00:00:00Z or 1 eq 1".into()),
            ..AlertQuery::default()
        };
        assert_eq!(injected.filter(now), None, "only a time goes in");
        let recent = AlertQuery {
            within: Some(Duration::from_secs(86_400)),
            ..AlertQuery::default()
        };
        assert_eq!(
            recent.filter(now).unwrap(),
            "alertCreationTime ge 1970-01-02T00:00:00Z"
        );
    }
}

//! A finished write shown in what is held: the cache's and the store's copies of the alerts
//! it changed.

use std::sync::Arc;

use super::payload::Payload;
use super::resource::Resource;
use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate};

/// Shows a finished write in a cached payload: an alert the API answered with replaces its
/// copy; one written without an answer (a batch) gets the update's fields.
pub fn apply_write(
    resource: &Resource,
    payload: &mut Payload,
    done: &[AlertId],
    update: &AlertUpdate,
    answers: &[Alert],
) {
    let fresh = |alert: &Alert| -> Option<Alert> {
        if let Some(answer) = answers.iter().find(|a| a.id == alert.id) {
            return Some(answer.clone());
        }
        done.iter()
            .any(|id| id.as_str() == alert.id)
            .then(|| update.applied_to(alert))
    };
    match payload {
        Payload::Alert(a) => {
            if let Some(new) = fresh(a) {
                *a = Arc::new(new);
            }
        }
        Payload::Alerts(list) if list.iter().any(|a| fresh(a).is_some()) => {
            // A queue's question decides whether a written alert still belongs: one
            // resolved leaves an open-alerts queue at once, one write or many alike.
            let query = match resource {
                Resource::Alerts(query) => Some(query),
                _ => None,
            };
            *list = list
                .iter()
                .filter_map(|a| match fresh(a) {
                    Some(new) if query.is_some_and(|q| !q.matches_fields(&new)) => None,
                    Some(new) => Some(new),
                    None => Some(a.clone()),
                })
                .collect();
        }
        // Nothing else holds an alert's triage fields.
        _ => {}
    }
}

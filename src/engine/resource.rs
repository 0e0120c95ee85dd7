//! What can be fetched (an endpoint and an id) and what comes back. A resource names no clock
//! time, so a cache key never changes by itself; the one time in one, `MachinesByIp`'s, is the
//! alert's (a fact of the question asked, the same on every ask).

use std::fmt;
use std::sync::Arc;

use reqwest::Url;
use serde::de::DeserializeOwned;

use crate::api::model::{Alert, DomainStats, Evidence, File, FileStats, IpStats, Machine, User};
use crate::api::{
    AlertId, AlertQuery, AlertUpdate, ApiError, Client, Domain, Endpoint, FileHash, Ip, MachineId,
    Page, Sha1, UserName,
};

/// One API resource. Also the cache key: two requests for the same resource are the same
/// request, whoever makes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    User(UserName),
    UserAlerts(UserName),
    UserMachines(UserName),
    Alert(AlertId),
    AlertUser(AlertId),
    AlertMachine(AlertId),
    Machine(MachineId),
    MachineAlerts(MachineId),
    MachineLogonUsers(MachineId),
    /// The tenant's alerts that match: the queue, an incident's alerts. One window of
    /// `$top`, so not a paged list: the next window is another query.
    Alerts(Box<AlertQuery>),
    /// An alert's evidence and logged-on users, one row each: read from the alert itself
    /// (see [`Resource::source`]), never asked of the API on its own.
    AlertEvidence(AlertId),
    File(FileHash),
    FileStats(FileHash),
    FileAlerts(Sha1),
    FileMachines(Sha1),
    IpAlerts(Ip),
    IpStats(Ip),
    /// The machines that used an address within 15 minutes of a time (an alert's).
    MachinesByIp(Ip, time::OffsetDateTime),
    DomainAlerts(Domain),
    DomainMachines(Domain),
    DomainStats(Domain),
}

impl Resource {
    /// The tenant's alerts that `query` asks for.
    pub fn alerts(query: AlertQuery) -> Self {
        Self::Alerts(Box::new(query))
    }

    /// Whether the answer is a list that comes in pages.
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Self::UserAlerts(_)
                | Self::UserMachines(_)
                | Self::MachineAlerts(_)
                | Self::MachineLogonUsers(_)
                | Self::FileAlerts(_)
                | Self::FileMachines(_)
                | Self::IpAlerts(_)
                | Self::MachinesByIp(..)
                | Self::DomainAlerts(_)
                | Self::DomainMachines(_)
        )
    }

    /// The resource this one is read from, when it is part of another's answer (an alert's
    /// evidence is in the alert): what to ask the API for instead.
    pub fn source(&self) -> Option<Resource> {
        match self {
            Self::AlertEvidence(id) => Some(Self::Alert(id.clone())),
            _ => None,
        }
    }

    pub fn endpoint(&self) -> Endpoint {
        match self {
            Self::User(_) => Endpoint::GetUser,
            Self::UserAlerts(_) => Endpoint::UserAlerts,
            Self::UserMachines(_) => Endpoint::UserMachines,
            Self::Alert(_) => Endpoint::GetAlert,
            Self::AlertUser(_) => Endpoint::AlertUser,
            Self::AlertMachine(_) => Endpoint::AlertMachine,
            Self::Machine(_) => Endpoint::GetMachine,
            Self::MachineAlerts(_) => Endpoint::MachineAlerts,
            Self::MachineLogonUsers(_) => Endpoint::MachineLogonUsers,
            Self::Alerts(_) => Endpoint::ListAlerts,
            Self::AlertEvidence(_) => Endpoint::GetAlert,
            Self::File(_) => Endpoint::GetFile,
            Self::FileStats(_) => Endpoint::FileStats,
            Self::FileAlerts(_) => Endpoint::FileAlerts,
            Self::FileMachines(_) => Endpoint::FileMachines,
            Self::IpAlerts(_) => Endpoint::IpAlerts,
            Self::IpStats(_) => Endpoint::IpStats,
            Self::MachinesByIp(..) => Endpoint::MachinesByIp,
            Self::DomainAlerts(_) => Endpoint::DomainAlerts,
            Self::DomainMachines(_) => Endpoint::DomainMachines,
            Self::DomainStats(_) => Endpoint::DomainStats,
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = match self {
            Self::User(u) | Self::UserAlerts(u) | Self::UserMachines(u) => u.to_string(),
            Self::Alert(a) | Self::AlertUser(a) | Self::AlertMachine(a) => a.to_string(),
            Self::AlertEvidence(a) => return write!(f, "alerts/{a} evidence"),
            Self::Machine(m) | Self::MachineAlerts(m) | Self::MachineLogonUsers(m) => m.to_string(),
            Self::Alerts(query) => return f.write_str(&query.describe()),
            Self::File(h) | Self::FileStats(h) => h.to_string(),
            Self::FileAlerts(h) | Self::FileMachines(h) => h.to_string(),
            Self::IpAlerts(ip) | Self::IpStats(ip) => ip.to_string(),
            Self::MachinesByIp(ip, at) => {
                let at = crate::api::model::Timestamp::Parsed(*at).short();
                return write!(f, "machines/findbyip({ip} at {at} UTC)");
            }
            Self::DomainAlerts(d) | Self::DomainMachines(d) | Self::DomainStats(d) => d.to_string(),
        };
        write!(f, "{}", self.endpoint().name().replace("{id}", &id))
    }
}

/// A fetched resource. Shared, because the cache and every view that shows it hold it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Payload {
    User(Arc<User>),
    Alert(Arc<Alert>),
    Machine(Arc<Machine>),
    Alerts(Arc<[Alert]>),
    Machines(Arc<[Machine]>),
    Users(Arc<[User]>),
    File(Arc<File>),
    FileStats(Arc<FileStats>),
    IpStats(Arc<IpStats>),
    DomainStats(Arc<DomainStats>),
    /// An alert's evidence rows (its logged-on users among them).
    Evidence(Arc<[Evidence]>),
}

/// List items gathered page by page.
#[derive(Debug, Clone)]
pub enum Partial {
    Alerts(Vec<Alert>),
    Machines(Vec<Machine>),
    Users(Vec<User>),
}

impl Partial {
    fn append(&mut self, more: Partial) {
        match (self, more) {
            (Self::Alerts(a), Self::Alerts(b)) => a.extend(b),
            (Self::Machines(a), Self::Machines(b)) => a.extend(b),
            (Self::Users(a), Self::Users(b)) => a.extend(b),
            _ => unreachable!("pages of one resource share a type"),
        }
    }

    /// Items gathered so far.
    pub fn count(&self) -> usize {
        match self {
            Self::Alerts(v) => v.len(),
            Self::Machines(v) => v.len(),
            Self::Users(v) => v.len(),
        }
    }

    pub fn into_payload(self) -> Payload {
        match self {
            Self::Alerts(v) => Payload::Alerts(v.into()),
            Self::Machines(v) => Payload::Machines(v.into()),
            Self::Users(v) => Payload::Users(v.into()),
        }
    }
}

/// Where a list's next page is.
#[derive(Debug, Clone)]
pub enum Next {
    /// The server's `@odata.nextLink`.
    Link(Url),
    /// `$top` items from `$skip` on, at the list's own URL: how a list whose pages are too
    /// large for the body cap is read instead (the API gives no next link with `$top`).
    Window { url: Url, top: usize, skip: usize },
}

/// The outcome of one HTTP call: a whole entity, or a page and perhaps where the next is.
#[derive(Debug)]
pub enum Step {
    Done(Payload),
    Page(Partial, Option<Next>),
}

fn page<T>(p: Page<T>, wrap: fn(Vec<T>) -> Partial) -> Step {
    Step::Page(wrap(p.items), p.next.map(Next::Link))
}

/// The next page of a list, by link or by window.
async fn next_step<T: DeserializeOwned>(
    client: &Client,
    endpoint: Endpoint,
    next: Next,
    wrap: fn(Vec<T>) -> Partial,
) -> Result<Step, ApiError> {
    Ok(match next {
        Next::Link(link) => page(client.next_page(endpoint, link).await?, wrap),
        Next::Window { url, top, skip } => {
            let items: Vec<T> = client.window(endpoint, &url, top, skip).await?;
            // A full window may have more behind it; a short one is the end.
            let more = (items.len() == top).then(|| Next::Window {
                url,
                top,
                skip: skip + top,
            });
            Step::Page(wrap(items), more)
        }
    })
}

/// Makes one call for `resource`: the first page, or the page behind `next`.
pub async fn fetch_step(
    client: &Client,
    resource: &Resource,
    next: Option<Next>,
) -> Result<Step, ApiError> {
    let endpoint = resource.endpoint();
    if let Some(next) = next {
        return match resource {
            Resource::UserAlerts(_)
            | Resource::MachineAlerts(_)
            | Resource::FileAlerts(_)
            | Resource::IpAlerts(_)
            | Resource::DomainAlerts(_) => next_step(client, endpoint, next, Partial::Alerts).await,
            Resource::UserMachines(_)
            | Resource::FileMachines(_)
            | Resource::MachinesByIp(..)
            | Resource::DomainMachines(_) => {
                next_step(client, endpoint, next, Partial::Machines).await
            }
            Resource::MachineLogonUsers(_) => {
                next_step(client, endpoint, next, Partial::Users).await
            }
            _ => unreachable!("only lists have next pages"),
        };
    }
    Ok(match resource {
        Resource::User(u) => Step::Done(Payload::User(Arc::new(client.user(u).await?))),
        Resource::UserAlerts(u) => page(client.user_alerts(u).await?, Partial::Alerts),
        Resource::UserMachines(u) => page(client.user_machines(u).await?, Partial::Machines),
        Resource::Alert(a) => Step::Done(Payload::Alert(Arc::new(client.alert(a).await?))),
        Resource::AlertUser(a) => Step::Done(Payload::User(Arc::new(client.alert_user(a).await?))),
        Resource::AlertMachine(a) => {
            Step::Done(Payload::Machine(Arc::new(client.alert_machine(a).await?)))
        }
        Resource::Machine(m) => Step::Done(Payload::Machine(Arc::new(client.machine(m).await?))),
        Resource::MachineAlerts(m) => page(client.machine_alerts(m).await?, Partial::Alerts),
        Resource::MachineLogonUsers(m) => {
            page(client.machine_logon_users(m).await?, Partial::Users)
        }
        Resource::Alerts(query) => Step::Done(Payload::Alerts(client.alerts(query).await?.into())),
        Resource::AlertEvidence(a) => Step::Done(Payload::Evidence(
            client.alert(a).await?.evidence_rows().into(),
        )),
        Resource::File(h) => Step::Done(Payload::File(Arc::new(client.file(h).await?))),
        Resource::FileStats(h) => {
            Step::Done(Payload::FileStats(Arc::new(client.file_stats(h).await?)))
        }
        Resource::FileAlerts(h) => page(client.file_alerts(h).await?, Partial::Alerts),
        Resource::FileMachines(h) => page(client.file_machines(h).await?, Partial::Machines),
        Resource::IpAlerts(ip) => page(client.ip_alerts(ip).await?, Partial::Alerts),
        Resource::IpStats(ip) => Step::Done(Payload::IpStats(Arc::new(client.ip_stats(ip).await?))),
        Resource::MachinesByIp(ip, at) => {
            page(client.machines_by_ip(ip, *at).await?, Partial::Machines)
        }
        Resource::DomainAlerts(d) => page(client.domain_alerts(d).await?, Partial::Alerts),
        Resource::DomainMachines(d) => page(client.domain_machines(d).await?, Partial::Machines),
        Resource::DomainStats(d) => Step::Done(Payload::DomainStats(Arc::new(
            client.domain_stats(d).await?,
        ))),
    })
}

/// Adds a page to what a job has gathered so far.
pub fn gather(into: &mut Option<Partial>, page: Partial) {
    match into {
        Some(acc) => acc.append(page),
        None => *into = Some(page),
    }
}

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
        Payload::Alerts(list) => {
            if list.iter().any(|a| fresh(a).is_some()) {
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
        }
        Payload::Machine(_)
        | Payload::Machines(_)
        | Payload::User(_)
        | Payload::Users(_)
        | Payload::File(_)
        | Payload::FileStats(_)
        | Payload::IpStats(_)
        | Payload::DomainStats(_)
        | Payload::Evidence(_) => {}
    }
}

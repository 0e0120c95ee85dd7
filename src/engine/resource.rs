//! What can be fetched (an endpoint and an id) and what comes back, as two tables: one row
//! per resource (its id, endpoint, answer and the client call) and one per payload type.
//! Adding a kind adds its rows here and nothing else in the engine. A resource names no clock
//! time, so a cache key never changes by itself; the one time in one, `MachinesByIp`'s, is the
//! alert's (a fact of the question asked, the same on every ask).

use std::fmt;
use std::sync::Arc;

use super::change::Change;
use super::paging::{Next, Step, next_step, page};
use super::payload::Partial;
use super::payload::Payload;
use crate::api::model::names_machine;
use crate::api::{
    ActionQuery, AlertId, AlertQuery, ApiError, Client, Domain, Endpoint, FileHash, HuntQuery,
    IndicatorScope, Ip, MachineId, Sha1, UserName,
};

/// Declares [`Resource`] and [`fetch_step`] from one row per resource:
/// `Variant(id: Type, …) via ENDPOINT, answer Payload = |client| call, shown id|text expr;`
/// where the answer is `one` entity, a paged `list` or a `whole` list in one answer, and
/// `shown` is the id put in the endpoint's `{id}` (or the whole `text`) for the status bar.
macro_rules! resources {
    ($(
        $(#[$doc:meta])*
        $variant:ident ( $($field:ident : $ty:ty),* ) via $endpoint:ident,
        $answer:ident $wrap:ident = |$client:ident| $call:expr, shown $how:ident $shown:expr;
    )*) => {
        /// One API resource. Also the cache key: two requests for the same resource are the
        /// same request, whoever makes them.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Resource {
            $( $(#[$doc])* $variant($($ty),*), )*
        }

        impl Resource {
            pub fn endpoint(&self) -> Endpoint {
                match self {
                    $( Self::$variant(..) => Endpoint::$endpoint, )*
                }
            }

            /// Whether the answer is a list that comes in pages.
            pub fn is_list(&self) -> bool {
                match self {
                    $( Self::$variant(..) => resources!(@paged $answer), )*
                }
            }
        }

        impl fmt::Display for Resource {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let name = self.endpoint().name();
                match self {
                    $( Self::$variant($($field),*) => resources!(@shown f, name, $how $shown), )*
                }
            }
        }

        /// Makes one call for `resource`: the first page, or the page behind `next`.
        pub async fn fetch_step(
            client: &Client,
            resource: &Resource,
            next: Option<Next>,
        ) -> Result<Step, ApiError> {
            let endpoint = resource.endpoint();
            match resource {
                $( Resource::$variant($($field),*) => {
                    let $client = client;
                    resources!(@fetch $answer $wrap, $call, client, endpoint, next)
                } )*
            }
        }
    };
    (@paged list) => { true };
    (@paged $other:ident) => { false };
    (@shown $f:ident, $name:ident, id $id:expr) => {
        write!($f, "{}", $name.replace("{id}", &$id.to_string()))
    };
    (@shown $f:ident, $name:ident, text $text:expr) => { write!($f, "{}", $text) };
    (@fetch one $wrap:ident, $call:expr, $c:ident, $e:ident, $next:ident) => {{
        debug_assert!($next.is_none(), "only lists have next pages");
        Ok(Step::Done(Payload::$wrap(Arc::new($call.await?))))
    }};
    (@fetch whole $wrap:ident, $call:expr, $c:ident, $e:ident, $next:ident) => {{
        debug_assert!($next.is_none(), "only lists have next pages");
        Ok(Step::Done(Payload::$wrap($call.await?.into())))
    }};
    (@fetch list $wrap:ident, $call:expr, $c:ident, $e:ident, $next:ident) => {
        match $next {
            Some(next) => next_step($c, $e, next, Partial::$wrap).await,
            None => Ok(page($call.await?, Partial::$wrap)),
        }
    };
}

resources! {
    User(u: UserName) via GET_USER, one User = |c| c.user(u), shown id u;
    UserAlerts(u: UserName) via USER_ALERTS, list Alerts = |c| c.user_alerts(u), shown id u;
    UserMachines(u: UserName) via USER_MACHINES, list Machines = |c| c.user_machines(u), shown id u;
    Alert(a: AlertId) via GET_ALERT, one Alert = |c| c.alert(a), shown id a;
    AlertUser(a: AlertId) via ALERT_USER, one User = |c| c.alert_user(a), shown id a;
    AlertMachine(a: AlertId) via ALERT_MACHINE, one Machine = |c| c.alert_machine(a), shown id a;
    Machine(m: MachineId) via GET_MACHINE, one Machine = |c| c.machine(m), shown id m;
    MachineAlerts(m: MachineId) via MACHINE_ALERTS, list Alerts = |c| c.machine_alerts(m),
        shown id m;
    MachineLogonUsers(m: MachineId) via MACHINE_LOGON_USERS, list Users =
        |c| c.machine_logon_users(m), shown id m;
    /// The tenant's alerts that match: the queue, an incident's alerts. One window of
    /// `$top`, so not a paged list: the next window is another query.
    Alerts(query: Box<AlertQuery>) via LIST_ALERTS, whole Alerts = |c| c.alerts(query),
        shown text query.describe();
    /// An alert's evidence and logged-on users, one row each: read from the alert itself
    /// (see [`Resource::source`]), never asked of the API on its own.
    AlertEvidence(a: AlertId) via GET_ALERT, whole Evidence =
        |c| async { c.alert(a).await.map(|alert| alert.evidence_rows()) },
        shown text format!("alerts/{a} evidence");
    File(h: FileHash) via GET_FILE, one File = |c| c.file(h), shown id h;
    FileStats(h: FileHash) via FILE_STATS, one FileStats = |c| c.file_stats(h), shown id h;
    FileAlerts(h: Sha1) via FILE_ALERTS, list Alerts = |c| c.file_alerts(h), shown id h;
    FileMachines(h: Sha1) via FILE_MACHINES, list Machines = |c| c.file_machines(h), shown id h;
    IpAlerts(ip: Ip) via IP_ALERTS, list Alerts = |c| c.ip_alerts(ip), shown id ip;
    IpStats(ip: Ip) via IP_STATS, one IpStats = |c| c.ip_stats(ip), shown id ip;
    /// The machines that used an address within 15 minutes of a time (an alert's).
    MachinesByIp(ip: Ip, at: time::OffsetDateTime) via MACHINES_BY_IP, list Machines =
        |c| c.machines_by_ip(ip, *at),
        shown text format!(
            "machines/findbyip({ip} at {} UTC)",
            crate::api::model::Timestamp::Parsed(*at).short()
        );
    DomainAlerts(d: Domain) via DOMAIN_ALERTS, list Alerts = |c| c.domain_alerts(d), shown id d;
    DomainMachines(d: Domain) via DOMAIN_MACHINES, list Machines = |c| c.domain_machines(d),
        shown id d;
    DomainStats(d: Domain) via DOMAIN_STATS, one DomainStats = |c| c.domain_stats(d),
        shown id d;
    /// The tenant's custom indicators of a scope of types.
    Indicators(scope: IndicatorScope) via LIST_INDICATORS, list Indicators =
        |c| c.indicators(*scope), shown text format!("indicators ({scope})");
    /// A machine's response actions, newest first.
    MachineActions(m: MachineId) via LIST_ACTIONS, list Actions =
        |c| c.machine_actions(&ActionQuery { machine: Some(m.clone()), ..ActionQuery::default() }),
        shown text format!("machineactions of {m}");
    /// One machine action, by its id.
    MachineAction(id: String) via LIST_ACTIONS, one Action = |c| c.machine_action(id),
        shown text format!("machineactions/{}", crate::sanitize::line(id));
    /// The signed link to a collection's package: a secret, never cached nor shared.
    PackageLink(id: String) via PACKAGE_URI, one Link = |c| c.package_link(id),
        shown text format!("machineactions/{}/getPackageUri", crate::sanitize::line(id));
    /// The machines that carry a tag.
    MachinesByTag(tag: String) via FIND_BY_TAG, list Machines = |c| c.machines_by_tag(tag),
        shown text format!("machines tagged “{}”", crate::sanitize::line(tag));
    /// A hunting query's answer, through Graph.
    Hunt(q: Box<HuntQuery>) via HUNT, one Hunt = |c| c.hunt(q),
        shown text format!("hunt ({})", q.timespan);
}

impl Resource {
    /// Whether its answer is a secret (a package's signed link): never kept in a cache,
    /// here or the team's, and asked of the API each time.
    pub fn is_secret(&self) -> bool {
        matches!(self, Self::PackageLink(_))
    }

    /// Whether its call is stopped when nobody waits for it: a hunt (it spends CPU quota).
    pub fn is_abortable(&self) -> bool {
        matches!(self, Self::Hunt(_))
    }

    /// Whether its answer may go through the team's shared cache: not a secret, and not a
    /// hunt (its rows can be 50 MB, and its key would not say its query).
    pub fn is_shared(&self) -> bool {
        !matches!(self, Self::PackageLink(_) | Self::Hunt(_))
    }

    /// Whether `change` makes what is known of it stale: an indicator's lists, a
    /// machine (its tags) and its actions, the machines of a tag.
    pub fn stale_after(&self, change: &Change) -> bool {
        let machine = |id: &MachineId, m: &crate::api::model::Machine| {
            names_machine(id.as_str(), &m.id, m.computer_dns_name.as_deref())
        };
        match (self, change) {
            (
                Self::Indicators(_),
                Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. },
            ) => true,
            (Self::MachineActions(id), Change::Respond { machine: m, .. }) => machine(id, m),
            (Self::Machine(id), Change::Tag { machine: m, .. }) => machine(id, m),
            (Self::MachinesByTag(tag), Change::Tag { tag: t, .. }) => tag == t,
            (Self::MachineAction(id), Change::CancelAction { action, .. }) => *id == action.id,
            (Self::MachineActions(id), Change::CancelAction { action, .. }) => names_machine(
                id.as_str(),
                action.machine_id.as_deref().unwrap_or_default(),
                action.computer_dns_name.as_deref(),
            ),
            _ => false,
        }
    }

    /// The tenant's alerts that `query` asks for.
    pub fn alerts(query: AlertQuery) -> Self {
        Self::Alerts(Box::new(query))
    }

    /// The resource this one is read from, when it is part of another's answer (an alert's
    /// evidence is in the alert): what to ask the API for instead.
    pub fn source(&self) -> Option<Resource> {
        match self {
            Self::AlertEvidence(id) => Some(Self::Alert(id.clone())),
            _ => None,
        }
    }
}

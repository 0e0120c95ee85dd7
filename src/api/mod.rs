//! The headless Defender for Endpoint client: entities, ids, auth, clouds and one typed method
//! per endpoint. It knows nothing of the engine or the terminal.

mod actions;
pub mod auth;
pub mod client;
pub mod cloud;
mod endpoint;
pub mod error;
mod evidence;
mod hunt;
pub mod ids;
mod indicators;
pub mod model;
mod next_link;
pub mod observable;
pub mod query;
pub mod secret;
mod status;
mod transport;
pub mod update;

pub use actions::{
    ActionQuery, MachineAction, PackageLink, ResponseAction, check_comment, check_tag,
    download_package,
};
pub use auth::{Credentials, TokenSource};
pub use client::{Client, ClientOptions, Page};
pub use cloud::{Cloud, Endpoints, Region};
pub use endpoint::Endpoint;
pub use error::ApiError;
pub use hunt::{
    HuntCell, HuntColumn, HuntQuery, HuntRow, HuntTable, MAX_QUERY_CHARS, Template, TemplateError,
    literal,
};
pub use ids::{AlertId, MachineId, UserName};
pub use indicators::{
    Indicator, IndicatorAction, IndicatorScope, IndicatorType, NewIndicator, caution,
    signed_caution,
};
pub use observable::{Domain, FileHash, Ip, Sha1};
pub use query::AlertQuery;
pub use secret::Secret;
pub use update::AlertUpdate;

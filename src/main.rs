//! mdetui: arguments → settings → one of explorer, one-shot query or simulator.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use mdetui::api::{Client, ClientOptions, Credentials};
use mdetui::app::{Model, Session};
use mdetui::cli::{Cli, Command, SimulateArgs};
use mdetui::config::{self, Settings, Target};
use mdetui::engine::{self, EngineConfig};
use mdetui::query::write::{self as writes, indicators};
use mdetui::sim::{self, RunningSim, SimConfig};
use mdetui::{logging, query, term};

fn main() -> ExitCode {
    // The zone's offset can only be read while this is the one thread (see `time`'s
    // `current_local_offset`): before logging and the runtime start theirs.
    let local_offset = time::UtcOffset::current_local_offset().ok();
    LOCAL_OFFSET.set(local_offset).ok();
    exit_on_panic();
    let cli = match Cli::parse_or_say() {
        Ok(cli) => cli,
        Err(line) => {
            eprintln!("mdetui: {}", mdetui::sanitize::line(&line));
            return ExitCode::from(2);
        }
    };
    let _log = logging::init(&config::state_dir());
    mdetui::memory::large_blocks_apart();
    // A one-shot runs on this thread alone: its pages are decoded, printed and freed where
    // the next is decoded, so the allocator reuses one page's memory for the next (threads
    // each get an arena of their own) and a long list's peak stays that of a page.
    let one_shot = !matches!(cli.command, None | Some(Command::Simulate(_)));
    let mut builder = if one_shot {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(2);
        builder
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(run(cli))
}

/// The local zone's offset as read at start, if it could be.
static LOCAL_OFFSET: std::sync::OnceLock<Option<time::UtcOffset>> = std::sync::OnceLock::new();

/// A panic anywhere — the engine's task included — ends the whole program. The explorer's
/// terminal set-up wraps this hook, so the terminal is given back before the message shows.
fn exit_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        std::process::exit(101);
    }));
}

/// A query's answer on stdout (see [`query::Out`]): JSON to a terminal made inert, a closed
/// pipe (`| head`) no error.
fn print_out(text: &str, json: bool) -> ExitCode {
    let mut out = query::Out::stdout(json);
    out.write(text);
    ended(out.finish())
}

fn ended(ended: query::Ended) -> ExitCode {
    match ended {
        query::Ended::Done => ExitCode::SUCCESS,
        query::Ended::Failed(e) => fail(&format!("cannot write the answer: {e}")),
    }
}

/// One line on stderr, cleaned: error messages carry server text and local input alike.
fn fail(message: &str) -> ExitCode {
    // One line, whatever the message holds: a server's text cannot forge another.
    eprintln!("mdetui: {}", mdetui::sanitize::line(message));
    ExitCode::FAILURE
}

/// How long the start waits on `az` for "me".
const AZ_WAIT: Duration = Duration::from_secs(4);

async fn run(cli: Cli) -> ExitCode {
    if let Some(Command::Simulate(args)) = &cli.command {
        return simulate(args, &cli.global).await;
    }
    if let Some(Command::Audit(args)) = &cli.command {
        let path = config::state_dir().join("audit.jsonl");
        return match mdetui::query::write::history::show(&path, args) {
            Ok(text) => print_out(&text, args.json),
            Err(e) => fail(&e),
        };
    }
    let file = match config::load_file(cli.global.config.as_deref()) {
        Ok(file) => file,
        Err(e) => return fail(&e.to_string()),
    };
    let settings = match config::resolve(
        &cli.global,
        file,
        std::env::var("MDETUI_TOKEN").ok(),
        std::env::var("AZURE_CLIENT_SECRET").ok(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    ) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let connection = match connect(&settings).await {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    // Signed in with the Azure CLI, "me" is the user its token was issued to, unless the
    // config says. The token is the first call's anyway, and is kept for it; an `az` slower
    // than a few seconds is left to that call rather than hold up the start.
    let mut settings = settings;
    let tokens = connection.client.tokens();
    if settings.me.is_none() && matches!(tokens.credentials(), Credentials::AzureCli) {
        let token = tokio::time::timeout(AZ_WAIT, tokens.token()).await;
        settings.me = token.ok().and_then(Result::ok).and_then(|t| t.user_claim());
    }
    let (tenant, app, permissions) = whose(&connection).await;
    let team = settings.team.as_ref().map(|t| engine::team::TeamConfig {
        url: t.url.clone(),
        password: t.password.clone(),
        tenant: tenant.clone(),
        client_id: app.clone(),
        shared_scope: t.scope == config::BudgetScope::Shared,
        shared_cache: t.shared_cache.clone(),
    });
    let engine_config = EngineConfig {
        audit: Some(
            mdetui::query::write::audit_config(
                &connection.client,
                config::state_dir().join("audit.jsonl"),
                &tenant,
                &app,
                settings.me.clone(),
                cli.command.is_some(),
            )
            .await,
        ),
        team,
        limits: settings.limits,
        hunt_limits: settings.hunt_limits,
        cache_ttl: settings.cache_ttl,
        headroom: settings
            .prefetch
            .map_or_else(Default::default, |p| engine::Headroom {
                minute: p.minute,
                hour: p.hour,
            }),
        ..EngineConfig::default()
    };
    let (handle, mut events) = engine::spawn(connection.client.clone(), engine_config);
    // A script whose credentials failed to load must not get (or change) the demo's data as
    // if it were its tenant's: one-shot commands use the demo only when asked to.
    if cli.command.is_some() {
        if matches!(settings.target, Target::Demo) && !cli.global.demo {
            return fail(
                "no credentials: set MDETUI_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or pass --azure-cli; --demo answers from the built-in demo tenant",
            );
        }
        if cli.global.demo {
            eprintln!("mdetui: answering from the built-in demo tenant (--demo), not a real one");
        }
    }
    let (hunts, unread) = config::hunts::load(config::hunts::default_dir().as_deref());
    unread
        .iter()
        .for_each(|p| tracing::warn!("a saved hunt left out: {p}"));
    match cli.command {
        Some(command) if command.is_write() => {
            if settings.read_only {
                return fail("read-only: writes are refused (--read-only or read_only = true)");
            }
            let (me, typed_at) = (settings.me.as_deref(), settings.typed_confirm_at);
            let done = match command {
                Command::Indicator { action } => {
                    let label = &connection.label;
                    indicators::run(action, label, typed_at, &handle, &mut events).await
                }
                Command::Kind(kind) => {
                    writes::respond::run(kind, &connection.label, &handle, &mut events).await
                }
                Command::Action {
                    id, comment, yes, ..
                } => {
                    let label = &connection.label;
                    writes::respond::cancel(&id, comment, yes, label, &handle, &mut events).await
                }
                command => writes::run(command, me, typed_at, &handle, &mut events).await,
            };
            match done {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => fail(&e),
            }
        }
        Some(command) => {
            if let Command::Hunt(args) = &command
                && args.list
            {
                return print_out(&query::hunt::list(&hunts), false);
            }
            let question = match query::question_for(&command, settings.me.as_deref(), &hunts) {
                Ok(q) => q,
                Err(e) => return fail(&e),
            };
            let output = command.output().unwrap_or_default();
            let format = query::Format::of(&output);
            let mut out = query::Out::stdout(output.json || output.jsonl);
            let asked = query::run(&handle, &mut events, question, format, &mut out).await;
            match (asked, out.finish()) {
                (Ok(()), done) => ended(done),
                // What was printed stays printed; the line says why the rest is missing.
                (Err(e), _) => fail(&e.short()),
            }
        }
        None => {
            let session = Session {
                label: connection.label,
                demo: connection.sim.is_some(),
                portal: connection.portal,
                tenant_id: connection.tenant_id,
                keymap: settings.keymap,
                theme: settings.theme,
                mouse: settings.mouse,
                tmux: std::env::var_os("TMUX").is_some(),
                started: std::time::SystemTime::now(),
                fresh_for: settings.cache_ttl,
                prefetch: settings.prefetch,
                read_only: settings.read_only,
                typed_confirm_at: settings.typed_confirm_at,
                live_cap: settings.live_cap,
                me: settings.me.clone(),
                permissions,
                start_queue: settings
                    .start_queue
                    .then_some(mdetui::entity::queue::Scope::Open),
                time_offset: if settings.local_times {
                    LOCAL_OFFSET.get().copied().flatten()
                } else {
                    None
                },
                hunts,
                timeline: settings.timeline,
                folder: std::env::current_dir()
                    .map_or_else(|_| ".".to_owned(), |d| d.display().to_string()),
                live_every: settings
                    .live_share
                    .map(|share| mdetui::app::live::period(share, settings.limits.per_hour)),
            };
            let model = Model::new(session, tokio::time::Instant::now().into_std());
            let effects = term::Effects::from_environment(&config::state_dir()).remembering_in(
                cli.global
                    .config
                    .clone()
                    .or_else(config::default_config_path),
            );
            match term::run(handle, events, model, effects).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

/// The tenant and app registration the connection works for: the configured ones for client
/// credentials, else the token's own claims (`tid`, `appid`/`azp`), so two tenants' tokens
/// never share the team's windows or answers; an opaque token says so in its names.
/// With a token read here (a static or Azure CLI one), also what it may do (its `roles` or
/// `scp`); client credentials sign in on the first call, and the engine says them then.
async fn whose(connection: &Connection) -> (String, String, Option<Vec<String>>) {
    if let Some(tenant) = &connection.tenant_id {
        return (tenant.clone(), connection.client_id.clone(), None);
    }
    let tokens = connection.client.tokens();
    let token = tokio::time::timeout(AZ_WAIT, tokens.token())
        .await
        .ok()
        .and_then(Result::ok);
    let permissions = token.as_ref().and_then(|t| t.permissions());
    let (tenant, app) = token.and_then(|t| t.tenant_and_app()).unwrap_or_else(|| {
        tracing::warn!("the token names no tenant or app: the team's keys say opaque token");
        let opaque = engine::team::OPAQUE.to_owned();
        (opaque.clone(), opaque)
    });
    (tenant, app, permissions)
}

struct Connection {
    client: Client,
    label: String,
    /// The app registration (or the credential kind), so the team's budget is per app.
    client_id: String,
    portal: String,
    tenant_id: Option<String>,
    /// The embedded simulator of the demo, kept alive while it serves.
    sim: Option<RunningSim>,
}

async fn connect(settings: &Settings) -> Result<Connection, String> {
    let options = ClientOptions {
        timeout: settings.timeout,
        ..ClientOptions::default()
    };
    match &settings.target {
        Target::Remote {
            endpoints,
            credentials,
            graph,
        } => Ok(Connection {
            client: Client::connected(endpoints, credentials.clone(), graph.clone(), &options),
            label: credentials.describe(),
            client_id: match credentials {
                mdetui::api::Credentials::ClientSecret { client_id, .. } => client_id.clone(),
                other => other.describe(),
            },
            portal: endpoints.portal.clone(),
            tenant_id: match credentials {
                mdetui::api::Credentials::ClientSecret { tenant, .. } => Some(tenant.clone()),
                _ => None,
            },
            sim: None,
        }),
        Target::Demo => {
            let tenant = sim::generate::demo_at(time::OffsetDateTime::now_utc());
            let config = SimConfig {
                limits: settings.limits,
                // The demo tenant is alive: the live queue has something to show.
                new_alert_every: Some(Duration::from_secs(180)),
                ..SimConfig::new(&tenant.tenant_id)
            };
            let creds = config.credentials.clone();
            let running = sim::start(config, tenant, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .map_err(|e| format!("cannot start the demo simulator: {e}"))?;
            let (endpoints, credentials) = sim::demo_connection(&running, &creds);
            Ok(Connection {
                client: Client::connected(
                    &endpoints,
                    credentials.clone(),
                    Some(credentials),
                    &options,
                ),
                label: "DEMO".to_owned(),
                client_id: creds.client_id.clone(),
                portal: endpoints.portal.clone(),
                tenant_id: Some(creds.tenant_id.clone()),
                sim: Some(running),
            })
        }
    }
}

async fn simulate(args: &SimulateArgs, global: &mdetui::cli::GlobalArgs) -> ExitCode {
    if !args.addr.ip().is_loopback() && !args.allow_remote {
        return fail(&format!(
            "{} is not a loopback address; the simulator has no real security (use --allow-remote to insist)",
            args.addr
        ));
    }
    let tenant = match sim::tenant_for(args.tenant.as_deref(), args.scale) {
        Ok(tenant) => tenant,
        Err(e) => return fail(&e),
    };
    let config = args.config(&tenant.tenant_id, global);
    let (users, machines, alerts) = tenant.counts();
    let creds = config.credentials.clone();
    let running = match sim::start(config, tenant, args.addr).await {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot listen on {}: {e}", args.addr)),
    };
    let base = running.base_url();
    println!("mdetui simulator on {base} ({users} users, {machines} machines, {alerts} alerts)");
    println!("  AZURE_TENANT_ID={}", creds.tenant_id);
    println!("  AZURE_CLIENT_ID={}", creds.client_id);
    println!("  AZURE_CLIENT_SECRET={}", creds.client_secret);
    println!("  AZURE_AUTHORITY_HOST={base}");
    println!("  MDETUI_API_URL={base}");
    println!("  MDETUI_GRAPH_URL={base}");
    if let Some(token) = &args.token {
        println!("  MDETUI_TOKEN={token}");
    }
    println!("Ctrl-C stops it.");
    tokio::select! {
        () = running.wait() => ExitCode::SUCCESS,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

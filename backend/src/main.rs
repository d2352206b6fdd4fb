//! The `domicilia` command: serve, migrate, seed, openapi.
use clap::{Parser, Subcommand};
use domicilia::domain::{Clock, Role, SystemClock};
use domicilia::{config::Settings, db, jobs, mail, reference, seed, startup, telemetry};
use secrecy::ExposeSecret;
use std::process::ExitCode;
use std::sync::Arc;

/// mimalloc gives freed memory back to the system: with glibc's allocator the server
/// kept what an index build or a burst of requests had once used (≈ 170 MB of
/// anonymous memory after building a 100,000-card index; see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "domicilia",
    version,
    about = "Home-care and family services platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web app.
    Serve {
        /// Apply migrations and reference data before serving.
        #[arg(long)]
        migrate: bool,
    },
    /// Apply pending migrations and (re)load the reference data (zones, taxonomy).
    Migrate,
    /// Load data.
    Seed {
        #[command(subcommand)]
        what: SeedCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Accounts administration.
    Admin {
        #[command(subcommand)]
        what: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Give a person a role, creating the account if needed: a new account gets an e-mail
    /// link to choose its password (no password ever on a command line).
    Create {
        #[arg(long)]
        email: String,
        /// platform_admin, municipal_admin, municipal_reviewer, space_operator, provider_admin, provider_staff, citizen, carer
        #[arg(long, default_value = "platform_admin")]
        role: String,
        /// Tenant code, for municipal roles (e.g. `milano`).
        #[arg(long)]
        tenant: Option<String>,
        /// Organisation id, for provider roles.
        #[arg(long)]
        organisation: Option<uuid::Uuid>,
        /// WeMi space id, for space operators.
        #[arg(long)]
        space: Option<uuid::Uuid>,
    },
}

#[derive(Subcommand)]
enum SeedCommand {
    /// The realistic demo data set (only into an empty database).
    Demo,
    /// A large synthetic catalogue for benchmarks.
    Synthetic {
        #[arg(long, default_value_t = 100_000)]
        cards: usize,
    },
    /// A synthetic contact history for benchmarks, after `synthetic` (PostgreSQL only):
    /// requests, threads, messages, their families and events.
    Contact {
        #[arg(long, default_value_t = 200_000)]
        threads: usize,
        #[arg(long, default_value_t = 1_000_000)]
        messages: usize,
        /// Threads of the busiest family and of the busiest organisation.
        #[arg(long, default_value_t = 5_000)]
        heavy: usize,
    },
    /// A synthetic registry of listed carers and families' open needs for benchmarks,
    /// after `synthetic` (PostgreSQL only).
    Registry {
        #[arg(long, default_value_t = 20_000)]
        carers: usize,
        /// Open needs (issue 12's pooling target is measured among 50,000).
        #[arg(long, default_value_t = 50_000)]
        demands: usize,
    },
}

#[actix_web::main]
async fn main() -> ExitCode {
    set_allocator_options();
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings.log_format, &settings.log_level);
    let secrets = domicilia::config::secrets(&settings);
    match run(cli, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors of the database driver may quote its URL: never a password.
            let message = domicilia::config::redact(&format!("{e:#}"), &secrets);
            tracing::error!(error = %message, "command failed");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The allocator's options the server runs with, unless the environment sets them.
/// - `MIMALLOC_PURGE_DELAY=0`: by default mimalloc gives freed memory back after a
///   delay, on a later allocation — which an idle server never makes: after building a
///   100,000-card index it kept ≈ 35 MB it no longer used.
/// - `MIMALLOC_ALLOW_THP=0`: no transparent huge pages for the allocator's arenas. With
///   them (the kernel's `madvise` mode, mimalloc's default) a 2 MB page stays resident
///   while any object in it lives: under 200 searches/s the server's RSS peaked at
///   ≈ 190 MB with 70 MB of huge pages; without, 129 MB (docs/benchmarks.md, issue 9).
const ALLOCATOR_OPTIONS: [(&str, &str); 2] =
    [("MIMALLOC_PURGE_DELAY", "0"), ("MIMALLOC_ALLOW_THP", "0")];

/// mimalloc reads its options from the environment when the process starts: when one of
/// [`ALLOCATOR_OPTIONS`] is unset, the process starts again (same program, same
/// arguments) with them.
fn set_allocator_options() {
    #[cfg(unix)]
    {
        let missing: Vec<_> = ALLOCATOR_OPTIONS
            .iter()
            .filter(|(name, _)| std::env::var_os(name).is_none())
            .collect();
        if !missing.is_empty()
            && let Ok(exe) = std::env::current_exe()
        {
            use std::os::unix::process::CommandExt;
            let mut command = std::process::Command::new(exe);
            command.args(std::env::args_os().skip(1));
            for (name, value) in missing {
                command.env(name, value);
            }
            // `exec` returns only if it failed: then this process goes on with the
            // defaults.
            let _ = command.exec();
        }
    }
}

async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    if let Command::Openapi = cli.command {
        println!("{}", serde_json::to_string_pretty(&startup::openapi())?);
        return Ok(());
    }
    let conn = db::connect(
        settings.database_url.expose_secret(),
        settings.max_connections,
    )
    .await?;
    match cli.command {
        Command::Serve { migrate } => {
            if migrate {
                db::migrate(&conn).await?;
                reference::sync(&conn).await?;
            }
            let transport = match &settings.smtp_url {
                Some(url) => mail::Transport::smtp(url.expose_secret(), &settings.mail_from),
                None => mail::Transport::files(settings.mail_dir.clone(), &settings.mail_from),
            }
            .map_err(|e| anyhow::anyhow!(e))?;
            let db = db::Db::with_url(conn, Some(settings.database_url.expose_secret()));
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let app =
                startup::Application::build_with(settings.clone(), db.clone(), Arc::clone(&clock))
                    .await?;
            jobs::Runner::new(jobs::JobContext {
                db,
                clock,
                transport,
                public_url: settings.public_url.clone(),
                storage: Some(domicilia::storage::Storage::open(&settings)?),
                search: Some(app.search().0),
                links: Some(app.links()),
            })
            .spawn(std::time::Duration::from_secs(1));
            tracing::info!(
                port = app.port(),
                "listening on http://{}:{}",
                settings.host,
                app.port()
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            db::migrate(&conn).await?;
            reference::sync(&conn).await?;
            println!("migrations applied, reference data loaded");
        }
        Command::Seed { what } => {
            let r = reference::Reference::load(&conn).await?;
            match what {
                SeedCommand::Demo => match seed::demo::load(&conn, &r).await? {
                    seed::demo::Outcome::Loaded {
                        organisations,
                        cards,
                    } => {
                        println!(
                            "demo data loaded: {organisations} organisations, {cards} service cards"
                        );
                        let h = seed::history::load(
                            &db::Db::new(conn.clone()),
                            &r,
                            &settings.public_url,
                            chrono::Utc::now(),
                        )
                        .await?;
                        println!(
                            "demo history: {} threads to {} cards, {} orders, {} published reviews",
                            h.threads, h.cards, h.orders, h.reviews
                        );
                        let c = seed::registry::load(&conn, &r, chrono::Utc::now()).await?;
                        println!(
                            "demo registry: {} carers listed, {} on their way",
                            c.listed, c.waiting
                        );
                    }
                    seed::demo::Outcome::AlreadyPopulated => {
                        println!("the database already has organisations: demo data not loaded")
                    }
                },
                SeedCommand::Synthetic { cards } => {
                    let n = seed::synthetic::generate(&conn, &r, cards).await?;
                    println!("synthetic data loaded: {n} service cards");
                }
                SeedCommand::Registry { carers, demands } => {
                    let s =
                        seed::registry_bench::generate(&conn, carers, demands, chrono::Utc::now())
                            .await?;
                    println!(
                        "registry loaded: {} listed carers, {} open needs of {} families",
                        s.carers, s.demands, s.families
                    );
                }
                SeedCommand::Contact {
                    threads,
                    messages,
                    heavy,
                } => {
                    let sizes = seed::contact::Sizes {
                        threads,
                        messages,
                        heavy,
                    };
                    let s = seed::contact::generate(&conn, sizes, chrono::Utc::now()).await?;
                    println!(
                        "contact history loaded: {} requests, {} threads, {} messages, {} families, {} events; the busiest family has {} threads, the busiest organisation {}",
                        s.requests,
                        s.threads,
                        s.messages,
                        s.families,
                        s.events,
                        s.heavy_family_threads,
                        s.heavy_organisation_threads
                    );
                }
            }
        }
        Command::Admin {
            what:
                AdminCommand::Create {
                    email,
                    role,
                    tenant,
                    organisation,
                    space,
                },
        } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            let scope = domicilia::services::accounts::Scope {
                tenant,
                organisation,
                space,
            };
            let created = domicilia::services::accounts::grant_role(
                &db::Db::new(conn),
                &settings.public_url,
                &email,
                role,
                scope,
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if created {
                println!(
                    "account created with the role; a link to choose the password is in the outbox (sent by the server's mail worker, or written to {} without SMTP)",
                    settings.mail_dir.display()
                );
            } else {
                println!("role added to the existing account");
            }
        }
        Command::Openapi => {}
    }
    Ok(())
}

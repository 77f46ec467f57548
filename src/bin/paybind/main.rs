//! `paybind`: the gateway simulator, and the tools for maintainers of `spec/`.
//!
//! ```text
//! paybind sim [--port N] [--config FILE]
//! paybind spec check spec/*.yaml
//! paybind spec import ../shared/seeds/003_86258bf917671082.txt > new.yaml
//! paybind spec cite [--fix] spec/*.yaml
//! paybind spec update spec/comnpay.yaml NEW/000_0314d75137e75338.txt [--write]
//! paybind spec diff OLD.yaml NEW.yaml [--format json] [--changelog VERSION]
//! paybind spec export --openapi [--brand B] SPEC | --openapi --out DIR SPEC...
//! ```

mod export;
mod sim;
mod spec;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Validated, typed bindings for payment gateways: the simulator and the spec tools.
#[derive(Debug, Parser)]
#[command(
    name = "paybind",
    version,
    about,
    propagate_version = true,
    after_help = "Exit status: 0 on success, 1 when a check or diff finds a problem (or the \
simulator cannot listen; a diff written with --changelog exits 0), 2 on a bad command line or \
an unreadable input.\n\
RUST_LOG filters the log lines written to stderr (default: info)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the gateway simulator on 127.0.0.1 until interrupted.
    Sim(sim::Args),
    /// Checks, imports and compares specs.
    #[command(subcommand)]
    Spec(spec::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Sim(args) => sim::run(args),
        Command::Spec(command) => spec::run(command),
    }
}

//! `paybind sim [--port N] [--config FILE]`: runs the gateway simulator on 127.0.0.1 until
//! interrupted, so that other languages and curl sessions can use it too.
//!
//! The config file holds `key = value` lines: `comnpay_serial_number`, `comnpay_key`,
//! `payneteasy_login`, `payneteasy_merchant_control`, `payneteasy_endpoints` and
//! `payneteasy_groups` (comma-separated ids), `smoney_token`, `smoney_partner`,
//! `smoney_callback_secret`; defaults in the README; `#` starts a comment.

use std::path::PathBuf;
use std::process::ExitCode;

/// `paybind sim`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port to listen on, on 127.0.0.1 (0 for any free port).
    #[arg(long, default_value_t = 8089)]
    port: u16,
    /// A file of `key = value` lines overriding the default credentials.
    #[arg(long)]
    config: Option<PathBuf>,
}

fn read_config(path: &std::path::Path) -> Result<paybind::sim::Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let path = path.display();
    let mut config = paybind::sim::Config::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("{path}:{}: expected `key = value`", n + 1));
        };
        let value = value.trim().to_string();
        match key.trim() {
            "comnpay_serial_number" => config.comnpay_serial_number = value,
            "comnpay_key" => config.comnpay_key = value,
            "payneteasy_login" => config.payneteasy_login = value,
            "smoney_token" => config.smoney_token = value,
            "smoney_partner" => config.smoney_partner = value,
            "smoney_callback_secret" => config.smoney_callback_secret = value,
            "payneteasy_merchant_control" => config.payneteasy_merchant_control = value,
            "payneteasy_endpoints" | "payneteasy_groups" => {
                let ids: Result<Vec<u64>, _> = value.split(',').map(|v| v.trim().parse()).collect();
                let Ok(ids) = ids else {
                    return Err(format!("{path}:{}: expected comma-separated ids", n + 1));
                };
                if key.trim() == "payneteasy_endpoints" {
                    config.payneteasy_endpoints = ids;
                } else {
                    config.payneteasy_groups = ids;
                }
            }
            other => return Err(format!("{path}:{}: unknown key `{other}`", n + 1)),
        }
    }
    Ok(config)
}

/// Runs the simulator until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let config = match args.config.as_deref().map(read_config).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(config, args.port))
}

async fn serve(config: paybind::sim::Config, port: u16) -> ExitCode {
    let sim = match paybind::sim::Simulator::start(config.clone(), port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("paybind simulator on http://{}", sim.addr());
    println!(
        "  ComNpay: {} (serialNumber {})",
        sim.comnpay_base_url(),
        config.comnpay_serial_number
    );
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

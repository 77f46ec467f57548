//! `paybind sim [--port N] [--config FILE]`: runs the gateway simulator on 127.0.0.1 until
//! interrupted, so that other languages and curl sessions can use it too.
//!
//! The config file holds `key = value` lines: `comnpay_serial_number`, `comnpay_key`,
//! `payneteasy_login`, `payneteasy_merchant_control`, `payneteasy_endpoints` and
//! `payneteasy_groups` (comma-separated ids), `smoney_token`, `smoney_partner`,
//! `smoney_callback_secret`; defaults in the README; `#` starts a comment.

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: paybind sim [--port N] [--config FILE]");
    ExitCode::from(2)
}

fn read_config(path: &str) -> Result<paybind::sim::Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
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

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("sim") {
        return usage();
    }
    let mut port = 8089u16;
    let mut config = paybind::sim::Config::default();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match (a.as_str(), it.next()) {
            ("--port", Some(p)) => match p.parse() {
                Ok(p) => port = p,
                Err(_) => return usage(),
            },
            ("--config", Some(f)) => match read_config(f) {
                Ok(c) => config = c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            },
            _ => return usage(),
        }
    }
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

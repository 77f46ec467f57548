//! `paybind sim [--port N] [--config FILE]`: runs the gateway simulator on 127.0.0.1 until
//! interrupted, so that other languages and curl sessions can use it too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use paybind::sim::Config;

/// The config file's keys, as `paybind sim --help` lists them.
const CONFIG_HELP: &str = "\
Config file (TOML; every key optional, a missing key keeps its default, an unknown key is an error):
  comnpay_serial_number = \"VAD-111-111\"            ComNpay virtual terminal serial number
  comnpay_key = \"SIM-KEY-6RLl4FlO2o4Z\"             ComNpay security key
  payneteasy_login = \"sim-login\"                   PaynetEasy / ConnPay login
  payneteasy_merchant_control = \"SIM-CONTROL-B17F59B4\"  PaynetEasy / ConnPay merchant control key
  payneteasy_endpoints = [39529, 39915]            PaynetEasy endpoint ids the simulator knows
  payneteasy_groups = [1234]                       PaynetEasy endpoint group ids
  smoney_token = \"sim-token-3f9a\"                  S-money API (bearer) token
  smoney_partner = \"simpartner\"                    S-money partner name, in every path
  smoney_callback_secret = \"sim-callback-secret\"   S-money callback signing secret
  fault_delay_ms = 35000                           how late a SIM-FAULT-LATE reference is answered

Logging: each request served is logged at info level on stderr; RUST_LOG filters it
(RUST_LOG=warn for none, RUST_LOG=paybind=debug for more).

Exit status: 0 after Ctrl-C, 1 when the port cannot be listened on, 2 on a bad command
line or config file.";

/// `paybind sim`'s options.
#[derive(Debug, clap::Args)]
#[command(after_long_help = CONFIG_HELP)]
pub struct Args {
    /// The port to listen on, on 127.0.0.1 (0 for any free port).
    #[arg(long, default_value_t = 8089)]
    port: u16,
    /// A TOML file overriding the default credentials (keys: see --help).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Reads a config file; the error names the file and, for a bad key, the key.
pub fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the simulator until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let config = match args.config.as_deref().map(read_config).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {}", e.trim_end());
            return ExitCode::from(2);
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

async fn serve(config: Config, port: u16) -> ExitCode {
    let sim = match paybind::sim::Simulator::start(config.clone(), port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", banner(&sim, &config));
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

/// Every gateway's base URL and the test credentials the simulator accepts.
fn banner(sim: &paybind::sim::Simulator, c: &Config) -> String {
    use paybind::payneteasy::Brand;
    let ids = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    format!(
        "paybind simulator on http://{addr} (Ctrl-C stops it)\n\
         \n  ComNpay     {comnpay}\n    serialNumber {serial}, key {key}\n\
         \n  PaynetEasy  {pe}\n  ConnPay     {cp}\n    login {login}, merchant control {control}, endpoints {endpoints}, groups {groups}\n\
         \n  S-money     {sm}\n    token {token}, partner {partner}, callback secret {secret}\n\n",
        addr = sim.addr(),
        comnpay = sim.comnpay_base_url(),
        serial = c.comnpay_serial_number,
        key = c.comnpay_key,
        pe = sim.payneteasy_base_url(Brand::Payneteasy),
        cp = sim.payneteasy_base_url(Brand::Connpay),
        login = c.payneteasy_login,
        control = c.payneteasy_merchant_control,
        endpoints = ids(&c.payneteasy_endpoints),
        groups = ids(&c.payneteasy_groups),
        sm = sim.smoney_base_url(),
        token = c.smoney_token,
        partner = c.smoney_partner,
        secret = c.smoney_callback_secret,
    )
}

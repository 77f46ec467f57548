//! Load: paybind's own clients drive the embedded simulator with many payments over many
//! concurrent connections, one gateway after the other, then the simulator's ledger is
//! checked (every merchant reference exactly once, count == payments). Prints requests per
//! second and latency quantiles per gateway.
//!
//!     cargo run --release --features sim --example load
//!     cargo run --release --features sim --example load -- --payments 10000 --connections 64 --gateway comnpay
//!
//! The client and the simulator share this process and its runtime (on a 2-core machine the
//! figures are those of both ends together).

#[path = "../tests/load/mod.rs"]
mod load;

use load::Gateway;
use paybind::sim::{Config, Simulator};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let payments: usize =
        arg(&args, "--payments").map_or(10_000, |v| v.parse().expect("--payments N"));
    let connections: usize =
        arg(&args, "--connections").map_or(64, |v| v.parse().expect("--connections N"));
    let gateways: Vec<Gateway> = match arg(&args, "--gateway").as_deref() {
        None | Some("all") => Gateway::ALL.to_vec(),
        Some("comnpay") => vec![Gateway::Comnpay],
        Some("payneteasy") => vec![Gateway::Payneteasy],
        Some("smoney") => vec![Gateway::Smoney],
        Some(other) => panic!("unknown gateway {other}: comnpay, payneteasy, smoney or all"),
    };
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    for gateway in gateways {
        let report = load::run(&sim, &config, gateway, payments, connections, "LOAD").await;
        println!("{report}");
    }
    println!("ledger checked: every reference exactly once, count == {payments} per gateway");
}

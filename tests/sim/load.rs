//! A small load run in CI: 500 payments over 16 concurrent connections per gateway, then
//! the simulator's ledger must hold every merchant reference exactly once (the full run is
//! `cargo run --release --features sim --example load`, see BENCHMARKS.md).

use paybind::sim::{Config, Simulator};

use crate::load_driver::{run, Gateway};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_payments_are_neither_lost_nor_duplicated() {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    for gateway in Gateway::ALL {
        let report = run(&sim, &config, gateway, 500, 16, "CI").await;
        eprintln!("{report}");
        assert_eq!(report.latencies.len(), 500);
    }
    // A second run on the same simulator: its references are new, the first run's stay.
    let again = run(&sim, &config, Gateway::Comnpay, 100, 16, "CI2").await;
    assert_eq!(again.payments, 100);
    assert_eq!(sim.ledger().comnpay.len(), 600);
}

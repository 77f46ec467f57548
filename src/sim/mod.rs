//! The embedded gateway simulator: a real HTTP server on loopback that reads requests with
//! the same generated types and validators as the clients, keeps state, and answers every
//! documented error in the gateway's own format. No credentials, no network.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let sim = paybind::sim::Simulator::start(paybind::sim::Config::default(), 0).await?;
//! println!("ComNpay base URL: {}", sim.comnpay_base_url());
//! # Ok(()) }
//! ```
//!
//! It serves the gateways whose features are on (a user's own are added with
//! [`Simulator::builder`]). Gateways simulated so far: ComNpay (`/comnpay/rest/...`, with its ACS pages under
//! `/comnpay/acs/...`), and PaynetEasy under both brands (`/payneteasy/paynet/api/v2/...`,
//! `/connpay/paynet/api/v2/...`), and S-money (`/smoney/api/{partner}/...`, payment pages
//! under `/smoney/pay/...`).

mod callbacks;
#[cfg(feature = "comnpay")]
pub mod comnpay;
mod config;
pub mod faults;
pub mod gateway;
mod ledger;
// The pages serve whichever gateways are on: with only some, parts of it go unused.
#[cfg_attr(
    not(all(feature = "comnpay", feature = "payneteasy", feature = "smoney")),
    allow(dead_code)
)]
mod page;
#[cfg(feature = "payneteasy")]
pub mod payneteasy;
mod simulator;
#[cfg(feature = "smoney")]
pub mod smoney;

pub use callbacks::is_loopback_url;
pub use config::Config;
pub use gateway::{Entry, Reply, Simulated};
pub use ledger::Ledger;
pub use simulator::{Simulator, SimulatorBuilder};

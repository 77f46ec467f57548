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

#[cfg(feature = "comnpay")]
pub mod comnpay;
pub mod faults;
pub mod gateway;
// The pages serve whichever gateways are on: with only some, parts of it go unused.
#[cfg_attr(
    not(all(feature = "comnpay", feature = "payneteasy", feature = "smoney")),
    allow(dead_code)
)]
mod page;
#[cfg(feature = "payneteasy")]
pub mod payneteasy;
#[cfg(feature = "smoney")]
pub mod smoney;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use gateway::Mounted;
pub use gateway::{Entry, Reply, Simulated};

/// Whether the simulator may call `url` back: only loopback hosts (127.0.0.0/8, localhost,
/// `[::1]`). The simulator never sends traffic off the machine; callbacks to other hosts are
/// not sent.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    match url.host() {
        Some(url::Host::Domain(host)) => host == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Sends a form callback, if `url` is on loopback (PaynetEasy's and S-money's callbacks).
#[cfg_attr(not(any(feature = "payneteasy", feature = "smoney")), allow(dead_code))]
pub(crate) fn call_back(url: String, body: String) {
    if !is_loopback_url(&url) {
        return;
    }
    tokio::spawn(async move {
        let _ = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await;
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_loopback_urls_are_called_back() {
        for ok in [
            "http://127.0.0.1:8080/cb",
            "http://localhost/cb",
            "http://[::1]:9/x",
            "https://127.1.2.3/",
            "http://LOCALHOST:8080/cb",
            "http://[0:0:0:0:0:0:0:1]/cb",
        ] {
            assert!(super::is_loopback_url(ok), "{ok}");
        }
        for no in [
            "https://shop.example/cb",
            "http://10.0.0.1/cb",
            "http://127.0.0.1.evil.example/",
            "ftp://127.0.0.1/",
            "http://user@shop.example/",
            "http://127.0.0.1@shop.example/",
            "http://localhost.shop.example/",
            "not a url",
        ] {
            assert!(!super::is_loopback_url(no), "{no}");
        }
    }
}

/// Credentials the simulator accepts. The defaults are documented in the README.
///
/// `paybind sim --config FILE` reads it from TOML, one key per field below, each optional
/// (a missing key keeps its default); an unknown key is refused:
///
/// ```
/// let config: paybind::sim::Config = toml::from_str(r#"
///     comnpay_key = "MY-TEST-KEY"
///     payneteasy_endpoints = [39529, 40000]
/// "#).unwrap();
/// assert_eq!(config.comnpay_key, "MY-TEST-KEY");
/// assert_eq!(config.smoney_partner, "simpartner");
/// assert!(toml::from_str::<paybind::sim::Config>("comnpay_kye = 'x'").is_err());
/// ```
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// ComNpay virtual terminal serial number.
    pub comnpay_serial_number: String,
    /// ComNpay security key.
    pub comnpay_key: String,
    /// PaynetEasy / ConnPay login (status, capture, return).
    pub payneteasy_login: String,
    /// PaynetEasy / ConnPay merchant control key.
    pub payneteasy_merchant_control: String,
    /// Endpoint ids the PaynetEasy simulator knows.
    pub payneteasy_endpoints: Vec<u64>,
    /// Endpoint group ids the PaynetEasy simulator knows.
    pub payneteasy_groups: Vec<u64>,
    /// S-money API token.
    pub smoney_token: String,
    /// S-money partner name (in every path).
    pub smoney_partner: String,
    /// S-money callback secret.
    pub smoney_callback_secret: String,
    /// How long a `SIM-FAULT-LATE` reference waits before its answer, in milliseconds
    /// ([`faults`]); the default is more than the clients' 30 s timeout.
    pub fault_delay_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            comnpay_serial_number: "VAD-111-111".to_string(),
            comnpay_key: "SIM-KEY-6RLl4FlO2o4Z".to_string(),
            payneteasy_login: "sim-login".to_string(),
            payneteasy_merchant_control: "SIM-CONTROL-B17F59B4".to_string(),
            // The endpoint ids of the documents' own examples.
            payneteasy_endpoints: vec![39529, 39915],
            payneteasy_groups: vec![1234],
            smoney_token: "sim-token-3f9a".to_string(),
            smoney_partner: "simpartner".to_string(),
            smoney_callback_secret: "sim-callback-secret".to_string(),
            fault_delay_ms: 35_000,
        }
    }
}

/// The payments each simulated gateway has recorded (ComNpay debits, PaynetEasy and
/// ConnPay sales and pre-authorizations, S-money card payments, and those of gateways added
/// with [`SimulatorBuilder::gateway`]), for checking that nothing was lost or recorded twice.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Ledger {
    pub comnpay: Vec<Entry>,
    pub payneteasy: Vec<Entry>,
    pub connpay: Vec<Entry>,
    pub smoney: Vec<Entry>,
    /// Every gateway's entries, by the path it is served under (`comnpay`, `connpay`, …).
    pub by_mount: BTreeMap<String, Vec<Entry>>,
}

impl Ledger {
    /// The entries of the gateway served under `mount`; none for an unknown one.
    pub fn of(&self, mount: &str) -> &[Entry] {
        self.by_mount.get(mount).map_or(&[], Vec::as_slice)
    }
}

/// Logs each request served at info level (`paybind::sim` target): method, path, status and
/// duration. Never a body, a header or a query string, which may carry credentials or card
/// data.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "served"
    );
    response
}

/// A running simulator; it stops when dropped.
pub struct Simulator {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    gateways: Vec<Arc<dyn Mounted>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Makes a gateway once the simulator's base URL (`http://127.0.0.1:port`) is known.
type Make = Box<dyn FnOnce(&Config, &str) -> Arc<dyn Mounted> + Send>;

/// A simulator to start: the built-in gateways, and any added with
/// [`SimulatorBuilder::gateway`].
pub struct SimulatorBuilder {
    config: Config,
    gateways: Vec<Make>,
}

impl std::fmt::Debug for SimulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatorBuilder")
            .field("gateways", &self.gateways.len())
            .finish_non_exhaustive()
    }
}

impl SimulatorBuilder {
    /// Serves one more gateway under its [`Simulated::mount`]: `make` builds it from the
    /// simulator's base URL, for the pages and links it answers with. The fault scenarios,
    /// the request log and the ledger apply to it as to the built-in ones.
    pub fn gateway<G: Simulated>(mut self, make: impl FnOnce(&str) -> G + Send + 'static) -> Self {
        self.gateways.push(Box::new(move |_: &Config, base: &str| {
            Arc::new(make(base)) as Arc<dyn Mounted>
        }));
        self
    }

    /// Starts on 127.0.0.1:`port` (0 for any free port).
    pub async fn start(self, port: u16) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let gateways: Vec<Arc<dyn Mounted>> = self
            .gateways
            .into_iter()
            .map(|make| make(&self.config, &base))
            .collect();
        let mut app = axum::Router::new();
        for g in &gateways {
            app = app.nest(&format!("/{}", g.mount()), g.clone().router());
        }
        let delay = std::time::Duration::from_millis(self.config.fault_delay_ms);
        let app = app
            .layer(axum::middleware::from_fn_with_state(
                faults::Faults::new(delay),
                faults::inject,
            ))
            .layer(axum::middleware::from_fn(log_request));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Simulator {
            addr,
            stop: Some(stop),
            gateways,
        })
    }
}

/// The built-in gateways whose features are on: ComNpay, PaynetEasy and ConnPay, S-money.
fn built_in() -> Vec<Make> {
    #[allow(unused_mut)]
    let mut all: Vec<Make> = Vec::new();
    #[cfg(feature = "comnpay")]
    all.push(Box::new(|c: &Config, base: &str| {
        mounted(comnpay::Sim::new(c, base))
    }));
    #[cfg(feature = "payneteasy")]
    for brand in [
        crate::payneteasy::Brand::Payneteasy,
        crate::payneteasy::Brand::Connpay,
    ] {
        all.push(Box::new(move |c: &Config, base: &str| {
            mounted(payneteasy::Sim::new(c, base, brand))
        }));
    }
    #[cfg(feature = "smoney")]
    all.push(Box::new(|c: &Config, base: &str| {
        mounted(smoney::Sim::new(c, base))
    }));
    all
}

#[cfg(any(feature = "comnpay", feature = "payneteasy", feature = "smoney"))]
fn mounted(g: impl Simulated) -> Arc<dyn Mounted> {
    Arc::new(g)
}

impl Simulator {
    /// Starts the built-in gateways on 127.0.0.1:`port` (0 for any free port).
    pub async fn start(config: Config, port: u16) -> std::io::Result<Simulator> {
        Simulator::builder(config).start(port).await
    }

    /// A simulator of the built-in gateways, to which others can be added.
    pub fn builder(config: Config) -> SimulatorBuilder {
        SimulatorBuilder {
            config,
            gateways: built_in(),
        }
    }

    /// A copy of the payments every gateway has recorded so far, each list in reference
    /// order.
    pub fn ledger(&self) -> Ledger {
        let by_mount: BTreeMap<String, Vec<Entry>> = self
            .gateways
            .iter()
            .map(|g| (g.mount(), g.entries()))
            .collect();
        let of = |m: &str| by_mount.get(m).cloned().unwrap_or_default();
        Ledger {
            comnpay: of("comnpay"),
            payneteasy: of("payneteasy"),
            connpay: of("connpay"),
            smoney: of("smoney"),
            by_mount,
        }
    }

    /// The base URL of the gateway served under `mount`: its mount, to which a gateway whose
    /// [`Simulated::API`] is not empty adds that path for its client.
    pub fn base_url(&self, mount: &str) -> String {
        format!("http://{}/{mount}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give `paybind::comnpay::ClientBuilder::base_url`.
    #[cfg(feature = "comnpay")]
    pub fn comnpay_base_url(&self) -> String {
        format!("http://{}/comnpay/rest", self.addr)
    }

    /// The base URL to give `paybind::smoney::ClientBuilder::base_url`.
    #[cfg(feature = "smoney")]
    pub fn smoney_base_url(&self) -> String {
        format!("http://{}/smoney", self.addr)
    }

    /// The base URL of one PaynetEasy brand, for `paybind::payneteasy::ClientBuilder::base_url`.
    #[cfg(feature = "payneteasy")]
    pub fn payneteasy_base_url(&self, brand: crate::payneteasy::Brand) -> String {
        format!("http://{}/{}/paynet/api/v2", self.addr, brand.id())
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

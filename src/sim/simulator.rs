//! The running simulator: its builder, the gateways it serves, the request log and the
//! ledger it reads back.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use super::config::Config;
use super::gateway::{Entry, Mounted, Simulated};
use super::ledger::Ledger;

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
                super::faults::Faults::new(delay),
                super::faults::inject,
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
        mounted(super::comnpay::Sim::new(c, base))
    }));
    #[cfg(feature = "payneteasy")]
    for brand in [
        crate::payneteasy::Brand::Payneteasy,
        crate::payneteasy::Brand::Connpay,
    ] {
        all.push(Box::new(move |c: &Config, base: &str| {
            mounted(super::payneteasy::Sim::new(c, base, brand))
        }));
    }
    #[cfg(feature = "smoney")]
    all.push(Box::new(|c: &Config, base: &str| {
        mounted(super::smoney::Sim::new(c, base))
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

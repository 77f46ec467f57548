//! The load driver shared by `examples/load.rs` (10,000 payments over 64 connections per
//! gateway) and the small CI version in `tests/sim/load.rs`: paybind's own clients pay
//! against the embedded simulator from many concurrent workers, then the simulator's ledger
//! is checked: every merchant reference exactly once, with the id and amount the client was
//! answered, and nothing else.
//!
//! Not a test target of its own: included with `#[path]`.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use paybind::sim::{Config, Entry, Simulator};
use paybind::Money;

/// Which gateway a run pays through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gateway {
    Comnpay,
    Payneteasy,
    Smoney,
}

impl Gateway {
    pub const ALL: [Gateway; 3] = [Gateway::Comnpay, Gateway::Payneteasy, Gateway::Smoney];

    pub fn name(self) -> &'static str {
        match self {
            Gateway::Comnpay => "ComNpay payment/tokenDebit",
            Gateway::Payneteasy => "PaynetEasy sale",
            Gateway::Smoney => "S-money card payment",
        }
    }
}

/// What one run measured. `latencies` are sorted.
#[derive(Debug)]
pub struct Report {
    pub gateway: Gateway,
    pub payments: usize,
    pub connections: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.payments as f64 / self.elapsed.as_secs_f64()
    }

    /// The `q` quantile (0..=1) of the request latencies, nearest rank.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank =
            ((q * self.latencies.len() as f64).ceil() as usize).clamp(1, self.latencies.len());
        self.latencies[rank - 1]
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<28} {:>6} payments, {:>3} connections: {:>7.0} req/s, p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>6.2} ms ({:.2} s)",
            self.gateway.name(),
            self.payments,
            self.connections,
            self.per_second(),
            ms(self.quantile(0.50)),
            ms(self.quantile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            self.elapsed.as_secs_f64(),
        )
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One payment as the client saw it: its reference, the id it was answered, its amount.
type Paid = (String, String, i64);

/// Runs `payments` calls of `pay(i)` from `connections` workers; returns the elapsed time,
/// the sorted latencies, and what was paid.
async fn drive<F, Fut>(
    payments: usize,
    connections: usize,
    pay: F,
) -> (Duration, Vec<Duration>, Vec<Paid>)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Paid> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let pay = Arc::new(pay);
    let start = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (next, pay) = (next.clone(), pay.clone());
            tokio::spawn(async move {
                let mut mine = Vec::with_capacity(payments / connections + 1);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= payments {
                        return mine;
                    }
                    let t = Instant::now();
                    let paid = pay(i).await;
                    mine.push((t.elapsed(), paid));
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(payments);
    let mut paid = Vec::with_capacity(payments);
    for w in workers {
        for (latency, p) in w.await.expect("worker") {
            latencies.push(latency);
            paid.push(p);
        }
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    (elapsed, latencies, paid)
}

/// A merchant reference, unique to a run.
fn reference(run: &str, i: usize) -> String {
    format!("{run}-{i:06}")
}

/// An amount under ComNpay's 3-D Secure threshold, different from one payment to the next.
fn amount(i: usize) -> i64 {
    100 + (i % 2000) as i64
}

/// Pays `payments` times through `gateway` from `connections` workers, then checks the
/// simulator's books. `run` prefixes every reference (at most 13 characters).
pub async fn run(
    sim: &Simulator,
    config: &Config,
    gateway: Gateway,
    payments: usize,
    connections: usize,
    run: &str,
) -> Report {
    let run: Arc<str> = run.into();
    let (elapsed, latencies, paid) = match gateway {
        Gateway::Comnpay => comnpay(sim, config, payments, connections, run.clone()).await,
        Gateway::Payneteasy => payneteasy(sim, config, payments, connections, run.clone()).await,
        Gateway::Smoney => smoney(sim, config, payments, connections, run.clone()).await,
    };
    let ledger = sim.ledger();
    let books = match gateway {
        Gateway::Comnpay => ledger.comnpay,
        Gateway::Payneteasy => ledger.payneteasy,
        Gateway::Smoney => ledger.smoney,
    };
    check(&books, &paid, &run, payments, gateway);
    Report {
        gateway,
        payments,
        connections,
        elapsed,
        latencies,
    }
}

/// Nothing lost, nothing twice: the ledger holds each of this run's references exactly
/// once, with the id and amount the client was answered, and no other of this run.
fn check(books: &[Entry], paid: &[Paid], run: &str, payments: usize, gateway: Gateway) {
    let prefix = format!("{run}-");
    let mine: Vec<&Entry> = books
        .iter()
        .filter(|e| e.reference.starts_with(&prefix))
        .collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &mine {
        *seen.entry(e.reference.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{gateway:?}: recorded twice: {twice:?}");
    let expected: BTreeSet<String> = (0..payments).map(|i| reference(run, i)).collect();
    let lost: Vec<_> = expected
        .iter()
        .filter(|r| !seen.contains_key(r.as_str()))
        .take(10)
        .collect();
    assert!(lost.is_empty(), "{gateway:?}: lost: {lost:?}");
    let strays: Vec<_> = seen
        .keys()
        .filter(|r| !expected.contains(**r))
        .take(10)
        .collect();
    assert!(strays.is_empty(), "{gateway:?}: never sent: {strays:?}");
    assert_eq!(mine.len(), payments, "{gateway:?}: ledger count");
    let ids: BTreeSet<&str> = mine.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), payments, "{gateway:?}: ids given twice");
    assert_eq!(paid.len(), payments, "{gateway:?}: answers");
    let by_ref: BTreeMap<&str, &Entry> = mine.iter().map(|e| (e.reference.as_str(), *e)).collect();
    for (reference, id, minor) in paid {
        let e = by_ref[reference.as_str()];
        assert_eq!(
            (&e.id, e.minor),
            (id, *minor),
            "{gateway:?}: {reference} answered otherwise than recorded"
        );
    }
}

async fn comnpay(
    sim: &Simulator,
    config: &Config,
    payments: usize,
    connections: usize,
    run: Arc<str>,
) -> (Duration, Vec<Duration>, Vec<Paid>) {
    use paybind::comnpay::*;
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(
            config.comnpay_serial_number.clone(),
            config.comnpay_key.clone(),
        ),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    let token = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number("4970101122334455")
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    let token: Arc<str> = client
        .token_create(&token)
        .await
        .expect("token")
        .token
        .and_then(|t| t.token_ref)
        .expect("token ref")
        .expose()
        .into();
    drive(payments, connections, move |i| {
        let (client, token, run) = (client.clone(), token.clone(), run.clone());
        async move {
            let reference = reference(&run, i);
            let debit = PaymentTokenDebit::builder()
                .token_ref(&*token)
                .transaction_ref(reference.as_str())
                .amount(amount(i))
                .redirection3_dsv2_url("https://shop.example/3ds")
                .application(
                    Application::builder()
                        .browser_ip("192.168.14.10")
                        .browser_language("fr")
                        .build(),
                )
                .build();
            let answer = client.payment_token_debit(&debit).await.expect("debit");
            let tx = answer.transaction.expect("transaction");
            assert_eq!(tx.ok, Some(true), "{reference} not accepted");
            let id = tx.transaction_id.expect("transaction id").to_string();
            (reference, id, amount(i))
        }
    })
    .await
}

async fn payneteasy(
    sim: &Simulator,
    config: &Config,
    payments: usize,
    connections: usize,
    run: Arc<str>,
) -> (Duration, Vec<Duration>, Vec<Paid>) {
    use paybind::payneteasy::*;
    let brand = Brand::Payneteasy;
    let client = Client::builder(
        brand,
        Environment::Sandbox,
        Credentials::new(
            config.payneteasy_login.clone(),
            config.payneteasy_merchant_control.clone(),
            Target::Endpoint(config.payneteasy_endpoints[0]),
        ),
    )
    .base_url(sim.payneteasy_base_url(brand))
    .build()
    .expect("client");
    drive(payments, connections, move |i| {
        let (client, run) = (client.clone(), run.clone());
        async move {
            let reference = reference(&run, i);
            let money = Money::from_minor(amount(i), paybind::money::Currency::EUR).expect("EUR");
            let sale = Sale::builder()
                .client_orderid(reference.as_str())
                .order_desc("Load test order")
                .amount(money)
                .ipaddress("65.153.12.232")
                .credit_card_number("4444555566661111")
                .card_printed_name("John Smith")
                .expire_month("01")
                .expire_year("2042")
                .cvv2("123")
                .first_name("John")
                .last_name("Smith")
                .address1("100 Main st")
                .city("Seattle")
                .state("WA")
                .zip_code("98102")
                .country("US")
                .phone("+12063582043")
                .email("john.smith@example.com")
                .build();
            let answer = client.sale(&sale).await.expect("sale");
            assert_eq!(
                answer.merchant_order_id.as_deref(),
                Some(reference.as_str()),
                "{answer:?}"
            );
            let id = answer.paynet_order_id.expect("paynet-order-id");
            (reference, id, amount(i))
        }
    })
    .await
}

async fn smoney(
    sim: &Simulator,
    config: &Config,
    payments: usize,
    connections: usize,
    run: Arc<str>,
) -> (Duration, Vec<Duration>, Vec<Paid>) {
    use paybind::encoding::Joined;
    use paybind::smoney::*;
    let client = Client::builder(
        Environment::Sandbox,
        Credentials::new(
            config.smoney_token.clone(),
            config.smoney_partner.clone(),
            config.smoney_callback_secret.clone(),
        ),
    )
    .base_url(sim.smoney_base_url())
    .build()
    .expect("client");
    drive(payments, connections, move |i| {
        let (client, run) = (client.clone(), run.clone());
        async move {
            let reference = reference(&run, i);
            let payment = CreateCardPayment::builder()
                .amount(amount(i))
                .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
                .order_id(reference.as_str())
                .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
                .is_mine(false)
                .message("Load test")
                .url_return("https://shop.example/return")
                .url_callback("https://shop.example/cb")
                .build();
            let answer = client.create_card_payment(&payment).await.expect("payment");
            assert_eq!(answer.order_id.as_deref(), Some(reference.as_str()));
            let id = answer.id.expect("id").to_string();
            (reference, id, amount(i))
        }
    })
    .await
}

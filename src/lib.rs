//! # paybind
//!
//! Validated, typed Rust bindings for payment gateways, generated at build time from the
//! declarative YAML specs in `spec/`. Each gateway is a cargo feature and a module:
//!
//! - [`comnpay`]: ComNpay (Afone Paiement) REST API, feature `comnpay`.
//! - [`payneteasy`]: PaynetEasy v2 and its white label ConnPay, feature `payneteasy`.
//! - [`smoney`]: S-money API V3, feature `smoney`.
//!
//! Requests are built with typestate builders (a missing required field does not compile),
//! checked against the provider's documented limits before anything is sent, and answered
//! with typed responses whose enums keep unknown values. See the README for a tour.
//!
//! Every request and answer has a one-line [`Summary`] (the fields set, secrets redacted);
//! each call is a `paybind.call` [`tracing`] span (see [`transport::Http::call`]), for the
//! subscriber of your choice. `examples/` holds one short program per gateway, each against
//! the embedded simulator (feature `sim`).
//!
//! A gateway paybind does not bundle is one spec away: with the `macros` feature,
//! `paybind::gateway!` generates the same bindings from a spec of your own at compile time.

extern crate self as paybind;

/// The typestate builders' machinery, which the generated builders use; not a public API.
#[doc(hidden)]
pub mod builder;
pub mod date;
pub mod encoding;
pub mod envelope;
pub mod error;
pub mod format;
pub mod literal;
pub mod money;
pub mod outcome;
pub mod payments;
mod return_codes;
pub mod schedule;
pub mod secret;
pub mod signature;
#[cfg(feature = "sim")]
pub mod sim;
pub mod summary;
pub mod transport;
pub mod validate;
/// Helpers the generated code calls; not a public API.
#[doc(hidden)]
pub mod wire;
mod wire_enum;

pub use date::{Date, DateTime, InvalidDate, YearMonth};
pub use error::{
    BuildError, CallbackError, DecodeError, EncodeError, Error, OutcomeUnknown, RawBody,
    RequestDecodeError, ReturnCategory, ReturnCodeInfo, TransportError, UnknownCause,
};
pub use money::{Currency, MinorUnits, Money, MoneyError};
pub use outcome::Outcome;
pub use secret::{IntoText, Sensitive, Sensitivity};
pub use summary::Summary;
pub use transport::{Extra, Request, WithExtra, DEFAULT_TIMEOUT};

/// The reqwest paybind is built on, for the types a client builder takes
/// (`reqwest::Client`, `Proxy`, `Certificate`, `Identity`) in the same version.
pub use reqwest;

#[cfg(feature = "macros")]
pub use paybind_macros::gateway;
pub use validate::{Rule, ValidationErrors, ValidationPolicy, Violation};

/// The state of a typestate builder's required field that has not been set yet: a builder
/// whose required fields are not all set has no `build` method (a compile error naming the
/// field).
#[derive(Debug, Clone, Copy, Default)]
pub struct Unset;

/// The state of a builder's choice (at most one, or exactly one, of some optional fields)
/// once one of its fields is set: setting another of them is a compile error naming the
/// choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chosen;

/// What a builder state holds for a field or a choice: [`Unset`], the value, or [`Chosen`]
/// (anything `Debug` and `Clone`).
pub trait Slot: core::fmt::Debug + Clone {}

impl<T: core::fmt::Debug + Clone> Slot for T {}

/// The README's examples compile as doctests (they use the simulator).
#[doc = include_str!("../README.md")]
#[cfg(all(
    doctest,
    feature = "sim",
    feature = "comnpay",
    feature = "payneteasy",
    feature = "smoney"
))]
pub struct ReadmeDoctests;

/// ComNpay (Afone Paiement) REST API, generated from `spec/comnpay.yaml`
/// (source: 000_0314d75137e75338.txt).
///
/// A debit built, checked and encoded as it would be sent, without a network; the request
/// shows only the fields it has, the key and the token redacted:
///
/// ```
/// use paybind::comnpay::{Application, Client, Credentials, Environment, PaymentTokenDebit};
/// use paybind::Summary;
///
/// let client = Client::new(
///     Environment::Homologation,
///     Credentials::new("VAD-111-111", "your-security-key"),
/// )?;
/// let debit = PaymentTokenDebit::builder()
///     .token_ref("tok-0123456789")
///     .transaction_ref("ORDER-0001")
///     .amount(1590) // cents
///     .redirection3_dsv2_url("https://shop.example/3ds-return")
///     .application(
///         Application::builder()
///             .browser_ip("192.168.14.10")
///             .browser_language("fr")
///             .build(),
///     )
///     .build();
/// assert!(debit.summary().starts_with("tokenRef=<redacted"));
/// let prepared = client.prepare(&debit)?; // checks every documented limit first
/// assert!(prepared.url().ends_with("/payment/tokenDebit"));
/// assert!(!prepared.to_string().contains("your-security-key"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Sending it, and reading the answer or the refusal:
///
/// ```no_run
/// # use paybind::comnpay::*;
/// # async fn run(client: Client, debit: PaymentTokenDebit) -> Result<(), Box<dyn std::error::Error>> {
/// match client.payment_token_debit(&debit).await {
///     Ok(answer) => println!("{}", paybind::Summary::summary(&answer)),
///     Err(paybind::Error::Refused(r)) => println!("refused: {}", r.code), // "651 Insufficient funds…"
///     Err(e) => return Err(e.into()),
/// }
/// # Ok(()) }
/// ```
///
/// `cargo run --features sim --example comnpay` runs a debit and a refund against the
/// embedded simulator.
#[cfg(feature = "comnpay")]
#[deny(warnings, missing_docs)]
pub mod comnpay {
    include!(concat!(env!("OUT_DIR"), "/comnpay.rs"));
}

/// PaynetEasy v2 API and its white label ConnPay, generated from `spec/payneteasy.yaml`
/// (sources: 002_533efdf5ff50f3f7.txt, 003_86258bf917671082.txt, 004_4bb82ea0de25b99c.txt).
///
/// A sale signed with the merchant control key, which is never sent; each brand's documents
/// set its limits:
///
/// ```
/// use paybind::payneteasy::{Brand, Client, Credentials, Environment, Sale, Target};
/// use paybind::Money;
///
/// let credentials = Credentials::new("my-login", "my-merchant-control-key", Target::Endpoint(39529));
/// let client = Client::new(Brand::Connpay, Environment::Sandbox, credentials)?;
/// let sale = Sale::builder()
///     .client_orderid("ORDER-0001")
///     .order_desc("Two tickets")
///     .amount(Money::parse("10.42", "EUR")?)
///     .ipaddress("65.153.12.232")
///     .card_recurring_payment_id("1491954")
///     .cvv2("123")
///     .build();
/// let prepared = client.prepare(&sale)?;
/// assert!(prepared.body_text().contains("control=")); // the SHA-1 signature
/// assert!(!prepared.body_text().contains("my-merchant-control-key"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Then `client.sale(&sale).await?` sends it and `client.status(…)` polls the order until it
/// is final (`no_run`: it needs the gateway):
///
/// ```no_run
/// # use paybind::payneteasy::*;
/// # async fn run(client: Client, sale: Sale) -> Result<(), Box<dyn std::error::Error>> {
/// let accepted = client.sale(&sale).await?;
/// let status = Status::builder()
///     .client_orderid("ORDER-0001")
///     .orderid(accepted.paynet_order_id.unwrap_or_default())
///     .build();
/// println!("{}", paybind::Summary::summary(&client.status(&status).await?));
/// # Ok(()) }
/// ```
///
/// `cargo run --features sim --example payneteasy` runs a sale against the embedded
/// simulator.
#[cfg(feature = "payneteasy")]
#[deny(warnings, missing_docs)]
pub mod payneteasy {
    include!(concat!(env!("OUT_DIR"), "/payneteasy.rs"));
}

/// S-money API V3, generated from `spec/smoney.yaml` (source: 001_b198a1e37d8b1b40.txt).
///
/// A card payment as JSON with a bearer token; the token is redacted when shown:
///
/// ```
/// use paybind::smoney::{Client, CreateCardPayment, Credentials, Environment, ThreeDSecurePreference};
///
/// let client = Client::new(
///     Environment::Sandbox,
///     Credentials::new("api-token", "mypartner", "callback-secret"),
/// )?;
/// let payment = CreateCardPayment::builder()
///     .amount(15000) // cents
///     .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
///     .order_id("ORDER-42")
///     .available_cards(paybind::literal!(CreateCardPayment::AVAILABLE_CARDS, "CB;VISA"))
///     .is_mine(false)
///     .message("Concert tickets")
///     .url_return("https://shop.example/return")
///     .url_callback("https://shop.example/callback")
///     .build();
/// let prepared = client.prepare(&payment)?;
/// assert!(prepared.url().ends_with("/api/mypartner/payins/cardpayments"));
/// assert!(prepared.to_string().contains("authorization: Bearer <redacted>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Sending it gives the page the payer pays on (`no_run`: it needs the gateway):
///
/// ```no_run
/// # use paybind::smoney::*;
/// # async fn run(client: Client, payment: CreateCardPayment) -> Result<(), Box<dyn std::error::Error>> {
/// let created = client.create_card_payment(&payment).await?;
/// println!("send the payer to {:?}", created.href);
/// # Ok(()) }
/// ```
///
/// `cargo run --features sim --example smoney` runs a payment and a refund against the
/// embedded simulator.
#[cfg(feature = "smoney")]
#[deny(warnings, missing_docs)]
pub mod smoney {
    include!(concat!(env!("OUT_DIR"), "/smoney.rs"));
}

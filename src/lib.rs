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
//! A gateway paybind does not bundle is one spec away: with the `macros` feature,
//! `paybind::gateway!` generates the same bindings from a spec of your own at compile time.

extern crate self as paybind;

pub mod date;
pub mod encoding;
pub mod error;
pub mod format;
pub mod literal;
pub mod money;
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

pub use date::{Date, DateTime, InvalidDate, YearMonth};
pub use error::{
    BuildError, CallbackError, DecodeError, EncodeError, Error, OutcomeUnknown, RequestDecodeError,
    ReturnCategory, ReturnCodeInfo, TransportError, UnknownCause,
};
pub use money::{Currency, MinorUnits, Money, MoneyError};
pub use secret::{Sensitive, Sensitivity};
pub use summary::Summary;
pub use transport::DEFAULT_TIMEOUT;

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

/// The README's examples compile as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// ComNpay (Afone Paiement) REST API, generated from `spec/comnpay.yaml`
/// (source: 000_0314d75137e75338.txt).
#[cfg(feature = "comnpay")]
#[deny(warnings, missing_docs)]
pub mod comnpay {
    include!(concat!(env!("OUT_DIR"), "/comnpay.rs"));
}

/// PaynetEasy v2 API and its white label ConnPay, generated from `spec/payneteasy.yaml`
/// (sources: 002_533efdf5ff50f3f7.txt, 003_86258bf917671082.txt, 004_4bb82ea0de25b99c.txt).
#[cfg(feature = "payneteasy")]
#[deny(warnings, missing_docs)]
pub mod payneteasy {
    include!(concat!(env!("OUT_DIR"), "/payneteasy.rs"));
}

/// S-money API V3, generated from `spec/smoney.yaml` (source: 001_b198a1e37d8b1b40.txt).
#[cfg(feature = "smoney")]
#[deny(warnings, missing_docs)]
pub mod smoney {
    include!(concat!(env!("OUT_DIR"), "/smoney.rs"));
}

//! Each gateway's client against the embedded simulator (`paybind::sim`) over loopback.
//! Needs the `sim` feature: `cargo test --features sim --test sim`.

#![cfg(all(
    feature = "sim",
    feature = "comnpay",
    feature = "payneteasy",
    feature = "smoney"
))]

#[path = "../support/mod.rs"]
mod support;

#[path = "../load/mod.rs"]
mod load_driver;

mod comnpay;
mod conformance;
mod connection;
mod extra;
mod faults;
#[cfg(feature = "macros")]
mod fourth_gateway;
mod load;
mod openapi;
mod pages;
mod payneteasy;
mod signatures;
mod smoney;

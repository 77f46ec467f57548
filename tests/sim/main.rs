//! Each gateway's client against the embedded simulator (`paybind::sim`) over loopback.
//! Needs the `sim` feature: `cargo test --features sim --test sim`.

#![cfg(feature = "sim")]

#[path = "../support/mod.rs"]
mod support;

mod comnpay;
mod payneteasy;
mod smoney;

//! The integration tests, in one binary so that the generated crate is linked once.
//!
//! - [`comnpay`], [`payneteasy`], [`smoney`]: each gateway's rules, signatures, examples and
//!   client against a loopback server;
//! - [`form_decoding`]: requests read back from the forms the clients write;
//! - [`generated`]: the committed `generated/` copies have not drifted from `spec/`, and are
//!   byte for byte the modules compiled;
//! - [`inbound`]: requests as a server decodes them, generated signatures, `prepare`;
//! - [`literals`]: `paybind::literal!` checks agree with `validate()`;
//! - [`outcomes`]: what each answer means for the payment (`outcome()`), the documents'
//!   examples first, and refusals that keep the whole answer;
//! - [`schedule_props`]: property tests of `paybind::schedule`;
//! - [`secrets`]: every sensitive field the specs list, filled from the IR with a sentinel,
//!   shows in no `Debug`, `Display`, error chain or validation message;
//! - [`faults`]: the three clients against a scripted raw-TCP server (5xx, HTML, cut answers,
//!   timeouts, resets, redirects): typed errors, and a money call never sent twice;
//! - [`connection`]: a `reqwest::Client` of the user's own, root certificates and mutual TLS
//!   against a loopback TLS server, connection options refused by name;
//! - [`callbacks`]: forged, altered, truncated, duplicated and replayed callbacks;
//! - [`fuzz_replay`]: the committed fuzz corpus replayed, and bounded property tests of every
//!   answer decoder, request decoder, callback verifier, money and date parser and the spec
//!   loader (the fuzz targets of `fuzz/`);
//! - [`feature_specs`]: every snapshot of `codegen/tests/specs/` compiles and behaves.
//!
//! The simulator tests are in `tests/sim/`; `tests/allocations.rs` (a counting global
//! allocator), `tests/call_spans.rs` (a global tracing subscriber) and `tests/ui.rs` (trybuild)
//! are binaries of their own.

#[path = "../support/mod.rs"]
mod support;
mod support_json;

mod callbacks;
mod cli;
mod comnpay;
mod connection;
mod faults;
// `pub`: the snapshots compiled in it are whole gateway modules, most of whose items no test
// calls; being reachable from the crate root keeps them from being dead code under their
// `#[deny(warnings)]`.
pub mod feature_specs;
mod form_decoding;
mod fuzz_replay;
mod generated;
mod inbound;
mod literals;
mod outcomes;
mod payneteasy;
mod schedule_props;
mod secrets;
mod smoney;

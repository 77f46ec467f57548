//! What the simulated gateways have recorded.

use std::collections::BTreeMap;

use super::gateway::Entry;

/// The payments each simulated gateway has recorded (ComNpay debits, PaynetEasy and
/// ConnPay sales and pre-authorizations, S-money card payments, and those of gateways added
/// with [`SimulatorBuilder::gateway`](super::SimulatorBuilder::gateway)), for checking that nothing was lost or recorded twice.
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

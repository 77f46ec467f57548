//! The simulator's settings: the credentials it accepts, and how late a late answer is.

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
    /// ([`faults`](super::faults)); the default is more than the clients' 30 s timeout.
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

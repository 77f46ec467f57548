//! The bodies of paybind's fuzz targets: every answer decoder, every request decoder the
//! simulator uses, every callback verifier, the money and date parsers and the spec loader.
//!
//! Each function takes arbitrary bytes and must return without panicking; the ones with an
//! oracle (a date read back, an amount written and read again) assert it. The fuzz targets
//! in `fuzz_targets/` call them, and `tests/it/fuzz_replay.rs` includes this file with
//! `#[path]` to replay the committed corpus and run bounded property tests in
//! `cargo test`, so it must compile both in this crate and inside paybind's tests: it uses
//! nothing but `paybind`, `paybind_codegen`, `serde_json` and std.
//!
//! The gateway targets read their first byte as a selector, so that one target reaches every
//! decoder of its gateway: [`Pick`] says which.

use paybind::transport::{FromBody, Gateway, Method};
use paybind::ValidationPolicy;

/// What a gateway target does with the bytes after its selector byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The `i`th answer decoder (`FromBody`) of the gateway, on the rest.
    Answer(usize),
    /// `Incoming::decode` with the `i`th route's method and path, the rest as body.
    Route(usize),
    /// `Incoming::decode`: byte 0 the method (even GET, odd POST), then the path up to the
    /// first newline, then the body.
    AnyRoute,
    /// The refusal envelope (`Gateway::refusal`): byte 0 picks the HTTP status, then the body.
    Refusal,
    /// `Credentials::verify_callback` on the rest.
    Callback,
}

/// A decoder fed raw bytes: it may refuse them, never panic.
pub type Decoder = fn(&[u8]);

/// A gateway's decoders, as the selector byte indexes them.
pub struct Decoders {
    /// Each answer type's `from_body`, by name.
    pub answers: &'static [(&'static str, Decoder)],
    /// The simulator's routes: method and a path of the form it receives.
    pub routes: &'static [(Method, &'static str)],
    /// `Incoming::decode` and what the simulator does next with the request.
    pub decode: fn(Method, &str, &[u8]),
    /// `Gateway::refusal`.
    pub refusal: fn(u16, &[u8]),
    /// `Credentials::verify_callback`, for a gateway that calls back.
    pub callback: Option<Decoder>,
}

impl Decoders {
    /// How many selector values lead somewhere different.
    pub fn len(&self) -> usize {
        self.answers.len() + self.routes.len() + 3
    }

    /// Never empty: the refusal and the free route are always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// What the selector byte `b` picks.
    pub fn pick(&self, b: u8) -> Pick {
        let i = usize::from(b) % self.len();
        let (a, r) = (self.answers.len(), self.routes.len());
        if i < a {
            Pick::Answer(i)
        } else if i < a + r {
            Pick::Route(i - a)
        } else if i == a + r {
            Pick::AnyRoute
        } else if i == a + r + 1 {
            Pick::Refusal
        } else {
            Pick::Callback
        }
    }

    /// The selector byte that picks `p` (the inverse of [`Decoders::pick`]).
    pub fn selector(&self, p: Pick) -> u8 {
        let (a, r) = (self.answers.len(), self.routes.len());
        let i = match p {
            Pick::Answer(i) => i,
            Pick::Route(i) => a + i,
            Pick::AnyRoute => a + r,
            Pick::Refusal => a + r + 1,
            Pick::Callback => a + r + 2,
        };
        u8::try_from(i).expect("fewer than 256 decoders")
    }

    /// Runs the decoder the first byte picks on the rest.
    pub fn run(&self, data: &[u8]) {
        let Some((&sel, rest)) = data.split_first() else {
            return;
        };
        match self.pick(sel) {
            Pick::Answer(i) => (self.answers[i].1)(rest),
            Pick::Route(i) => {
                let (method, path) = self.routes[i];
                (self.decode)(method, path, rest);
            }
            Pick::AnyRoute => {
                let Some((&m, rest)) = rest.split_first() else {
                    return;
                };
                let method = if m % 2 == 0 {
                    Method::Get
                } else {
                    Method::Post
                };
                let (path, body) = match rest.iter().position(|&b| b == b'\n') {
                    Some(n) => (&rest[..n], &rest[n + 1..]),
                    None => (rest, &[][..]),
                };
                (self.decode)(method, &String::from_utf8_lossy(path), body);
            }
            Pick::Refusal => {
                const STATUSES: [u16; 8] = [200, 201, 400, 401, 403, 404, 409, 500];
                let Some((&s, body)) = rest.split_first() else {
                    return;
                };
                (self.refusal)(STATUSES[usize::from(s) % STATUSES.len()], body);
            }
            Pick::Callback => {
                if let Some(callback) = self.callback {
                    callback(rest);
                }
            }
        }
    }
}

/// An answer type's decoder; a decoded answer is also shown, as logs would.
fn answer<T: FromBody + std::fmt::Debug>(body: &[u8]) {
    match T::from_body(body) {
        Ok(v) => drop(format!("{v:?}")),
        Err(e) => drop(format!("{e} {e:?}")),
    }
}

macro_rules! answers {
    ($($t:ident),* $(,)?) => {
        &[$((stringify!($t), answer::<$t> as Decoder)),*]
    };
}

/// What the simulator does with a decoded request: validate it under each policy, show it.
macro_rules! serve {
    ($decoded:expr) => {
        serve!($decoded, |_r| ())
    };
    ($decoded:expr, |$r:ident| $more:expr) => {
        match $decoded {
            Ok($r) => {
                for policy in [ValidationPolicy::Strict, ValidationPolicy::SkipLimits] {
                    if let Err(e) = $r.request.validate_with(policy) {
                        drop(format!("{e} {e:?}"));
                    }
                }
                drop(format!("{:?} {}", $r, $r.request.endpoint()));
                #[allow(clippy::unused_unit)]
                let () = $more;
            }
            Err(e) => drop(format!("{e} {e:?}")),
        }
    };
}

mod comnpay_decoders {
    use super::*;
    use paybind::comnpay::*;

    pub static DECODERS: Decoders = Decoders {
        answers: answers![
            Token,
            TokenResponse,
            PayperlinkDetails,
            CustomerDetails,
            Transaction,
            PaymentResponse,
            Alias,
            AliasResponse,
            TransactionList,
            AliasList,
            Preauthorization,
            PreauthorizationResponse,
            PreauthorizationList,
            PayperlinkResponse,
            PayperlinkList,
            PnfTransaction,
            PnfFile,
            PnfFileList,
        ],
        routes: &[
            (Method::Post, "token/create"),
            (Method::Post, "payment/tokenDebit"),
            (Method::Post, "payment/end3dsDebit"),
            (Method::Post, "alias/tokenCreate"),
            (Method::Post, "payment/aliasDebit"),
            (Method::Post, "payment/refund"),
            (Method::Post, "payment/find"),
            (Method::Post, "alias/find"),
            (Method::Post, "receipt/getHtml"),
            (Method::Post, "receipt/getPdfBase64"),
            (Method::Post, "preauthorization/tokenOpen"),
            (Method::Post, "preauthorization/end3ds"),
            (Method::Post, "preauthorization/aliasOpen"),
            (Method::Post, "preauthorization/close"),
            (Method::Post, "preauthorization/find"),
            (Method::Post, "payperlink/create"),
            (Method::Post, "payperlink/close"),
            (Method::Post, "payperlink/find"),
            (Method::Post, "pnfFile/find"),
        ],
        decode: |method, path, body| serve!(Incoming::decode(method, path, body)),
        refusal: |status, body| drop(format!("{:?}", Api::refusal(status, body))),
        callback: None,
    };
}

mod payneteasy_decoders {
    use super::*;
    use paybind::payneteasy::*;

    pub static DECODERS: Decoders = Decoders {
        answers: answers![AsyncResponse, StatusResponse, Callback],
        routes: &[
            (Method::Post, "sale/39529"),
            (Method::Post, "preauth/39529"),
            (Method::Post, "status/39529"),
            (Method::Post, "capture/39529"),
            (Method::Post, "return/39529"),
            (Method::Post, "sale/group/1234"),
            (Method::Post, "status/group/1234"),
        ],
        decode: |method, path, body| {
            serve!(Incoming::decode(method, path, body), |r| {
                let credentials = Credentials::new("sim-login", "SIM-CONTROL", r.target);
                drop(r.request.signature(&credentials));
            })
        },
        refusal: |status, body| drop(format!("{:?}", Api::refusal(status, body))),
        callback: Some(|params| {
            let credentials = Credentials::new("sim-login", "SIM-CONTROL", Target::Endpoint(39529));
            match credentials.verify_callback(params) {
                Ok(c) => drop(format!("{c:?} {}", c.idempotency_key())),
                Err(e) => drop(format!("{e} {e:?}")),
            }
        }),
    };
}

mod smoney_decoders {
    use super::*;
    use paybind::smoney::*;

    pub static DECODERS: Decoders = Decoders {
        answers: answers![
            CardPayment,
            CardInfo,
            BeneficiaryInfo,
            InstallmentInfo,
            ExtraResults,
            Refund,
            Callback,
        ],
        routes: &[
            (Method::Post, "api/simpartner/payins/cardpayments"),
            (Method::Get, "api/simpartner/payins/cardpayments/ORDER-1"),
            (
                Method::Post,
                "api/simpartner/payins/cardpayments/ORDER-1/refunds",
            ),
        ],
        decode: |method, path, body| serve!(Incoming::decode(method, path, body)),
        refusal: |status, body| drop(format!("{:?}", Api::refusal(status, body))),
        callback: Some(|params| {
            let credentials = Credentials::new("sim-token", "simpartner", "sim-callback-secret");
            match credentials.verify_callback(params) {
                Ok(c) => drop(format!("{c:?} {}", c.idempotency_key())),
                Err(e) => drop(format!("{e} {e:?}")),
            }
        }),
    };
}

pub use comnpay_decoders::DECODERS as COMNPAY;
pub use payneteasy_decoders::DECODERS as PAYNETEASY;
pub use smoney_decoders::DECODERS as SMONEY;

/// ComNpay: every answer, every route of the simulator, the refusal envelope.
pub fn comnpay(data: &[u8]) {
    COMNPAY.run(data);
}

/// PaynetEasy: every answer, every route, the refusal, the callback verifier.
pub fn payneteasy(data: &[u8]) {
    PAYNETEASY.run(data);
}

/// S-money: every answer, every route, the refusal, the callback verifier.
pub fn smoney(data: &[u8]) {
    SMONEY.run(data);
}

/// The money and date parsers. Byte 0 picks the parser; each one that accepts its input
/// must write it back the same (dates) or to the same amount (money).
pub fn money_date(data: &[u8]) {
    use paybind::{Date, DateTime, MinorUnits, Money, YearMonth};
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match sel % 8 {
        0 => {
            // "CUR amount" (or the whole text as an amount in EUR).
            let (code, amount) = text.split_once(' ').unwrap_or(("EUR", &text));
            if let Ok(m) = Money::parse(amount, code) {
                let back = Money::parse(&m.major_string(), code);
                assert_eq!(back.as_ref().ok(), Some(&m), "{amount} {code}");
                assert!(usize::from(m.exponent()) <= 4);
            }
        }
        1 => {
            // An amount in every currency, picked by the next byte.
            let Some((&c, rest)) = rest.split_first() else {
                return;
            };
            // Exponents 0, 2, 3 and 4, and currencies with no minor unit.
            const CODES: [&str; 10] = [
                "EUR", "JPY", "KWD", "CLF", "UYW", "USD", "BHD", "XAU", "XXX", "ISK",
            ];
            let Some(currency) = paybind::Currency::from_code(CODES[usize::from(c) % CODES.len()])
            else {
                return;
            };
            let text = String::from_utf8_lossy(rest);
            if let Ok(m) = Money::parse_major(&text, currency) {
                let back = Money::parse_major(&m.major_string(), currency);
                assert_eq!(back.ok(), Some(m), "{text} {currency:?}");
            }
            if let Ok(minor) = text.parse::<i64>() {
                if let Ok(m) = Money::from_minor(minor, currency) {
                    assert_eq!(m.minor(), minor);
                    let back = Money::parse_major(&m.major_string(), currency);
                    assert!(minor < 0 || back.ok() == Some(m), "{minor} {currency:?}");
                }
            }
        }
        2 => {
            if let Ok(d) = text.parse::<DateTime>() {
                assert_eq!(d.to_string(), text);
                assert_eq!(d.date().to_string(), text[..8]);
            }
        }
        3 => {
            if let Ok(d) = text.parse::<Date>() {
                assert_eq!(d.to_string(), text);
                let days = d.days_since_epoch();
                assert_eq!(d.add_days(0), Some(d));
                if let Some(next) = d.add_days(1) {
                    assert_eq!(next.days_since_epoch(), days + 1);
                }
            }
        }
        4 => {
            if let Ok(d) = text.parse::<YearMonth>() {
                assert_eq!(d.to_string(), text);
            }
        }
        5 => {
            // Day arithmetic: a date and a day count of 8 bytes each.
            if rest.len() >= 16 {
                let n = |b: &[u8]| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
                let secs = n(&rest[..8]);
                if let Some(t) = DateTime::from_unix(secs) {
                    assert_eq!(t.to_string().parse::<DateTime>(), Ok(t));
                    let d = t.date();
                    if let Some(later) = d.add_days(n(&rest[8..16])) {
                        assert_eq!(later.to_string().parse::<Date>(), Ok(later));
                    }
                }
            }
        }
        6 => {
            // Amounts and dates as answers carry them: JSON numbers or strings.
            drop(serde_json::from_slice::<MinorUnits>(rest));
            drop(serde_json::from_slice::<Option<Date>>(rest));
            drop(serde_json::from_slice::<DateTime>(rest));
            drop(serde_json::from_slice::<YearMonth>(rest));
        }
        _ => {
            // The form and line decoders under the answers and requests.
            let pairs = paybind::encoding::line_pairs(rest);
            drop(paybind::encoding::from_pairs::<
                std::collections::BTreeMap<String, String>,
            >(pairs));
            drop(paybind::encoding::from_lines::<
                std::collections::BTreeMap<String, String>,
            >(rest));
        }
    }
}

/// The spec loader, linter and generator on arbitrary text: errors, never a panic.
pub fn spec(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match paybind_codegen::lower_str("fuzz.yaml", &text) {
        Ok(_) => {
            drop(paybind_codegen::check_str("fuzz.yaml", &text));
            if let Err(e) = paybind_codegen::generate_str("fuzz.yaml", &text) {
                // Lowered specs must generate code that parses.
                assert!(!e.to_string().contains("internal generator error"), "{e}");
            }
        }
        Err(e) => drop(e.to_string()),
    }
}

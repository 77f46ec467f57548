//! Fault scenarios, for testing one's own handling of an outcome that is not known: a
//! request whose merchant reference (ComNpay's transactionRef, PaynetEasy's client_orderid,
//! S-money's OrderId) contains one of the markers below is carried out and recorded as
//! usual, then answered badly, the first time only. Asking again (a lookup, or any later
//! request with the same reference) gets the normal answers, so the lookup shows what was
//! recorded.
//!
//! | marker | the answer |
//! |---|---|
//! | `SIM-FAULT-LATE` | the normal answer, after `Config::fault_delay_ms` (default 35 s, more than the clients' 30 s timeout) |
//! | `SIM-FAULT-5XX` | `503 Service Unavailable`, plain text |
//! | `SIM-FAULT-DROP` | the connection is cut: a status line, then the body fails |
//! | `SIM-FAULT-GARBAGE` | `200 OK` with a body no gateway writes |
//!
//! The marker is found anywhere in the request's path or body, so one reference such as
//! `ORDER-SIM-FAULT-5XX-0001` works with every gateway.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The fault markers, each with what it does.
pub const MARKERS: [(&str, Fault); 4] = [
    ("SIM-FAULT-LATE", Fault::Late),
    ("SIM-FAULT-5XX", Fault::ServerError),
    ("SIM-FAULT-DROP", Fault::Drop),
    ("SIM-FAULT-GARBAGE", Fault::Garbage),
];

/// What the simulator does to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers after the fault delay.
    Late,
    /// Answers 503.
    ServerError,
    /// Cuts the connection while answering.
    Drop,
    /// Answers 200 with an unreadable body.
    Garbage,
}

/// The body of a garbage answer: neither JSON nor a form.
pub const GARBAGE: &str = "<html><body>Gateway Timeout (proxy)</body></html>\u{0}\u{1}";

/// The largest request body the fault layer reads (the simulated gateways' requests are
/// far smaller).
const BODY_LIMIT: usize = 1 << 20;

/// The references already faulted, so that each faults once; and the late delay.
#[derive(Debug, Clone)]
pub(crate) struct Faults {
    seen: Arc<Mutex<HashSet<String>>>,
    delay: Duration,
}

impl Faults {
    pub(crate) fn new(delay: Duration) -> Self {
        Faults {
            seen: Arc::new(Mutex::new(HashSet::new())),
            delay,
        }
    }

    /// The fault `text` asks for, if its reference has not faulted yet.
    fn first(&self, text: &str) -> Option<Fault> {
        let (reference, fault) = find(text)?;
        let mut seen = self.seen.lock().ok()?;
        seen.insert(reference).then_some(fault)
    }
}

/// The first marker in `text`, with the whole reference around it (letters, digits, `-`,
/// `_`, `.`), which is what faults once.
pub fn find(text: &str) -> Option<(String, Fault)> {
    let (at, marker, fault) = MARKERS
        .iter()
        .filter_map(|(m, f)| text.find(m).map(|at| (at, *m, *f)))
        .min_by_key(|(at, _, _)| *at)?;
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let start = text[..at].rfind(|c: char| !part(c)).map_or(0, |i| i + 1);
    let end = at + marker.len();
    let end = text[end..]
        .find(|c: char| !part(c))
        .map_or(text.len(), |i| end + i);
    Some((text[start..end].to_string(), fault))
}

/// The axum middleware: serves the request as usual, then applies its fault, if any.
pub(crate) async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let text = format!("{} {}", parts.uri.path(), String::from_utf8_lossy(&bytes));
    let fault = faults.first(&text);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    match fault {
        None => response,
        Some(Fault::Late) => {
            tokio::time::sleep(faults.delay).await;
            response
        }
        Some(Fault::ServerError) => {
            (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response()
        }
        Some(Fault::Drop) => {
            let cut = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut");
            let stream = futures_util::stream::once(async move { Err::<bytes::Bytes, _>(cut) });
            (StatusCode::OK, Body::from_stream(stream)).into_response()
        }
        Some(Fault::Garbage) => (StatusCode::OK, GARBAGE).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_around_a_marker_is_what_faults_once() {
        assert_eq!(
            find("transactionRef=ORDER-SIM-FAULT-5XX-0001&amount=4500"),
            Some(("ORDER-SIM-FAULT-5XX-0001".into(), Fault::ServerError))
        );
        assert_eq!(
            find(r#"{"OrderId":"SIM-FAULT-LATE.7","Amount":1}"#),
            Some(("SIM-FAULT-LATE.7".into(), Fault::Late))
        );
        assert_eq!(
            find("/api/x/cardpayments/a_SIM-FAULT-GARBAGE"),
            Some(("a_SIM-FAULT-GARBAGE".into(), Fault::Garbage))
        );
        assert_eq!(
            find("client_orderid=SIM-FAULT-DROP"),
            Some(("SIM-FAULT-DROP".into(), Fault::Drop))
        );
        // The first marker wins.
        assert_eq!(
            find("a=SIM-FAULT-DROP-1&b=SIM-FAULT-LATE-1").map(|(_, f)| f),
            Some(Fault::Drop)
        );
        assert_eq!(find("transactionRef=ORDER-0001"), None);
        assert_eq!(find("SIM-FAULT-"), None);

        let faults = Faults::new(Duration::ZERO);
        assert_eq!(
            faults.first("ref=X-SIM-FAULT-5XX-1"),
            Some(Fault::ServerError)
        );
        assert_eq!(
            faults.first("ref=X-SIM-FAULT-5XX-1"),
            None,
            "once per reference"
        );
        assert_eq!(
            faults.first("ref=X-SIM-FAULT-5XX-2"),
            Some(Fault::ServerError)
        );
    }
}

//! Fault injection against a scripted raw-TCP loopback server: server errors, HTML error
//! pages, answers cut short (in the body, or by the connection), answers slower than the
//! client's timeout, connections reset before and after the request is read, redirects,
//! unknown fields, unknown return codes and statuses. Every case ends in a typed error (its
//! variant asserted) or a decoded answer, never a panic.
//!
//! For each gateway's money-moving call (ComNpay tokenDebit, PaynetEasy sale, S-money card
//! payment) the server counts what it received: a call that may have been sent is never sent
//! again (exactly one request, or one connection when it was reset before being read), and
//! its error is `OutcomeUnknown` naming the lookup (endpoint, field, value).
//!
//! Every error that keeps an answer (`Error::Decode`, and `UnknownCause::Answer` inside
//! `OutcomeUnknown`) is compared with the exact bytes the server sent: a large page, text
//! that is not ASCII and bytes that are not UTF-8 included.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paybind::{Error as PbError, UnknownCause};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the next request.
#[derive(Debug, Clone)]
enum Act {
    /// Answers with this status and body, after a delay; the connection stays open.
    Answer {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
        delay: Duration,
    },
    /// Promises `Content-Length: body + 100`, sends the body, and closes.
    CutByConnection { body: String },
    /// Resets the connection before reading anything of the request.
    ResetBeforeRead,
    /// Reads the whole request, then resets the connection.
    ResetAfterRead,
    /// Redirects (307, which keeps the method and body) to the same path.
    Redirect,
}

fn answer(status: u16, content_type: &'static str, body: impl AsRef<[u8]>) -> Act {
    Act::Answer {
        status,
        content_type,
        body: body.as_ref().to_vec(),
        delay: Duration::ZERO,
    }
}

#[derive(Default)]
struct Counts {
    script: Mutex<VecDeque<Act>>,
    connections: AtomicUsize,
    /// Requests read whole.
    requests: AtomicUsize,
}

/// A loopback HTTP/1.1 server on a raw `TcpListener`, acting out a script.
struct Faulty {
    addr: SocketAddr,
    counts: Arc<Counts>,
}

impl Faulty {
    async fn start(script: Vec<Act>) -> Faulty {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let counts = Arc::new(Counts {
            script: Mutex::new(script.into()),
            ..Counts::default()
        });
        let c = counts.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, c.clone()));
            }
        });
        Faulty { addr, counts }
    }
    fn url(&self, base: &str) -> String {
        format!("http://{}{base}", self.addr)
    }
    fn requests(&self) -> usize {
        self.counts.requests.load(Ordering::SeqCst)
    }
    fn connections(&self) -> usize {
        self.counts.connections.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, counts: Arc<Counts>) {
    loop {
        let act = counts.script.lock().expect("lock").pop_front();
        let Some(act) = act else {
            return; // Nothing scripted: close.
        };
        if let Act::ResetBeforeRead = act {
            let _ = stream.set_zero_linger();
            return;
        }
        let Some(path) = read_request(&mut stream).await else {
            return;
        };
        counts.requests.fetch_add(1, Ordering::SeqCst);
        match act {
            Act::Answer {
                status,
                content_type,
                body,
                delay,
            } => {
                tokio::time::sleep(delay).await;
                let head = format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).await.is_err()
                    || stream.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Act::CutByConnection { body } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len() + 100
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
                return;
            }
            Act::ResetAfterRead => {
                let _ = stream.set_zero_linger();
                return;
            }
            Act::Redirect => {
                let head = format!(
                    "HTTP/1.1 307 Temporary Redirect\r\nlocation: {path}\r\ncontent-length: 0\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
            }
            Act::ResetBeforeRead => unreachable!(),
        }
    }
}

/// Reads one request (head and `content-length` body); its path, or `None` at the end.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    head.split_whitespace().nth(1).map(str::to_string)
}

// ---------------------------------------------------------------------------------------
// What a call ended in.

/// The raw body an error kept, compared byte for byte; shown as its length and its bytes
/// (text when it is UTF-8, escaped when not; its ends only, when long).
#[derive(PartialEq)]
struct Raw(Vec<u8>);

impl Debug for Raw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = &self.0;
        write!(f, "{} bytes ", b.len())?;
        let text = std::str::from_utf8(b).is_ok();
        let show = |f: &mut std::fmt::Formatter<'_>, part: &[u8]| {
            if text {
                write!(f, "{:?}", String::from_utf8_lossy(part))
            } else {
                write!(f, "b\"{}\"", part.escape_ascii())
            }
        };
        if b.len() <= 240 {
            show(f, b)
        } else {
            show(f, &b[..120])?;
            f.write_str("..")?;
            show(f, &b[b.len() - 120..])
        }
    }
}

fn raw(body: impl AsRef<[u8]>) -> Raw {
    Raw(body.as_ref().to_vec())
}

#[derive(Debug, PartialEq)]
enum Got {
    /// A decoded answer (its `Debug`).
    Answer(String),
    Decode {
        status: u16,
        body: Raw,
    },
    Transport {
        timeout: bool,
    },
    Refused,
    Unknown {
        /// The status and raw body of an answer that said nothing; `None` for a transport
        /// failure.
        answer: Option<(u16, Raw)>,
        timeout: bool,
        lookup: (&'static str, &'static str, String),
    },
    Other(String),
}

fn decode(status: u16, body: impl AsRef<[u8]>) -> Got {
    Got::Decode {
        status,
        body: raw(body),
    }
}

fn got<T: Debug, R: Debug>(r: Result<T, PbError<R>>) -> Got {
    match r {
        Ok(a) => Got::Answer(format!("{a:?}")),
        Err(PbError::Decode(d)) => decode(d.status, d.body()),
        Err(PbError::Transport(t)) => Got::Transport {
            timeout: t.is_timeout(),
        },
        Err(PbError::Refused(_)) => Got::Refused,
        Err(PbError::OutcomeUnknown(u)) => {
            // The message says how to look it up.
            let text = u.to_string();
            let advice = format!(
                "look it up with {} {}={}",
                u.lookup_endpoint, u.lookup_field, u.lookup_value
            );
            assert!(text.contains(&advice), "{text}");
            Got::Unknown {
                answer: match &u.cause {
                    UnknownCause::Answer(d) => Some((d.status, raw(d.body()))),
                    UnknownCause::Transport(_) => None,
                    other => panic!("{other:?}"),
                },
                timeout: u.is_timeout(),
                lookup: (u.lookup_endpoint, u.lookup_field, u.lookup_value),
            }
        }
        Err(other) => Got::Other(format!("{other:?}")),
    }
}

// ---------------------------------------------------------------------------------------
// Each gateway's money-moving call and the call that looks it up.

const TIMEOUT: Duration = Duration::from_millis(400);

trait Subject {
    const NAME: &'static str;
    /// The path below the server's address that the client's base URL ends with.
    const BASE: &'static str;
    /// The answers' media type.
    const MEDIA: &'static str;
    /// The lookup an unknown outcome names.
    const LOOKUP: (&'static str, &'static str, &'static str);
    /// Success answers (with a field no spec knows) to the money call and the lookup.
    const MONEY_OK: &'static str;
    const LOOKUP_OK: &'static str;
    type Client;
    fn client(base: String) -> Self::Client;
    async fn money(c: &Self::Client) -> Got;
    async fn lookup(c: &Self::Client) -> Got;
}

/// The money call's outcome is unknown: after an answer that said nothing (its status and
/// the exact body sent), or after a transport failure (`None`).
fn unknown<S: Subject>(answer: Option<(u16, &[u8])>, timeout: bool) -> Got {
    let (e, f, v) = S::LOOKUP;
    Got::Unknown {
        answer: answer.map(|(status, body)| (status, raw(body))),
        timeout,
        lookup: (e, f, v.to_string()),
    }
}

struct ComNpay;
impl Subject for ComNpay {
    const NAME: &'static str = "comnpay";
    const BASE: &'static str = "/rest";
    const MEDIA: &'static str = "application/json";
    const LOOKUP: (&'static str, &'static str, &'static str) =
        ("payment/find", "transactionRef", "ORDER-0001");
    const MONEY_OK: &'static str = r#"{"ok":1,"message":"ok","newField":{"x":[1]},"transaction":{"transactionId":6145,"amount":1590,"responseCode":"200","transactionRef":"ORDER-0001","type":"D"},"responseCode":"200"}"#;
    const LOOKUP_OK: &'static str = r#"{"nbTransactions":0,"transaction":[],"newField":true}"#;
    type Client = paybind::comnpay::Client;
    fn client(base: String) -> Self::Client {
        comnpay_client(base)
    }
    async fn money(c: &Self::Client) -> Got {
        use paybind::comnpay::*;
        let debit = PaymentTokenDebit::builder()
            .token_ref("TK1533224578211DEMO364")
            .transaction_ref("ORDER-0001")
            .amount(1590)
            .build();
        got(c.payment_token_debit(&debit).await)
    }
    async fn lookup(c: &Self::Client) -> Got {
        use paybind::comnpay::*;
        let find = PaymentFind::builder().transaction_ref("ORDER-0001").build();
        got(c.payment_find(&find).await)
    }
}

fn comnpay_client(base: String) -> paybind::comnpay::Client {
    use paybind::comnpay::*;
    Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", "k"),
    )
    .base_url(base)
    .timeout(TIMEOUT)
    .build()
    .expect("client")
}

struct PaynetEasy;
impl Subject for PaynetEasy {
    const NAME: &'static str = "payneteasy";
    const BASE: &'static str = "/paynet/api/v2";
    const MEDIA: &'static str = "text/plain";
    const LOOKUP: (&'static str, &'static str, &'static str) =
        ("status", "client_orderid", "34T43R77N");
    const MONEY_OK: &'static str = "type=async-response\n&serial-number=1\n&merchant-order-id=34T43R77N\n&paynet-order-id=6768788\n&brand-new-field=x\n";
    const LOOKUP_OK: &'static str = "type=status-response\n&serial-number=1\n&paynet-order-id=6768788\n&status=approved\n&brand-new-field=x\n";
    type Client = paybind::payneteasy::Client;
    fn client(base: String) -> Self::Client {
        payneteasy_client(base)
    }
    async fn money(c: &Self::Client) -> Got {
        use paybind::payneteasy::*;
        let sale = Sale::builder()
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .client_orderid("34T43R77N")
            .order_desc("Test Order Description")
            .amount(paybind::Money::parse("777", "USD").expect("money"))
            .ipaddress("65.153.12.232")
            .build();
        got(c.sale(&sale).await)
    }
    async fn lookup(c: &Self::Client) -> Got {
        use paybind::payneteasy::*;
        let status = Status::builder()
            .client_orderid("34T43R77N")
            .orderid("6768788")
            .build();
        got(c.status(&status).await)
    }
}

fn payneteasy_client(base: String) -> paybind::payneteasy::Client {
    use paybind::payneteasy::*;
    let creds = Credentials::new("login", "control", Target::Endpoint(39529));
    Client::builder(Brand::Connpay, Environment::Sandbox, creds)
        .base_url(base)
        .timeout(TIMEOUT)
        .build()
        .expect("client")
}

struct SMoney;
impl Subject for SMoney {
    const NAME: &'static str = "smoney";
    const BASE: &'static str = "";
    const MEDIA: &'static str = "application/vnd.s-money.v3+json";
    const LOOKUP: (&'static str, &'static str, &'static str) = (
        "api/{partner}/payins/cardpayments/{paymentOrderId}",
        "paymentOrderId",
        "ORDER-42",
    );
    const MONEY_OK: &'static str = r#"{"Id":9001,"OrderId":"ORDER-42","Amount":15000,"Status":0,"Href":"https://pay.example/9001","BrandNew":{"x":1}}"#;
    const LOOKUP_OK: &'static str =
        r#"{"id":9001,"orderId":"ORDER-42","amount":15000,"status":1,"brandNew":[]}"#;
    type Client = paybind::smoney::Client;
    fn client(base: String) -> Self::Client {
        smoney_client(base)
    }
    async fn money(c: &Self::Client) -> Got {
        use paybind::smoney::*;
        let payment = CreateCardPayment::builder()
            .amount(15000)
            .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
            .order_id("ORDER-42")
            .available_cards(paybind::encoding::Joined(vec![CardBrand::Cb]))
            .is_mine(false)
            .message("Concert tickets")
            .url_return("https://shop.example/return")
            .url_callback("https://shop.example/callback")
            .build();
        got(c.create_card_payment(&payment).await)
    }
    async fn lookup(c: &Self::Client) -> Got {
        use paybind::smoney::*;
        let get = GetCardPayment::builder()
            .payment_order_id("ORDER-42")
            .build();
        got(c.get_card_payment(&get).await)
    }
}

fn smoney_client(base: String) -> paybind::smoney::Client {
    use paybind::smoney::*;
    Client::builder(
        Environment::Sandbox,
        Credentials::new("tok", "mypartner", "cb"),
    )
    .base_url(base)
    .timeout(TIMEOUT)
    .build()
    .expect("client")
}

// ---------------------------------------------------------------------------------------
// The cases every gateway goes through.

/// One fault: what the server does, and what the money call and the lookup end in.
struct Case {
    name: &'static str,
    act: Act,
    money: Got,
    lookup: Got,
}

fn cases<S: Subject>() -> Vec<Case> {
    let html = "<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>";
    let plain = "Internal Server Error";
    // Larger than any buffer on the way, and not ASCII.
    let large = format!(
        "<html><body>{}</body></html>",
        "<p>Erreur: réessayez plus tard — 服务不可用</p>\n".repeat(4000)
    );
    // Not UTF-8 at all: a NUL, lone continuation bytes, a cut sequence.
    let binary: &[u8] = b"\xff\xfeBad gateway\x00\x80\xc3(\xe2\x82";
    let slow = Act::Answer {
        status: 200,
        content_type: S::MEDIA,
        body: S::MONEY_OK.into(),
        delay: TIMEOUT * 3,
    };
    vec![
        Case {
            name: "500 with a plain body",
            act: answer(500, "text/plain", plain),
            money: unknown::<S>(Some((500, plain.as_bytes())), false),
            lookup: decode(500, plain),
        },
        Case {
            name: "503 HTML error page",
            act: answer(503, "text/html", html),
            money: unknown::<S>(Some((503, html.as_bytes())), false),
            lookup: decode(503, html),
        },
        Case {
            name: "503 large page, not ASCII",
            act: answer(503, "text/html; charset=utf-8", &large),
            money: unknown::<S>(Some((503, large.as_bytes())), false),
            lookup: decode(503, &large),
        },
        Case {
            name: "502 body that is not UTF-8",
            act: answer(502, "application/octet-stream", binary),
            money: unknown::<S>(Some((502, binary)), false),
            lookup: decode(502, binary),
        },
        Case {
            name: "200 HTML page",
            act: answer(200, "text/html", html),
            money: unknown::<S>(Some((200, html.as_bytes())), false),
            lookup: decode(200, html),
        },
        Case {
            name: "200 large page, not ASCII",
            act: answer(200, "text/html; charset=utf-8", &large),
            money: unknown::<S>(Some((200, large.as_bytes())), false),
            lookup: decode(200, &large),
        },
        Case {
            name: "404 HTML page",
            act: answer(404, "text/html", html),
            money: decode(404, html),
            lookup: decode(404, html),
        },
        Case {
            name: "answer cut by the connection",
            act: Act::CutByConnection {
                body: S::MONEY_OK[..S::MONEY_OK.len() / 2].to_string(),
            },
            money: unknown::<S>(None, false),
            lookup: Got::Transport { timeout: false },
        },
        Case {
            name: "answer slower than the timeout",
            act: slow,
            money: unknown::<S>(None, true),
            lookup: Got::Transport { timeout: true },
        },
        Case {
            name: "reset before the request is read",
            act: Act::ResetBeforeRead,
            money: unknown::<S>(None, false),
            lookup: Got::Transport { timeout: false },
        },
        Case {
            name: "reset after the request is read",
            act: Act::ResetAfterRead,
            money: unknown::<S>(None, false),
            lookup: Got::Transport { timeout: false },
        },
        Case {
            name: "307 redirect to the same path",
            act: Act::Redirect,
            money: decode(307, ""),
            lookup: decode(307, ""),
        },
    ]
}

async fn run_cases<S: Subject>() {
    for case in cases::<S>() {
        for money in [true, false] {
            let server = Faulty::start(vec![case.act.clone()]).await;
            let client = S::client(server.url(S::BASE));
            let outcome = if money {
                S::money(&client).await
            } else {
                S::lookup(&client).await
            };
            let expected = if money { &case.money } else { &case.lookup };
            let call = if money { "money call" } else { "lookup" };
            assert!(
                outcome == *expected,
                "{} {call}, {}: {outcome:?}, expected {expected:?}",
                S::NAME,
                case.name
            );
            // Never sent again: one connection, and at most one request read.
            assert_eq!(
                server.connections(),
                1,
                "{} {call}, {}: connections",
                S::NAME,
                case.name
            );
            let read = usize::from(!matches!(case.act, Act::ResetBeforeRead));
            assert_eq!(
                server.requests(),
                read,
                "{} {call}, {}: requests read",
                S::NAME,
                case.name
            );
        }
    }
}

/// A pooled connection the server resets after reading the money call: the client does not
/// retry it on a fresh connection.
async fn pooled_reset<S: Subject>() {
    let server = Faulty::start(vec![
        answer(200, S::MEDIA, S::LOOKUP_OK),
        Act::ResetAfterRead,
        answer(200, S::MEDIA, S::MONEY_OK),
    ])
    .await;
    // One client for both calls, so that the second reuses the first's connection.
    let client = S::client(server.url(S::BASE));
    let first = S::lookup(&client).await;
    let second = S::money(&client).await;
    assert!(matches!(first, Got::Answer(_)), "{first:?}");
    assert_eq!(second, unknown::<S>(None, false), "{}", S::NAME);
    assert_eq!(
        server.requests(),
        2,
        "{}: the money call was resent",
        S::NAME
    );
}

/// Unknown fields are ignored: both calls decode.
async fn unknown_fields<S: Subject>() {
    let server = Faulty::start(vec![
        answer(200, S::MEDIA, S::MONEY_OK),
        answer(200, S::MEDIA, S::LOOKUP_OK),
    ])
    .await;
    let client = S::client(server.url(S::BASE));
    let money = S::money(&client).await;
    assert!(matches!(money, Got::Answer(_)), "{}: {money:?}", S::NAME);
    let lookup = S::lookup(&client).await;
    assert!(matches!(lookup, Got::Answer(_)), "{}: {lookup:?}", S::NAME);
}

#[tokio::test]
async fn comnpay_faults() {
    run_cases::<ComNpay>().await;
    pooled_reset::<ComNpay>().await;
    unknown_fields::<ComNpay>().await;
}

#[tokio::test]
async fn payneteasy_faults() {
    run_cases::<PaynetEasy>().await;
    pooled_reset::<PaynetEasy>().await;
    unknown_fields::<PaynetEasy>().await;
}

#[tokio::test]
async fn smoney_faults() {
    run_cases::<SMoney>().await;
    pooled_reset::<SMoney>().await;
    unknown_fields::<SMoney>().await;
}

// ---------------------------------------------------------------------------------------
// Answers cut in their body, unknown codes and statuses: typed, per gateway.

/// A JSON answer cut short in its body (the HTTP framing complete): the money call's
/// outcome is unknown, the lookup's answer undecodable.
async fn json_cut<S: Subject>() {
    let cut = &S::MONEY_OK[..S::MONEY_OK.len() * 2 / 3];
    let server = Faulty::start(vec![answer(200, S::MEDIA, cut), answer(200, S::MEDIA, cut)]).await;
    let client = S::client(server.url(S::BASE));
    assert_eq!(
        S::money(&client).await,
        unknown::<S>(Some((200, cut.as_bytes())), false)
    );
    assert_eq!(S::lookup(&client).await, decode(200, cut));
    assert_eq!(server.requests(), 2, "{}: one request each", S::NAME);
}

#[tokio::test]
async fn json_answers_cut_short() {
    json_cut::<ComNpay>().await;
    json_cut::<SMoney>().await;
}

/// A line answer cut at a line or inside a value is still a line answer: nothing in the
/// format tells it from a shorter one (an answer cut by the connection is caught by HTTP's
/// framing: see `answer cut by the connection`). It decodes with what it has; cut inside a
/// key, that key is unknown and ignored.
#[tokio::test]
async fn payneteasy_line_answers_cut_short() {
    use paybind::payneteasy::*;
    let server = Faulty::start(vec![
        answer(
            200,
            "text/html",
            "type=async-response\n&serial-number=1\n&merchant-ord",
        ),
        answer(
            200,
            "text/html",
            "type=async-response\n&paynet-order-id=67%2",
        ),
        answer(200, "text/html", "type=async-respo"),
    ])
    .await;
    let c = PaynetEasy::client(server.url(PaynetEasy::BASE));
    let sale = || {
        Sale::builder()
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .client_orderid("34T43R77N")
            .order_desc("Test Order Description")
            .amount(paybind::Money::parse("777", "USD").expect("money"))
            .ipaddress("65.153.12.232")
            .build()
    };
    let a = c.sale(&sale()).await.expect("cut at a key");
    assert_eq!(a.type_, Some(ResponseType::AsyncResponse));
    assert_eq!(a.serial_number.as_deref(), Some("1"));
    assert_eq!(a.merchant_order_id, None);
    let b = c.sale(&sale()).await.expect("cut in a value");
    assert_eq!(b.paynet_order_id.as_deref(), Some("67%2"));
    let t = c.sale(&sale()).await.expect("cut in the type");
    assert_eq!(t.type_, Some(ResponseType::Unknown("async-respo".into())));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn comnpay_unknown_codes_and_values_are_kept() {
    use paybind::comnpay::*;
    let server = Faulty::start(vec![
        answer(
            200,
            "application/json",
            r#"{"ok":1,"transaction":{"responseCode":"999","type":"Z","amount":1590},"responseCode":"999"}"#,
        ),
        answer(200, "application/json", r#"{"ok":0,"responseCode":"998","message":"Nouveau"}"#),
    ])
    .await;
    let c = ComNpay::client(server.url(ComNpay::BASE));
    let debit = PaymentTokenDebit::builder()
        .token_ref("TK1")
        .transaction_ref("ORDER-0001")
        .amount(1590)
        .build();
    let a = c.payment_token_debit(&debit).await.expect("decoded");
    assert_eq!(a.response_code, Some(ReturnCode::Unknown("999".into())));
    let t = a.transaction.expect("transaction");
    assert_eq!(t.type_, Some(TransactionType::Unknown("Z".into())));
    assert_eq!(
        t.response_code.as_ref().map(ReturnCode::category),
        Some(paybind::ReturnCategory::Unknown)
    );
    match c.payment_token_debit(&debit).await {
        Err(PbError::Refused(r)) => {
            assert_eq!(r.code, ReturnCode::Unknown("998".into()));
            assert_eq!(r.message.as_deref(), Some("Nouveau"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn payneteasy_unknown_statuses_and_codes_are_kept() {
    use paybind::payneteasy::*;
    let server = Faulty::start(vec![
        answer(
            200,
            "text/html",
            "type=status-response\n&status=on-hold\n&paynet-order-id=1\n",
        ),
        answer(
            200,
            "text/html",
            "type=brand-new-response\n&paynet-order-id=1\n",
        ),
        answer(
            200,
            "text/html",
            "type=error\n&error-code=777\n&error-message=New+code\n",
        ),
    ])
    .await;
    let c = PaynetEasy::client(server.url(PaynetEasy::BASE));
    let status = Status::builder()
        .client_orderid("34T43R77N")
        .orderid("1")
        .build();
    let s = c.status(&status).await.expect("decoded");
    assert_eq!(s.status, Some(OrderStatus::Unknown("on-hold".into())));
    let s = c.status(&status).await.expect("decoded");
    assert_eq!(
        s.type_,
        Some(ResponseType::Unknown("brand-new-response".into()))
    );
    match c.status(&status).await {
        Err(PbError::Refused(r)) => assert_eq!(r.code, ReturnCode::Unknown("777".into())),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn smoney_unknown_statuses_and_codes_are_kept() {
    use paybind::smoney::*;
    let server = Faulty::start(vec![
        answer(
            200,
            SMoney::MEDIA,
            r#"{"Id":1,"OrderId":"ORDER-42","Status":42,"ErrorCode":77}"#,
        ),
        answer(
            409,
            SMoney::MEDIA,
            r#"{"Code":9999,"ErrorMessage":"New","Title":"x","Priority":1}"#,
        ),
    ])
    .await;
    let c = SMoney::client(server.url(SMoney::BASE));
    let get = GetCardPayment::builder()
        .payment_order_id("ORDER-42")
        .build();
    let p = c.get_card_payment(&get).await.expect("decoded");
    assert_eq!(p.status, Some(PaymentStatus::Unknown("42".into())));
    match SMoney::money(&c).await {
        Got::Refused => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(server.requests(), 2, "the refused payment was not resent");
}

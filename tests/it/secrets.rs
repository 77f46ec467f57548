//! Secrets never show. Every sensitive field the specs declare (credentials, request
//! parameters and their sub-forms, answers, callbacks) is filled with a sentinel of its own,
//! in instances built generically from each spec's IR (`paybind_codegen::lower_str`):
//! requests through the generated `Incoming::decode`, answers through the client against a
//! loopback server, callbacks through `Credentials::verify_callback`, credentials and clients
//! through their constructors. No sentinel may appear in any `Debug`, `Display`, error chain
//! or validation message; a card number shows at most its first six and last four digits.
//!
//! The test walks the IR, so a sensitive field added to a spec is covered without editing
//! it. It also proves it saw every field: each instance's `Debug` carries exactly as many
//! redaction labels as sentinels went into it, every planted sentinel is read back from the
//! exact body the client would send, and the fields planted equal the fields the IR lists.
//! The Rust types the test must name (each gateway's request variants) are checked against
//! the IR too: an endpoint added to a spec fails the test until it is listed here.
//!
//! Tracing: paybind emits no tracing events today. When it does, install a capturing
//! subscriber in [`Shown::new`] and push every formatted event into `Shown::texts`; every
//! check below then covers it.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as StdError;
use std::fmt::Debug;

use paybind::encoding::{Method, Prepared};
use paybind::{CallbackError, RequestDecodeError, ValidationErrors, ValidationPolicy};
use paybind_codegen::ir::{
    self, AnswerFormat, Decode, Field, HttpMethod, Op, PathPart, Response, RuleKind, Sensitivity,
    Ty,
};
use serde_json::{Map, Value};

use crate::support::{Answer, Server};

/// The label every redacted value shows instead of itself (`paybind::Sensitive`).
const REDACTED: &str = "<redacted";

pub(crate) fn lower(id: &str) -> ir::Gateway {
    let path = format!("{}/spec/{id}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("read spec");
    paybind_codegen::lower_str(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

// ---------------------------------------------------------------------------------------
// What the IR lists.

/// Every sensitive field the IR lists for a gateway, as the sites the filler names them.
fn listed_sensitive(g: &ir::Gateway) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in g.credentials.iter().filter(|c| c.sensitive.is_some()) {
        out.insert(format!("credential {}", c.wire));
    }
    for op in &g.ops {
        for c in op.form_credentials.iter().filter(|c| c.sensitive.is_some()) {
            out.insert(format!("request {} received {}", op.rust, c.wire));
        }
        for p in &op.params {
            walk_listed(g, &format!("request {}", op.rust), p, "", &mut out, 0);
        }
        if let Response::Object(name) = &op.response {
            for f in &object(g, name).fields {
                walk_listed(g, &format!("answer {}", op.rust), f, "", &mut out, 0);
            }
        }
    }
    if let Some(cb) = &g.callback {
        for f in &cb.object.fields {
            walk_listed(g, "callback", f, "", &mut out, 0);
        }
    }
    out
}

fn walk_listed(
    g: &ir::Gateway,
    site: &str,
    f: &Field,
    prefix: &str,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    let path = format!("{prefix}{}", f.wire);
    if f.sensitive.is_some() {
        out.insert(format!("{site} {path}"));
    }
    assert!(depth < 8, "{site}: objects nest too deep at {path}");
    if let Some(name) = object_of(&f.ty) {
        for inner in &object(g, name).fields {
            walk_listed(g, site, inner, &format!("{path}."), out, depth + 1);
        }
    }
}

fn object<'g>(g: &'g ir::Gateway, name: &str) -> &'g ir::Object {
    g.objects
        .iter()
        .find(|o| o.rust == name)
        .unwrap_or_else(|| panic!("no object {name}"))
}

/// The object a field holds, directly or as the items of its list.
fn object_of(t: &Ty) -> Option<&str> {
    match t {
        Ty::Object(n) => Some(n),
        Ty::List(inner) => object_of(inner),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Sentinels, and everything a user can see.

#[derive(Debug, Clone)]
struct Planted {
    site: String,
    value: String,
    /// What must never show: the value, and for a card number its middle digits as well.
    forbidden: Vec<String>,
}

#[derive(Default)]
struct Sentinels {
    planted: Vec<Planted>,
}

impl Sentinels {
    /// A sentinel of its own for `site`. Card numbers are digits, so that their middle (all
    /// but the first six and last four) can be looked for on its own.
    fn plant(&mut self, site: String, kind: Sensitivity) -> String {
        let n = self.planted.len();
        let (value, forbidden) = match kind {
            Sensitivity::CardNumber => {
                let middle = format!("{:06}", 730_517 + 7 * n);
                let value = format!("497010{middle}4242");
                (value.clone(), vec![value, middle])
            }
            _ => {
                let value = format!("Zq{n:03}SentinelXk");
                (value.clone(), vec![value])
            }
        };
        self.planted.push(Planted {
            site,
            value: value.clone(),
            forbidden,
        });
        value
    }

    fn sites(&self) -> BTreeSet<String> {
        self.planted.iter().map(|p| p.site.clone()).collect()
    }
}

/// Every text a user could see of the values under test.
struct Shown {
    texts: Vec<(String, String)>,
}

impl Shown {
    fn new() -> Self {
        // Log lines are checked for sentinels by tests/call_spans.rs, under a global subscriber.
        Shown { texts: Vec::new() }
    }
    fn debug(&mut self, label: &str, v: &impl Debug) -> String {
        let text = format!("{v:?}\n{v:#?}");
        self.texts.push((format!("{label} (Debug)"), text.clone()));
        text
    }
    fn display(&mut self, label: &str, v: &impl std::fmt::Display) {
        self.texts
            .push((format!("{label} (Display)"), v.to_string()));
    }
    /// An error, each of its sources, in `Display` and `Debug`.
    fn chain(&mut self, label: &str, e: &(dyn StdError + 'static)) {
        let mut next: Option<&(dyn StdError + 'static)> = Some(e);
        let mut depth = 0;
        while let Some(err) = next {
            self.texts.push((
                format!("{label} (source {depth})"),
                format!("{err}\n{err:?}"),
            ));
            next = err.source();
            depth += 1;
        }
    }
    /// Fails naming each sentinel that shows, and where.
    fn assert_no_leak(&self, planted: &[Planted]) {
        let mut leaks = Vec::new();
        for (label, text) in &self.texts {
            for p in planted {
                for f in &p.forbidden {
                    if text.contains(f.as_str()) {
                        leaks.push(format!("{} shows in {label}:\n{text}", p.site));
                    }
                }
            }
        }
        assert!(
            leaks.is_empty(),
            "{} leaks:\n{}",
            leaks.len(),
            leaks.join("\n\n")
        );
    }
}

fn redactions(debug: &str) -> usize {
    // `{:?}` and `{:#?}` both: count in the first.
    debug
        .split('\n')
        .next()
        .unwrap_or("")
        .matches(REDACTED)
        .count()
}

// ---------------------------------------------------------------------------------------
// Values from the IR.

/// Fills fields with values: every sensitive one with a sentinel (recorded under its
/// site), the others with a value their type decodes.
struct Filler<'g> {
    g: &'g ir::Gateway,
    sentinels: Sentinels,
    /// Fields left out (by dotted wire path), to satisfy a rule.
    dropped: BTreeSet<String>,
    /// For an answer: keep out of the refusal envelope's trigger.
    answer: bool,
}

impl<'g> Filler<'g> {
    fn new(g: &'g ir::Gateway) -> Self {
        Filler {
            g,
            sentinels: Sentinels::default(),
            dropped: BTreeSet::new(),
            answer: false,
        }
    }

    fn currency_fields(fields: &[Field]) -> BTreeSet<&str> {
        fields
            .iter()
            .filter_map(|f| f.currency_field.as_deref())
            .collect()
    }

    /// The text of a scalar field that is not sensitive; `None` to leave it out.
    fn text(&self, f: &Field, currencies: &BTreeSet<&str>) -> Option<String> {
        let r = &self.g.refusal;
        if self.answer && (f.read_as == r.when_key || f.wire == r.when_key) {
            // An answer's refusal trigger: a value that is not one, or nothing.
            if r.when_values.is_empty() || r.when_is_code {
                return None;
            }
            return Some(match &f.ty {
                Ty::Flag | Ty::Boolean => (if r.when_values.iter().any(|v| v == "0") {
                    "1"
                } else {
                    "0"
                })
                .to_string(),
                Ty::Enum(name) => self
                    .enum_values(name)
                    .into_iter()
                    .find(|v| !r.when_values.contains(v))
                    .expect("an enum value that is not a refusal"),
                _ => "not-a-refusal".to_string(),
            });
        }
        if self.answer && (f.read_as == r.code_key || f.read_as == r.message_key) {
            return None;
        }
        if currencies.contains(f.wire.as_str()) {
            return Some("EUR".into());
        }
        Some(match &f.ty {
            Ty::String => "Plain".into(),
            Ty::Integer => "7".into(),
            Ty::Amount => "1500".into(),
            Ty::Money => "10.42".into(),
            Ty::Flag => "1".into(),
            Ty::Boolean => "true".into(),
            Ty::Date(ir::DateFormat::DateTime14) => "20250131120000".into(),
            Ty::Date(ir::DateFormat::Date8) => "20250131".into(),
            Ty::Date(ir::DateFormat::YearMonth4) => "2612".into(),
            Ty::Url => "https://shop.example/back".into(),
            Ty::Email => "payer@shop.example".into(),
            Ty::Ip => "192.168.14.10".into(),
            Ty::ReturnCode => self
                .g
                .codes
                .first()
                .map_or("000".into(), |c| c.code.clone()),
            Ty::Enum(name) | Ty::Joined(name, _) => self.enum_values(name)[0].clone(),
            Ty::List(_) | Ty::Object(_) => unreachable!("not a scalar"),
        })
    }

    fn enum_values(&self, name: &str) -> Vec<String> {
        let e = self
            .g
            .enums
            .iter()
            .find(|e| e.rust == name)
            .unwrap_or_else(|| panic!("no enum {name}"));
        e.values.iter().map(|v| v.wire.clone()).collect()
    }

    fn is_integer_enum(&self, t: &Ty) -> bool {
        matches!(t, Ty::Enum(n) if self.g.enums.iter().any(|e| &e.rust == n && e.integer))
    }

    /// A field's value as JSON, sentinels planted; `None` when left out.
    fn json(
        &mut self,
        site: &str,
        f: &Field,
        prefix: &str,
        currencies: &BTreeSet<&str>,
    ) -> Option<Value> {
        let path = format!("{prefix}{}", f.wire);
        if self.dropped.contains(&path) {
            return None;
        }
        if let Some(kind) = f.sensitive {
            return Some(Value::String(
                self.sentinels.plant(format!("{site} {path}"), kind),
            ));
        }
        Some(match &f.ty {
            Ty::Object(name) => self.object_json(site, name, &format!("{path}.")),
            Ty::List(inner) => {
                let item = Field {
                    ty: (**inner).clone(),
                    ..f.clone()
                };
                // List items share the list's path: `walk_listed` names them so.
                let v = match &item.ty {
                    Ty::Object(name) => self.object_json(site, name, &format!("{path}.")),
                    _ => self.json(site, &item, prefix, currencies)?,
                };
                Value::Array(vec![v])
            }
            t => {
                let text = self.text(f, currencies)?;
                match t {
                    Ty::Integer | Ty::Amount => Value::from(text.parse::<i64>().expect("int")),
                    Ty::Flag => Value::from(text.parse::<i64>().expect("flag")),
                    Ty::Boolean => Value::Bool(text == "true"),
                    t if self.is_integer_enum(t) => {
                        Value::from(text.parse::<i64>().expect("integer enum"))
                    }
                    _ => Value::String(text),
                }
            }
        })
    }

    fn object_json(&mut self, site: &str, name: &str, prefix: &str) -> Value {
        let o = object(self.g, name);
        let currencies = Self::currency_fields(&o.fields);
        let mut map = Map::new();
        for f in &o.fields {
            if let Some(v) = self.json(site, f, prefix, &currencies) {
                map.insert(f.wire.clone(), v);
            }
        }
        Value::Object(map)
    }

    /// A field as a form value (sub-forms as JSON text).
    fn form_value(&mut self, site: &str, f: &Field, currencies: &BTreeSet<&str>) -> Option<String> {
        if self.dropped.contains(&f.wire) {
            return None;
        }
        if f.sensitive.is_none() && object_of(&f.ty).is_none() && !matches!(f.ty, Ty::List(_)) {
            return self.text(f, currencies);
        }
        Some(match self.json(site, f, "", currencies)? {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }
}

// ---------------------------------------------------------------------------------------
// Requests as a server receives them.

/// A request on the wire: method, path below the base URL, body.
struct Wire {
    method: Method,
    path: String,
    body: Vec<u8>,
}

/// The credential values, in the IR's order: sensitive ones are sentinels.
fn credential_values(g: &ir::Gateway, s: &mut Sentinels) -> BTreeMap<String, String> {
    g.credentials
        .iter()
        .map(|c| {
            let v = match c.sensitive {
                Some(kind) => s.plant(format!("credential {}", c.wire), kind),
                None => format!("plain-{}", c.wire),
            };
            (c.wire.clone(), v)
        })
        .collect()
}

const TARGET_ID: u64 = 39529;

/// The request `op` as a client would send it, every field filled (but `filler.dropped`).
fn request_wire(
    filler: &mut Filler<'_>,
    op: &Op,
    received_credentials: &mut Sentinels,
    credentials: &BTreeMap<String, String>,
) -> Wire {
    let g = filler.g;
    let site = format!("request {}", op.rust);
    let currencies = Filler::currency_fields(&op.params);
    let mut path = String::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(l) => path.push_str(l),
            PathPart::Credential(c) => {
                path.push_str(&paybind::wire::path_segment(&credentials[&c.wire]))
            }
            PathPart::Param(p) => {
                let v = filler
                    .form_value(&site, p, &currencies)
                    .expect("a path parameter");
                path.push_str(&paybind::wire::path_segment(&v));
            }
        }
    }
    if let Some(t) = &g.target {
        path = format!(
            "{path}{}{TARGET_ID}{}",
            t.endpoint.prefix, t.endpoint.suffix
        );
    }
    let body_params = op.params.iter().filter(|p| !p.in_path);
    let body = match &op.decode {
        Decode::Form { .. } => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for c in &op.form_credentials {
                let v = match c.sensitive {
                    Some(kind) => received_credentials
                        .plant(format!("request {} received {}", op.rust, c.wire), kind),
                    None => credentials[&c.wire].clone(),
                };
                form.append_pair(&c.wire, &v);
            }
            for p in body_params {
                if let Some(v) = filler.form_value(&site, p, &currencies) {
                    form.append_pair(&p.wire, &v);
                }
            }
            if let Decode::Form { money } = &op.decode {
                for m in money {
                    if !op.params.iter().any(|p| p.wire == m.currency_field) {
                        form.append_pair(&m.currency_field, "EUR");
                    }
                }
            }
            form.finish().into_bytes()
        }
        Decode::Json => {
            let mut map = Map::new();
            for p in body_params {
                if let Some(v) = filler.json(&site, p, "", &currencies) {
                    map.insert(p.wire.clone(), v);
                }
            }
            Value::Object(map).to_string().into_bytes()
        }
        Decode::Path => Vec::new(),
    };
    let method = match op.http_method {
        HttpMethod::Get => Method::Get,
        HttpMethod::Post => Method::Post,
    };
    Wire { method, path, body }
}

/// The answer to `op`, every field filled, in the gateway's answer format.
fn answer_body(filler: &mut Filler<'_>, op: &Op) -> String {
    let Response::Object(name) = &op.response else {
        return "a text answer".into();
    };
    filler.answer = true;
    let site = format!("answer {}", op.rust);
    let body = match filler.g.answers {
        AnswerFormat::Json | AnswerFormat::JsonCaseInsensitive => {
            filler.object_json(&site, name, "").to_string()
        }
        AnswerFormat::Lines => {
            let o = object(filler.g, name);
            let currencies = Filler::currency_fields(&o.fields);
            let mut out = String::new();
            for f in &o.fields {
                if let Some(v) = filler.form_value(&site, f, &currencies) {
                    let pair = form_urlencoded::Serializer::new(String::new())
                        .append_pair(&f.wire, &v)
                        .finish();
                    out.push_str(&pair);
                    out.push('\n');
                }
            }
            out
        }
    };
    filler.answer = false;
    body
}

/// The sets of fields to leave out so that a request passes the cross-field rules, with
/// each field of an `at_most_one_of` / `exactly_one_of` group kept in one of them.
fn rule_variants(op: &Op) -> Vec<BTreeSet<String>> {
    let groups: Vec<Vec<String>> = op
        .rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::AtMostOneOf(refs) | RuleKind::ExactlyOneOf(refs) => {
                Some(refs.iter().map(|f| f.path.clone()).collect())
            }
            _ => None,
        })
        .collect();
    let all_or_none: Vec<Vec<String>> = op
        .rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::AllOrNone(refs) => Some(refs.iter().map(|f| f.path.clone()).collect()),
            _ => None,
        })
        .collect();
    let n = groups.iter().map(Vec::len).max().unwrap_or(1);
    (0..n)
        .map(|i| {
            let mut dropped = BTreeSet::new();
            let mut kept = BTreeSet::new();
            for g in &groups {
                let keep = &g[i % g.len()];
                kept.insert(keep.clone());
            }
            for g in &groups {
                for f in g.iter().filter(|f| !kept.contains(*f)) {
                    dropped.insert(f.clone());
                }
            }
            // A group that must come whole goes whole.
            loop {
                let before = dropped.len();
                for g in &all_or_none {
                    if g.iter().any(|f| dropped.contains(f)) {
                        dropped.extend(g.iter().cloned());
                    }
                }
                if dropped.len() == before {
                    break;
                }
            }
            dropped
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Each gateway's types, behind one trait.

trait Gate {
    const ID: &'static str;
    /// The request types this test dispatches; checked against the IR.
    const OPS: &'static [&'static str];
    type Credentials: Debug;
    type Client: Debug;
    type Received: Debug;
    type Error: StdError + 'static;
    fn credentials(values: &BTreeMap<String, String>) -> Self::Credentials;
    fn client(credentials: Self::Credentials, base_url: &str) -> Self::Client;
    fn decode(w: &Wire) -> Result<Self::Received, RequestDecodeError>;
    /// The decoded request's variant name.
    fn request(r: &Self::Received) -> String;
    /// The request's `Summary`, as a log or a transcript shows it.
    fn summary(r: &Self::Received) -> String;
    fn validate(r: &Self::Received) -> Result<(), ValidationErrors>;
    fn prepare(c: &Self::Client, r: &Self::Received) -> Result<Prepared, Self::Error>;
    /// Sends the request and shows the answer with `Debug`.
    async fn send(c: &Self::Client, r: &Self::Received) -> Result<String, Self::Error>;
    /// Verifies a callback and shows it with `Debug`; `None` without callbacks.
    fn verify_callback(
        c: &Self::Credentials,
        params: &[u8],
    ) -> Option<Result<String, CallbackError>>;
}

macro_rules! dispatch {
    ($m:ident, $r:expr, $req:ident => $e:expr, [$($op:ident),* $(,)?]) => {
        match &$r.request {
            $(paybind::$m::Incoming::$op($req) => $e,)*
            other => panic!("an endpoint this test does not list: {}", other.endpoint()),
        }
    };
}

macro_rules! gate {
    ($gate:ident, $m:ident, [$($op:ident),* $(,)?],
     credentials: |$v:ident| $creds:expr,
     client: |$c:ident, $url:ident| $client:expr,
     callback: $callback:expr) => {
        struct $gate;
        impl Gate for $gate {
            const ID: &'static str = stringify!($m);
            const OPS: &'static [&'static str] = &[$(stringify!($op)),*];
            type Credentials = paybind::$m::Credentials;
            type Client = paybind::$m::Client;
            type Received = paybind::$m::Received;
            type Error = paybind::$m::Error;
            fn credentials($v: &BTreeMap<String, String>) -> Self::Credentials {
                $creds
            }
            fn client($c: Self::Credentials, $url: &str) -> Self::Client {
                $client
            }
            fn decode(w: &Wire) -> Result<Self::Received, RequestDecodeError> {
                paybind::$m::Incoming::decode(w.method, &w.path, &w.body)
            }
            fn request(r: &Self::Received) -> String {
                stringify_variant(&r.request)
            }
            fn summary(r: &Self::Received) -> String {
                dispatch!($m, r, q => paybind::Summary::summary(q), [$($op),*])
            }
            fn validate(r: &Self::Received) -> Result<(), ValidationErrors> {
                r.request.validate_with(ValidationPolicy::Strict)
            }
            fn prepare(c: &Self::Client, r: &Self::Received) -> Result<Prepared, Self::Error> {
                dispatch!($m, r, q => c.prepare(q), [$($op),*])
            }
            async fn send(c: &Self::Client, r: &Self::Received) -> Result<String, Self::Error> {
                dispatch!($m, r, q => c.send(q).await.map(|a| format!("{a:?}")), [$($op),*])
            }
            fn verify_callback(
                c: &Self::Credentials,
                params: &[u8],
            ) -> Option<Result<String, CallbackError>> {
                let f: fn(&Self::Credentials, &[u8]) -> Option<Result<String, CallbackError>> =
                    $callback;
                f(c, params)
            }
        }
    };
}

/// The variant name of a request enum's `Debug` (`Sale(Sale { … })` gives `Sale`).
fn stringify_variant(r: &impl Debug) -> String {
    let d = format!("{r:?}");
    d.split('(').next().unwrap_or("").to_string()
}

gate!(
    ComNpay,
    comnpay,
    [
        TokenCreate,
        PaymentTokenDebit,
        PaymentEnd3dsDebitV1,
        PaymentEnd3dsDebitV2,
        AliasTokenCreate,
        PaymentAliasDebit,
        PaymentRefund,
        PaymentFind,
        AliasFind,
        ReceiptGetHtml,
        ReceiptGetPdfBase64,
        PreauthorizationTokenOpen,
        PreauthorizationEnd3dsV1,
        PreauthorizationEnd3dsV2,
        PreauthorizationAliasOpen,
        PreauthorizationClose,
        PreauthorizationFind,
        PayperlinkCreate,
        PayperlinkClose,
        PayperlinkFind,
        PnfFileFind,
    ],
    credentials: |v| paybind::comnpay::Credentials::new(&v["serialNumber"], &v["key"]),
    client: |c, url| paybind::comnpay::Client::builder(paybind::comnpay::Environment::Homologation, c)
        .base_url(url)
        .validation(ValidationPolicy::SkipLimits)
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("client"),
    callback: |_, _| None
);

gate!(
    PaynetEasy,
    payneteasy,
    [Sale, Preauth, Status, Capture, Return],
    credentials: |v| paybind::payneteasy::Credentials::new(
        &v["login"],
        &v["merchant_control"],
        paybind::payneteasy::Target::Endpoint(TARGET_ID),
    ),
    client: |c, url| paybind::payneteasy::Client::builder(
        paybind::payneteasy::Brand::Connpay,
        paybind::payneteasy::Environment::Sandbox,
        c,
    )
    .base_url(url)
    .validation(ValidationPolicy::SkipLimits)
    .timeout(std::time::Duration::from_secs(5))
    .build()
    .expect("client"),
    callback: |c, p| Some(c.verify_callback(p).map(|cb| format!("{cb:?}")))
);

gate!(
    SMoney,
    smoney,
    [CreateCardPayment, GetCardPayment, RefundCardPayment],
    credentials: |v| paybind::smoney::Credentials::new(&v["token"], &v["partner"], &v["callback_secret"]),
    client: |c, url| paybind::smoney::Client::builder(paybind::smoney::Environment::Sandbox, c)
        .base_url(url)
        .validation(ValidationPolicy::SkipLimits)
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("client"),
    callback: |c, p| Some(c.verify_callback(p).map(|cb| format!("{cb:?}")))
);

// ---------------------------------------------------------------------------------------
// The checks.

/// What one gateway's run saw.
struct Seen {
    planted: BTreeSet<String>,
    listed: BTreeSet<String>,
    /// Sensitive request fields whose sentinel broke a limit: their violations were shown.
    violations_on_sensitive: usize,
}

async fn run<G: Gate>() -> Seen {
    let g = lower(G::ID);
    let listed_ops: BTreeSet<&str> = g.ops.iter().map(|o| o.rust.as_str()).collect();
    let dispatched: BTreeSet<&str> = G::OPS.iter().copied().collect();
    assert_eq!(
        dispatched,
        listed_ops,
        "{}: list every request type of the spec in this test's `gate!`",
        G::ID
    );

    let mut shown = Shown::new();
    let mut all = Sentinels::default();
    let creds = credential_values(&g, &mut all);
    let credentials = G::credentials(&creds);
    let d = shown.debug("credentials", &credentials);
    let secret_creds = g
        .credentials
        .iter()
        .filter(|c| c.sensitive.is_some())
        .count();
    assert_eq!(redactions(&d), secret_creds, "{}: credentials {d}", G::ID);

    let mut violations_on_sensitive = 0;
    for op in &g.ops {
        violations_on_sensitive += check_request::<G>(&g, op, &creds, &mut all, &mut shown);
    }
    let server = Server::start(Vec::new()).await;
    for op in &g.ops {
        check_call::<G>(&g, op, &creds, &server, &mut all, &mut shown).await;
    }
    if let Some(cb) = &g.callback {
        check_callback::<G>(&g, cb, &creds, &mut all, &mut shown);
    }
    let client = G::client(G::credentials(&creds), &server.base_url());
    shown.debug("client", &client);

    shown.assert_no_leak(&all.planted);
    Seen {
        planted: all.sites(),
        listed: listed_sensitive(&g),
        violations_on_sensitive,
    }
}

/// The request with every field: decoded, shown, validated; then its decode errors.
/// Returns how many violations name a sensitive field.
fn check_request<G: Gate>(
    g: &ir::Gateway,
    op: &Op,
    creds: &BTreeMap<String, String>,
    all: &mut Sentinels,
    shown: &mut Shown,
) -> usize {
    let mut filler = Filler::new(g);
    let mut received_creds = Sentinels::default();
    let wire = request_wire(&mut filler, op, &mut received_creds, creds);
    let received = G::decode(&wire).unwrap_or_else(|e| {
        panic!(
            "{} {}: {e} ({:?})\n{}",
            G::ID,
            op.rust,
            e.source(),
            String::from_utf8_lossy(&wire.body)
        )
    });
    let variant = G::request(&received);
    assert_eq!(variant, op.rust, "{}: decoded as another variant", G::ID);
    let d = shown.debug(&format!("{} received", op.rust), &received);
    let summary = G::summary(&received);
    shown.display(&format!("{} summary", op.rust), &summary);
    assert_eq!(
        summary.matches(REDACTED).count(),
        filler.sentinels.planted.len(),
        "{} {}: every sensitive parameter shown redacted in the summary:\n{summary}",
        G::ID,
        op.rust
    );
    let planted = filler.sentinels.planted.len() + received_creds.planted.len();
    assert_eq!(
        redactions(&d),
        planted,
        "{} {}: every sentinel read and redacted, no more:\n{d}",
        G::ID,
        op.rust
    );
    let mut on_sensitive = 0;
    if let Err(e) = G::validate(&received) {
        shown.display(&format!("{} violations", op.rust), &e);
        shown.debug(&format!("{} violations", op.rust), &e);
        for v in &e.violations {
            shown.display(&format!("{} violation", op.rust), v);
        }
        let sensitive_paths: BTreeSet<String> = filler
            .sentinels
            .planted
            .iter()
            .filter_map(|p| p.site.split_once(' ').map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once(' ').map(|(_, path)| path.to_string()))
            .collect();
        on_sensitive = e
            .violations
            .iter()
            .filter(|v| sensitive_paths.contains(&v.field))
            .count();
    }
    decode_errors::<G>(op, &wire, shown);
    all.planted.extend(filler.sentinels.planted);
    all.planted.extend(received_creds.planted);
    on_sensitive
}

/// Bodies a server cannot read, sentinels in them: a required field missing, a sub-form
/// cut short. Their errors name the field, never a value.
fn decode_errors<G: Gate>(op: &Op, wire: &Wire, shown: &mut Shown) {
    if !matches!(op.decode, Decode::Form { .. }) {
        if let Decode::Json = op.decode {
            let cut = &wire.body[..wire.body.len() * 2 / 3];
            let w = Wire {
                method: wire.method,
                path: wire.path.clone(),
                body: cut.to_vec(),
            };
            let e = G::decode(&w).expect_err("a JSON body cut short does not decode");
            shown.chain(&format!("{} cut JSON", op.rust), &e);
        }
        return;
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&wire.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let encode = |pairs: &[(String, String)]| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(k, v);
        }
        s.finish().into_bytes()
    };
    for p in op.params.iter().filter(|p| !p.in_path) {
        let mut changed = pairs.clone();
        if p.required {
            changed.retain(|(k, _)| k != &p.wire);
        } else if object_of(&p.ty).is_some() {
            for (k, v) in changed.iter_mut() {
                if k == &p.wire {
                    v.truncate(v.len() * 2 / 3);
                }
            }
        } else {
            continue;
        }
        let w = Wire {
            method: wire.method,
            path: wire.path.clone(),
            body: encode(&changed),
        };
        match G::decode(&w) {
            Err(e) => shown.chain(&format!("{} without {}", op.rust, p.wire), &e),
            // Another variant of the endpoint reads it: shown, not an error.
            Ok(r) => {
                shown.debug(&format!("{} without {}", op.rust, p.wire), &r);
            }
        }
    }
}

/// Each rule variant of the request: prepared (the exact body carries every sentinel, what
/// is shown none), answered by the loopback server with every answer field, and sent to a
/// closed port.
async fn check_call<G: Gate>(
    g: &ir::Gateway,
    op: &Op,
    creds: &BTreeMap<String, String>,
    server: &Server,
    all: &mut Sentinels,
    shown: &mut Shown,
) {
    let client = G::client(G::credentials(creds), &server.base_url());
    let closed = G::client(G::credentials(creds), &closed_port_url());
    for dropped in rule_variants(op) {
        let mut filler = Filler::new(g);
        filler.dropped = dropped.clone();
        let mut ignored = Sentinels::default();
        let wire = request_wire(&mut filler, op, &mut ignored, creds);
        let received = G::decode(&wire).expect("decode");
        let label = format!("{} leaving out {dropped:?}", op.rust);
        let prepared =
            G::prepare(&client, &received).unwrap_or_else(|e| panic!("{} {label}: {e}", G::ID));
        shown.display(&label, &prepared);
        shown.debug(&label, &prepared);
        shown.display(&label, &prepared.redacted_body());
        let exact = prepared.body_text();
        for p in &filler.sentinels.planted {
            assert!(
                exact.contains(&p.value),
                "{} {label}: {} is not in the body sent:\n{exact}",
                G::ID,
                p.site
            );
        }
        for c in &op.form_credentials {
            assert!(
                exact.contains(&creds[&c.wire]),
                "{label}: credential {}",
                c.wire
            );
        }

        let mut answer = Filler::new(g);
        let body = answer_body(&mut answer, op);
        server.push(Answer::json(&body));
        let debug = G::send(&client, &received)
            .await
            .unwrap_or_else(|e| panic!("{} {label}: {e}\n{body}", G::ID));
        assert_eq!(
            redactions(&debug),
            answer.sentinels.planted.len(),
            "{} {}: every answer sentinel read and redacted:\n{debug}\n{body}",
            G::ID,
            op.rust
        );
        shown.texts.push((format!("{label} answer (Debug)"), debug));
        // The same answer cut short: an error whose chain keeps the body out.
        if g.answers != AnswerFormat::Lines && matches!(op.response, Response::Object(_)) {
            server.push(Answer::json(&body[..body.len() * 2 / 3]));

            let cut = &body[..body.len() * 2 / 3];
            let e = match G::send(&client, &received).await {
                Err(e) => e,
                Ok(a) => panic!("{label}: a cut answer decodes: {cut}\n{a}"),
            };
            shown.chain(&format!("{label} cut answer"), &e);
        }
        let e = G::send(&closed, &received).await.expect_err("closed port");
        shown.chain(&format!("{label} closed port"), &e);
        all.planted.extend(filler.sentinels.planted);
        all.planted.extend(answer.sentinels.planted);
    }
    if let Some(l) = &op.lookup {
        let f = op
            .params
            .iter()
            .find(|p| p.rust == l.field)
            .expect("lookup field");
        assert!(
            f.sensitive.is_none(),
            "{}: OutcomeUnknown would show {}'s value",
            op.rust,
            f.wire
        );
    }
}

/// A callback with every field, signed as the IR says: verified and shown; then forged.
fn check_callback<G: Gate>(
    g: &ir::Gateway,
    cb: &ir::Callback,
    creds: &BTreeMap<String, String>,
    all: &mut Sentinels,
    shown: &mut Shown,
) {
    let mut filler = Filler::new(g);
    let currencies = Filler::currency_fields(&cb.object.fields);
    let mut pairs = Vec::new();
    for f in &cb.object.fields {
        if let Some(v) = filler.form_value("callback", f, &currencies) {
            pairs.push((f.wire.clone(), v));
        }
    }
    let signature = crate::callbacks::sign(g, cb, &pairs, creds);
    pairs.push((cb.signature.field.clone(), signature));
    let body = crate::callbacks::encode(&pairs);
    let credentials = G::credentials(creds);
    let verified = G::verify_callback(&credentials, body.as_bytes())
        .expect("a gateway with a callback verifies it")
        .unwrap_or_else(|e| panic!("{}: {e}", G::ID));
    assert_eq!(
        redactions(&verified),
        filler.sentinels.planted.len(),
        "{verified}"
    );
    shown.texts.push(("callback (Debug)".into(), verified));
    let forged = body.replacen(
        &format!("{}=", cb.signature.field),
        &format!("{}=0", cb.signature.field),
        1,
    );
    let e = G::verify_callback(&credentials, forged.as_bytes())
        .expect("callback")
        .expect_err("a forged callback is refused");
    shown.chain("forged callback", &e);
    all.planted.extend(filler.sentinels.planted);
}

fn closed_port_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    format!("http://127.0.0.1:{port}/rest")
}

fn assert_covered(id: &str, seen: &Seen) {
    assert!(
        !seen.listed.is_empty(),
        "{id}: the spec lists sensitive fields"
    );
    eprintln!("{id}: {} sensitive fields covered", seen.listed.len());
    assert_eq!(
        seen.planted, seen.listed,
        "{id}: the sensitive fields filled are the ones the IR lists"
    );
}

#[tokio::test]
async fn comnpay_secrets_never_show() {
    let seen = run::<ComNpay>().await;
    assert_covered("comnpay", &seen);
    assert!(seen.violations_on_sensitive > 0, "a sentinel broke a limit");
}

#[tokio::test]
async fn payneteasy_secrets_never_show() {
    let seen = run::<PaynetEasy>().await;
    assert_covered("payneteasy", &seen);
    assert!(seen.violations_on_sensitive > 0, "a sentinel broke a limit");
}

#[tokio::test]
async fn smoney_secrets_never_show() {
    let seen = run::<SMoney>().await;
    assert_covered("smoney", &seen);
}

/// Builders are typestate structs the test cannot fill generically, so their source is read:
/// no generated type writes its own `Debug` (every one is derived, so it shows a
/// `Sensitive` field as its redaction label), and the builder setter of every sensitive
/// field of every request and sub-form wraps the value in `Sensitive` of the field's kind
/// as it takes it. `generated/` is what build.rs compiles (the drift test checks it).
#[test]
fn builders_wrap_every_sensitive_field_as_they_take_it() {
    let mut total = 0;
    for id in ["comnpay", "payneteasy", "smoney"] {
        let g = lower(id);
        let path = format!("{}/generated/{id}.rs", env!("CARGO_MANIFEST_DIR"));
        let code: String = std::fs::read_to_string(&path)
            .expect("generated")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            !code.contains("fmt::Debugfor"),
            "{id}: a generated type writes its own Debug"
        );
        let types = g.ops.iter().map(|o| (&o.rust, &o.params)).chain(
            g.objects
                .iter()
                .filter(|o| o.in_request)
                .map(|o| (&o.rust, &o.fields)),
        );
        for (name, fields) in types {
            for f in fields.iter().filter(|f| f.sensitive.is_some()) {
                let kind = f.sensitive.expect("sensitive").variant();
                // The setters' impl block: from its head to the next item.
                let start = code
                    .find(&format!("State>{name}Builder<S>{{"))
                    .unwrap_or_else(|| panic!("{id}: no {name}Builder setters"));
                let region = &code[start..];
                let region = &region[..region[1..]
                    .find("\nimpl")
                    .or_else(|| region[1..].find("}impl"))
                    .map_or(region.len(), |e| e + 1)];
                let setter = region
                    .find(&format!("pubfn{}(", f.rust))
                    .unwrap_or_else(|| panic!("{id}: {name}Builder has no setter for {}", f.wire));
                let body = &region[setter + 5..];
                let body = &body[..body.find("pubfn").unwrap_or(body.len())];
                assert!(
                    body.contains(&format!("::paybind::Sensitivity::{kind}.wrap(value)")),
                    "{id}: {name}Builder::{} keeps the value unwrapped:\n{body}",
                    f.rust
                );
                total += 1;
            }
        }
    }
    assert!(total > 0, "no builder has a sensitive field");
}

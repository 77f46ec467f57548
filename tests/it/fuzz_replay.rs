//! The fuzz targets in `cargo test`: every committed corpus file of `fuzz/corpus/` replayed
//! through the same functions the libFuzzer targets call (`fuzz/src/lib.rs`, included here),
//! and bounded property tests that feed the same decoders arbitrary and near-valid inputs:
//! forms, line answers and JSON made of the specs' own wire names with hostile values, and
//! corpus files with bytes changed. Nothing may panic. Where a result has a property, the
//! proptests at the end check it: money and dates written back to what was parsed, money
//! shown with its currency's exponent, prepared requests decoded to themselves, refusals
//! naming their endpoint, callbacks verified exactly when signed with the key. The long runs
//! are in `fuzz/README.md`.

#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use paybind::transport::Method;
use proptest::prelude::*;
use targets::{Decoder, Decoders, Pick};

const TARGETS: [(&str, Decoder); 5] = [
    ("comnpay", targets::comnpay),
    ("payneteasy", targets::payneteasy),
    ("smoney", targets::smoney),
    ("money_date", targets::money_date),
    ("spec", targets::spec),
];

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = corpus_dir(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).expect("a corpus file");
            (p, data)
        })
        .collect()
}

/// Runs `f` on `data`, turning a panic into the name of the input that caused it.
fn run(f: Decoder, name: &str, data: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| f(data))).map_err(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{name}: {msg}")
    })
}

#[test]
fn every_corpus_file_replays_without_a_panic() {
    let mut failures = Vec::new();
    for (target, f) in TARGETS {
        let files = corpus(target);
        assert!(
            files.len() >= 10,
            "fuzz/corpus/{target} holds {} files",
            files.len()
        );
        for (path, data) in files {
            if let Err(e) = run(f, &path.display().to_string(), &data) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
}

/// The corpus reaches every decoder that reads its input: each selector of each gateway
/// target has files. A GET route reads no body, so the minimization may leave it to the
/// free-route inputs; `routes_with_any_method_and_path` calls every route.
#[test]
fn the_corpus_reaches_every_decoder_of_every_gateway() {
    for (target, d) in [
        ("comnpay", &targets::COMNPAY),
        ("payneteasy", &targets::PAYNETEASY),
        ("smoney", &targets::SMONEY),
    ] {
        let reached: BTreeSet<usize> = corpus(target)
            .iter()
            .filter_map(|(_, data)| data.first())
            .map(|&b| usize::from(b) % d.len())
            .collect();
        let mut missing = Vec::new();
        for i in 0..d.len() {
            let pick = d.pick(i as u8);
            let reads_nothing = match pick {
                Pick::Callback => d.callback.is_none(),
                Pick::Route(r) => d.routes[r].0 == Method::Get,
                _ => false,
            };
            if reads_nothing {
                continue;
            }
            assert_eq!(usize::from(d.selector(pick)), i);
            if !reached.contains(&i) {
                missing.push(format!("{pick:?}"));
            }
        }
        assert!(
            missing.is_empty(),
            "{target}: no corpus file for {missing:?}"
        );
    }
}

// ---- near-valid inputs from the specs' wire names ----

fn wire_names(spec: &str) -> Vec<String> {
    let path = format!("{}/spec/{spec}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("spec");
    let g = paybind_codegen::lower_str(&path, &text).expect("the spec lowers");
    let mut names = BTreeSet::new();
    let fields = g
        .objects
        .iter()
        .flat_map(|o| &o.fields)
        .chain(
            g.ops
                .iter()
                .flat_map(|op| op.params.iter().chain(&op.form_credentials)),
        )
        .chain(&g.credentials)
        .chain(g.callback.iter().flat_map(|c| &c.object.fields));
    for f in fields {
        names.insert(f.wire.clone());
        names.insert(f.read_as.clone());
    }
    assert!(names.len() > 10, "{spec}: {} wire names", names.len());
    names.into_iter().collect()
}

/// Values that break parsers: numbers at the edges, dates, money, escapes, markup, JSON.
fn hostile_value() -> impl Strategy<Value = String> {
    const HOSTILE: &[&str] = &[
        "",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999999",
        "1e400",
        "-0",
        "10.425",
        ".5",
        "1.",
        "20240229",
        "20230229",
        "00000000000000",
        "99991231235959",
        "9913",
        "%",
        "%zz%E9",
        "+&=\n",
        "true",
        "null",
        "{\"a\":[1,{\"b\":null}]}",
        "[",
        "é€\u{0}\u{10FFFF}",
    ];
    prop_oneof![
        prop::sample::select(HOSTILE).prop_map(str::to_string),
        "[0-9]{0,24}",
        "-?[0-9]{1,6}\\.[0-9]{0,6}",
        "\\PC{0,24}",
    ]
}

fn form(names: Vec<String>) -> impl Strategy<Value = String> {
    let pairs = prop::collection::vec((prop::sample::select(names), hostile_value()), 0..12);
    (pairs, any::<bool>()).prop_map(|(pairs, lines)| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            out.append_pair(k, v);
        }
        let out = out.finish();
        if lines {
            out.replace('&', "\n&")
        } else {
            out
        }
    })
}

fn json_scalar() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        hostile_value().prop_map(Value::String),
    ]
}

fn json(names: Vec<String>) -> impl Strategy<Value = String> {
    let leaf = json_scalar();
    let value = leaf.prop_recursive(3, 24, 4, move |inner| {
        let names = names.clone();
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec((prop::sample::select(names), inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    });
    value.prop_map(|v| v.to_string())
}

/// A selector byte for every decoder of `d` but the free route.
fn selectors(d: &'static Decoders) -> impl Strategy<Value = u8> {
    (0..d.len()).prop_map(move |i| d.selector(d.pick(i as u8)))
}

fn with_selector(sel: u8, body: &str) -> Vec<u8> {
    let mut data = vec![sel];
    data.extend_from_slice(body.as_bytes());
    data
}

/// Corpus files with bytes overwritten, inserted or cut.
fn mutated(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let files: Vec<Vec<u8>> = corpus(target).into_iter().map(|(_, d)| d).collect();
    let edits = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8);
    (prop::sample::select(files), edits).prop_map(|(mut data, edits)| {
        for (at, byte, kind) in edits {
            if data.is_empty() {
                data.push(byte);
                continue;
            }
            let i = at.index(data.len());
            match kind {
                0 => data[i] = byte,
                1 => data.insert(i, byte),
                _ => drop(data.drain(i..(i + 4).min(data.len()))),
            }
        }
        data
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_decode_or_fail_without_a_panic(sel in any::<u8>(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut data = vec![sel];
        data.extend(body);
        for (_, f) in TARGETS {
            f(&data);
        }
    }

    #[test]
    fn comnpay_near_valid_forms_and_json(sel in selectors(&targets::COMNPAY),
        f in form(wire_names("comnpay")), j in json(wire_names("comnpay"))) {
        targets::comnpay(&with_selector(sel, &f));
        targets::comnpay(&with_selector(sel, &j));
    }

    #[test]
    fn payneteasy_near_valid_forms_and_callbacks(sel in selectors(&targets::PAYNETEASY),
        f in form(wire_names("payneteasy"))) {
        targets::payneteasy(&with_selector(sel, &f));
        let signed = format!("{f}&control=0123456789abcdef0123456789abcdef01234567");
        targets::payneteasy(&with_selector(targets::PAYNETEASY.selector(Pick::Callback), &signed));
    }

    #[test]
    fn smoney_near_valid_json_and_callbacks(sel in selectors(&targets::SMONEY),
        j in json(wire_names("smoney")), f in form(wire_names("smoney"))) {
        targets::smoney(&with_selector(sel, &j));
        targets::smoney(&with_selector(sel, &f));
        let signed = format!("{f}&signature=e6a82c9bb5f32717bb347ace81d26d9d4b4c9beb");
        targets::smoney(&with_selector(targets::SMONEY.selector(Pick::Callback), &signed));
    }

    #[test]
    fn routes_with_any_method_and_path(d in 0usize..3, post in any::<bool>(),
        path in "[a-zA-Z0-9/%{}.]{0,40}", body in "\\PC{0,64}") {
        let d: &Decoders = [&targets::COMNPAY, &targets::PAYNETEASY, &targets::SMONEY][d];
        let method = if post { Method::Post } else { Method::Get };
        (d.decode)(method, &path, body.as_bytes());
        for &(m, p) in d.routes {
            (d.decode)(m, &format!("/{p}/{path}"), body.as_bytes());
        }
    }

    #[test]
    fn money_and_dates_near_valid(sel in 0u8..8, text in prop_oneof![
        "[A-Z]{3} [0-9]{0,20}(\\.[0-9]{0,6})?",
        "[0-9]{4}",
        "[0-9]{8}",
        "[0-9]{14}",
        "\\PC{0,20}",
    ]) {
        targets::money_date(&with_selector(sel, &text));
    }

    #[test]
    fn mutated_corpus_files(data in prop_oneof![
        mutated("comnpay"), mutated("payneteasy"), mutated("smoney"), mutated("money_date"),
    ]) {
        for (_, f) in &TARGETS[..4] {
            f(&data);
        }
    }
}

proptest! {
    // The spec loader is slower (a real spec lowers in milliseconds): fewer cases.
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_load_or_fail_without_a_panic(data in mutated("spec")) {
        targets::spec(&data);
    }
}

// ---- properties of what the parsers and decoders return ----

/// Currencies with exponents 0, 2, 3 and 4, and ones with no minor unit (XAU, XXX).
const CURRENCIES: [&str; 10] = [
    "EUR", "JPY", "KWD", "CLF", "UYW", "USD", "BHD", "XAU", "XXX", "ISK",
];

fn currency() -> impl Strategy<Value = paybind::Currency> {
    prop::sample::select(&CURRENCIES[..])
        .prop_map(|c| paybind::Currency::from_code(c).expect("an ISO 4217 code"))
}

/// A callback of `id` with every field set from `n` and `text`, signed with `creds`: the
/// pairs with the signature last, as a form body.
fn signed_callback(
    id: &str,
    n: usize,
    text: &str,
    creds: &std::collections::BTreeMap<String, String>,
) -> (String, String, String) {
    let g = crate::secrets::lower(id);
    let cb = g.callback.clone().expect("a callback");
    let mut pairs: Vec<(String, String)> = cb
        .object
        .fields
        .iter()
        .map(|f| match &f.ty {
            paybind_codegen::ir::Ty::Enum(name) => {
                let e = g.enums.iter().find(|e| &e.rust == name).expect("enum");
                (f.wire.clone(), e.values[n % e.values.len()].wire.clone())
            }
            _ => (f.wire.clone(), format!("{}-{n}{text}", f.wire)),
        })
        .collect();
    let signature = crate::callbacks::sign(&g, &cb, &pairs, creds);
    pairs.push((cb.signature.field.clone(), signature.clone()));
    (
        crate::callbacks::encode(&pairs),
        cb.signature.field,
        signature,
    )
}

/// `Credentials::verify_callback` of `id`'s generated module, with the credentials `creds`.
fn verify_callback(
    id: &str,
    creds: &std::collections::BTreeMap<String, String>,
    body: &str,
) -> Result<(), paybind::CallbackError> {
    match id {
        "payneteasy" => paybind::payneteasy::Credentials::new(
            &creds["login"],
            &creds["merchant_control"],
            paybind::payneteasy::Target::Endpoint(39529),
        )
        .verify_callback(body.as_bytes())
        .map(drop),
        _ => paybind::smoney::Credentials::new(
            &creds["token"],
            &creds["partner"],
            &creds["callback_secret"],
        )
        .verify_callback(body.as_bytes())
        .map(drop),
    }
}

fn decode_comnpay(m: Method, path: &str, body: &[u8]) -> Result<(), paybind::RequestDecodeError> {
    paybind::comnpay::Incoming::decode(m, path, body).map(drop)
}

fn decode_payneteasy(
    m: Method,
    path: &str,
    body: &[u8],
) -> Result<(), paybind::RequestDecodeError> {
    paybind::payneteasy::Incoming::decode(m, path, body).map(drop)
}

fn decode_smoney(m: Method, path: &str, body: &[u8]) -> Result<(), paybind::RequestDecodeError> {
    paybind::smoney::Incoming::decode(m, path, body).map(drop)
}

/// What a request decoder's error says of where it went wrong: whether it names the
/// endpoint (or the path no endpoint answers) with a message, and whether it names a field
/// in backquotes or a position in the body (JSON's `line 1 column 9`).
fn located(e: &paybind::RequestDecodeError) -> (bool, bool) {
    use paybind::RequestDecodeError as E;
    match e {
        E::UnknownEndpoint { path, .. } => (e.to_string().contains(path.as_str()), true),
        E::Body { endpoint, source } => {
            let source = source.to_string();
            let field = source
                .split('`')
                .nth(1)
                .is_some_and(|name| !name.is_empty());
            let position = source.contains(" line ") && source.contains(" column ");
            let endpoint = !endpoint.is_empty()
                && !source.trim().is_empty()
                && e.to_string().starts_with(&format!("`{endpoint}`: "));
            (endpoint, field || position)
        }
        _ => (false, false),
    }
}

type Decode = fn(Method, &str, &[u8]) -> Result<(), paybind::RequestDecodeError>;

/// The `d`th gateway's `Incoming::decode` on `body` at its route `r`: the error, if any.
fn refused(d: usize, r: prop::sample::Index, body: &str) -> Option<paybind::RequestDecodeError> {
    let (d, decode): (&Decoders, Decode) = [
        (&targets::COMNPAY, decode_comnpay as Decode),
        (&targets::PAYNETEASY, decode_payneteasy),
        (&targets::SMONEY, decode_smoney),
    ][d];
    let (method, path) = d.routes[r.index(d.routes.len())];
    decode(method, path, body.as_bytes()).err()
}

fn near_valid_body() -> impl Strategy<Value = String> {
    prop_oneof![
        form(wire_names("payneteasy")),
        form(wire_names("comnpay")),
        json(wire_names("smoney")),
    ]
}

/// A leap second (`…60`), which jiff would read as `…59` and `DateTime::new` refuses, is
/// refused: a parsed date must format back to its text (found by the date property).
#[test]
fn a_leap_second_is_refused_or_written_back() {
    let text = "20240101000060";
    if let Ok(t) = text.parse::<paybind::DateTime>() {
        assert_eq!(t.to_string(), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// An amount that parses displays back (`Display`, and the documents' short form) to
    /// text that parses to the same money.
    #[test]
    fn parsed_money_displays_back_to_the_same_amount(c in currency(),
        text in "[0-9]{1,19}(\\.[0-9]{1,5})?") {
        if let Ok(m) = paybind::Money::parse(&text, c.code()) {
            prop_assert_eq!(m.currency(), c);
            prop_assert_eq!(m.to_string().parse::<paybind::Money>(), Ok(m));
            prop_assert_eq!(paybind::Money::parse(&m.major_string(), c.code()), Ok(m));
        }
    }

    /// Money from minor units shows exactly its currency's ISO 4217 exponent of decimals
    /// (none for JPY), then the currency's code, and reads back (a negative amount is no
    /// amount the parser reads).
    #[test]
    fn money_from_minor_units_shows_the_iso_exponent(c in currency(), minor in any::<i64>()) {
        match (paybind::Money::from_minor(minor, c), c.exponent()) {
            (Ok(m), Some(exponent)) => {
                let shown = m.to_string();
                let (amount, code) = shown.split_once(' ').expect("an amount and a code");
                prop_assert_eq!(code, c.code());
                let decimals = amount.split_once('.').map_or(0, |(_, d)| d.len());
                prop_assert_eq!(decimals, usize::from(exponent), "{}", shown);
                prop_assert_eq!(m.minor(), minor);
                if minor >= 0 {
                    prop_assert_eq!(shown.parse::<paybind::Money>(), Ok(m));
                }
            }
            (Err(_), None) => {}
            (m, exponent) => prop_assert!(false, "{:?} for an exponent of {:?}", m, exponent),
        }
    }

    /// A date in the documents' fixed widths parses exactly when it is on the calendar,
    /// and formats back to the same text. (Second 60: `a_leap_second_is_refused_or_written_back`.)
    #[test]
    fn dates_format_back_to_their_text(y in 0u16..=9999, m in 0u8..=13, d in 0u8..=32,
        h in 0u8..=24, mi in 0u8..=60, s in 0u8..=59) {
        use paybind::{Date, DateTime, YearMonth};
        let text = format!("{y:04}{m:02}{d:02}");
        let parsed = text.parse::<Date>();
        prop_assert_eq!(parsed.is_ok(), Date::new(y, m, d).is_ok(), "{}", &text);
        if let Ok(date) = parsed {
            prop_assert_eq!(date.to_string(), text.clone());
            prop_assert_eq!((date.year(), date.month(), date.day()), (y, m, d));
        }
        let text = format!("{text}{h:02}{mi:02}{s:02}");
        let parsed = text.parse::<DateTime>();
        if let Ok(t) = parsed {
            prop_assert_eq!(t.to_string(), text.clone());
        }
        prop_assert_eq!(parsed.is_ok(), DateTime::new(y, m, d, h, mi, s).is_ok(), "{}", &text);
        let text = format!("{:02}{m:02}", y % 100);
        let parsed = text.parse::<YearMonth>();
        prop_assert_eq!(parsed.is_ok(), (1..=12).contains(&m), "{}", &text);
        if let Ok(ym) = parsed {
            prop_assert_eq!(ym.to_string(), text);
        }
    }

    /// A PaynetEasy sale the client prepares is decoded by `Incoming::decode` to the same
    /// sale, target and control.
    #[test]
    fn payneteasy_sales_decode_to_what_was_prepared(group in any::<bool>(), id in 1u64..1_000_000,
        order in "[A-Za-z0-9_-]{1,40}",
        desc in "[A-Za-z0-9&=+%#?/.,'-]([A-Za-z0-9 &=+%#?/.,'\"-]{0,60}[A-Za-z0-9&=+%.-])?",
        c in prop::sample::select(&["USD", "EUR", "JPY", "KWD"][..]), minor in 1i64..100_000_000,
        card in "[0-9]{1,12}", cvv in "[0-9]{3,4}", ip in any::<[u8; 4]>()) {
        use paybind::payneteasy::*;
        let target = if group { Target::Group(id) } else { Target::Endpoint(id) };
        let currency = paybind::Currency::from_code(c).expect("currency");
        let sale = Sale::builder()
            .card_recurring_payment_id(card)
            .cvv2(cvv)
            .client_orderid(order)
            .order_desc(desc)
            .amount(paybind::Money::from_minor(minor, currency).expect("money"))
            .ipaddress(std::net::Ipv4Addr::from(ip).to_string())
            .redirect_url("https://shop.example/done?a=1&b=2")
            .build();
        let creds = Credentials::new("merchant-login", "CONTROL-KEY", target);
        let client = Client::new(Brand::Connpay, Environment::Sandbox, creds.clone()).expect("client");
        let prepared = client.prepare(&sale).expect("a valid sale prepares");
        let paybind::encoding::Body::Form(body) = prepared.body() else {
            panic!("a form");
        };
        let path = format!("sale{}", target.path_suffix());
        let received = Incoming::decode(Method::Post, &path, body.as_bytes()).expect("decodes");
        prop_assert_eq!(received.target, target);
        prop_assert_eq!(&received.request, &Incoming::Sale(sale.clone()));
        prop_assert_eq!(received.signature, Some(sale.signature(&creds)));
    }

    /// A ComNpay token debit the client prepares is decoded to the same debit and
    /// credentials.
    #[test]
    fn comnpay_debits_decode_to_what_was_prepared(token in "[A-Za-z0-9]{1,40}",
        reference in "[A-Za-z0-9_-]{8,40}", minor in 1i64..1_000_000_000, force in any::<Option<bool>>(),
        language in "[a-z]{2}", ip in any::<[u8; 4]>()) {
        use paybind::comnpay::*;
        let debit = PaymentTokenDebit::builder()
            .token_ref(token.as_str())
            .transaction_ref(reference)
            .amount(minor)
            .redirection3_dsv2_url("https://shop.example/3ds?x=1&y=2")
            .application(
                Application::builder()
                    .browser_ip(std::net::Ipv4Addr::from(ip).to_string())
                    .browser_language(language)
                    .build(),
            );
        let debit = match force {
            Some(f) => debit.force3ds(f).build(),
            None => debit.build(),
        };
        let client = Client::new(Environment::Homologation, Credentials::new("VAD-111-111", "KEY"))
            .expect("client");
        let prepared = client.prepare(&debit).expect("a valid debit prepares");
        let paybind::encoding::Body::Form(body) = prepared.body() else {
            panic!("a form");
        };
        let received = Incoming::decode(Method::Post, "payment/tokenDebit", body.as_bytes())
            .expect("decodes");
        prop_assert_eq!(&received.request, &Incoming::PaymentTokenDebit(debit));
        prop_assert_eq!(received.credentials.serial_number.as_deref(), Some("VAD-111-111"));
        prop_assert_eq!(received.credentials.key.as_ref().map(|k| k.expose()), Some("KEY"));
    }

    /// A body the request decoders refuse is refused with an error that names the endpoint
    /// (or the path that no endpoint answers), never an empty message.
    #[test]
    fn refused_requests_name_their_endpoint(d in 0usize..3, r in any::<prop::sample::Index>(),
        body in near_valid_body()) {
        if let Some(e) = refused(d, r, &body) {
            prop_assert!(located(&e).0, "{}: {:?}", e, e);
        }
    }

    /// ... and a field (or the body's position), as `RequestDecodeError::Body` promises.
    #[test]
    fn refused_requests_name_a_field(d in 0usize..3, r in any::<prop::sample::Index>(),
        body in near_valid_body()) {
        if let Some(e) = refused(d, r, &body) {
            prop_assert!(located(&e).1, "{}: {:?}", e, e);
        }
    }

    /// A callback signed with the key verifies; with another key, or with any one byte of
    /// its signature changed (other than a hex letter's case, which the verifier ignores),
    /// it is refused.
    #[test]
    fn callbacks_verify_exactly_when_signed_with_the_key(smoney in any::<bool>(), n in 0usize..16,
        text in "[A-Za-z0-9 &=+%._-]{0,12}[A-Za-z0-9]", at in any::<prop::sample::Index>(), byte in 0x20u8..0x7f) {
        let id = if smoney { "smoney" } else { "payneteasy" };
        let g = crate::secrets::lower(id);
        let creds: std::collections::BTreeMap<String, String> = g
            .credentials
            .iter()
            .map(|c| (c.wire.clone(), format!("{}-key", c.wire)))
            .collect();
        let (body, field, signature) = signed_callback(id, n, &text, &creds);
        prop_assert!(verify_callback(id, &creds, &body).is_ok(), "{}", &body);
        let mut other = creds.clone();
        for c in g.credentials.iter().filter(|c| c.sensitive.is_some()) {
            other.insert(c.wire.clone(), "another-key".into());
        }
        prop_assert!(verify_callback(id, &other, &body).is_err(), "{}", &body);
        let i = at.index(signature.len());
        let original = signature.as_bytes()[i];
        prop_assume!(!byte.eq_ignore_ascii_case(&original));
        let mut changed = signature.clone().into_bytes();
        changed[i] = byte;
        let changed = String::from_utf8(changed).expect("ASCII");
        let sent = format!("{}={}", field, form_urlencoded::byte_serialize(signature.as_bytes()).collect::<String>());
        let altered = format!("{}={}", field, form_urlencoded::byte_serialize(changed.as_bytes()).collect::<String>());
        prop_assert!(body.ends_with(&sent), "{}", &body);
        let body = format!("{}{altered}", &body[..body.len() - sent.len()]);
        let refused = verify_callback(id, &creds, &body);
        prop_assert!(
            matches!(refused, Err(paybind::CallbackError::BadSignature { .. })),
            "{} accepted with {:?}: {:?}", &signature, &changed, refused
        );
    }
}

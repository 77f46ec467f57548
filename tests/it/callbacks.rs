//! Callbacks that must not be trusted are refused: for every gateway whose spec has a
//! callback, a forged one (wrong key, no signature), an altered one (any signed field changed
//! after signing), a truncated one, one with a duplicated parameter. A replayed callback
//! verifies (it is the gateway's own, sent again): the merchant handles it idempotently, with
//! the `Callback::idempotency_key` the test checks here. Signatures are compared in constant
//! time (`subtle`).
//!
//! Callbacks are signed here from the IR (`paybind_codegen`), independently of the generated
//! `verify_callback`, so a signed field added to a spec is covered without editing the test.

use std::collections::BTreeMap;

use paybind::signature::{sha1_hex, sha1_hex_sorted};
use paybind::CallbackError;
use paybind_codegen::ir::{self, Part};

/// The signature the gateway would send for `pairs` (wire name, value), as the IR says.
pub(crate) fn sign(
    _g: &ir::Gateway,
    cb: &ir::Callback,
    pairs: &[(String, String)],
    creds: &BTreeMap<String, String>,
) -> String {
    let value = |wire: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == wire)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let parts: Vec<String> = cb
        .signature
        .parts
        .iter()
        .map(|p| match p {
            Part::Field(f) => value(&f.wire),
            Part::Credential(c) => creds[&c.wire].clone(),
            other => panic!("a callback signed over {other:?}: teach this test"),
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match &cb.signature.sorted_values {
        Some(sep) => sha1_hex_sorted(pairs, &cb.signature.field, sep, &parts),
        None => sha1_hex(&parts),
    }
}

/// Pairs as a form body.
pub(crate) fn encode(pairs: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A gateway's generated callback verifier.
trait Verifies {
    const ID: &'static str;
    /// The generated `Callback::SIGNED_FIELDS`.
    const SIGNED_FIELDS: &'static [&'static str];
    type Credentials;
    fn credentials(values: &BTreeMap<String, String>) -> Self::Credentials;
    /// Verifies; on success, the callback's `Debug` and its idempotency key.
    fn verify(c: &Self::Credentials, body: &str) -> Result<(String, String), CallbackError>;
}

struct PaynetEasy;
impl Verifies for PaynetEasy {
    const ID: &'static str = "payneteasy";
    const SIGNED_FIELDS: &'static [&'static str] = paybind::payneteasy::Callback::SIGNED_FIELDS;
    type Credentials = paybind::payneteasy::Credentials;
    fn credentials(v: &BTreeMap<String, String>) -> Self::Credentials {
        paybind::payneteasy::Credentials::new(
            &v["login"],
            &v["merchant_control"],
            paybind::payneteasy::Target::Endpoint(39529),
        )
    }
    fn verify(c: &Self::Credentials, body: &str) -> Result<(String, String), CallbackError> {
        c.verify_callback(body.as_bytes())
            .map(|cb| (format!("{cb:?}"), cb.idempotency_key()))
    }
}

struct SMoney;
impl Verifies for SMoney {
    const ID: &'static str = "smoney";
    const SIGNED_FIELDS: &'static [&'static str] = paybind::smoney::Callback::SIGNED_FIELDS;
    type Credentials = paybind::smoney::Credentials;
    fn credentials(v: &BTreeMap<String, String>) -> Self::Credentials {
        paybind::smoney::Credentials::new(&v["token"], &v["partner"], &v["callback_secret"])
    }
    fn verify(c: &Self::Credentials, body: &str) -> Result<(String, String), CallbackError> {
        c.verify_callback(body.as_bytes())
            .map(|cb| (format!("{cb:?}"), cb.idempotency_key()))
    }
}

/// The gateways this test verifies callbacks of.
const COVERED: &[&str] = &[PaynetEasy::ID, SMoney::ID];

#[test]
fn every_gateway_with_a_callback_is_covered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let mut with_callback = Vec::new();
    for path in paybind_codegen::spec_files(&dir).expect("spec dir") {
        let id = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        if crate::secrets::lower(&id).callback.is_some() {
            with_callback.push(id);
        }
    }
    assert_eq!(
        with_callback, COVERED,
        "add each gateway with a callback here"
    );
}

/// A callback with every field, as the gateway would send it.
struct Fixture {
    g: ir::Gateway,
    creds: BTreeMap<String, String>,
    /// The fields, unsigned, in the object's order.
    fields: Vec<(String, String)>,
    signature: String,
}

impl Fixture {
    fn new(id: &str) -> Fixture {
        let g = crate::secrets::lower(id);
        let cb = g.callback.clone().expect("callback");
        let creds: BTreeMap<String, String> = g
            .credentials
            .iter()
            .map(|c| (c.wire.clone(), format!("{}-value-1", c.wire)))
            .collect();
        let fields: Vec<(String, String)> = cb
            .object
            .fields
            .iter()
            .map(|f| (f.wire.clone(), value(&g, f, 0)))
            .collect();
        let signature = sign(&g, &cb, &fields, &creds);
        Fixture {
            g,
            creds,
            fields,
            signature,
        }
    }
    fn cb(&self) -> &ir::Callback {
        self.g.callback.as_ref().expect("callback")
    }
    fn sig_field(&self) -> String {
        self.cb().signature.field.clone()
    }
    /// The fields and the signature, the signature first or last.
    fn pairs(&self, signature_first: bool) -> Vec<(String, String)> {
        let sig = (self.sig_field(), self.signature.clone());
        let mut out = self.fields.clone();
        if signature_first {
            out.insert(0, sig);
        } else {
            out.push(sig);
        }
        out
    }
    fn body(&self) -> String {
        encode(&self.pairs(false))
    }
    fn signed(&self) -> Vec<String> {
        self.cb().signed.iter().map(|f| f.wire.clone()).collect()
    }
    /// Whether the gateway would have signed these pairs as they are: the signature intact,
    /// every signed value as sent, and for a signature over every value, nothing else.
    fn still_signed(&self, pairs: &[(String, String)]) -> bool {
        let get = |ps: &[(String, String)], k: &str| {
            ps.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone())
        };
        let sig = self.sig_field();
        if get(pairs, &sig).as_deref() != Some(self.signature.as_str()) {
            return false;
        }
        let others: Vec<(String, String)> =
            pairs.iter().filter(|(k, _)| *k != sig).cloned().collect();
        if self.cb().signature.sorted_values.is_some() {
            return others == self.fields;
        }
        self.signed()
            .iter()
            .all(|k| get(&others, k) == get(&self.fields, k))
    }
}

/// A value of a callback field: the `n`-th enum value, or a text.
fn value(g: &ir::Gateway, f: &ir::Field, n: usize) -> String {
    match &f.ty {
        ir::Ty::Enum(name) => {
            let e = g.enums.iter().find(|e| &e.rust == name).expect("enum");
            e.values[n % e.values.len()].wire.clone()
        }
        _ => format!("{}-{n}", f.wire),
    }
}

fn parse(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn verify<V: Verifies>(f: &Fixture, body: &str) -> Result<(String, String), CallbackError> {
    V::verify(&V::credentials(&f.creds), body)
}

/// Forged: signed with another key, without a signature, with a signature that is not the
/// gateway's (another length, one digit changed, empty).
fn forged<V: Verifies>() {
    let f = Fixture::new(V::ID);
    verify::<V>(&f, &f.body()).unwrap_or_else(|e| panic!("{}: genuine refused: {e}", V::ID));
    assert_eq!(V::SIGNED_FIELDS, f.signed(), "{}: SIGNED_FIELDS", V::ID);
    let mut other = f.creds.clone();
    for c in f.g.credentials.iter().filter(|c| c.sensitive.is_some()) {
        other.insert(c.wire.clone(), "another-key".into());
    }
    let forged_sig = sign(&f.g, f.cb(), &f.fields, &other);
    assert_ne!(forged_sig, f.signature);
    let mut flipped = f.signature.clone().into_bytes();
    flipped[17] = if flipped[17] == b'0' { b'1' } else { b'0' };
    let sig = f.sig_field();
    for bad in [
        forged_sig,
        String::from_utf8(flipped).expect("hex"),
        f.signature[..39].to_string(),
        format!("{}0", f.signature),
        String::new(),
        "zz".repeat(20),
    ] {
        let mut pairs = f.fields.clone();
        pairs.push((sig.clone(), bad.clone()));
        match verify::<V>(&f, &encode(&pairs)) {
            Err(CallbackError::BadSignature { field }) => assert_eq!(field, sig),
            other => panic!("{}: signature {bad:?} gave {other:?}", V::ID),
        }
    }
    match verify::<V>(&f, &encode(&f.fields)) {
        Err(CallbackError::MissingSignature { field }) => assert_eq!(field, sig),
        other => panic!("{}: unsigned gave {other:?}", V::ID),
    }
}

/// Altered after signing: each field changed, or left out, or an unknown one added. Refused
/// when the signature covers it; otherwise it verifies, and `SIGNED_FIELDS` flags it.
fn altered<V: Verifies>() {
    let f = Fixture::new(V::ID);
    let genuine = verify::<V>(&f, &f.body()).expect("genuine");
    let sig = (f.sig_field(), f.signature.clone());
    let mut refused = 0;
    for (i, (k, v)) in f.fields.iter().enumerate() {
        let mut changed = f.fields.clone();
        changed[i].1 = format!("{v}x");
        let mut removed = f.fields.clone();
        removed.remove(i);
        for pairs in [changed, removed] {
            let mut pairs = pairs;
            pairs.push(sig.clone());
            let got = verify::<V>(&f, &encode(&pairs));
            if V::SIGNED_FIELDS.contains(&k.as_str()) {
                assert!(
                    matches!(got, Err(CallbackError::BadSignature { .. })),
                    "{}: {k} altered gave {got:?}",
                    V::ID
                );
                refused += 1;
            } else {
                let (shown, _) = got.unwrap_or_else(|e| panic!("{}: {k}: {e}", V::ID));
                assert_ne!(shown, genuine.0, "{}: {k} altered reads the same", V::ID);
            }
        }
    }
    assert!(refused > 0, "{}: no field is signed", V::ID);
    let mut added = f.fields.clone();
    added.push(("brand-new".into(), "1".into()));
    added.push(sig);
    let got = verify::<V>(&f, &encode(&added));
    if f.cb().signature.sorted_values.is_some() {
        assert!(
            matches!(got, Err(CallbackError::BadSignature { .. })),
            "{got:?}"
        );
    } else {
        assert_eq!(got.expect("an unknown parameter is ignored").0, genuine.0);
    }
}

/// Every prefix of the callback, with the signature last and first: it verifies exactly
/// when the gateway would have signed what is left.
fn truncated<V: Verifies>() {
    let f = Fixture::new(V::ID);
    for signature_first in [false, true] {
        let body = encode(&f.pairs(signature_first));
        for end in 0..body.len() {
            let prefix = &body[..end];
            let got = verify::<V>(&f, prefix);
            let expected = f.still_signed(&parse(prefix));
            assert_eq!(
                got.is_ok(),
                expected,
                "{}: prefix {prefix:?} gave {got:?}",
                V::ID
            );
        }
    }
    // With the signature last, no proper prefix verifies: each is refused for its signature,
    // missing or cut short, named by its wire name.
    let body = f.body();
    let field = f.sig_field();
    for end in 0..body.len() {
        match verify::<V>(&f, &body[..end]) {
            Err(
                CallbackError::MissingSignature { field: named }
                | CallbackError::BadSignature { field: named },
            ) => assert_eq!(named, field, "{}: prefix {end}", V::ID),
            other => panic!("{}: prefix {:?} gave {other:?}", V::ID, &body[..end]),
        }
    }
}

/// A parameter sent twice (the same value or another, before or after) is refused, naming it.
fn duplicated<V: Verifies>() {
    let f = Fixture::new(V::ID);
    let pairs = f.pairs(false);
    for (k, v) in &pairs {
        for dup in [v.clone(), format!("{v}x")] {
            for at_start in [false, true] {
                let mut p = pairs.clone();
                if at_start {
                    p.insert(0, (k.clone(), dup.clone()));
                } else {
                    p.push((k.clone(), dup.clone()));
                }
                match verify::<V>(&f, &encode(&p)) {
                    Err(CallbackError::DuplicateParameter { field }) => assert_eq!(&field, k),
                    other => panic!("{}: {k} twice gave {other:?}", V::ID),
                }
            }
        }
    }
}

/// A replayed callback verifies again (the library keeps no state) with the same idempotency
/// key, which is the signed values; another event has another key.
fn replayed<V: Verifies>() {
    let f = Fixture::new(V::ID);
    let (_, first) = verify::<V>(&f, &f.body()).expect("first");
    let (_, again) = verify::<V>(&f, &f.body()).expect("replayed");
    assert_eq!(first, again);
    let expected: Vec<(String, String)> = f
        .cb()
        .key_fields
        .iter()
        .map(|k| {
            let v = f.fields.iter().find(|(w, _)| *w == k.wire).expect("field");
            v.clone()
        })
        .collect();
    assert_eq!(
        first,
        encode(&expected),
        "{}: the key is the signed values",
        V::ID
    );
    // The next event of the same order: its signed status (or first signed field) changed.
    let cb = f.cb();
    let changed = cb.key_fields.first().expect("a key field");
    let mut fields = f.fields.clone();
    for (k, v) in fields.iter_mut() {
        if *k == changed.wire {
            *v = value(&f.g, changed, 1);
        }
    }
    let mut pairs = fields.clone();
    pairs.push((f.sig_field(), sign(&f.g, cb, &fields, &f.creds)));
    let (_, next) = verify::<V>(&f, &encode(&pairs)).expect("next event");
    assert_ne!(next, first, "{}: another event, another key", V::ID);
}

fn all<V: Verifies>() {
    forged::<V>();
    altered::<V>();
    truncated::<V>();
    duplicated::<V>();
    replayed::<V>();
}

#[test]
fn payneteasy_callbacks_that_must_not_be_trusted_are_refused() {
    all::<PaynetEasy>();
}

#[test]
fn smoney_callbacks_that_must_not_be_trusted_are_refused() {
    all::<SMoney>();
}

/// Signatures are compared in constant time: every generated verifier compares with
/// `paybind::signature::verify_hex`, which compares with `subtle` (no `==` on a signature).
#[test]
fn signatures_are_compared_in_constant_time() {
    for id in COVERED {
        let code =
            std::fs::read_to_string(format!("{}/generated/{id}.rs", env!("CARGO_MANIFEST_DIR")))
                .expect("generated");
        let verifier = &code[code.find("pub fn verify_callback").expect("verifier")..];
        let verifier = &verifier[..verifier.find("\n    }\n").expect("end")];
        assert!(verifier.contains("::paybind::signature::verify_hex(&signature, &received)"));
        assert!(!verifier.contains("== received") && !verifier.contains("signature =="));
    }
    let runtime =
        std::fs::read_to_string(format!("{}/src/signature.rs", env!("CARGO_MANIFEST_DIR")))
            .expect("signature.rs");
    let verify_hex = &runtime[runtime.find("pub fn verify_hex").expect("verify_hex")..];
    let verify_hex = &verify_hex[..verify_hex.find("\n}\n").expect("end")];
    assert!(verify_hex.contains(".ct_eq("), "{verify_hex}");
}

/// A PaynetEasy callback signed outside paybind (public: PaynetEasy's callback `control` is
/// SHA-1 of status + orderid + client_orderid + merchant_control):
///
/// printf '%s' 'approved6768788inv4097763CTRL-KEY-1' | sha1sum
const PAYNETEASY_CALLBACK: &str = "bd66d11da3c9b151af86cffc949959c02d85fa5e";
/// The same control over `declined`:
///
/// printf '%s' 'declined6768788inv4097763CTRL-KEY-1' | sha1sum
const PAYNETEASY_DECLINED: &str = "cf5bd7a5f378c33b179ef4b130d14468874c9b44";

#[test]
fn payneteasy_verifies_a_control_computed_outside_paybind() {
    use paybind::payneteasy::{Credentials, OrderStatus, Target};
    let creds = Credentials::new("login", "CTRL-KEY-1", Target::Endpoint(39529));
    let body = |status: &str, control: &str| {
        format!(
            "status={status}&merchant_order=inv4097763&client_orderid=inv4097763\
             &orderid=6768788&type=sale&amount=10.42&control={control}"
        )
    };
    let cb = creds
        .verify_callback(body("approved", PAYNETEASY_CALLBACK).as_bytes())
        .expect("the gateway's own control");
    assert_eq!(cb.status, Some(OrderStatus::Approved));
    assert_eq!(cb.orderid.as_deref(), Some("6768788"));
    let declined = creds
        .verify_callback(body("declined", PAYNETEASY_DECLINED).as_bytes())
        .expect("declined, signed");
    assert_eq!(declined.status, Some(OrderStatus::Declined));
    // The approved control on a declined callback, and another key: refused, naming the field.
    for (creds, status, control) in [
        (&creds, "declined", PAYNETEASY_CALLBACK),
        (
            &Credentials::new("login", "CTRL-KEY-2", Target::Endpoint(39529)),
            "approved",
            PAYNETEASY_CALLBACK,
        ),
    ] {
        let got = creds.verify_callback(body(status, control).as_bytes());
        assert!(
            matches!(got, Err(CallbackError::BadSignature { field: "control" })),
            "{got:?}"
        );
    }
}

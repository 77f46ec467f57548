//! The fuzz targets in `cargo test`: every committed corpus file of `fuzz/corpus/` replayed
//! through the same functions the libFuzzer targets call (`fuzz/src/lib.rs`, included here),
//! and bounded property tests that feed the same decoders arbitrary and near-valid inputs:
//! forms, line answers and JSON made of the specs' own wire names with hostile values, and
//! corpus files with bytes changed. Nothing may panic. The long runs are in `fuzz/README.md`.

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

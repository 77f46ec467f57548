//! The documents are the judge: each seed is imported and compared with the spec that cites
//! it. Every difference must be explained on its item by a `reading:` (the project's own
//! decision, with its reason) or a `public:` page; every item must say where it comes from
//! (`paybind spec check`); and a reading on an item that cites a document must explain a
//! difference with it, so that removing any reading makes this test fail.

use std::path::{Path, PathBuf};

use paybind_codegen::fidelity::{compare, Document};
use paybind_codegen::import::{detect, find_seeds, import};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn seeds() -> PathBuf {
    find_seeds(root()).expect("shared/seeds/INDEX.md beside the repository (CI clones it there)")
}

/// The documents a spec cites: its `source` list and its brands' `sources`.
fn documents(g: &paybind_codegen::ir::Gateway) -> Vec<String> {
    let mut all: Vec<String> = g.source.split(',').map(|d| d.trim().to_string()).collect();
    all.extend(g.brands.iter().flat_map(|b| b.sources.iter().cloned()));
    all.sort();
    all.dedup();
    all
}

/// Every unexplained difference and unused reading of one spec, as lines.
fn problems(spec: &str) -> Vec<String> {
    let path = root().join("spec").join(spec);
    let text = std::fs::read_to_string(&path).expect("read spec");
    let file = format!("spec/{spec}");
    let mut out: Vec<String> = match paybind_codegen::check_str(&file, &text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| format!("spec check: {e}")).collect(),
    };
    let g = paybind_codegen::lower_str(&file, &text).expect("the spec lowers");
    for name in documents(&g) {
        let doc_text = std::fs::read_to_string(seeds().join(&name)).expect("read seed");
        let format = detect(&doc_text).expect("a known document format");
        let imported = import(&name, &doc_text, format).expect("import");
        let report = compare(&g, &Document::new(&imported, &doc_text));
        out.extend(report.unexplained().map(|f| format!("difference: {f}")));
        out.extend(
            report.unused_readings.iter().map(|(item, r)| {
                format!("unused reading on {item} (nothing in {name} differs): {r}")
            }),
        );
    }
    out
}

fn assert_faithful(spec: &str) {
    let p = problems(spec);
    assert!(
        p.is_empty(),
        "spec/{spec} differs from its documents in {} place(s):\n{}",
        p.len(),
        p.join("\n")
    );
}

#[test]
fn comnpay_is_faithful_to_000() {
    assert_faithful("comnpay.yaml");
}

#[test]
fn smoney_is_faithful_to_001() {
    assert_faithful("smoney.yaml");
}

#[test]
fn payneteasy_is_faithful_to_002_003_004() {
    assert_faithful("payneteasy.yaml");
}

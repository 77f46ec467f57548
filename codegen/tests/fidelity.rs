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

fn spec_text(spec: &str) -> String {
    std::fs::read_to_string(root().join("spec").join(spec)).expect("read spec")
}

/// Every unexplained difference and unused reading of one spec, as lines.
fn problems(spec: &str) -> Vec<String> {
    problems_of(spec, &spec_text(spec))
}

fn problems_of(spec: &str, text: &str) -> Vec<String> {
    let file = format!("spec/{spec}");
    let mut out: Vec<String> = match paybind_codegen::check_str(&file, text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| format!("spec check: {e}")).collect(),
    };
    let g = paybind_codegen::lower_str(&file, text).expect("the spec lowers");
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

/// The spec's text without its `n`-th `reading:` (in a one-line mapping, or a line of its
/// own); `None` when it has fewer.
fn without_reading(text: &str, n: usize) -> Option<String> {
    let start = text.match_indices("reading: \"").nth(n)?.0;
    let value = start + "reading: \"".len();
    let bytes = text.as_bytes();
    let mut end = value;
    while end < bytes.len() && !(bytes[end] == b'"' && bytes[end - 1] != b'\\') {
        end += 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..start].trim().is_empty() {
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        return Some(format!("{}{}", &text[..line_start], &text[line_end..]));
    }
    let cut = text[..start]
        .trim_end()
        .strip_suffix(',')
        .map_or(start, str::len);
    Some(format!("{}{}", &text[..cut], &text[end + 1..]))
}

/// Every reading explains something: without it, the spec no longer passes.
fn every_reading_is_needed(spec: &str) {
    let text = spec_text(spec);
    let mut n = 0;
    let mut idle = Vec::new();
    while let Some(edited) = without_reading(&text, n) {
        if problems_of(spec, &edited).is_empty() {
            let line = text
                .match_indices("reading: \"")
                .nth(n)
                .map_or(0, |(i, _)| text[..i].lines().count());
            idle.push(format!("spec/{spec}:{line}"));
        }
        n += 1;
    }
    assert!(
        n > 10,
        "spec/{spec} has only {n} readings: is the pattern right?"
    );
    assert!(
        idle.is_empty(),
        "readings that explain nothing (removing them changes no result): {idle:?}"
    );
}

#[test]
fn every_comnpay_reading_is_needed() {
    every_reading_is_needed("comnpay.yaml");
}

#[test]
fn every_smoney_reading_is_needed() {
    every_reading_is_needed("smoney.yaml");
}

#[test]
fn every_payneteasy_reading_is_needed() {
    every_reading_is_needed("payneteasy.yaml");
}

//! The committed copies in generated/ match what the generator makes of spec/ today, and
//! generation is deterministic.
//!
//! The committed copies are not compiled a second time: they are byte-for-byte what build.rs
//! writes to OUT_DIR, which `src/lib.rs` compiles with `#[deny(warnings, missing_docs)]`; the
//! last tests check the compiled modules' identity against what the committed copies say.

use std::path::Path;

const REFRESH: &str = "cargo run -p paybind-codegen -- spec generated";

#[test]
fn generated_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specs = paybind_codegen::spec_files(&root.join("spec")).expect("list spec/");
    assert!(!specs.is_empty(), "no spec files found");
    for spec in specs {
        let stem = spec
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let fresh = paybind_codegen::generate_file(&spec).unwrap_or_else(|e| panic!("{e}"));
        let committed_path = root.join("generated").join(format!("{stem}.rs"));
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            fresh == committed,
            "{} has drifted from {}; refresh it with:\n\n    {REFRESH}\n",
            committed_path.display(),
            spec.display()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/comnpay.yaml");
    let a = paybind_codegen::generate_file(&spec).expect("generate");
    let b = paybind_codegen::generate_file(&spec).expect("generate");
    assert_eq!(a, b);
}

#[test]
fn the_compiled_module_is_the_committed_one() {
    // build.rs writes OUT_DIR/comnpay.rs from the same spec; lib.rs compiles it with
    // #[deny(warnings, missing_docs)]. Check the compiled module's identity constants.
    assert_eq!(paybind::comnpay::SPEC, "spec/comnpay.yaml");
    assert_eq!(paybind::comnpay::SOURCE, "000_0314d75137e75338.txt");
    // The whole return-code table of the seed made it into the compiled module.
    assert!(paybind::comnpay::RETURN_CODES.len() > 200);
}

#[test]
fn the_other_compiled_modules_know_their_spec_too() {
    assert_eq!(paybind::payneteasy::SPEC, "spec/payneteasy.yaml");
    assert_eq!(
        paybind::payneteasy::SOURCE,
        "002_533efdf5ff50f3f7.txt, 003_86258bf917671082.txt, 004_4bb82ea0de25b99c.txt"
    );
    assert_eq!(paybind::payneteasy::Brand::Connpay.id(), "connpay");
    assert_eq!(paybind::smoney::SPEC, "spec/smoney.yaml");
    assert_eq!(paybind::smoney::SOURCE, "001_b198a1e37d8b1b40.txt");
}

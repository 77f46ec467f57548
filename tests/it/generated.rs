//! The committed copies in generated/ match what the generator makes of spec/ today, and
//! generation is deterministic.
//!
//! The committed copies are not compiled a second time: they are byte-for-byte what build.rs
//! writes to OUT_DIR, which `src/lib.rs` compiles with `#[deny(warnings, missing_docs)]`; the
//! last tests check that the files compiled are the committed ones, byte for byte, and the
//! compiled modules' identity constants.

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

/// The modules `src/lib.rs` compiles (what build.rs wrote to OUT_DIR) are, byte for byte,
/// the committed copies in generated/: what reviewers read is what runs. The drift test above
/// compares the committed copies with a fresh generation; this one compares them with the
/// files this very build compiled, so that a build.rs that writes anything else is caught.
#[test]
fn the_compiled_module_is_the_committed_one() {
    let compiled = [
        (
            "comnpay",
            include_str!(concat!(env!("OUT_DIR"), "/comnpay.rs")),
            include_str!("../../generated/comnpay.rs"),
        ),
        (
            "payneteasy",
            include_str!(concat!(env!("OUT_DIR"), "/payneteasy.rs")),
            include_str!("../../generated/payneteasy.rs"),
        ),
        (
            "smoney",
            include_str!(concat!(env!("OUT_DIR"), "/smoney.rs")),
            include_str!("../../generated/smoney.rs"),
        ),
    ];
    for (gateway, out_dir, committed) in compiled {
        assert!(
            out_dir == committed,
            "the compiled {gateway} module differs from generated/{gateway}.rs; refresh it with:\n\n    {REFRESH}\n"
        );
    }
}

#[test]
fn the_compiled_modules_know_their_spec() {
    assert_eq!(paybind::comnpay::SPEC, "spec/comnpay.yaml");
    assert_eq!(paybind::comnpay::SOURCE, "000_0314d75137e75338.txt");
    // The whole return-code table of the seed made it into the compiled module.
    assert!(paybind::comnpay::RETURN_CODES.len() > 200);
    assert_eq!(paybind::payneteasy::SPEC, "spec/payneteasy.yaml");
    assert_eq!(
        paybind::payneteasy::SOURCE,
        "002_533efdf5ff50f3f7.txt, 003_86258bf917671082.txt, 004_4bb82ea0de25b99c.txt"
    );
    assert_eq!(paybind::payneteasy::Brand::Connpay.id(), "connpay");
    assert_eq!(paybind::smoney::SPEC, "spec/smoney.yaml");
    assert_eq!(paybind::smoney::SOURCE, "001_b198a1e37d8b1b40.txt");
}

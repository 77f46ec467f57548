//! The feature specs of `codegen/tests/specs/`: small specs that each show one feature of
//! the spec language, with the generator's output for each kept next to it as a snapshot
//! (`<name>.rs`). The `it` test binary of paybind compiles every snapshot and exercises it
//! (`tests/it/feature_specs.rs`).
//!
//! After a deliberate change of the generator's output, refresh the snapshots with
//!
//! ```text
//! EXPECTORATE=overwrite cargo test -p paybind-codegen --test feature_specs
//! ```

use std::path::{Path, PathBuf};

const REFRESH: &str = "EXPECTORATE=overwrite cargo test -p paybind-codegen --test feature_specs";

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs")
}

/// Generates `<name>.yaml` twice, checks both runs agree byte for byte, and compares the
/// output with the snapshot `<name>.rs`.
fn check(name: &str) {
    let dir = specs_dir();
    let spec = dir.join(format!("{name}.yaml"));
    let first = paybind_codegen::generate_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    let second = paybind_codegen::generate_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        first == second,
        "{} generates different output on a second run",
        spec.display()
    );
    let snapshot = dir.join(format!("{name}.rs"));
    let current = std::fs::read_to_string(&snapshot).unwrap_or_default();
    if current != first && std::env::var_os("EXPECTORATE").is_none() {
        eprintln!(
            "{} differs from what the generator makes of {name}.yaml; if the change is \
             intended, refresh the snapshots with\n\n    {REFRESH}\n",
            snapshot.display()
        );
    }
    expectorate::assert_contents(&snapshot, &first);
}

macro_rules! feature_specs {
    ($($name:ident),* $(,)?) => {
        /// Every feature spec, by file stem.
        const FEATURE_SPECS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

feature_specs!(
    brands,
    callback_sorted,
    callbacks,
    enums_objects,
    form_basic,
    json_bearer,
    money,
    outcome,
    rules,
    signature,
    variants,
);

/// A spec added to the directory gets a snapshot test (and a line in the README) too.
#[test]
fn every_spec_has_a_snapshot_test_and_a_readme_line() {
    let dir = specs_dir();
    let on_disk: Vec<String> = paybind_codegen::spec_files(&dir)
        .expect("list tests/specs")
        .iter()
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        on_disk, FEATURE_SPECS,
        "list every spec of tests/specs in feature_specs! (sorted)"
    );
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("tests/specs/README.md");
    for name in FEATURE_SPECS {
        assert!(
            readme.contains(&format!("`{name}.yaml`")),
            "tests/specs/README.md does not describe {name}.yaml"
        );
    }
}

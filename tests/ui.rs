//! Compile-time guarantees, proven by programs that must not compile (`tests/ui/*.rs`, each
//! with the compiler's `.stderr`) and by programs that must (`tests/ui/pass/`).
//!
//! `cargo test --all-features --test ui`; refresh the `.stderr` files with
//! `TRYBUILD=overwrite` and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}

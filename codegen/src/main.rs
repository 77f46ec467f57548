//! `paybind-codegen`: regenerates or checks the committed copies in `generated/`.
//!
//! ```text
//! cargo run -p paybind-codegen -- [--check] [SPEC_DIR] [OUT_DIR]
//! ```
//! Defaults: `spec` and `generated`. With `--check`, writes nothing and fails on drift.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let check = if let Some(i) = args.iter().position(|a| a == "--check") {
        args.remove(i);
        true
    } else {
        false
    };
    let spec_dir = PathBuf::from(args.first().map_or("spec", String::as_str));
    let out_dir = PathBuf::from(args.get(1).map_or("generated", String::as_str));
    let files = match paybind_codegen::spec_files(&spec_dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot list {}: {e}", spec_dir.display());
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for f in files {
        failed |= !regenerate(&f, &out_dir, check);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Generates one spec and writes its copy in `out_dir`, or with `check` compares it with the
/// copy there. `false` when that fails, after saying why.
fn regenerate(spec: &Path, out_dir: &Path, check: bool) -> bool {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = out_dir.join(format!("{stem}.rs"));
    let code = match paybind_codegen::generate_file(spec) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    if check {
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current != code {
            eprintln!(
                "drift: {} does not match {}",
                target.display(),
                spec.display()
            );
            return false;
        }
    } else if let Err(e) = std::fs::write(&target, code) {
        eprintln!("error: cannot write {}: {e}", target.display());
        return false;
    } else {
        println!("wrote {}", target.display());
    }
    true
}

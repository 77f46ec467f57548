//! `paybind spec export --openapi [--brand B] SPEC`: a gateway as an OpenAPI 3.1 document,
//! on stdout; with `--out DIR`, every export of each spec (one per brand) written to DIR.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use paybind_codegen::export;

/// What `spec export` was asked for.
pub struct Request<'a> {
    pub specs: &'a [PathBuf],
    pub brand: Option<&'a str>,
    pub out: Option<&'a Path>,
}

/// Exit status 0 once written, 2 on an unreadable spec, a bad brand or an unwritable file.
pub fn run(req: &Request) -> ExitCode {
    match (req.out, req.specs) {
        (Some(dir), specs) if req.brand.is_none() => write_all(specs, dir),
        (Some(_), _) => fail("--brand: with --out every brand is written; leave --brand out"),
        (None, [one]) => print_one(one, req.brand),
        (None, _) => fail("give one spec to print, or --out DIR to write several"),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn print_one(spec: &Path, brand: Option<&str>) -> ExitCode {
    let text = super::spec::lower(spec).and_then(|g| {
        export::openapi_text(&g, brand).map_err(|e| format!("error: {}: {e}", spec.display()))
    });
    match text {
        Ok(t) => {
            print!("{t}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn write_all(specs: &[PathBuf], dir: &Path) -> ExitCode {
    for spec in specs {
        let files = super::spec::lower(spec)
            .and_then(|g| export::all(&g).map_err(|e| format!("error: {}: {e}", spec.display())));
        let written = files.and_then(|files| {
            files.into_iter().try_for_each(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
                println!("wrote {}", path.display());
                Ok(())
            })
        });
        if let Err(e) = written {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

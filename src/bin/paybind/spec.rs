//! `paybind spec ...`: what a maintainer runs when a provider changes its documents.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Loads and lints specs, and requires every endpoint, parameter, rule, enum value and
    /// return code to say where it comes from (`source:`, `reading:` or `public:`).
    Check {
        /// The spec files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check { files } => check(&files),
    }
}

/// Exit status 0 when every spec passes, 1 when one does not, 2 when one cannot be read.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        match paybind_codegen::check_str(&path.display().to_string(), &text) {
            Ok(g) => println!("{}: ok ({} endpoints)", path.display(), g.ops.len()),
            Err(errors) => {
                eprintln!("{errors}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

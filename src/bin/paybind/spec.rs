//! `paybind spec ...`: what a maintainer runs when a provider changes its documents:
//! `import` a new document, `diff` its skeleton (or the edited spec) against the spec in use,
//! `check` that every item says where it comes from.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

/// How `spec diff` prints its report.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Loads and lints specs, and requires every endpoint, parameter, rule, enum value and
    /// return code to say where it comes from (`source:`, `reading:` or `public:`).
    Check {
        /// Only the checks `paybind::gateway!` applies (a user's own spec): provenance is
        /// optional.
        #[arg(long)]
        lint: bool,
        /// The spec files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Reads a provider document (ComNpay pipe tables, PaynetEasy parameter tables as text or
    /// reStructuredText, S-money resource tables) and prints a spec skeleton in the spec
    /// language, each item with its `source:`. What it could not read goes to stderr.
    ///
    /// Names never come from text the provider may reword: a return code is named after its
    /// code (`Code207`), a documented value list's enum after its field
    /// (`TokenCreateCardType`). With `--names`, the skeleton keeps the given spec's names
    /// where it has the same item, so that `spec diff SPEC SKELETON` shows what the document
    /// changed: return codes (same code) keep their variant name and category, endpoints
    /// (same path) the spec's spelling and `name:`, sub-forms and resources the spec's type
    /// name, value lists the spec's enum and variant names.
    Import {
        /// The document, e.g. ../shared/seeds/003_86258bf917671082.txt.
        document: PathBuf,
        /// The spec in use for this gateway, e.g. spec/comnpay.yaml: keep its names.
        #[arg(long, value_name = "SPEC")]
        names: Option<PathBuf>,
    },
    /// Follows every citation (`source:`) of specs into their documents and lists those that
    /// name nothing, or not their item (a line number, a table or row the document no longer
    /// has, another item's row), with the anchor each should have. With `--fix`, rewrites
    /// them in place and lists what it could not place. Exit status: 0 when every citation
    /// holds (after fixing), 1 when some do not, 2 on error.
    Cite {
        /// The spec files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Rewrite the citations that can be placed again.
        #[arg(long)]
        fix: bool,
        /// Where the documents are (default: the nearest `shared/seeds` above the current
        /// directory).
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
    },
    /// Brings a spec in line with a new text of one of its documents: re-anchors every
    /// citation, applies what the document decides (limits, new optional parameters, new
    /// values, new or reworded codes), lists what needs a person (a new required parameter,
    /// a necessity changed, a removed endpoint, parameter or value, a reading the new text
    /// contradicts), then shows the generated API's changes. Writes the spec only with
    /// `--write`. Exit status: 0 when nothing needs a person, 1 when something does, 2 on
    /// error.
    Update {
        /// The spec file.
        spec: PathBuf,
        /// The new text of one of the spec's documents; its file name says which.
        document: PathBuf,
        /// Where the spec's current documents are (default: the nearest `shared/seeds`).
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
        /// Write the updated spec back to its file.
        #[arg(long)]
        write: bool,
    },
    /// Compares two versions of a spec as a user of the generated API sees them: each change
    /// classified breaking or compatible, with its reason. Exit status: 0 when nothing
    /// breaks, 1 when something does, 2 on error; with `--changelog`, 0 once the section is
    /// written (its text says what breaks), 2 on error.
    Diff {
        /// The spec before.
        old: PathBuf,
        /// The spec after.
        new: PathBuf,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
        /// Print a Markdown section for CHANGELOG.md instead, with the version bump it calls
        /// for; the value is the current version. Exits 0 even when something breaks: the
        /// section lists it under its breaking heading.
        #[arg(long, value_name = "VERSION")]
        changelog: Option<String>,
    },
    /// Writes a gateway as an OpenAPI 3.1 document (JSON Schema 2020-12) on stdout: servers,
    /// endpoints and variants, request bodies in their encoding, every documented limit,
    /// rules, answers, the refusal, return codes, credentials, and `x-paybind-*` extensions
    /// for signatures, brands, sensitivity and provenance. A gateway with brands is exported
    /// one brand at a time (`--brand`). With `--out DIR`, writes every export of each spec
    /// (one per brand) to DIR as `{gateway}.json` or `{gateway}-{brand}.json`.
    Export {
        /// The format: OpenAPI 3.1 (the only one).
        #[arg(long, required = true)]
        openapi: bool,
        /// The brand, for a gateway with brands (e.g. connpay).
        #[arg(long)]
        brand: Option<String>,
        /// Write every export of the specs to this directory instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
}

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check { lint, files } => check(&files, lint),
        Command::Import { document, names } => import(&document, names.as_deref()),
        Command::Cite {
            files,
            fix,
            documents,
        } => cite(&files, fix, documents),
        Command::Update {
            spec,
            document,
            documents,
            write,
        } => update(&spec, &document, documents, write),
        Command::Diff {
            old,
            new,
            format,
            changelog,
        } => diff(&old, &new, format, changelog.as_deref()),
        Command::Export {
            openapi: _,
            brand,
            out,
            specs,
        } => super::export::run(&super::export::Request {
            specs: &specs,
            brand: brand.as_deref(),
            out: out.as_deref(),
        }),
    }
}

/// Exit status 0 with the skeleton on stdout, 2 when the document (or the spec whose names
/// it keeps) cannot be read.
fn import(path: &std::path::Path, names: Option<&std::path::Path>) -> ExitCode {
    use paybind_codegen::import;
    let spec = match names.map(lower).transpose() {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let Some(format) = import::detect(&text) else {
        eprintln!("error: {name} is in no format paybind can import");
        return ExitCode::from(2);
    };
    match import::import(&name, &text, format) {
        Ok(imported) => {
            for issue in &imported.issues {
                eprintln!("note: {issue}");
            }
            print!("{}", import::to_spec_yaml_named(&imported, spec.as_ref()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Reads and lowers one spec, or says why not.
pub fn lower(path: &std::path::Path) -> Result<paybind_codegen::ir::Gateway, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    paybind_codegen::lower_str(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    format: Output,
    changelog: Option<&str>,
) -> ExitCode {
    let (old, new) = match (lower(old), lower(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let report = paybind_codegen::diff::diff(&old, &new);
    let text = match (changelog, format) {
        (Some(version), _) => report.to_changelog(version),
        (None, Output::Json) => report.to_json(),
        (None, Output::Text) => report.to_text(),
    };
    println!("{}", text.trim_end());
    // A changelog written is a success: the breaking verdict is in its text.
    if changelog.is_none() && report.is_breaking() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Exit status 0 when every spec passes, 1 when one does not, 2 when one cannot be read.
/// With `lint`, exactly what `gateway!` checks (`lower_str`); else provenance too.
fn check(files: &[PathBuf], lint: bool) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let name = path.display().to_string();
        let checked = if lint {
            paybind_codegen::lower_str(&name, &text)
        } else {
            paybind_codegen::check_str(&name, &text)
        };
        match checked {
            Ok(g) => println!("{}: ok ({} endpoints)", path.display(), g.ops.len()),
            Err(errors) => {
                eprintln!("{errors}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

/// `spec cite [--fix]`: 0 when every citation holds, 1 when some do not, 2 on error.
fn cite(files: &[PathBuf], fix: bool, documents: Option<PathBuf>) -> ExitCode {
    let here = std::env::current_dir().unwrap_or_default();
    let Some(dir) = documents.or_else(|| paybind_codegen::import::find_seeds(&here)) else {
        eprintln!(
            "error: no shared/seeds above {}: give --documents DIR",
            here.display()
        );
        return ExitCode::from(2);
    };
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let file = path.display().to_string();
        let fixed = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {file}: {e}"))
            .and_then(|text| paybind_codegen::cite::fix_spec(&file, &text, &dir));
        let fixed = match fixed {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let verb = if fix { "re-anchored" } else { "should be" };
        for (pos, item, old, new) in &fixed.changed {
            println!("{file}:{pos}: {item}: `{old}` {verb} `{new}`");
        }
        for (pos, item, old, why) in &fixed.unplaced {
            println!("{file}:{pos}: {item}: `{old}` cannot be placed: {why}");
        }
        if fix && !fixed.changed.is_empty() {
            if let Err(e) = std::fs::write(path, &fixed.text) {
                eprintln!("error: cannot write {file}: {e}");
                return ExitCode::from(2);
            }
        }
        let left = fixed.unplaced.len() + if fix { 0 } else { fixed.changed.len() };
        println!(
            "{file}: {} re-anchored, {left} to review",
            if fix { fixed.changed.len() } else { 0 }
        );
        if left > 0 {
            status = ExitCode::FAILURE;
        }
    }
    status
}

/// The documents' directory: `--documents`, else the nearest `shared/seeds` above here.
fn documents_dir(documents: Option<PathBuf>) -> Result<PathBuf, String> {
    let here = std::env::current_dir().unwrap_or_default();
    documents
        .or_else(|| paybind_codegen::import::find_seeds(&here))
        .ok_or_else(|| {
            format!(
                "no shared/seeds above {}: give --documents DIR",
                here.display()
            )
        })
}

/// `spec update`: 0 when nothing needs a person, 1 when something does, 2 on error.
fn update(
    spec: &std::path::Path,
    document: &std::path::Path,
    documents: Option<PathBuf>,
    write: bool,
) -> ExitCode {
    let run = || -> Result<paybind_codegen::update::Outcome, String> {
        let dir = documents_dir(documents)?;
        let file = spec.display().to_string();
        let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {file}: {e}"))?;
        let new_text = std::fs::read_to_string(document)
            .map_err(|e| format!("cannot read {}: {e}", document.display()))?;
        let name = document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        paybind_codegen::update::update(&file, &text, &dir, &name, &new_text)
    };
    let outcome = match run() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    println!("Applied ({}):", outcome.applied.len());
    outcome.applied.iter().for_each(|a| println!("  {a}"));
    println!("For a person ({}):", outcome.review.len());
    outcome.review.iter().for_each(|r| println!("  {r}"));
    println!("The generated API:");
    println!("{}", outcome.changes.to_text().trim_end());
    if write {
        if let Err(e) = std::fs::write(spec, &outcome.text) {
            eprintln!("error: cannot write {}: {e}", spec.display());
            return ExitCode::from(2);
        }
    }
    if outcome.review.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

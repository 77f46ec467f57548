//! Architecture rules, checked on the source text with syn:
//!
//! - (a) no function is longer than 80 lines, in `codegen/src`, the simulator `src/sim` and
//!   the `gateway!` macro `macros/src`;
//! - (b) no two top-level modules of a crate import each other, in `codegen/src` and `src`;
//! - (c) the emitter reads only the IR: nothing under `codegen/src/emit/` refers to `spec`;
//! - (d) a `mod.rs` holds no item its own submodules use, in `codegen/src/diff`, `import`,
//!   `fidelity` and `src/sim`: shared types live in files named for what they hold, and
//!   `mod.rs` declares modules and re-exports.
//!
//! The checkers are plain functions over source text. The `catches` module at the bottom
//! feeds them small inline sources, so a checker that stopped detecting anything would fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Macros whose bodies are code for another crate (the generated one), not references.
const CODE_BUILDING_MACROS: &[&str] = &["quote", "quote_spanned", "parse_quote"];

// ---------------------------------------------------------------------------------------
// Reading the sources
// ---------------------------------------------------------------------------------------

/// One source file: `label` is its path from the workspace root (for reports), `rel` its path
/// below the directory it was read from.
struct Source {
    label: String,
    rel: String,
    text: String,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The `.rs` files below `dir` (a path from the workspace root), sorted.
fn sources(dir: &str) -> Vec<Source> {
    let root = workspace().join(dir);
    let mut paths = Vec::new();
    rust_files(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).expect("below root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
            Source {
                label: format!("{dir}/{rel}"),
                rel,
                text,
            }
        })
        .collect()
}

fn parse(label: &str, text: &str) -> Result<syn::File, String> {
    syn::parse_file(text).map_err(|e| {
        let at = e.span().start();
        format!("{label}:{}:{}: does not parse: {e}", at.line, at.column + 1)
    })
}

// ---------------------------------------------------------------------------------------
// (a) Function lengths
// ---------------------------------------------------------------------------------------

/// A function and how many lines it spans.
#[derive(Debug, PartialEq, Eq)]
struct FnLen {
    label: String,
    line: usize,
    name: String,
    lines: usize,
}

impl std::fmt::Display for FnLen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (label, line, name, n) = (&self.label, self.line, &self.name, self.lines);
        write!(f, "{label}:{line} {name} ({n} lines)")
    }
}

struct FnCollector<'l> {
    label: &'l str,
    out: Vec<FnLen>,
}

impl FnCollector<'_> {
    /// From the first token after the attributes (visibility or signature) to the `}`.
    fn record(&mut self, vis: Option<&syn::Visibility>, sig: &syn::Signature, body: &syn::Block) {
        let mut first = sig.span().start().line;
        if let Some(vis) = vis.filter(|v| !matches!(v, syn::Visibility::Inherited)) {
            first = first.min(vis.span().start().line);
        }
        let last = body.brace_token.span.close().end().line;
        self.out.push(FnLen {
            label: self.label.to_string(),
            line: first,
            name: sig.ident.to_string(),
            lines: last + 1 - first,
        });
    }
}

impl<'ast> Visit<'ast> for FnCollector<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(Some(&f.vis), &f.sig, &f.block);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(Some(&f.vis), &f.sig, &f.block);
        visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(body) = &f.default {
            self.record(None, &f.sig, body);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

/// Every function with a body in one file: free, inherent, trait impl and trait default fns.
fn functions(label: &str, text: &str) -> Result<Vec<FnLen>, String> {
    let file = parse(label, text)?;
    let mut c = FnCollector {
        label,
        out: Vec::new(),
    };
    c.visit_file(&file);
    Ok(c.out)
}

/// The functions longer than [`MAX_FN_LINES`], and the files that do not parse.
fn long_functions(files: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for f in files {
        match functions(&f.label, &f.text) {
            Ok(fns) => out.extend(
                fns.iter()
                    .filter(|f| f.lines > MAX_FN_LINES)
                    .map(ToString::to_string),
            ),
            Err(e) => out.push(e),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Paths referred to by a file
// ---------------------------------------------------------------------------------------

/// A path written in a file: in a `use` item (one per leaf), in an expression, type or
/// pattern, or in a macro's tokens. `module` is the inline `mod` blocks it sits in.
#[derive(Debug, Clone)]
struct PathRef {
    segs: Vec<String>,
    leading_colon: bool,
    line: usize,
    module: Vec<String>,
}

#[derive(Default)]
struct PathCollector {
    module: Vec<String>,
    out: Vec<PathRef>,
}

impl PathCollector {
    fn push(&mut self, segs: Vec<String>, leading_colon: bool, line: usize) {
        let module = self.module.clone();
        self.out.push(PathRef {
            segs,
            leading_colon,
            line,
            module,
        });
    }

    /// One path per leaf of a use tree: `use crate::{a, b::C}` gives `crate::a`, `crate::b::C`.
    fn use_tree(&mut self, prefix: &mut Vec<String>, leading: bool, tree: &syn::UseTree) {
        let leaf = |prefix: &[String], ident: &syn::Ident| {
            let mut segs = prefix.to_vec();
            segs.push(ident.to_string());
            (segs, ident.span().start().line)
        };
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, leading, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let (segs, line) = leaf(prefix, &n.ident);
                self.push(segs, leading, line);
            }
            syn::UseTree::Rename(r) => {
                let (segs, line) = leaf(prefix, &r.ident);
                self.push(segs, leading, line);
            }
            syn::UseTree::Glob(g) => {
                let line = g.star_token.span.start().line;
                self.push(prefix.clone(), leading, line);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, leading, t);
                }
            }
        }
    }

    /// `a::b::c` sequences in a macro's tokens, including `$crate::x` and `::a::b`.
    fn tokens(&mut self, tokens: TokenStream) {
        let tts: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tts.len() {
            match &tts[i] {
                TokenTree::Group(g) => {
                    self.tokens(g.stream());
                    i += 1;
                }
                TokenTree::Ident(first) => {
                    let leading = i >= 2 && is_colon2(&tts[i - 2], &tts[i - 1]);
                    let mut segs = vec![first.to_string()];
                    let mut j = i + 1;
                    while j + 2 < tts.len() && is_colon2(&tts[j], &tts[j + 1]) {
                        let TokenTree::Ident(next) = &tts[j + 2] else {
                            break;
                        };
                        segs.push(next.to_string());
                        j += 3;
                    }
                    if segs.len() > 1 {
                        self.push(segs, leading, first.span().start().line);
                    }
                    i = j;
                }
                _ => i += 1,
            }
        }
    }
}

fn is_colon2(a: &TokenTree, b: &TokenTree) -> bool {
    matches!((a, b), (TokenTree::Punct(a), TokenTree::Punct(b))
        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), u.leading_colon.is_some(), &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.push(segs, p.leading_colon.is_some(), p.span().start().line);
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        visit::visit_macro(self, m);
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if !name.is_some_and(|n| CODE_BUILDING_MACROS.contains(&n.as_str())) {
            self.tokens(m.tokens.clone());
        }
    }
}

fn paths(label: &str, text: &str) -> Result<Vec<PathRef>, String> {
    let file = parse(label, text)?;
    let mut c = PathCollector::default();
    c.visit_file(&file);
    Ok(c.out)
}

/// The module path of a file below a crate's `src`: `sim/mod.rs` is `sim`, `a/b.rs` is `a::b`.
fn file_module(rel: &str) -> Vec<String> {
    let mut m: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if m.last().is_some_and(|l| l == "mod") {
        m.pop();
    }
    m
}

/// The crate-absolute path a path names, when it starts at the crate (`crate::`, a crate
/// alias such as `paybind::` or `::paybind::`) or is relative to the module (`self::`,
/// `super::`). `None` for other paths (locals, imports, other crates).
fn absolute(p: &PathRef, file_module: &[String], crate_names: &[&str]) -> Option<Vec<String>> {
    let first = p.segs.first()?.as_str();
    if crate_names.contains(&first) && (first != "crate" || !p.leading_colon) {
        return Some(p.segs[1..].to_vec());
    }
    if p.leading_colon || (first != "self" && first != "super") {
        return None;
    }
    let mut base: Vec<String> = file_module.iter().chain(&p.module).cloned().collect();
    let mut rest = &p.segs[..];
    if first == "self" {
        rest = &rest[1..];
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

// ---------------------------------------------------------------------------------------
// (b) Modules that import each other
// ---------------------------------------------------------------------------------------

/// Where a module refers to another one: `from -> to` at `label:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    at: String,
}

/// The top-level module of a file below `src`, or `None` for a crate root (`lib.rs`,
/// `main.rs`) or a bin target (`bin/`).
fn top_module(rel: &str) -> Option<String> {
    if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("bin/") {
        return None;
    }
    let first = rel.split('/').next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// Items the crate root re-exports from a module (`pub use money::{Money, ..}`): a path
/// `crate::Money` refers to `money`.
fn reexports(files: &[Source], modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(root) = files.iter().find(|f| f.rel == "lib.rs") else {
        return out;
    };
    let Ok(file) = parse(&root.label, &root.text) else {
        return out;
    };
    for item in &file.items {
        let syn::Item::Use(u) = item else { continue };
        let mut c = PathCollector::default();
        c.use_tree(&mut Vec::new(), false, &u.tree);
        for p in c.out {
            let segs = match p.segs.first().map(String::as_str) {
                Some("crate" | "self") => &p.segs[1..],
                _ => &p.segs[..],
            };
            if let (Some(m), Some(name)) = (segs.first(), segs.last()) {
                if segs.len() > 1 && modules.contains(m) {
                    out.insert(name.clone(), m.clone());
                }
            }
        }
    }
    out
}

/// Every reference from a top-level module to another, first occurrence of each pair first.
fn module_edges(files: &[Source], crate_names: &[&str]) -> Result<Vec<Edge>, String> {
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(&f.rel)).collect();
    let reexported = reexports(files, &modules);
    let mut edges = Vec::new();
    for f in files {
        let Some(from) = top_module(&f.rel) else {
            continue;
        };
        let module = file_module(&f.rel);
        for p in paths(&f.label, &f.text)? {
            let Some(abs) = absolute(&p, &module, crate_names) else {
                continue;
            };
            let Some(first) = abs.first() else { continue };
            let to = match reexported.get(first) {
                Some(m) if !modules.contains(first) => m,
                _ => first,
            };
            if *to != from && modules.contains(to) {
                let at = format!("{}:{}", f.label, p.line);
                let to = to.clone();
                edges.push(Edge {
                    from: from.clone(),
                    to,
                    at,
                });
            }
        }
    }
    Ok(edges)
}

/// The strongly connected components of more than one module, each with the first edge
/// (and where it is written) of every pair of its modules that refer to each other.
fn cycles(edges: &[Edge]) -> Vec<(BTreeSet<String>, Vec<Edge>)> {
    let mut first: BTreeMap<(&str, &str), &Edge> = BTreeMap::new();
    for e in edges {
        first.entry((&e.from, &e.to)).or_insert(e);
    }
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to) in first.keys() {
        next.entry(from).or_default().insert(to);
    }
    let reach = |start: &str| -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(n) = todo.pop() {
            for m in next.get(n).into_iter().flatten() {
                if seen.insert(*m) {
                    todo.push(m);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|n| (*n, reach(n))).collect();
    let mut components = BTreeSet::new();
    for (n, from_n) in &reach {
        let comp: BTreeSet<String> = from_n
            .iter()
            .filter(|m| reach.get(*m).is_some_and(|r| r.contains(n)))
            .map(|m| m.to_string())
            .collect();
        if comp.len() > 1 {
            components.insert(comp);
        }
    }
    components
        .into_iter()
        .map(|comp| {
            let inside = first
                .iter()
                .filter(|((f, t), _)| comp.contains(*f) && comp.contains(*t))
                .map(|(_, e)| (*e).clone())
                .collect();
            (comp, inside)
        })
        .collect()
}

fn cycle_report(dir: &str, crate_names: &[&str]) -> Vec<String> {
    let edges = match module_edges(&sources(dir), crate_names) {
        Ok(e) => e,
        Err(e) => return vec![e],
    };
    cycles(&edges)
        .into_iter()
        .map(|(comp, inside)| {
            let names: Vec<_> = comp.into_iter().collect();
            let mut s = format!("{dir}: {{{}}} import each other:", names.join(", "));
            for e in inside {
                s.push_str(&format!("\n    {} -> {} at {}", e.from, e.to, e.at));
            }
            s
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// (c) The emitter and the spec model
// ---------------------------------------------------------------------------------------

/// The places in one file (of module `module`) that refer to the `spec` module: `spec::X`,
/// `crate::spec`, `super::spec`, `self::spec`, or any path that resolves to `crate::spec`.
fn spec_references(label: &str, rel: &str, text: &str) -> Result<Vec<String>, String> {
    let module = file_module(rel);
    let keyword = |s: &String| matches!(s.as_str(), "crate" | "super" | "self");
    let mut out = Vec::new();
    for p in paths(label, text)? {
        let named = p.segs.iter().position(|s| s == "spec").is_some_and(|k| {
            p.segs[..k].iter().all(keyword) && (k > 0 || p.segs.len() > 1) && !p.leading_colon
        });
        let resolved = absolute(&p, &module, &["crate"])
            .is_some_and(|a| a.first().is_some_and(|s| s == "spec"));
        if named || resolved {
            out.push(format!("{label}:{}: {}", p.line, p.segs.join("::")));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// (d) Items of a mod.rs that its submodules use
// ---------------------------------------------------------------------------------------

/// The names a file defines at its top level, other than modules and imports: structs,
/// enums, unions, functions, constants, statics, type aliases, traits and macros.
fn defined_items(label: &str, text: &str) -> Result<BTreeSet<String>, String> {
    let file = parse(label, text)?;
    let names = file.items.iter().filter_map(|item| match item {
        syn::Item::Struct(i) => Some(i.ident.to_string()),
        syn::Item::Enum(i) => Some(i.ident.to_string()),
        syn::Item::Union(i) => Some(i.ident.to_string()),
        syn::Item::Fn(i) => Some(i.sig.ident.to_string()),
        syn::Item::Const(i) => Some(i.ident.to_string()),
        syn::Item::Static(i) => Some(i.ident.to_string()),
        syn::Item::Type(i) => Some(i.ident.to_string()),
        syn::Item::Trait(i) => Some(i.ident.to_string()),
        syn::Item::TraitAlias(i) => Some(i.ident.to_string()),
        syn::Item::Macro(i) => i.ident.as_ref().map(ToString::to_string),
        _ => None,
    });
    Ok(names.collect())
}

/// Every place in `files` (read from a crate's `src`) where a file below a `mod.rs`'s
/// directory refers to an item that `mod.rs` defines: `use super::Foo`, `super::Foo::new`,
/// `crate::sim::Foo`, or a glob import of the whole module. Only the `mod.rs` files of
/// `dirs` (paths below `src`) are looked at.
fn mod_rs_items_used_below(
    files: &[Source],
    dirs: &[&str],
    crate_names: &[&str],
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for m in files.iter().filter(|f| {
        f.rel
            .strip_suffix("/mod.rs")
            .is_some_and(|d| dirs.contains(&d))
    }) {
        let defined = defined_items(&m.label, &m.text)?;
        let module = file_module(&m.rel);
        let dir = m.rel.trim_end_matches("mod.rs");
        for f in files
            .iter()
            .filter(|f| f.rel.starts_with(dir) && f.rel != m.rel)
        {
            for p in paths(&f.label, &f.text)? {
                let Some(abs) = absolute(&p, &file_module(&f.rel), crate_names) else {
                    continue;
                };
                let Some(rest) = abs.strip_prefix(module.as_slice()) else {
                    continue;
                };
                let named = rest.first().filter(|n| defined.contains(*n));
                let glob = rest.is_empty() && !defined.is_empty();
                if let Some(what) = named.map(String::as_str).or(glob.then_some("*")) {
                    out.push(format!("{}:{}: {what} of {}", f.label, p.line, m.label));
                }
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The rules, on this workspace
// ---------------------------------------------------------------------------------------

fn fail_on(rule: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{rule}: {} problem(s)\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let mut files = sources("codegen/src");
    files.extend(sources("src/sim"));
    files.extend(sources("macros/src"));
    fail_on(
        &format!("functions longer than {MAX_FN_LINES} lines"),
        &long_functions(&files),
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let mut problems = cycle_report("codegen/src", &["crate"]);
    problems.extend(cycle_report("src", &["crate", "paybind"]));
    fail_on("modules that import each other", &problems);
}

#[test]
fn the_emitter_reads_only_the_ir() {
    let mut problems = Vec::new();
    for f in sources("codegen/src/emit") {
        let rel = format!("emit/{}", f.rel);
        match spec_references(&f.label, &rel, &f.text) {
            Ok(found) => problems.extend(found),
            Err(e) => problems.push(e),
        }
    }
    fail_on("the emitter refers to the spec model", &problems);
}

#[test]
fn no_mod_rs_holds_what_its_submodules_use() {
    let mut problems = Vec::new();
    let codegen = sources("codegen/src");
    let lib = sources("src");
    for (files, dirs, crate_names) in [
        (
            &codegen,
            &["diff", "import", "fidelity"][..],
            &["crate"][..],
        ),
        (&lib, &["sim", "sim/comnpay"][..], &["crate", "paybind"][..]),
    ] {
        match mod_rs_items_used_below(files, dirs, crate_names) {
            Ok(found) => problems.extend(found),
            Err(e) => problems.push(e),
        }
    }
    fail_on("items of a mod.rs used by its submodules", &problems);
}

// ---------------------------------------------------------------------------------------
// The checkers catch what they are for
// ---------------------------------------------------------------------------------------

mod catches {
    use super::*;

    fn src(rel: &str, text: &str) -> Source {
        Source {
            label: format!("src/{rel}"),
            rel: rel.to_string(),
            text: text.to_string(),
        }
    }

    /// A function whose `fn` line is followed by `body` lines of statements and a `}`.
    fn function(head: &str, body: usize) -> String {
        let mut s = format!("{head} {{\n");
        for i in 0..body {
            s.push_str(&format!("    let _x{i} = {i};\n"));
        }
        s.push_str("}\n");
        s
    }

    #[test]
    fn a_long_function_is_flagged_with_its_line_and_length() {
        let text = format!(
            "//! A module.\n\n/// Documented,\n/// at length.\n#[inline]\n{}\n{}",
            function("pub fn long_one()", 79),
            function("fn just_fits()", 78),
        );
        let files = [src("long.rs", &text)];
        assert_eq!(
            long_functions(&files),
            ["src/long.rs:6 long_one (81 lines)"]
        );
    }

    #[test]
    fn methods_and_trait_defaults_are_measured_too() {
        let text = format!(
            "struct S;\nimpl S {{\n{}}}\ntrait T {{\n{}}}\nimpl T for S {{\n{}}}\n",
            function("    pub(crate) const fn inherent(&self)", 81),
            function("    fn default_one(&self)", 90),
            function("    fn in_trait_impl(&self)", 100),
        );
        let found = long_functions(&[src("m.rs", &text)]);
        assert_eq!(
            found,
            [
                "src/m.rs:3 inherent (83 lines)",
                "src/m.rs:88 default_one (92 lines)",
                "src/m.rs:182 in_trait_impl (102 lines)",
            ]
        );
    }

    #[test]
    fn short_functions_and_unparsable_files_are_told_apart() {
        let clean = src("ok.rs", "fn a() {}\nimpl X { fn b(&self) -> u8 { 1 } }\n");
        assert!(long_functions(&[clean]).is_empty());
        let broken = src("bad.rs", "fn a( {\n");
        let found = long_functions(&[broken]);
        assert!(found[0].starts_with("src/bad.rs:"), "{found:?}");
    }

    fn cycle_names(files: &[Source], crate_names: &[&str]) -> Vec<Vec<String>> {
        let edges = module_edges(files, crate_names).expect("parses");
        cycles(&edges)
            .into_iter()
            .map(|(c, _)| c.into_iter().collect())
            .collect()
    }

    #[test]
    fn a_two_module_cycle_is_flagged_with_its_edges() {
        let files = [
            src("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
            src("a.rs", "use crate::b::Thing;\npub struct Other;\n"),
            src("b/mod.rs", "pub struct Thing;\nmod inner;\n"),
            src(
                "b/inner.rs",
                "fn f() -> crate::a::Other {\n    todo!()\n}\n",
            ),
            src("c.rs", "use crate::{a, b};\n"),
        ];
        let edges = module_edges(&files, &["crate"]).expect("parses");
        let found = cycles(&edges);
        assert_eq!(found.len(), 1, "{found:?}");
        let (comp, inside) = &found[0];
        assert_eq!(comp.iter().collect::<Vec<_>>(), ["a", "b"]);
        let at: Vec<_> = inside.iter().map(|e| (&*e.from, &*e.to, &*e.at)).collect();
        assert_eq!(
            at,
            [("a", "b", "src/a.rs:1"), ("b", "a", "src/b/inner.rs:1")]
        );
    }

    #[test]
    fn grouped_uses_super_paths_aliases_and_reexports_make_edges() {
        let grouped = [
            src("a.rs", "use crate::{b, c::X};\n"),
            src("b.rs", "mod t {\n    use super::super::a;\n}\n"),
        ];
        assert_eq!(cycle_names(&grouped, &["crate"]), [["a", "b"]]);
        let alias = [
            src("a.rs", "fn f() { ::paybind::b::g(); }\n"),
            src("b.rs", "fn g() { let _ = paybind::a::f; }\n"),
        ];
        assert_eq!(cycle_names(&alias, &["crate", "paybind"]), [["a", "b"]]);
        assert!(cycle_names(&alias, &["crate"]).is_empty());
        let reexport = [
            src("lib.rs", "pub mod a;\npub mod b;\npub use a::Money;\n"),
            src("a.rs", "pub struct Money(crate::b::Cents);\n"),
            src("b.rs", "pub struct Cents;\nfn f(_: crate::Money) {}\n"),
        ];
        assert_eq!(cycle_names(&reexport, &["crate"]), [["a", "b"]]);
        let in_macro = [
            src("a.rs", "fn f() { assert!(crate::b::ok()); }\n"),
            src("b.rs", "macro_rules! m { () => { $crate::a::f() }; }\n"),
        ];
        assert_eq!(cycle_names(&in_macro, &["crate"]), [["a", "b"]]);
    }

    #[test]
    fn a_clean_crate_has_no_cycle() {
        let files = [
            src(
                "lib.rs",
                "pub mod a;\npub mod b;\nuse crate::a::X;\nuse b::Y;\n",
            ),
            src("main.rs", "use paybind::a;\n"),
            src("a.rs", "use crate::b::Y;\nmod t { use super::*; }\n"),
            src("b.rs", "use self::inner::Z;\nmod inner { pub struct Z; }\n"),
            src("bin/tool.rs", "use crate::a::X;\n"),
            src(
                "c/mod.rs",
                "use crate::{a, b};\nfn f() { quote::quote!(crate::c::x); }\n",
            ),
            src("c/x.rs", "use super::super::b;\n"),
        ];
        assert!(cycle_names(&files, &["crate", "paybind"]).is_empty());
    }

    #[test]
    fn an_emit_file_naming_spec_is_flagged() {
        let text = "use crate::spec::RuleKind;\n\
                    use crate::{ir, spec};\n\
                    fn f(c: &spec::Condition) {}\n\
                    fn g() -> super::spec::DateFormat { todo!() }\n\
                    fn h() { let _ = format!(\"{}\", spec::LANGUAGE); }\n";
        let found = spec_references("codegen/src/emit/ops.rs", "emit/ops.rs", text).unwrap();
        let lines: Vec<_> = found
            .iter()
            .map(|f| f.split(": ").next().unwrap())
            .collect();
        let at = "codegen/src/emit/ops.rs";
        assert_eq!(
            lines,
            [
                format!("{at}:1"),
                format!("{at}:2"),
                format!("{at}:3"),
                format!("{at}:4"),
                format!("{at}:5"),
            ]
        );
        let mod_rs = "use super::spec;\n";
        assert_eq!(
            spec_references("x/emit/mod.rs", "emit/mod.rs", mod_rs)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn an_emit_file_reading_the_ir_is_clean() {
        let text = "use crate::ir::{Field, Gateway};\n\
                    use super::*;\n\
                    fn f(spec: &Gateway) -> usize { let n = spec.ops.len(); n }\n\
                    fn g() -> TokenStream { quote::quote!(spec::Thing) }\n\
                    fn h(x: crate::ir::spec_like::Y) {}\n";
        let found = spec_references("codegen/src/emit/ok.rs", "emit/ok.rs", text).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_submodule_using_an_item_of_its_mod_rs_is_flagged() {
        let files = [
            src(
                "diff/mod.rs",
                "mod ops;\nmod model;\npub use model::Item;\npub struct Report;\n\
                 fn list() {}\nconst WIRE: &str = \"\";\n",
            ),
            src(
                "diff/ops.rs",
                "use super::{list, Report};\nuse super::model::Item;\n",
            ),
            src(
                "diff/model.rs",
                "pub struct Item;\nfn f() -> crate::diff::Report { super::Report }\n\
                 fn g() { let _ = super::WIRE; }\n",
            ),
            src("diff/deep/inner.rs", "use super::super::*;\n"),
            src("other.rs", "use crate::diff::Report;\n"),
        ];
        let found = mod_rs_items_used_below(&files, &["diff"], &["crate"]).expect("parses");
        let of = "of src/diff/mod.rs";
        assert_eq!(
            found,
            [
                format!("src/diff/ops.rs:1: list {of}"),
                format!("src/diff/ops.rs:1: Report {of}"),
                format!("src/diff/model.rs:2: Report {of}"),
                format!("src/diff/model.rs:2: Report {of}"),
                format!("src/diff/model.rs:3: WIRE {of}"),
                format!("src/diff/deep/inner.rs:1: * {of}"),
            ]
        );
    }

    #[test]
    fn a_mod_rs_of_modules_and_reexports_is_clean() {
        let files = [
            src(
                "sim/mod.rs",
                "mod config;\npub mod comnpay;\npub use config::Config;\n\
                 #[cfg(test)]\nmod tests { fn t() {} }\n",
            ),
            src(
                "sim/comnpay/mod.rs",
                "fn new(c: &crate::sim::Config, d: &super::config::Config) {}\n",
            ),
            src(
                "sim/config.rs",
                "pub struct Config;\nmod t { use super::*; }\n",
            ),
            src("sim/page.rs", "use super::comnpay;\nuse super::Config;\n"),
        ];
        let found =
            mod_rs_items_used_below(&files, &["sim"], &["crate", "paybind"]).expect("parses");
        assert!(found.is_empty(), "{found:?}");
    }
}

//! The reserved names (`paybind_codegen::ir::reserved`) are the emitter's: every item an
//! emitted gateway module declares is a spec item's own (a type, an enum, a request type, the
//! callback), derived from one (a builder and its state module), or one of `FIXED` whose
//! condition the gateway meets, and each of those is declared; every name of `FIXED` is
//! declared by some module; and every
//! prelude name the generated code uses without a path is in `PRELUDE`. A new item of the emitter that lowering does not
//! reserve, or a prelude name it starts to rely on, fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use paybind_codegen::ir::reserved::{builder, builder_module, When, FIXED, PRELUDE};
use paybind_codegen::ir::Gateway;
use syn::visit::{self, Visit};

/// Rust 2021's prelude: the type, trait and value names it brings into every module.
const RUST_PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Every valid spec of the workspace: the bundled gateways, the feature specs, the macro's
/// and the simulator's invented gateways.
fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in [
        "spec",
        "codegen/tests/specs",
        "macros/specs",
        "tests/macros",
    ] {
        out.extend(paybind_codegen::spec_files(&root.join(dir)).expect("a spec directory"));
    }
    out.push(root.join("tests/sim/kestrel.yaml"));
    out
}

/// The gateway and the names of its emitted module's top-level items.
fn emitted(path: &Path) -> (Gateway, Vec<String>) {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).expect("read spec");
    let g = paybind_codegen::lower_str(&file, &text).unwrap_or_else(|e| panic!("{e}"));
    let tokens = paybind_codegen::tokens_str(&file, &text).unwrap_or_else(|e| panic!("{e}"));
    let module: syn::File = syn::parse2(tokens).expect("emitted code parses");
    let names = module.items.iter().flat_map(item_names).collect();
    (g, names)
}

/// The names an item declares: its own, an import's, or those a runtime table macro
/// declares (`wire_enum!` its enum, `return_codes!` `ReturnCode` and `RETURN_CODES`).
fn item_names(item: &syn::Item) -> Vec<String> {
    let ident = match item {
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Const(i) => &i.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::Mod(i) => &i.ident,
        syn::Item::Use(i) => return use_names(&i.tree),
        syn::Item::Macro(i) => return macro_names(i),
        _ => return vec![],
    };
    vec![ident.to_string()]
}

fn use_names(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree),
        syn::UseTree::Name(n) => vec![n.ident.to_string()],
        syn::UseTree::Rename(r) => vec![r.rename.to_string()],
        syn::UseTree::Group(g) => g.items.iter().flat_map(use_names).collect(),
        syn::UseTree::Glob(_) => vec![],
    }
}

fn macro_names(m: &syn::ItemMacro) -> Vec<String> {
    if let Some(ident) = &m.ident {
        return vec![ident.to_string()];
    }
    let called = m.mac.path.segments.last().map(|s| s.ident.to_string());
    // The body's first identifier outside its attributes: the enum (or `ReturnCode`).
    let mut tokens = m.mac.tokens.clone().into_iter();
    let mut first = None;
    while let Some(t) = tokens.next() {
        match t {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '#' => {
                tokens.next();
            }
            proc_macro2::TokenTree::Ident(i) => {
                first = Some(i.to_string());
                break;
            }
            _ => break,
        }
    }
    match (called.as_deref(), first) {
        (Some("return_codes"), Some(name)) => vec![name, "RETURN_CODES".to_string()],
        (Some("wire_enum"), Some(name)) => vec![name],
        _ => vec![],
    }
}

/// The names the spec's own items give the module: types, enums, request types, the
/// callback, and the builders (and state modules) of what the caller builds.
fn spec_names(g: &Gateway) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = g.enums.iter().map(|e| e.rust.clone()).collect();
    let built = g
        .objects
        .iter()
        .filter(|o| o.in_request)
        .map(|o| &o.rust)
        .chain(g.ops.iter().map(|op| &op.rust));
    for name in built {
        out.insert(builder(name));
        out.insert(builder_module(name));
    }
    out.extend(g.objects.iter().map(|o| o.rust.clone()));
    out.extend(g.ops.iter().map(|op| op.rust.clone()));
    out.extend(g.callback.iter().map(|c| c.object.rust.clone()));
    out
}

#[derive(Default)]
struct BarePaths(BTreeSet<String>);

impl<'ast> Visit<'ast> for BarePaths {
    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() == 1 {
            self.0.insert(p.segments[0].ident.to_string());
        }
        visit::visit_path(self, p);
    }
}

/// Whether a gateway has what a fixed item's condition names.
fn holds(when: When, g: &Gateway) -> bool {
    match when {
        When::Always => true,
        When::Brands => !g.brands.is_empty(),
        When::Target => g.target.is_some(),
        When::Callback => g.callback.is_some(),
    }
}

#[test]
fn every_item_a_module_declares_is_the_specs_or_reserved() {
    let fixed: BTreeSet<&str> = FIXED.iter().map(|f| f.name).collect();
    let mut declared_fixed = BTreeSet::new();
    let mut problems = Vec::new();
    let specs = specs();
    assert!(specs.len() >= 15, "{specs:?}");
    for path in &specs {
        let (g, names) = emitted(path);
        let own = spec_names(&g);
        for f in FIXED.iter().filter(|f| holds(f.when, &g)) {
            if !names.iter().any(|n| n == f.name) {
                problems.push(format!("{}: no `{}`", path.display(), f.name));
            }
        }
        for name in names {
            match FIXED.iter().find(|f| f.name == name) {
                Some(f) if holds(f.when, &g) => {
                    declared_fixed.insert(name);
                }
                Some(f) => problems.push(format!(
                    "{}: `{name}` is declared, but reserved only {:?}",
                    path.display(),
                    f.when
                )),
                None if !own.contains(&name) => {
                    problems.push(format!("{}: `{name}`", path.display()));
                }
                None => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "items neither the spec's nor reserved for the gateway, or reserved and missing:\n{}",
        problems.join("\n")
    );
    let never: Vec<_> = fixed
        .iter()
        .filter(|n| !declared_fixed.contains(**n))
        .collect();
    assert!(never.is_empty(), "reserved but never declared: {never:?}");
}

#[test]
fn every_prelude_name_the_generated_code_uses_is_reserved() {
    let mut used = BarePaths::default();
    for path in specs() {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read spec");
        let tokens = paybind_codegen::tokens_str(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let module: syn::File = syn::parse2(tokens).expect("emitted code parses");
        used.visit_file(&module);
    }
    let from_prelude: BTreeSet<&str> = RUST_PRELUDE
        .iter()
        .copied()
        .filter(|n| used.0.contains(*n))
        .collect();
    let reserved: BTreeSet<&str> = PRELUDE.iter().copied().collect();
    assert_eq!(
        from_prelude, reserved,
        "the prelude names the generated code uses, and reserved::PRELUDE"
    );
}

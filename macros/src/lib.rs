//! # paybind-macros
//!
//! The `paybind::gateway!` macro: typed bindings for a payment gateway, generated at compile
//! time from a paybind spec of your own. Use it through `paybind` with its `macros` feature;
//! the generated code refers to the runtime as `::paybind::…`.
//!
//! The macro is a thin shell around `paybind-codegen`, the generator behind paybind's bundled
//! gateways: it reads the spec, hands it to [`paybind_codegen::tokens_str`], and turns every
//! [`paybind_codegen::SpecError`] into a compile error at the macro call.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::LitStr;

/// Stands in for `CARGO_MANIFEST_DIR` when set. trybuild compiles its cases in a crate of its
/// own under `target/`, whose manifest directory holds no spec: paybind's compile-fail tests
/// set it to paybind's own directory.
const BASE_OVERRIDE: &str = "PAYBIND_MANIFEST_DIR";

/// Generates typed bindings for a payment gateway from a paybind spec, at compile time.
///
/// # The bundled gateways
///
/// ComNpay, PaynetEasy and S-money need no macro: paybind's build script generates them from
/// its own `spec/*.yaml`, one cargo feature each, as the modules `paybind::comnpay`,
/// `paybind::payneteasy` and `paybind::smoney`.
///
/// # Your own spec
///
/// For a gateway paybind does not bundle, write its spec in the paybind spec language
/// (`spec/README.md` in paybind's repository) and bind it in a module of its own. The path is
/// relative to the directory of the calling crate's `Cargo.toml` (`CARGO_MANIFEST_DIR`), not
/// to the source file:
///
/// ```
/// mod demo {
///     paybind::gateway!("specs/demo.yaml");
/// }
///
/// let refund = demo::PaymentRefund::builder()
///     .ref_(paybind::literal!(demo::PaymentRefund::REF, "ORDER-0001"))
///     .amount(100)
///     .build(); // leaving out .amount(…) would not compile
/// assert!(refund.validate().is_ok());
/// let client = demo::Client::new(
///     demo::Environment::Production,
///     demo::Credentials::new("security-key"),
/// );
/// assert!(client.is_ok());
/// ```
///
/// The module gets exactly the items paybind's build script writes for a bundled gateway:
/// `Client` with one method per endpoint, `Credentials`, `Environment`, a request type with a
/// typestate builder and `validate()` per endpoint, answer types, `ReturnCode`, `Refusal`,
/// `Callback` and `Credentials::verify_callback` when the spec has a callback, and
/// `Incoming` for servers; its `SPEC` constant is the path as written. The crate calling the
/// macro depends on `paybind` with the `macros` feature. Editing the spec rebuilds the module.
///
/// # Compile errors in the code that uses it
///
/// As for the bundled gateways, the builders refuse at compile time what can be judged there:
///
/// - a missing required field: `` `PaymentRefund` needs its required field `amount` ``;
/// - two fields of an "at most one of" or "exactly one of" rule, or none of an "exactly one
///   of": `` `Order` takes exactly one of `cardNumber`, `walletId`, `iban` `` (the builder's
///   type keeps the choice);
/// - a literal that breaks its field's length, pattern or documented values, given to
///   `paybind::literal!` with the field's constant (`demo::PaymentRefund::REF` above):
///
/// ```compile_fail
/// mod demo {
///     paybind::gateway!("specs/demo.yaml");
/// }
/// // error[E0080]: evaluation panicked: `ref` must be at least 8 characters long
/// // (min_length: 8); this literal is shorter
/// let r = paybind::literal!(demo::PaymentRefund::REF, "ORD-1");
/// ```
///
/// # Spec errors
///
/// A spec that the loader or the linter refuses does not compile. Each problem is a compile
/// error of its own, all of them at once, at the macro's string literal; each names the
/// spec's file (as written in the call), line and column, the key path and what is wrong:
///
/// ```text
/// error: specs/shop.yaml:34:30: `endpoints.charge.params.label.max_lenght`: unknown key `max_lenght`; expected one of: use, type, items, format, required, sensitive, min_length, max_length, ...
///  --> src/lib.rs:2:23
///   |
/// 2 |     paybind::gateway!("specs/shop.yaml");
///   |                       ^^^^^^^^^^^^^^^^^
/// ```
///
/// A spec that cannot be read is an error naming the path it was looked for at:
///
/// ```compile_fail
/// mod nowhere {
///     paybind::gateway!("specs/no-such-spec.yaml");
/// }
/// ```
///
/// When the environment variable `PAYBIND_MANIFEST_DIR` is set at compile time, paths are
/// relative to it instead of `CARGO_MANIFEST_DIR` (paybind's own trybuild tests need it:
/// trybuild compiles each case in a crate of its own under `target/`).
#[proc_macro]
pub fn gateway(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let base = std::env::var_os(BASE_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from);
    expand(input.into(), base.as_deref()).into()
}

/// The macro's expansion for its input tokens, with spec paths relative to `base`.
fn expand(input: TokenStream, base: Option<&Path>) -> TokenStream {
    let lit: LitStr = match syn::parse2(input) {
        Ok(lit) => lit,
        Err(e) => {
            let usage = "expected the spec's path as one string literal, relative to the \
                         crate's Cargo.toml: `paybind::gateway!(\"specs/acme.yaml\")`";
            return syn::Error::new(e.span(), usage).to_compile_error();
        }
    };
    match bind(&lit.value(), base) {
        Ok(items) => items,
        Err(messages) => {
            let span = lit.span();
            let errors = messages
                .iter()
                .map(|m| quote_spanned!(span=> ::core::compile_error!(#m);));
            quote!(#(#errors)*)
        }
    }
}

/// The items generated from the spec at `written` (below `base`), or every error message.
fn bind(written: &str, base: Option<&Path>) -> Result<TokenStream, Vec<String>> {
    let Some(base) = base else {
        return Err(vec![format!(
            "cannot find the spec `{written}`: CARGO_MANIFEST_DIR is not set; build with cargo"
        )]);
    };
    let path = base.join(written);
    let source = std::fs::read_to_string(&path).map_err(|e| {
        vec![format!(
            "cannot read the spec `{written}` at {}: {e}; a spec's path is relative to the \
             directory of the calling crate's Cargo.toml",
            path.display()
        )]
    })?;
    // The spec is read again by `include_bytes!` only so that cargo rebuilds on its change.
    let Some(tracked) = path.to_str() else {
        return Err(vec![format!(
            "the spec `{written}` is at {}, a path that is not UTF-8 and cannot be tracked \
             for changes",
            path.display()
        )]);
    };
    let items = paybind_codegen::tokens_str(written, &source)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    Ok(quote! {
        const _: &[u8] = ::core::include_bytes!(#tracked);
        #items
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// paybind's directory, which holds the test specs.
    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn expand_str(input: &str) -> String {
        let tokens: TokenStream = input.parse().expect("test input tokenizes");
        expand(tokens, Some(&root())).to_string()
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn a_valid_spec_expands_to_its_items_and_tracks_the_file() {
        let out = expand_str(r#""tests/macros/acme_form.yaml""#);
        assert_eq!(count(&out, "compile_error"), 0, "{out}");
        let tracked = root().join("tests/macros/acme_form.yaml");
        let tracked = format!("include_bytes ! ({:?})", tracked.to_str().expect("UTF-8"));
        assert!(out.contains(&tracked), "{out}");
        assert!(out.contains("pub struct Client"), "{out}");
        assert!(
            out.contains("\"tests/macros/acme_form.yaml\""),
            "SPEC names it as written"
        );
    }

    #[test]
    fn every_spec_error_is_a_compile_error() {
        let out = expand_str(r#""tests/ui_macros/specs/several_errors.yaml""#);
        assert_eq!(count(&out, "compile_error"), 3, "{out}");
        assert!(!out.contains("include_bytes"), "{out}");
        assert!(
            out.contains("tests/ui_macros/specs/several_errors.yaml:"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_spec_names_where_it_was_looked_for() {
        let out = expand_str(r#""specs/nowhere.yaml""#);
        assert_eq!(count(&out, "compile_error"), 1, "{out}");
        let looked = root().join("specs/nowhere.yaml");
        assert!(out.contains(&looked.display().to_string()), "{out}");
        assert!(
            out.contains("cannot read the spec `specs/nowhere.yaml`"),
            "{out}"
        );
    }

    #[test]
    fn no_manifest_directory_is_an_error() {
        let tokens: TokenStream = r#""a.yaml""#.parse().expect("tokenizes");
        let out = expand(tokens, None).to_string();
        assert!(out.contains("CARGO_MANIFEST_DIR is not set"), "{out}");
    }

    #[test]
    fn anything_but_one_string_literal_is_refused() {
        for input in ["", "42", "specs", r#""a.yaml", "b.yaml""#] {
            let out = expand_str(input);
            assert_eq!(count(&out, "compile_error"), 1, "{input}: {out}");
            assert!(out.contains("expected the spec's path"), "{input}: {out}");
        }
    }
}

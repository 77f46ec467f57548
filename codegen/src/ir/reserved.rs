//! The names of a gateway module's items that no spec item may take: the items a module
//! has whatever its spec names them ([`FIXED`], some only with brands, a target or a
//! callback), the names derived from a spec item's own (its
//! [`builder`] and the builder's [`builder_module`]), and the prelude names the generated
//! code uses without a path ([`PRELUDE`]).
//!
//! The emitter declares its items under these names, and lowering refuses a spec whose
//! names meet them, at the spec item's line, rather than leave rustc to find two items of
//! one name. `codegen/tests/reserved_names.rs` checks that every item an emitted module
//! declares is one of these or a spec item's own.

use heck::ToSnakeCase;

/// The typed client.
pub const CLIENT: &str = "Client";
/// The client's builder (timeouts, base URL, HTTP client).
pub const CLIENT_BUILDER: &str = "ClientBuilder";
/// The callback the gateway sends, when the spec has one.
pub const CALLBACK: &str = "Callback";
/// The merchant's credentials.
pub const CREDENTIALS: &str = "Credentials";
/// The gateway's environments (production, sandbox...).
pub const ENVIRONMENT: &str = "Environment";
/// The brands of a white-label gateway, when the spec has brands.
pub const BRAND: &str = "Brand";
/// The endpoint or endpoint group calls go to, when the spec has a target.
pub const TARGET: &str = "Target";
/// The gateway's `paybind::Api` implementation.
pub const API: &str = "Api";
/// The error type of every call.
pub const ERROR: &str = "Error";
/// A refusal: the gateway's answer that it did not do what was asked.
pub const REFUSAL: &str = "Refusal";
/// The request enum a server decodes.
pub const INCOMING: &str = "Incoming";
/// A decoded request with the credentials it carried.
pub const RECEIVED: &str = "Received";
/// The credentials a received request carried.
pub const RECEIVED_CREDENTIALS: &str = "ReceivedCredentials";
/// The return-code enum.
pub const RETURN_CODE: &str = "ReturnCode";
/// The return-code table.
pub const RETURN_CODES: &str = "RETURN_CODES";
/// The gateway's name.
pub const TITLE: &str = "TITLE";
/// The provider document the module was generated from.
pub const SOURCE: &str = "SOURCE";
/// The spec file the module was generated from.
pub const SPEC: &str = "SPEC";
/// The module of the builders' typestate traits.
pub const TYPESTATE: &str = "typestate";
/// The module of the fields' pattern tables.
pub const PATTERNS: &str = "patterns";
/// The runtime's wire helpers, imported under this name for the fields' serde attributes.
pub const WIRE: &str = "wire";

/// When a module has a fixed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Every module, whatever its spec says.
    Always,
    /// A gateway with `brands:`.
    Brands,
    /// A gateway with a `target:`.
    Target,
    /// A gateway with a `callback:`.
    Callback,
}

/// An item a gateway module has under a name of its own, whatever its spec names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub name: &'static str,
    /// What it is, for messages.
    pub what: &'static str,
    pub when: When,
}

const fn fixed(name: &'static str, what: &'static str, when: When) -> Fixed {
    Fixed { name, what, when }
}

/// Every item a gateway module has under a fixed name, and when it has it.
pub const FIXED: &[Fixed] = &[
    fixed(CLIENT, "client", When::Always),
    fixed(CLIENT_BUILDER, "client builder", When::Always),
    fixed(CALLBACK, "callback type", When::Callback),
    fixed(CREDENTIALS, "credentials type", When::Always),
    fixed(ENVIRONMENT, "environment enum", When::Always),
    fixed(BRAND, "brand enum", When::Brands),
    fixed(TARGET, "target enum", When::Target),
    fixed(API, "`paybind::Api` type", When::Always),
    fixed(ERROR, "error type", When::Always),
    fixed(REFUSAL, "refusal type", When::Always),
    fixed(INCOMING, "incoming request enum", When::Always),
    fixed(RECEIVED, "received request type", When::Always),
    fixed(
        RECEIVED_CREDENTIALS,
        "received credentials type",
        When::Always,
    ),
    fixed(RETURN_CODE, "return code enum", When::Always),
    fixed(RETURN_CODES, "return code table", When::Always),
    fixed(TITLE, "title constant", When::Always),
    fixed(SOURCE, "source constant", When::Always),
    fixed(SPEC, "spec constant", When::Always),
    fixed(TYPESTATE, "typestate module", When::Always),
    fixed(PATTERNS, "pattern table module", When::Always),
    fixed(WIRE, "import of `paybind::wire`", When::Always),
];

/// The names of Rust's prelude that the generated code uses without a path: a spec item of
/// one of these names would shadow it in the module.
pub const PRELUDE: &[&str] = &[
    "AsRef", "Box", "Err", "Into", "None", "Ok", "Option", "Result", "Send", "Some", "String",
    "Sync", "Vec",
];

/// The typestate builder of a type the caller builds (a request, a sub-form): `SaleBuilder`.
pub fn builder(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The module of that builder's states: `sale_builder`.
pub fn builder_module(type_name: &str) -> String {
    format!("{}_builder", type_name.to_snake_case())
}

//! What a diff reports: the [`Report`] of [`Change`]s, each about one [`Item`] and one
//! aspect of it ([`What`]), with its [`Impact`] on users of the generated API. How a report
//! prints is `render`.

/// Every change between two specs, in a deterministic order: the gateway's settings,
/// environments and credentials; then the endpoints in spec order (each endpoint's own
/// changes, then its parameters in spec order, its rules and its signature); then the types
/// (objects, then enums), the callback, and the return codes. Items only in the old spec are
/// placed after their predecessor in the old spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub item: Item,
    /// Which aspect of it.
    pub what: What,
    /// The old value, as text (`None`: there was none, e.g. no limit, or the item is new).
    pub old: Option<String>,
    /// The new value, as text (`None`: there is none, e.g. the item is gone).
    pub new: Option<String>,
    pub impact: Impact,
    /// One plain sentence a maintainer can paste, e.g. "max_length relaxed from 50 to 256:
    /// every request that validated still does."
    pub reason: String,
    /// The verdict in a few words, as [`Report::to_text`] shows it in parentheses, e.g.
    /// "relaxed: every request that validated still does".
    pub note: String,
}

/// What a change means for code using the generated API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled may not compile, requests that validated may be refused, or the
    /// wire format changed.
    Breaking,
    /// Existing code keeps compiling and working.
    Compatible,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// The item a change is about. Names are Rust names for generated items (request types,
/// objects, enums, environments) and wire names for what travels (parameters, fields,
/// values, codes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    /// A gateway-wide setting: `id`, `source`, `tls`, `answers`, `media_type`, `refusal`,
    /// `target`, `brands`, `credentials` (their order).
    Gateway {
        setting: String,
    },
    /// An environment; `brand` is the brand's id for a branded gateway.
    Environment {
        brand: Option<String>,
        name: String,
    },
    /// A brand (white label) of a branded gateway.
    Brand {
        id: String,
    },
    Credential {
        wire: String,
    },
    /// An endpoint (one request type: each variant of an endpoint is its own), matched by
    /// its path and variant key; `request` is its request type name in the new spec (the old
    /// one's, when it is gone).
    Endpoint {
        path: String,
        request: String,
    },
    Parameter {
        request: String,
        wire: String,
    },
    /// The signature of a request (`owner` is its type name) or of the callback
    /// (`owner` is `Callback`).
    Signature {
        owner: String,
    },
    /// A named enum or object (the callback is the object `Callback`).
    Type {
        name: String,
    },
    /// A field of an object: a sub-form sent in requests, an answer, or the callback.
    SubformField {
        object: String,
        wire: String,
    },
    EnumValue {
        r#enum: String,
        wire: String,
    },
    ReturnCode {
        code: String,
    },
    /// A cross-field rule of a request type or object.
    Rule {
        owner: String,
        text: String,
    },
}

impl Item {
    /// The kind of item, as JSON's `kind` and the text's first word.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Gateway { .. } => "gateway",
            Item::Environment { .. } => "environment",
            Item::Brand { .. } => "brand",
            Item::Credential { .. } => "credential",
            Item::Endpoint { .. } => "endpoint",
            Item::Parameter { .. } => "parameter",
            Item::Signature { .. } => "signature",
            Item::Type { .. } => "type",
            Item::SubformField { .. } => "field",
            Item::EnumValue { .. } => "enum_value",
            Item::ReturnCode { .. } => "return_code",
            Item::Rule { .. } => "rule",
        }
    }

    /// The item's name, as JSON's `item`: `Sale.address1`, `Language.fr`, `Sale: all_or_none [a, b]`.
    pub fn name(&self) -> String {
        match self {
            Item::Gateway { setting } => setting.clone(),
            Item::Environment {
                brand: Some(b),
                name,
            } => format!("{b}.{name}"),
            Item::Environment { brand: None, name } => name.clone(),
            Item::Brand { id } => id.clone(),
            Item::Credential { wire } => wire.clone(),
            Item::Endpoint { path, request } => format!("{request} ({path})"),
            Item::Parameter { request, wire } => format!("{request}.{wire}"),
            Item::Signature { owner } | Item::Type { name: owner } => owner.clone(),
            Item::SubformField { object, wire } => format!("{object}.{wire}"),
            Item::EnumValue { r#enum, wire } => format!("{enum}.{wire}"),
            Item::ReturnCode { code } => code.clone(),
            Item::Rule { owner, text } => format!("{owner}: {text}"),
        }
    }

    /// The kind and name, as the text and the changelog show it: parameter `Sale.address1`.
    pub fn label(&self) -> String {
        match self {
            Item::Endpoint { path, request } => format!("endpoint `{request}` (`{path}`)"),
            _ => format!("{} `{}`", self.kind(), self.name()),
        }
    }
}

/// Which aspect of an item changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum What {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The Rust name (of a field, variant, client method or type).
    RustName,
    Type,
    Required,
    /// Whether (and how) the value is kept out of logs.
    Sensitive,
    MinLength,
    MaxLength,
    Min,
    Max,
    /// A brand's own min_length (`per_brand`), by brand id.
    BrandMinLength(String),
    /// A brand's own max_length (`per_brand`), by brand id.
    BrandMaxLength(String),
    /// The brands whose documents have the field (`brands`).
    Brands,
    Pattern,
    /// Another name a server reads a parameter under (`aliases`): one change per alias.
    Alias,
    /// The parameter carrying a money field's currency.
    CurrencyField,
    /// Where a credential goes.
    Place,
    /// The order of the credentials (`Credentials::new`'s arguments).
    Order,
    /// The URL suffix naming the target. (Endpoints are matched by path: an endpoint at
    /// another path is one removed and one added.)
    Path,
    HttpMethod,
    ClientMethod,
    /// The type an endpoint answers with.
    Response,
    /// How a request's body is written.
    Body,
    MovesMoney,
    Lookup,
    /// The credentials a request carries in its form.
    Credentials,
    /// What a signature covers.
    Parts,
    /// A rule's condition.
    Condition,
    /// A rule's limit (`max_length_if`'s max).
    Limit,
    /// A return code's category.
    Category,
    /// A return code's description (its `doc`, what `description()` returns).
    Description,
    Url,
    /// Whether an object is sent in requests and/or read from answers.
    Role,
    /// Whether an enum travels as JSON integers.
    Integer,
    /// A gateway setting's value.
    Value,
    /// What an answer's `outcome()` decides (its `outcome:` cases).
    Outcome,
}

impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            What::Added => "added",
            What::Removed => "removed",
            What::RustName => "Rust name",
            What::Type => "type",
            What::Required => "required",
            What::Sensitive => "sensitive",
            What::MinLength => "min_length",
            What::MaxLength => "max_length",
            What::Min => "min",
            What::Max => "max",
            What::BrandMinLength(b) => return write!(f, "per_brand.{b}.min_length"),
            What::BrandMaxLength(b) => return write!(f, "per_brand.{b}.max_length"),
            What::Brands => "brands",
            What::Pattern => "pattern",
            What::Alias => "alias",
            What::CurrencyField => "currency_field",
            What::Place => "place",
            What::Order => "order",
            What::Path => "path",
            What::HttpMethod => "http method",
            What::ClientMethod => "client method",
            What::Response => "response",
            What::Body => "body",
            What::MovesMoney => "moves_money",
            What::Lookup => "lookup",
            What::Credentials => "credentials",
            What::Parts => "parts",
            What::Condition => "condition",
            What::Limit => "limit",
            What::Category => "category",
            What::Description => "description",
            What::Url => "url",
            What::Role => "role",
            What::Integer => "integer wire values",
            What::Value => "value",
            What::Outcome => "outcome",
        };
        f.write_str(s)
    }
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.impact == Impact::Breaking
    }
}

impl Report {
    /// True when any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

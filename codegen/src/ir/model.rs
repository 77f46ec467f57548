//! The IR's types: what the emitter reads. Every decision about the generated code is made
//! when these are built (in the sibling modules); the emitter only turns them into tokens.
//! Nothing here refers to the spec model or the YAML parser.

use crate::error::Pos;
use crate::pattern::Pattern;

/// One gateway, ready to emit.
#[derive(Debug, Clone)]
pub struct Gateway {
    pub id: String,
    pub title: String,
    pub source: String,
    pub doc: String,
    /// Only TLS 1.3, instead of 1.2 and up.
    pub tls13_only: bool,
    /// How answers (and the refusal envelope) are decoded.
    pub answers: AnswerFormat,
    /// The media type sent in Accept and Content-Type, when not the encoding's default.
    pub media_type: Option<String>,
    /// Without brands: the gateway's environments.
    pub environments: Vec<Environment>,
    /// With brands: each brand's environments, all with the same names.
    pub brands: Vec<Brand>,
    pub target: Option<Target>,
    pub credentials: Vec<Field>,
    /// The credential sent as `Authorization: Bearer`, if any.
    pub bearer: Option<Field>,
    /// The credentials a gateway receives in a request's form or path (what a server can
    /// check), in gateway order.
    pub received_credentials: Vec<Field>,
    /// The wire name of the signature field of signed requests, if any endpoint is signed.
    pub request_signature_field: Option<String>,
    pub callback: Option<Callback>,
    pub refusal: Refusal,
    pub outcome_lookup_doc: String,
    pub codes: Vec<Code>,
    pub enums: Vec<Enum>,
    pub objects: Vec<Object>,
    pub ops: Vec<Op>,
    /// How a server tells the requests apart: one route per method and path, in spec order.
    pub routes: Vec<Route>,
    /// The common payment operations (`paybind::payments`) this gateway's client implements.
    pub payments: Vec<PaymentOp>,
    /// The callback's fields naming the payment (Rust names), when `paybind::payments::
    /// Callbacks` is implemented.
    pub payment_callback: Option<PaymentCallback>,
}

/// The callback's (signed) fields naming the payment: the merchant's reference, the
/// gateway's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentCallback {
    pub reference: Option<String>,
    pub id: Option<String>,
}

/// A common payment operation on one endpoint (`payments:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentOp {
    /// The trait: `Sale`, `Authorize`, `Capture`, `Refund`, `Cancel` or `Status`.
    pub kind: PaymentKind,
    /// The endpoint's path, request type and client method.
    pub endpoint: String,
    pub request: String,
    pub method: String,
    /// The reference parameter's setter and wire name.
    pub reference: Option<(String, String)>,
    pub amount: Option<PaymentAmount>,
    /// For refunds: the refund's own reference parameter (setter, wire name).
    pub refund_reference: Option<(String, String)>,
    /// For status: the answer's field holding the payment (Rust name), and whether it is a
    /// list (the first item is the payment).
    pub answer: Option<(String, bool)>,
    pub id: Option<PaymentId>,
}

/// The gateway's own id of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentId {
    /// Sale and authorize: read from the answer.
    Answer(FieldPath),
    /// The other operations: sent in this parameter (setter, wire name, required).
    Param(String, String, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    Sale,
    Authorize,
    Capture,
    Refund,
    Cancel,
    Status,
}

/// The amount parameter: its setter and wire name, and how a `Money` becomes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentAmount {
    pub rust: String,
    pub wire: String,
    /// `Some(currency)`: minor units of that currency (`amount`); `None`: a `money` field.
    pub currency: Option<String>,
}

/// Where an item comes from. Lowering checks that a `source` names one of the gateway's
/// documents; `paybind spec check` also requires every item to have one of the three.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// Citations: `000_0314d75137e75338.txt § payment/refund, row `amount`` ([`crate::anchor`]).
    pub sources: Vec<String>,
    /// The project's own reading, with its reason, for the properties it names.
    pub reading: Option<Reading>,
    /// Taken from the provider's public documentation, outside the seed documents.
    pub public: Option<String>,
}

/// A property of an item that a document states and a reading may decide otherwise: what
/// the fidelity judge compares, one finding per property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    /// The name the item travels under.
    WireName,
    Required,
    MinLength,
    MaxLength,
    Min,
    Max,
    Pattern,
    /// The documented values of an enumerated field.
    Values,
    /// A date's format.
    Format,
    /// A return code's description.
    Description,
    /// Whether the cited place names the item at all.
    Citation,
    /// A documented row of the item's table that the spec leaves out.
    Omitted,
    /// What an answer means for the payment (an `outcome:` case).
    Outcome,
}

impl Property {
    pub const ALL: [(&'static str, Property); 13] = [
        ("wire_name", Property::WireName),
        ("required", Property::Required),
        ("min_length", Property::MinLength),
        ("max_length", Property::MaxLength),
        ("min", Property::Min),
        ("max", Property::Max),
        ("pattern", Property::Pattern),
        ("values", Property::Values),
        ("format", Property::Format),
        ("description", Property::Description),
        ("citation", Property::Citation),
        ("omitted", Property::Omitted),
        ("outcome", Property::Outcome),
    ];

    pub fn as_str(self) -> &'static str {
        Property::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }

    pub fn parse(s: &str) -> Option<Property> {
        Property::ALL.iter().find(|(n, _)| *n == s).map(|(_, p)| *p)
    }
}

/// A `reading:`: each part the properties it decides and why; a part with no property reads
/// the whole item (allowed only where no document states the item).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub parts: Vec<(Vec<Property>, String)>,
}

impl Reading {
    /// The reason given for `p`, if the reading names it.
    pub fn explains(&self, p: Property) -> Option<&str> {
        self.parts
            .iter()
            .find(|(covers, _)| covers.contains(&p))
            .map(|(_, why)| why.as_str())
    }

    /// `mine`, with the parts of `base` for the properties `mine` does not name (an item
    /// that `use:`s a shared parameter keeps the shared readings it does not replace). A
    /// reading of the whole base item is not inherited by an item with a reading of its own.
    pub fn merged(mine: Option<Reading>, base: Option<&Reading>) -> Option<Reading> {
        let Some(mut mine) = mine else {
            return base.cloned();
        };
        let named: Vec<Property> = mine.properties().collect();
        for (covers, why) in base.map(|b| b.parts.as_slice()).unwrap_or_default() {
            let rest: Vec<Property> = covers
                .iter()
                .copied()
                .filter(|p| !named.contains(p))
                .collect();
            if !rest.is_empty() {
                mine.parts.push((rest, why.clone()));
            }
        }
        Some(mine)
    }

    /// Whether a part reads the whole item.
    pub fn is_whole(&self) -> bool {
        self.parts.iter().any(|(covers, _)| covers.is_empty())
    }

    /// Every property the reading names.
    pub fn properties(&self) -> impl Iterator<Item = Property> + '_ {
        self.parts.iter().flat_map(|(c, _)| c.iter().copied())
    }

    /// As the generated docs show it: `text`, or `(max_length) text; (required) text`.
    pub fn text(&self) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(covers, why)| {
                let names: Vec<&str> = covers.iter().map(|p| p.as_str()).collect();
                if names.is_empty() {
                    why.clone()
                } else {
                    format!("({}) {why}", names.join(", "))
                }
            })
            .collect();
        parts.join("; ")
    }
}

impl Provenance {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.reading.is_none() && self.public.is_none()
    }
    /// `self`, with what it lacks taken from `base`.
    pub fn or(self, base: &Provenance) -> Provenance {
        Provenance {
            sources: if self.sources.is_empty() {
                base.sources.clone()
            } else {
                self.sources
            },
            reading: Reading::merged(self.reading, base.reading.as_ref()),
            public: self.public.or_else(|| base.public.clone()),
        }
    }
}

/// How to tell a refusal from a success in an answer. Keys are as the decoder reads them.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub doc: String,
    pub when_key: String,
    /// The values of `when_key` that make an answer a refusal; empty when the key's mere
    /// presence does.
    pub when_values: Vec<String>,
    /// The trigger is the code itself (read once).
    pub when_is_code: bool,
    pub code_key: String,
    pub message_key: String,
    /// The trigger, code and message keys as the spec writes them: their case on the wire
    /// (the keys above are lowercased for answers read without regard to case).
    pub wire_keys: [String; 3],
}

/// How answers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerFormat {
    /// A JSON object, keys matched exactly.
    Json,
    /// A JSON object whose keys are matched without regard to case (lowercased first).
    JsonCaseInsensitive,
    /// Form-encoded `key=value` pairs, each value ending with a newline.
    Lines,
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub rust: String,
    pub url: String,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct Brand {
    /// The brand's id, as written in the spec (`connpay`).
    pub id: String,
    pub rust: String,
    pub title: String,
    pub sources: Vec<String>,
    pub environments: Vec<Environment>,
}

/// How a call names the merchant's endpoint or endpoint group: the URL suffix after the
/// endpoint path is `prefix` + id + `suffix`.
#[derive(Debug, Clone)]
pub struct Target {
    pub doc: String,
    pub endpoint: Affix,
    pub group: Affix,
}

/// The text around an id in a URL suffix.
#[derive(Debug, Clone)]
pub struct Affix {
    pub prefix: String,
    pub suffix: String,
}

/// Where a credential goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A form field.
    Form,
    /// Nowhere: it only signs.
    Nowhere,
    /// `Authorization: Bearer …`.
    Bearer,
    /// A `{name}` placeholder of endpoint paths.
    Path,
}

/// How a value must be kept out of logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    Secret,
    Token,
    CardNumber,
    Cvv,
}

impl Sensitivity {
    /// Its name in a spec (`sensitive: card_number`), which the export writes and which
    /// names its serde codec (`wire::opt_card_number`).
    pub fn spec_name(self) -> &'static str {
        crate::spec::Sensitivity::ALL
            .iter()
            .find(|(_, s)| super::convert::sensitivity(*s) == self)
            .map_or("", |(name, _)| name)
    }

    /// The runtime's variant name.
    pub fn variant(self) -> &'static str {
        match self {
            Sensitivity::Secret => "Secret",
            Sensitivity::Token => "Token",
            Sensitivity::CardNumber => "CardNumber",
            Sensitivity::Cvv => "Cvv",
        }
    }
}

/// A date format of the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// yyyyMMddHHmmss
    DateTime14,
    /// yyyyMMdd
    Date8,
    /// YYMM
    YearMonth4,
}

impl DateFormat {
    /// The format as the documents write it.
    pub fn pattern(self) -> &'static str {
        match self {
            DateFormat::DateTime14 => "yyyyMMddHHmmss",
            DateFormat::Date8 => "yyyyMMdd",
            DateFormat::YearMonth4 => "YYMM",
        }
    }
}

/// The category of a return code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Success,
    Pending,
    SoftDecline,
    HardDecline,
    Fraud,
    Authentication,
    Configuration,
    Technical,
    Validation,
    State,
}

impl Category {
    /// The runtime's variant name (`paybind::ReturnCategory`).
    pub fn variant(self) -> &'static str {
        match self {
            Category::Success => "Success",
            Category::Pending => "Pending",
            Category::SoftDecline => "SoftDecline",
            Category::HardDecline => "HardDecline",
            Category::Fraud => "Fraud",
            Category::Authentication => "Authentication",
            Category::Configuration => "Configuration",
            Category::Technical => "Technical",
            Category::Validation => "Validation",
            Category::State => "State",
        }
    }
}

/// The gateway's callback: its fields (an answer-like object) and how it is signed.
#[derive(Debug, Clone)]
pub struct Callback {
    pub object: Object,
    pub signature: Signature,
    /// The callback's fields the signature covers (all of them for a signature over sorted
    /// values), in the object's order. The others are not authenticated.
    pub signed: Vec<Field>,
    /// The fields of the idempotency key: the signed fields that are not sensitive (a key is
    /// stored and logged).
    pub key_fields: Vec<Field>,
}

/// A signature: the lowercase hex SHA-1 of its parts.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The wire name of the field carrying it.
    pub field: String,
    /// `Some(separator)`: the other fields' values sorted by key come first, and everything
    /// is joined with the separator.
    pub sorted_values: Option<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub enum Part {
    TargetId,
    /// A field of the request (or callback).
    Field(Field),
    /// A money field's minor units.
    Minor(Field),
    /// A money field's currency code.
    Currency(Field),
    /// A credential.
    Credential(Field),
}

/// A piece of an endpoint path.
#[derive(Debug, Clone)]
pub enum PathPart {
    Literal(String),
    /// A path credential (`in: path`).
    Credential(Field),
    /// A request parameter carried in the path, not the body.
    Param(Field),
}

/// One path segment, as a server matches it.
#[derive(Debug, Clone)]
pub enum Segment {
    Literal(String),
    /// A path credential: any segment, kept as the credential received.
    Credential(Field),
    /// A path parameter: any segment, kept as the parameter.
    Param(Field),
}

/// The requests a server receives at one method and path: several when an endpoint has
/// variants, tried in order (the IR checks that an earlier one never takes a later one's
/// body).
#[derive(Debug, Clone)]
pub struct Route {
    pub method: HttpMethod,
    pub segments: Vec<Segment>,
    /// The request type names, in the order they are tried.
    pub ops: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub rust: String,
    pub category: Category,
    pub doc: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub rust: String,
    pub doc: String,
    /// The wire values are JSON integers.
    pub integer: bool,
    pub values: Vec<EnumValue>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant.
    pub rust: String,
    pub doc: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub rust: String,
    pub doc: String,
    /// What the doc says the type comes from ("type `Browser`").
    pub origin: String,
    pub fields: Vec<Field>,
    /// Sent in a request: gets a builder, `check` and `Serialize`.
    pub in_request: bool,
    /// Read from an answer: gets `Default` and `FromBody`.
    pub in_response: bool,
    /// Rules over the object's own fields.
    pub rules: Vec<Rule>,
    /// The rules its builder's type keeps.
    pub choices: Vec<Choice>,
    /// For an answer: what it means for the payment, the first case that holds (empty: the
    /// answer has no `outcome()`).
    pub outcome: Vec<OutcomeCase>,
    pub provenance: Provenance,
}

/// One case of an answer's outcome: when every test holds, the answer means `is`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeCase {
    pub tests: Vec<OutcomeTest>,
    pub is: OutcomeIs,
    pub provenance: Provenance,
}

impl OutcomeCase {
    /// The case in words: `actionCode in [AUTH_3DS_REQUISE] and ok = 1: action required
    /// (ThreeDsV2)`, `otherwise: unknown`.
    pub fn text(&self) -> String {
        let tests: Vec<String> = self.tests.iter().map(OutcomeTest::text).collect();
        let when = if tests.is_empty() {
            "otherwise".to_string()
        } else {
            tests.join(" and ")
        };
        let is = match &self.is {
            OutcomeIs::Succeeded => "succeeded".to_string(),
            OutcomeIs::Authorized => "authorized".to_string(),
            OutcomeIs::Cancelled => "cancelled".to_string(),
            OutcomeIs::Unknown => "unknown".to_string(),
            OutcomeIs::ActionRequired { kind, .. } => format!("action required ({kind})"),
            OutcomeIs::Pending { .. } => "pending".to_string(),
            OutcomeIs::Declined { .. } => "declined".to_string(),
        };
        format!("{when}: {is}")
    }
}

impl OutcomeTest {
    /// `state in [PAID]`, `ok = 1`, `code category in [Pending]`, `page present`.
    pub fn text(&self) -> String {
        let wire = &self.path.wire;
        match &self.test {
            ValueTest::Present => format!("{wire} present"),
            ValueTest::Text(v) => format!("{wire} in [{}]", v.join(", ")),
            ValueTest::Bool(b) if self.path.leaf == Ty::Flag => {
                format!("{wire} = {}", u8::from(*b))
            }
            ValueTest::Bool(b) => format!("{wire} = {b}"),
            ValueTest::Int(v) => {
                let v: Vec<String> = v.iter().map(i64::to_string).collect();
                format!("{wire} in [{}]", v.join(", "))
            }
            ValueTest::Category(c) => {
                let c: Vec<&str> = c.iter().map(|k| k.variant()).collect();
                format!("{wire} category in [{}]", c.join(", "))
            }
        }
    }
}

/// A field of an answer reached from the answer through sub-objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    /// The wire names joined with dots, as the spec writes the path.
    pub wire: String,
    /// Each step's Rust field name and whether it is an `Option`.
    pub steps: Vec<(String, bool)>,
    /// The type at the end of the path.
    pub leaf: Ty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeTest {
    pub path: FieldPath,
    pub test: ValueTest,
}

/// A test of a field's value, typed by the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueTest {
    /// The field is in the answer.
    Present,
    /// Text, an enum's wire value or a return code is one of these.
    Text(Vec<String>),
    /// A flag or boolean is this.
    Bool(bool),
    /// An integer is one of these.
    Int(Vec<i64>),
    /// A return code's category is one of these.
    Category(Vec<Category>),
}

/// What the answer means when a case holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeIs {
    Succeeded,
    Authorized,
    Cancelled,
    Unknown,
    ActionRequired {
        /// The runtime's `ActionKind` variant.
        kind: &'static str,
        target: ActionTarget,
    },
    Pending {
        poll: Option<Poll>,
    },
    Declined {
        /// A return code, an enum or text.
        code: Option<FieldPath>,
        message: Option<FieldPath>,
        /// The category, for a code that has none of its own (text, an enum, or a return
        /// code the spec's table does not list).
        category: Option<Category>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionTarget {
    Redirect {
        url: FieldPath,
        post: bool,
        /// `(name sent to the page, the answer's field)`.
        fields: Vec<(String, FieldPath)>,
    },
    Html(FieldPath),
}

/// The call that tells a pending payment's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poll {
    pub endpoint: String,
    pub by: String,
    pub value: Option<FieldPath>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Amount,
    Flag,
    Boolean,
    Date(DateFormat),
    Url,
    Email,
    Ip,
    Money,
    ReturnCode,
    List(Box<Ty>),
    /// Enum values joined with a separator into one string.
    Joined(String, char),
    Enum(String),
    Object(String),
}

impl Ty {
    /// Text on the wire: strings, URLs, emails and IPs.
    pub fn is_text(&self) -> bool {
        matches!(self, Ty::String | Ty::Url | Ty::Email | Ty::Ip)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The name sent on the wire.
    pub wire: String,
    /// Other names the documents give a request parameter (`alias tds_cres_notification_url`):
    /// the client sends `wire`, a server reads any of them as this field.
    pub aliases: Vec<String>,
    /// The key this field is read under when decoded (the wire name, or its lowercase for
    /// case-insensitive answers).
    pub read_as: String,
    /// snake_case, never a keyword.
    pub rust: String,
    /// UpperCamelCase, for the names of builder states.
    pub camel: String,
    pub ty: Ty,
    pub required: bool,
    pub sensitive: Option<Sensitivity>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub pattern: Option<Pattern>,
    pub doc: String,
    /// For credentials: where it goes.
    pub place: Place,
    /// For request parameters: carried in the path, not the body.
    pub in_path: bool,
    /// For money fields: the parameter carrying the currency code.
    pub currency_field: Option<String>,
    /// The brands whose documents have this field; `None` for all.
    pub brands: Option<Vec<String>>,
    /// Where a brand's document differs.
    pub per_brand: Vec<BrandLimits>,
    pub provenance: Provenance,
    /// For a constrained field of a request or sub-form: how `paybind::literal!` checks a
    /// literal written for it at compile time.
    pub literal: Option<LiteralRule>,
    pub key: String,
    pub pos: Pos,
}

/// The compile-time check of a field's literals: the rules it applies, and what the
/// compiler says when one is broken.
#[derive(Debug, Clone)]
pub struct LiteralRule {
    /// The associated constant's name, e.g. `TRANSACTION_REF`.
    pub name: String,
    /// What the checked literal becomes.
    pub output: LiteralOutput,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Pattern>,
    /// The documented values, for an enum or a joined list; empty for text.
    pub values: Vec<String>,
    pub separator: Option<char>,
    pub messages: LiteralMessages,
    /// The constant's doc: the rules in words.
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiteralOutput {
    /// `&'static str`, for text fields.
    Text,
    /// The named enum.
    Enum(String),
    /// A `Joined` list of the named enum, with its separator.
    Joined(String, char),
}

/// The message of each rule; empty where the rule does not apply.
#[derive(Debug, Clone, Default)]
pub struct LiteralMessages {
    pub too_short: String,
    pub too_long: String,
    pub pattern: String,
    pub value: String,
}

/// A brand's own length limits for a field.
#[derive(Debug, Clone)]
pub struct BrandLimits {
    pub brand: String,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub doc: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// How a request's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// A form, written field by field by `encode`.
    Form,
    /// A JSON object of the body parameters.
    Json,
    /// No body (a GET whose parameters are all in its path).
    Empty,
}

/// How a server reads a request back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decode {
    /// From its form; money amounts are joined with their currency field first.
    Form { money: Vec<MoneyMerge> },
    /// From its JSON body, path parameters given apart.
    Json,
    /// From its path alone.
    Path,
}

/// A money field whose currency travels in another form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyMerge {
    pub amount: String,
    pub currency_field: String,
}

/// The request field that holds the merchant's reference.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Its Rust name.
    pub field: String,
    /// Required (a `String`) or optional (an `Option<String>`).
    pub required: bool,
}

/// How to look up a money-moving call whose outcome is unknown.
#[derive(Debug, Clone)]
pub struct Lookup {
    /// The lookup endpoint's path.
    pub endpoint: String,
    /// This request's field holding the reference (Rust name).
    pub field: String,
    /// The lookup endpoint's wire name for it.
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Op {
    /// The endpoint path below the base URL, as written (with `{placeholders}`).
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub http_method: HttpMethod,
    /// The variant's key (`v1`), for an endpoint with `variants:`; `None` for one without.
    /// The request type name ends with its UpperCamelCase (`PaymentEnd3dsDebitV1`).
    pub variant: Option<String>,
    /// The request type name, e.g. `PaymentTokenDebit`.
    pub rust: String,
    /// The client method, e.g. `payment_token_debit`.
    pub method: String,
    /// The endpoint's doc, its variant's, the call and the money note, ready to print.
    pub doc: String,
    pub moves_money: bool,
    pub lookup: Option<Lookup>,
    /// The merchant's reference a call's log span shows: the lookup field of a money-moving
    /// call, else the first non-sensitive text parameter that some lookup searches by.
    pub reference: Option<Reference>,
    /// The credentials written into this call's form, in gateway order.
    pub form_credentials: Vec<Field>,
    pub params: Vec<Field>,
    pub rules: Vec<Rule>,
    /// The rules its builder's type keeps.
    pub choices: Vec<Choice>,
    pub response: Response,
    pub signature: Option<Signature>,
    pub body: BodyKind,
    pub decode: Decode,
    /// Wire names whose values are redacted when the request is shown (sensitive
    /// parameters, credentials and sub-form fields).
    pub sensitive_names: Vec<String>,
    /// Every top-level name the request sends or is read by, sorted: its parameters (path
    /// ones too) and their aliases and currency fields, the credentials in its form and its
    /// signature field. An extra parameter (`paybind::Extra`) may not take one.
    pub wire_names: Vec<String>,
    /// The variant's, else the endpoint's.
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    pub doc: String,
    pub provenance: Provenance,
}

/// A rule the builder's type keeps over some of its optional fields: at most one, exactly
/// one, or all or none of them. Setting a field moves the choice's state on; a setter or a
/// `build` the rule forbids in that state does not compile.
#[derive(Debug, Clone)]
pub struct Choice {
    pub kind: ChoiceKind,
    /// The fields' Rust names, in the rule's order.
    pub fields: Vec<String>,
    /// The builder's generic parameters for it: one for a one-of choice, one per field for
    /// all or none.
    pub params: Vec<ChoiceParam>,
    /// Implemented by a state in which a field of the choice may still be set (one-of).
    pub open_trait: String,
    /// Implemented by the states `build` accepts (exactly one; all or none).
    pub done_trait: String,
    /// The compile errors' words when a field is set that may not be: message, label, note.
    pub taken: [String; 3],
    /// When `build` is called in a state the rule refuses.
    pub unfinished: [String; 3],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    AtMostOne,
    ExactlyOne,
    AllOrNone,
}

/// Where a choice stands in a builder's state: the state's associated type for it, and the
/// fields whose setters move it to `Chosen`.
#[derive(Debug, Clone)]
pub struct ChoiceParam {
    pub state: String,
    pub set_by: Vec<String>,
}

/// A field a rule names: a parameter, or a field of an object parameter (`ShipTo.City`).
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// As the rule writes it, which is also how a violation names it.
    pub path: String,
    pub head: Field,
    pub leaf: Option<Field>,
}

impl FieldRef {
    /// The field whose value the rule reads.
    pub fn target(&self) -> &Field {
        self.leaf.as_ref().unwrap_or(&self.head)
    }
    /// Present whenever the request is: every step is required.
    pub fn always_present(&self) -> bool {
        self.head.required && self.leaf.as_ref().is_none_or(|l| l.required)
    }
}

/// A condition on a field's wire value.
#[derive(Debug, Clone)]
pub struct Condition {
    pub field: FieldRef,
    pub values: Vec<String>,
    /// Holds when the field does *not* have one of `values`.
    pub negated: bool,
    /// The condition in words, for violations.
    pub text: String,
}

#[derive(Debug, Clone)]
pub enum RuleKind {
    ExactlyOneOf(Vec<FieldRef>),
    AtMostOneOf(Vec<FieldRef>),
    AllOrNone(Vec<FieldRef>),
    /// `field` is required when the condition holds.
    RequiredIf {
        field: FieldRef,
        when: Condition,
    },
    /// Each of `fields` is required when any of `any_of` is given (`negated`: unless).
    RequiredWith {
        fields: Vec<FieldRef>,
        any_of: Vec<FieldRef>,
        negated: bool,
        text: String,
    },
    /// `field` may be at most `max` characters long when the condition holds.
    MaxLengthIf {
        field: FieldRef,
        max: u64,
        when: Condition,
    },
    /// One of `one_of` is required when any of `any_of` is given.
    OneOfRequiredWith {
        one_of: Vec<FieldRef>,
        any_of: Vec<FieldRef>,
        /// "`a` or `b` is given", for violations.
        text: String,
    },
}

#[derive(Debug, Clone)]
pub enum Response {
    Text,
    Object(String),
}

//! The spec model: what a spec file says, after loading and before linting.
//!
//! Every item keeps the position it was written at, so that the linter can name the file,
//! line and key of whatever it finds wrong.

use crate::error::Pos;

/// Where an item comes from: a document and a location in it, the project's own reading
/// with its reason, or the provider's public documentation outside the seed documents.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// `source: "000_0314d75137e75338.txt § payment/refund, row `amount`"`, or a list where several documents
    /// state the item (one per brand's document).
    pub sources: Vec<(String, Pos)>,
    /// `reading: { max_length: "why", "required, min": "why" }`: the project's decision on
    /// the properties it names; a plain text (`reading: "why"`) reads the whole item, for an
    /// item no document states.
    pub reading: Option<(Reading, Pos)>,
    /// `public: "where in the provider's public documentation"`.
    pub public: Option<(String, Pos)>,
}

/// A `reading:` as written: `(the properties it covers, why)`; no property for a plain text.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub parts: Vec<(Vec<String>, String)>,
}

impl Provenance {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.reading.is_none() && self.public.is_none()
    }
}

/// One gateway's spec file.
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: String,
    pub gateway: Gateway,
    pub types: Vec<TypeDef>,
    /// Shared parameter definitions, referred to by `use:`.
    pub params: Vec<Field>,
    /// Named rule sets, referred to by name from an endpoint's `rules:`.
    pub rule_sets: Vec<RuleSet>,
    pub endpoints: Vec<Endpoint>,
    /// `payments:`, how paybind's common payment interface maps onto the endpoints.
    pub payments: Option<Payments>,
}

/// `payments:`: each common operation the gateway has, on one of its endpoints.
#[derive(Debug, Clone)]
pub struct Payments {
    pub doc: String,
    /// The currency of the gateway's `amount` fields (which carry no currency of their own).
    pub currency: Option<(String, Pos)>,
    pub ops: Vec<PaymentOp>,
    /// `callback: { reference, id }`: the callback's fields naming the payment.
    pub callback: Option<PaymentCallback>,
}

/// Which signed fields of the gateway's callback name the payment.
#[derive(Debug, Clone)]
pub struct PaymentCallback {
    pub reference: Option<(String, Pos)>,
    pub id: Option<(String, Pos)>,
    pub pos: Pos,
}

/// One common operation: `refund: { endpoint: payment/refund, reference: transactionRef,
/// amount: amount }`.
#[derive(Debug, Clone)]
pub struct PaymentOp {
    /// `sale`, `authorize`, `capture`, `refund`, `cancel` or `status`.
    pub kind: String,
    pub endpoint: (String, Pos),
    /// The parameter carrying the merchant's reference of the payment.
    pub reference: Option<(String, Pos)>,
    /// The parameter carrying the amount (for `cancel`: the one sent as 0).
    pub amount: Option<(String, Pos)>,
    /// For `refund`: the parameter naming the refund itself.
    pub refund_reference: Option<(String, Pos)>,
    /// For `status`: the answer's field holding the payment (the first one of a list).
    pub answer: Option<(String, Pos)>,
    /// The gateway's own id of the payment: for `sale` and `authorize`, the answer's field
    /// that gives it; for the others, the parameter that takes it.
    pub id: Option<(String, Pos)>,
    pub path: String,
    pub pos: Pos,
}

impl Spec {
    /// The documents the spec cites: its gateway's `source` list and its brands' `sources`,
    /// sorted, each once.
    pub fn documents(&self) -> Vec<String> {
        let g = &self.gateway;
        let listed = g.source.split(',').map(|d| d.trim().to_string());
        let branded = g.brands.iter().flat_map(|b| b.sources.iter().cloned());
        let mut all: Vec<String> = listed.chain(branded).filter(|d| !d.is_empty()).collect();
        all.sort();
        all.dedup();
        all
    }
}

#[derive(Debug, Clone)]
pub struct Gateway {
    pub id: String,
    pub title: String,
    /// The provider document this spec was written from.
    pub source: String,
    pub doc: String,
    pub tls_min: String,
    pub request_encoding: RequestEncoding,
    pub response_encoding: ResponseEncoding,
    /// The media type sent in Accept and Content-Type, when not the encoding's default.
    pub media_type: Option<String>,
    /// Answer keys are matched without regard to case.
    pub case_insensitive_keys: bool,
    pub environments: Vec<Environment>,
    /// White labels of one gateway software, each with its own hosts and documents.
    pub brands: Vec<Brand>,
    /// How a call names the merchant's endpoint or endpoint group in its URL.
    pub target: Option<Target>,
    pub credentials: Vec<Field>,
    /// The gateway's server callback and how to verify it.
    pub callback: Option<Callback>,
    pub refusal: Refusal,
    pub outcome_lookup_doc: String,
    pub return_codes: Vec<ReturnCode>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestEncoding {
    /// `application/x-www-form-urlencoded`; object-typed parameters are JSON strings.
    Form,
    /// A JSON object of the parameters (path parameters excepted).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseEncoding {
    Json,
    /// Form-encoded `key=value` pairs, each value ending with a newline (PaynetEasy).
    Lines,
}

#[derive(Debug, Clone)]
pub struct Brand {
    pub name: String,
    pub title: String,
    /// The documents written for this brand.
    pub sources: Vec<String>,
    pub environments: Vec<Environment>,
    pub pos: Pos,
}

/// URL suffixes after the endpoint path, `{id}` standing for the id.
#[derive(Debug, Clone)]
pub struct Target {
    pub doc: String,
    pub endpoint: String,
    pub group: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Callback {
    pub doc: String,
    pub provenance: Provenance,
    pub fields: Vec<Field>,
    pub signature: Signature,
    /// What a callback means for the payment, as for an answer.
    pub outcome: Vec<OutcomeCase>,
    pub pos: Pos,
}

/// A signature: the lowercase hex SHA-1 of `parts`, concatenated, sent as `field`.
#[derive(Debug, Clone)]
pub struct Signature {
    pub field: String,
    /// `Some(separator)`: the values of every other field, sorted by key, come first, and
    /// all parts are joined with the separator.
    pub sorted_values: Option<String>,
    pub parts: Vec<(SigPart, Pos)>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigPart {
    /// The endpoint id or endpoint group id of the target.
    TargetId,
    /// A parameter's wire value.
    Param(String),
    /// A money parameter's amount in minor units.
    MinorUnits(String),
    /// A money parameter's ISO 4217 currency code.
    CurrencyOf(String),
    /// A credential.
    Credential(String),
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub name: String,
    pub url: String,
    pub doc: String,
    pub pos: Pos,
}

/// How to tell a refusal from a success in a decoded answer.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub doc: String,
    pub when_field: String,
    /// The wire values of `when_field` that make an answer a refusal; empty when the field's
    /// mere presence does.
    pub when_values: Vec<String>,
    pub code_field: String,
    pub message_field: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct ReturnCode {
    pub code: String,
    pub name: String,
    pub category: Category,
    pub doc: String,
    pub provenance: Provenance,
    pub pos: Pos,
}

/// The category of a return code. The list is fixed by the spec language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    pub const ALL: [(&'static str, Category); 10] = [
        ("success", Category::Success),
        ("pending", Category::Pending),
        ("soft_decline", Category::SoftDecline),
        ("hard_decline", Category::HardDecline),
        ("fraud", Category::Fraud),
        ("authentication", Category::Authentication),
        ("configuration", Category::Configuration),
        ("technical", Category::Technical),
        ("validation", Category::Validation),
        ("state", Category::State),
    ];

    /// The runtime's variant name for this category.
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

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: String,
    /// For enums: the wire values are JSON integers.
    pub integer: bool,
    pub body: TypeBody,
    pub provenance: Provenance,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum TypeBody {
    Enum(Vec<EnumValue>),
    Object(ObjectDef),
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub name: String,
    pub doc: String,
    pub provenance: Provenance,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct ObjectDef {
    /// `json` when the object travels as a JSON string inside a form parameter.
    pub json_in_form: bool,
    pub fields: Vec<Field>,
    /// Rules over the object's own fields.
    pub rules: Vec<RuleRef>,
    /// `outcome:`, for an answer: what it means for the payment, the first case that holds.
    pub outcome: Vec<OutcomeCase>,
}

/// One case of an answer's `outcome:` list: when its tests all hold, the answer means `is`.
#[derive(Debug, Clone)]
pub struct OutcomeCase {
    /// `succeeded`, `authorized`, `action_required`, `pending`, `declined`, `cancelled` or
    /// `unknown`, checked when lowered.
    pub is: (String, Pos),
    /// All must hold; none: the case always holds.
    pub when: Vec<OutcomeTest>,
    /// For `action_required`: `three_ds_v1`, `three_ds_v2`, `three_ds` or `payment_page`.
    pub action: Option<(String, Pos)>,
    /// For `action_required`: where to send the payer.
    pub redirect: Option<RedirectDef>,
    /// For `action_required`: the answer's field holding HTML to show the payer instead.
    pub html: Option<(String, Pos)>,
    /// For `pending`: the call that tells the outcome.
    pub poll: Option<PollDef>,
    /// For `declined`: the fields holding the code and the message, and the category when
    /// the code is not a return code.
    pub code: Option<(String, Pos)>,
    pub message: Option<(String, Pos)>,
    pub category: Option<(Category, Pos)>,
    pub provenance: Provenance,
    /// The key path of the case (`types.PaymentResponse.outcome[0]`), for errors.
    pub path: String,
    pub pos: Pos,
}

/// A test of an outcome case on one field of the answer (a dotted path into sub-objects).
#[derive(Debug, Clone)]
pub struct OutcomeTest {
    pub field: String,
    pub test: FieldTest,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum FieldTest {
    /// `equals` / `in`: the field's wire value is one of these.
    In(Vec<String>),
    /// `present: true`: the field is in the answer.
    Present,
    /// `category: [...]`: a return code field whose code has one of these categories.
    Category(Vec<Category>),
}

/// `redirect: { url, method, fields: { MD: transaction.verifyEnrollment3dsMd } }`.
#[derive(Debug, Clone)]
pub struct RedirectDef {
    pub url: (String, Pos),
    /// `GET` or `POST` (the default).
    pub post: bool,
    /// Each field sent to the page: its name, and the answer's field holding its value.
    pub fields: Vec<(String, String, Pos)>,
}

/// `poll: { endpoint, by, value }`: call `endpoint` with its parameter `by` set to the
/// answer's field `value`.
#[derive(Debug, Clone)]
pub struct PollDef {
    pub endpoint: (String, Pos),
    pub by: String,
    pub value: Option<(String, Pos)>,
}

/// The type of a field, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Integer,
    /// An amount in the currency's minor units (cents).
    Amount,
    /// 0 or 1.
    Flag,
    /// true or false.
    Boolean,
    Date(DateFormat),
    Url,
    Email,
    Ip,
    /// An amount of a currency (`paybind::Money`), sent in major units with a `.`.
    Money,
    /// The gateway's return code.
    ReturnCode,
    List(Box<TypeRef>),
    /// Enum values joined into one string with a separator ("CB;VISA").
    Joined(String, char),
    Named(String),
}

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
    pub const ALL: [(&'static str, DateFormat); 3] = [
        ("yyyyMMddHHmmss", DateFormat::DateTime14),
        ("yyyyMMdd", DateFormat::Date8),
        ("YYMM", DateFormat::YearMonth4),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    Secret,
    Token,
    CardNumber,
    Cvv,
}

impl Sensitivity {
    pub const ALL: [(&'static str, Sensitivity); 4] = [
        ("secret", Sensitivity::Secret),
        ("token", Sensitivity::Token),
        ("card_number", Sensitivity::CardNumber),
        ("cvv", Sensitivity::Cvv),
    ];

    pub fn variant(self) -> &'static str {
        match self {
            Sensitivity::Secret => "Secret",
            Sensitivity::Token => "Token",
            Sensitivity::CardNumber => "CardNumber",
            Sensitivity::Cvv => "Cvv",
        }
    }
}

/// A constraint that may be set, removed (`null`) or left as inherited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Setting<T> {
    #[default]
    Inherit,
    Cleared,
    Set(T, Pos),
}

impl<T: Copy> Setting<T> {
    pub fn over(self, base: Setting<T>) -> Setting<T> {
        match self {
            Setting::Inherit => base,
            other => other,
        }
    }
    pub fn value(self) -> Option<T> {
        match self {
            Setting::Set(v, _) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Constraints {
    pub min_length: Setting<u64>,
    pub max_length: Setting<u64>,
    pub min: Setting<i64>,
    pub max: Setting<i64>,
    pub pattern: Option<(String, Pos)>,
}

/// A parameter, credential or object field.
#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    /// `aliases:`: other names the documents give the parameter; servers read them as it.
    pub aliases: Option<(Vec<String>, Pos)>,
    /// `use:`: the shared parameter this one starts from.
    pub uses: Option<(String, Pos)>,
    pub ty: Option<(TypeRef, Pos)>,
    pub required: Option<bool>,
    pub sensitive: Option<Sensitivity>,
    pub constraints: Constraints,
    pub doc: Option<String>,
    /// For a credential: `form` (sent as a form field) or `none` (only signs).
    pub place: Option<(String, Pos)>,
    /// For a money field: the parameter that carries its currency code.
    pub currency_field: Option<(String, Pos)>,
    /// The brands whose documents have this field; `None` for all.
    pub brands: Option<(Vec<String>, Pos)>,
    /// Length limits that differ per brand (per document).
    pub per_brand: Vec<BrandLimits>,
    pub provenance: Provenance,
    /// The dotted key path of this field in its file, for errors.
    pub key: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct BrandLimits {
    pub brand: String,
    pub min_length: Setting<u64>,
    pub max_length: Setting<u64>,
    pub doc: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    pub name: String,
    pub rules: Vec<Rule>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    pub doc: String,
    pub provenance: Provenance,
    pub key: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Exactly one of these fields is present.
    ExactlyOneOf(Vec<String>),
    /// At most one of these fields is present.
    AtMostOneOf(Vec<String>),
    /// Either all of these fields are present or none is.
    AllOrNone(Vec<String>),
    /// `field` is required when the condition holds.
    RequiredIf { field: String, when: Condition },
    /// Each of `fields` is required when any of `any_of` is given.
    RequiredWith {
        fields: Vec<String>,
        any_of: Vec<String>,
    },
    /// Each of `fields` is required unless one of `any_of` is given.
    RequiredUnless {
        fields: Vec<String>,
        any_of: Vec<String>,
    },
    /// One of `one_of` is required when any of `any_of` is given.
    OneOfRequiredWith {
        one_of: Vec<String>,
        any_of: Vec<String>,
    },
    /// `field` may be at most `max` characters long when the condition holds.
    MaxLengthIf {
        field: String,
        max: u64,
        when: Condition,
    },
}

/// `field` has one of the wire values `values`.
#[derive(Debug, Clone)]
pub struct Condition {
    pub field: String,
    pub values: Vec<String>,
    /// The condition holds when the field does *not* have one of `values`.
    pub negated: bool,
}

/// An entry of an endpoint's `rules:` list.
#[derive(Debug, Clone)]
pub enum RuleRef {
    Set(String, Pos),
    Inline(Box<Rule>),
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The path below the base URL, e.g. `payment/tokenDebit`; `{name}` placeholders are
    /// path credentials or path parameters.
    pub path: String,
    /// `GET` or `POST` (the default).
    pub method: String,
    /// The Rust name of the request type, instead of one derived from the path.
    pub name: Option<(String, Pos)>,
    pub doc: String,
    pub response: ResponseRef,
    pub moves_money: bool,
    pub lookup: Option<Lookup>,
    pub signature: Option<Signature>,
    /// The credentials this call takes; `None` means all of them.
    pub credentials: Option<Vec<(String, Pos)>>,
    pub variants: Vec<Variant>,
    pub provenance: Provenance,
    pub key: String,
    pub pos: Pos,
}

/// One request shape of an endpoint; an endpoint without `variants:` has one, unnamed.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: Option<String>,
    pub doc: String,
    pub params: Vec<Field>,
    pub rules: Vec<RuleRef>,
    pub provenance: Provenance,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum ResponseRef {
    /// The body is a character string (HTML, base 64...).
    Text,
    Named(String, Pos),
}

/// How to find out what happened to a money-moving call whose outcome is unknown.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub endpoint: String,
    pub by: String,
    /// The lookup endpoint's name for the same value, when it differs from `by`.
    pub as_: Option<String>,
    pub pos: Pos,
}

//! The gateway being exported, for one brand or none, and the `x-paybind-*` extensions the
//! export writes.

use crate::ir::{Brand, Environment, Field, Gateway, Object};

use super::ExportError;

/// Every extension the export writes, with what it holds.
pub const EXTENSIONS: &[(&str, &str)] = &[
    ("x-paybind-aliases", "other names the documents give a request parameter; a server reads them as this field"),
    ("x-paybind-answer-encoding", "how the gateway writes answers: json, json with keys matched without regard to case, or lines (form pairs, each value ending with a newline)"),
    ("x-paybind-brand", "the brand this document describes, for a white-labelled gateway"),
    ("x-paybind-brands", "the brands whose documents have this field (absent: all)"),
    ("x-paybind-codes", "the documented return codes: code, description, category, provenance"),
    ("x-paybind-credential", "this parameter is one of the gateway's credentials"),
    ("x-paybind-credentials", "every credential: name, where it goes (form, path, bearer, nowhere: it only signs), sensitivity, provenance"),
    ("x-paybind-currency", "for an amount in minor units: its currency"),
    ("x-paybind-encoding", "how a request body is written: form (sub-forms as JSON text), json, or none (a path-only GET)"),
    ("x-paybind-format", "a wire format the schema keywords do not name: a date pattern as the documents write it, minor units, major units, ip, flag"),
    ("x-paybind-gateway", "the gateway's id, title, source documents and minimum TLS version"),
    ("x-paybind-lookup", "how to look up a money-moving call whose outcome is unknown: endpoint and field"),
    ("x-paybind-moves-money", "the call moves money: never resend it blindly"),
    ("x-paybind-outcome", "what an answer means for the payment: each case in words, the first that holds"),
    ("x-paybind-provenance", "where the item comes from: sources (citations into the provider documents), reading (the project's own reading, with its reason), public (the provider's public documentation)"),
    ("x-paybind-refusal", "how a refusal is told from a success: key, values, code key, message key"),
    ("x-paybind-rules", "every cross-field rule in words, with its provenance, and whether the schema expresses it too"),
    ("x-paybind-sensitive", "how the value must be kept out of logs: secret, token, card_number, cvv"),
    ("x-paybind-signed-fields", "the callback fields its signature covers; the others are not authenticated"),
    ("x-paybind-signature", "the SHA-1 signature of a request or callback: its field, its parts in order, the hash and its text encoding"),
    ("x-paybind-target", "the merchant's endpoint or endpoint group id, appended to each call path"),
    ("x-paybind-values", "each documented value of an enumeration with its description and provenance"),
    ("x-paybind-values-of", "for enumeration values joined into one text: the enumeration"),
    ("x-paybind-separator", "for enumeration values joined into one text: the separator"),
    ("x-paybind-minLength", "a documented minimum length on a value that is not text on the schema's side"),
    ("x-paybind-maxLength", "a documented maximum length on a value that is not text on the schema's side"),
    ("x-paybind-pattern", "a documented pattern on a value that is not text on the schema's side"),
    ("x-paybind-minimum", "a documented minimum on a value that is not a number on the schema's side"),
    ("x-paybind-maximum", "a documented maximum on a value that is not a number on the schema's side"),
    ("x-paybind-currency-field", "for a money field: the form field that carries its currency code"),
    ("x-paybind-variants", "the variants of an endpoint, tried in order by a server"),
];

/// The gateway and the brand being exported.
pub struct Ctx<'g> {
    pub g: &'g Gateway,
    pub brand: Option<&'g Brand>,
}

impl<'g> Ctx<'g> {
    /// Checks `brand` against the gateway's brands.
    pub fn new(g: &'g Gateway, brand: Option<&str>) -> Result<Ctx<'g>, ExportError> {
        let ids = || g.brands.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
        match brand {
            None if g.brands.is_empty() => Ok(Ctx { g, brand: None }),
            None => Err(ExportError::BrandNeeded {
                gateway: g.id.clone(),
                brands: ids(),
            }),
            Some(b) if g.brands.is_empty() => Err(ExportError::NoBrands {
                given: b.to_string(),
                gateway: g.id.clone(),
            }),
            Some(b) => match g.brands.iter().find(|x| x.id == b) {
                Some(found) => Ok(Ctx {
                    g,
                    brand: Some(found),
                }),
                None => Err(ExportError::UnknownBrand {
                    given: b.to_string(),
                    gateway: g.id.clone(),
                    brands: ids(),
                }),
            },
        }
    }

    /// The environments of the brand, or of the gateway.
    pub fn environments(&self) -> &'g [Environment] {
        self.brand.map_or(self.g.environments.as_slice(), |b| {
            b.environments.as_slice()
        })
    }

    /// Whether the brand's documents have the field.
    pub fn has(&self, f: &Field) -> bool {
        match (&f.brands, self.brand) {
            (Some(list), Some(b)) => list.contains(&b.id),
            _ => true,
        }
    }

    /// The field's length limits for the brand: its own where its document differs.
    pub fn lengths(&self, f: &Field) -> (Option<u64>, Option<u64>) {
        let own = self
            .brand
            .and_then(|b| f.per_brand.iter().find(|l| l.brand == b.id));
        match own {
            Some(l) => (l.min_length, l.max_length),
            None => (f.min_length, f.max_length),
        }
    }

    pub fn object(&self, name: &str) -> Option<&'g Object> {
        self.g.objects.iter().find(|o| o.rust == name)
    }
}

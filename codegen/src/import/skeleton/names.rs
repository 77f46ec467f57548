//! The names an existing spec gives (`paybind spec import --names SPEC`). A skeleton keeps
//! them for the items the spec has, matched by what the document states (a code, a path, a
//! parameter's wire name), so that diffing the skeleton against the spec shows what the
//! document changed rather than how the importer would name things.

use heck::ToSnakeCase;

use crate::ir::{camel, Enum, Field, Gateway, Op, Response, Ty};

/// The spec whose names a skeleton keeps, if any.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Names<'g> {
    spec: Option<&'g Gateway>,
}

/// A spec endpoint as the skeleton writes it.
pub(super) struct SpecEndpoint {
    /// The path as the spec spells it.
    pub path: String,
    /// The spec's `name:`, when its request type is not named after its path.
    pub name: Option<String>,
}

impl<'g> Names<'g> {
    pub fn new(spec: Option<&'g Gateway>) -> Names<'g> {
        Names { spec }
    }

    /// The spec's gateway id, when a spec is given.
    pub fn id(&self) -> Option<&'g str> {
        self.spec.map(|g| g.id.as_str())
    }

    /// The spec's variant name and category (as the spec writes it: `hard_decline`) of a
    /// return code.
    pub fn code(&self, code: &str) -> Option<(&'g str, String)> {
        let c = self.spec?.codes.iter().find(|c| c.code == code)?;
        Some((c.rust.as_str(), c.category.variant().to_snake_case()))
    }

    /// The spec's requests at a path, spelled alike up to case and surrounding slashes.
    fn ops_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'g Op> + 'a {
        let key = path_key(path);
        self.spec
            .into_iter()
            .flat_map(|g| g.ops.iter())
            .filter(move |op| path_key(&op.path) == key)
    }

    /// The spec's endpoint at a path.
    pub fn endpoint(&self, path: &str) -> Option<SpecEndpoint> {
        let op = self.ops_at(path).next()?;
        let suffix = op.variant.as_deref().map(camel).unwrap_or_default();
        let base = op.rust.strip_suffix(suffix.as_str()).unwrap_or(&op.rust);
        let name = (base != camel(&op.path) && !base.is_empty()).then(|| base.to_string());
        Some(SpecEndpoint {
            path: op.path.clone(),
            name,
        })
    }

    /// The type the spec's endpoint at a path answers with.
    pub fn response(&self, path: &str) -> Option<&'g str> {
        self.ops_at(path).find_map(|op| match &op.response {
            Response::Object(o) => Some(o.as_str()),
            Response::Text => None,
        })
    }

    /// The spec's object for a sub-form or resource table: the type of the parameter (or
    /// field) with the table's name, else the object named like the table in UpperCamelCase,
    /// whatever the case (`cardholderAccount` gives `CardholderAccount`).
    pub fn object(&self, table: &str) -> Option<&'g str> {
        let g = self.spec?;
        let base: String = camel(table)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let params = g.ops.iter().flat_map(|op| op.params.iter());
        let fields = g.objects.iter().flat_map(|o| o.fields.iter());
        let typed = params.chain(fields).find_map(|f| match &f.ty {
            Ty::Object(o) if f.wire == table => Some(o.as_str()),
            Ty::List(item) if f.wire == table => match item.as_ref() {
                Ty::Object(o) => Some(o.as_str()),
                _ => None,
            },
            _ => None,
        });
        typed.or_else(|| {
            g.objects
                .iter()
                .find(|o| o.rust.eq_ignore_ascii_case(&base))
                .map(|o| o.rust.as_str())
        })
    }

    /// The spec's enum of parameter `wire` of the endpoint at `path`.
    pub fn endpoint_enum(&self, path: &str, wire: &str) -> Option<&'g Enum> {
        let field = self
            .ops_at(path)
            .flat_map(|op| op.params.iter())
            .find(|f| f.wire == wire)?;
        self.enum_of(field)
    }

    /// The spec's enum of field `wire` of the object named `object`.
    pub fn object_enum(&self, object: &str, wire: &str) -> Option<&'g Enum> {
        let o = self.spec?.objects.iter().find(|o| o.rust == object)?;
        self.enum_of(o.fields.iter().find(|f| f.wire == wire)?)
    }

    /// The enum a field's values come from: an enum, a joined list or a list of one.
    fn enum_of(&self, f: &Field) -> Option<&'g Enum> {
        let name = match &f.ty {
            Ty::Enum(e) | Ty::Joined(e, _) => e,
            Ty::List(item) => match item.as_ref() {
                Ty::Enum(e) => e,
                _ => return None,
            },
            _ => return None,
        };
        self.spec?.enums.iter().find(|e| &e.rust == name)
    }
}

/// A path as compared: lowercase, without leading or trailing slashes (`/Payment/TokenDebit`
/// and `payment/tokenDebit` are one path; `payment/token-debit` is another).
fn path_key(path: &str) -> String {
    path.trim_matches('/').to_ascii_lowercase()
}

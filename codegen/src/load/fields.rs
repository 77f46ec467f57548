//! Reading fields (parameters, credentials, object and callback fields) and their types.

use super::*;
use crate::error::Pos;

const FIELD_KEYS: &[&str] = &[
    "use",
    "aliases",
    "type",
    "items",
    "format",
    "required",
    "sensitive",
    "min_length",
    "max_length",
    "min",
    "max",
    "pattern",
    "doc",
    "in",
    "currency_field",
    "brands",
    "per_brand",
    "separator",
    "source",
    "reading",
    "public",
];

/// The keys that go with one type only: key, the types it goes with, the error otherwise.
const TYPE_OPTIONS: &[(&str, &[&str], &str)] = &[
    (
        "separator",
        &["joined"],
        "`separator` goes with `type: joined`",
    ),
    (
        "items",
        &["list", "joined"],
        "`items` goes with `type: list`",
    ),
    ("format", &["date"], "`format` goes with `type: date`"),
];

/// The types named by a word, that take no options.
fn plain_type(name: &str) -> Option<TypeRef> {
    Some(match name {
        "string" => TypeRef::String,
        "integer" => TypeRef::Integer,
        "amount" => TypeRef::Amount,
        "flag" => TypeRef::Flag,
        "boolean" => TypeRef::Boolean,
        "url" => TypeRef::Url,
        "email" => TypeRef::Email,
        "ip" => TypeRef::Ip,
        "money" => TypeRef::Money,
        "return_code" => TypeRef::ReturnCode,
        _ => return None,
    })
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

impl Cx<'_> {
    pub(super) fn fields(&mut self, node: &Node, path: &str) -> Vec<Field> {
        self.named(node, path, Self::field).unwrap_or_default()
    }

    fn field(&mut self, e: &Entry<'_>) -> Option<Field> {
        let m = self.map(e.node, &e.path, FIELD_KEYS)?;
        let uses = self.opt_str_at(&m, "use");
        let aliases = self.opt_list_at(&m, "aliases");
        let ty = self.field_type(&m, uses.is_some());
        let required = self.opt_bool(&m, "required");
        let sensitive = self.opt_pick(&m, "sensitive", "sensitivity", &Sensitivity::ALL);
        let constraints = self.constraints(&m);
        let place = self.opt_str_at(&m, "in");
        let currency_field = self.opt_str_at(&m, "currency_field");
        let brands = self.opt_list_at(&m, "brands");
        let per_brand = self.per_brand(&m);
        let doc = self.opt_str(&m, "doc");
        let provenance = self.provenance(&m);
        if doc.is_none() && uses.is_none() {
            let msg = "missing required key `doc`: every item carries its documentation";
            self.err(m.pos, &m.path, msg);
        }
        Some(Field {
            wire: e.name.to_string(),
            aliases,
            uses,
            ty,
            required,
            sensitive,
            constraints,
            doc,
            place,
            currency_field,
            brands,
            per_brand,
            provenance,
            key: e.path.clone(),
            pos: e.pos,
        })
    }

    /// `type`, required unless the field starts from a shared one (`use`).
    fn field_type(&mut self, m: &Map<'_>, has_use: bool) -> Option<(TypeRef, Pos)> {
        if let Some(n) = m.get("type") {
            return self.type_ref(m, n).map(|t| (t, n.pos));
        }
        if !has_use {
            self.err(m.pos, &m.path, "missing required key `type` (or `use`)");
        }
        for k in ["items", "format"] {
            if let Some(n) = m.get(k) {
                self.err(n.pos, &m.child(k), format!("`{k}` goes with `type`"));
            }
        }
        None
    }

    fn constraints(&mut self, m: &Map<'_>) -> Constraints {
        Constraints {
            min_length: self.setting(m, "min_length"),
            max_length: self.setting(m, "max_length"),
            min: self.setting(m, "min"),
            max: self.setting(m, "max"),
            pattern: self.opt_str_at(m, "pattern"),
        }
    }

    /// `per_brand`: length limits that differ per brand.
    fn per_brand(&mut self, m: &Map<'_>) -> Vec<BrandLimits> {
        m.get("per_brand")
            .and_then(|n| self.named(n, &m.child("per_brand"), Self::brand_limits))
            .unwrap_or_default()
    }

    fn brand_limits(&mut self, e: &Entry<'_>) -> Option<BrandLimits> {
        let m = self.map(e.node, &e.path, &["min_length", "max_length", "doc"])?;
        let doc = self.req_str(&m, "doc").unwrap_or_default();
        Some(BrandLimits {
            brand: e.name.to_string(),
            min_length: self.setting(&m, "min_length"),
            max_length: self.setting(&m, "max_length"),
            doc,
            pos: e.pos,
        })
    }

    /// `type` (the node `n`) of the field `m`, with the keys that go with some types.
    fn type_ref(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let name = self.scalar(n, &m.child("type"))?;
        self.misplaced_type_options(m, &name);
        if let Some(t) = plain_type(&name) {
            return Some(t);
        }
        match name.as_str() {
            "date" => self.date_type(m, n),
            "joined" => self.joined_type(m, n),
            "list" => self.list_type(m, n),
            other if is_type_name(other) => Some(TypeRef::Named(other.to_string())),
            other => {
                let msg = format!("unknown type `{other}`; expected string, integer, amount, money, flag, boolean, date, url, email, ip, return_code, list or a named type (capitalised)");
                self.err(n.pos, &m.child("type"), msg);
                None
            }
        }
    }

    /// `separator`, `items` and `format` on a type they do not go with.
    fn misplaced_type_options(&mut self, m: &Map<'_>, type_name: &str) {
        for (key, types, msg) in TYPE_OPTIONS {
            if types.contains(&type_name) {
                continue;
            }
            if let Some(n) = m.get(key) {
                self.err(n.pos, &m.child(key), *msg);
            }
        }
    }

    /// `type: date` with its `format`.
    fn date_type(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let Some(f) = m.get("format") else {
            self.err(n.pos, &m.child("type"), "`type: date` needs a `format`");
            return None;
        };
        self.pick(f, &m.child("format"), "date format", &DateFormat::ALL)
            .map(TypeRef::Date)
    }

    /// `type: joined`: enum values (`items`) joined with a one-character `separator`.
    fn joined_type(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let items = self.opt_str(m, "items");
        let sep = self.opt_str(m, "separator");
        let mut sep_chars = sep.as_deref().unwrap_or_default().chars();
        match (items, sep_chars.next(), sep_chars.next()) {
            (Some(items), Some(sep), None) => Some(TypeRef::Joined(items, sep)),
            _ => {
                let msg = "`type: joined` needs `items` (an enum) and a one-character `separator`";
                self.err(n.pos, &m.child("type"), msg);
                None
            }
        }
    }

    /// `type: list` of a named type (`items`).
    fn list_type(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let Some(i) = m.get("items") else {
            self.err(n.pos, &m.child("type"), "`type: list` needs `items`");
            return None;
        };
        let item = self.scalar(i, &m.child("items"))?;
        if !is_type_name(&item) {
            let msg = format!("list items must be a named type, found `{item}`");
            self.err(i.pos, &m.child("items"), msg);
            return None;
        }
        Some(TypeRef::List(Box::new(TypeRef::Named(item))))
    }
}

//! Loading named types and fields.

use super::*;

impl Cx<'_> {
    pub(super) fn types(&mut self, node: &Node) -> Vec<TypeDef> {
        let Some(m) = self.open_map(node, "types") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let path = m.child(name);
            let Some(t) = self.map(
                v,
                &path,
                &[
                    "kind", "doc", "values", "fields", "encoding", "wire", "rules",
                ],
            ) else {
                continue;
            };
            let doc = self.req_str(&t, "doc");
            let kind = self.req_str(&t, "kind");
            let body = match kind.as_deref() {
                Some("enum") => {
                    if t.get("fields").is_some() || t.get("encoding").is_some() {
                        self.err(
                            t.pos,
                            &path,
                            "an enum has `values`, not `fields` or `encoding`".to_string(),
                        );
                    }
                    match t.get("values") {
                        Some(vn) => Some(TypeBody::Enum(self.enum_values(vn, &t.child("values")))),
                        None => {
                            self.err(t.pos, &path, "missing required key `values`".to_string());
                            None
                        }
                    }
                }
                Some("object") => {
                    if t.get("values").is_some() {
                        self.err(
                            t.pos,
                            &path,
                            "an object has `fields`, not `values`".to_string(),
                        );
                    }
                    let json_in_form = match t.get("encoding") {
                        None => false,
                        Some(n) => self
                            .pick(
                                n,
                                &t.child("encoding"),
                                "object encoding",
                                &[("json", true)],
                            )
                            .unwrap_or(false),
                    };
                    let fields = match t.get("fields") {
                        Some(f) => self.fields(f, &t.child("fields")),
                        None => {
                            self.err(t.pos, &path, "missing required key `fields`".to_string());
                            Vec::new()
                        }
                    };
                    let rules = t
                        .get("rules")
                        .map(|r| self.rule_refs(r, &t.child("rules")))
                        .unwrap_or_default();
                    Some(TypeBody::Object(ObjectDef {
                        json_in_form,
                        fields,
                        rules,
                    }))
                }
                Some(other) => {
                    let pos = t.get("kind").map_or(t.pos, |n| n.pos);
                    self.err(
                        pos,
                        &t.child("kind"),
                        format!("unknown kind `{other}`; expected enum or object"),
                    );
                    None
                }
                None => None,
            };
            let integer = match t.get("wire") {
                None => false,
                Some(n) => self
                    .pick(
                        n,
                        &t.child("wire"),
                        "enum wire form",
                        &[("string", false), ("integer", true)],
                    )
                    .unwrap_or(false),
            };
            if integer && !matches!(body, Some(TypeBody::Enum(_))) {
                self.err(t.pos, &path, "`wire: integer` applies to enums".to_string());
            }
            if let (Some(doc), Some(body)) = (doc, body) {
                out.push(TypeDef {
                    name: name.to_string(),
                    doc,
                    integer,
                    body,
                    pos: kpos,
                });
            }
        }
        out
    }

    pub(super) fn enum_values(&mut self, node: &Node, path: &str) -> Vec<EnumValue> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (wire, v, kpos) in m.iter() {
            let p = m.child(wire);
            let Some(e) = self.map(v, &p, &["name", "doc"]) else {
                continue;
            };
            let name = self.req_str(&e, "name");
            let doc = self.req_str(&e, "doc");
            if let (Some(name), Some(doc)) = (name, doc) {
                out.push(EnumValue {
                    wire: wire.to_string(),
                    name,
                    doc,
                    pos: kpos,
                });
            }
        }
        if out.is_empty() && self.errors.is_empty() {
            self.err(m.pos, path, "an enum needs at least one value".to_string());
        }
        out
    }

    pub(super) fn fields(&mut self, node: &Node, path: &str) -> Vec<Field> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (wire, v, kpos) in m.iter() {
            if let Some(f) = self.field(wire, v, &m.child(wire), kpos) {
                out.push(f);
            }
        }
        out
    }

    pub(super) fn field(&mut self, wire: &str, node: &Node, path: &str, pos: Pos) -> Option<Field> {
        let m = self.map(
            node,
            path,
            &[
                "use",
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
            ],
        )?;
        let uses = m
            .get("use")
            .and_then(|n| self.scalar(n, &m.child("use")).map(|s| (s, n.pos)));
        let ty = match m.get("type") {
            Some(n) => self.type_ref(&m, n).map(|t| (t, n.pos)),
            None => {
                if uses.is_none() {
                    self.err(
                        m.pos,
                        path,
                        "missing required key `type` (or `use`)".to_string(),
                    );
                }
                for k in ["items", "format"] {
                    if let Some(n) = m.get(k) {
                        self.err(n.pos, &m.child(k), format!("`{k}` goes with `type`"));
                    }
                }
                None
            }
        };
        let required = self.opt_bool(&m, "required");
        let sensitive = m
            .get("sensitive")
            .and_then(|n| self.pick(n, &m.child("sensitive"), "sensitivity", &Sensitivity::ALL));
        let constraints = Constraints {
            min_length: self.setting(&m, "min_length"),
            max_length: self.setting(&m, "max_length"),
            min: self.setting(&m, "min"),
            max: self.setting(&m, "max"),
            pattern: m
                .get("pattern")
                .and_then(|n| self.scalar(n, &m.child("pattern")).map(|s| (s, n.pos))),
        };
        let place = m
            .get("in")
            .and_then(|n| self.scalar(n, &m.child("in")).map(|s| (s, n.pos)));
        let currency_field = m.get("currency_field").and_then(|n| {
            self.scalar(n, &m.child("currency_field"))
                .map(|s| (s, n.pos))
        });
        let brands = m
            .get("brands")
            .and_then(|n| self.str_list(n, &m.child("brands")).map(|b| (b, n.pos)));
        let mut per_brand = Vec::new();
        if let Some(n) = m.get("per_brand") {
            if let Some(pb) = self.open_map(n, &m.child("per_brand")) {
                for (brand, v, kpos) in pb.iter() {
                    let bp = pb.child(brand);
                    if let Some(b) = self.map(v, &bp, &["min_length", "max_length", "doc"]) {
                        let doc = self.req_str(&b, "doc").unwrap_or_default();
                        per_brand.push(BrandLimits {
                            brand: brand.to_string(),
                            min_length: self.setting(&b, "min_length"),
                            max_length: self.setting(&b, "max_length"),
                            doc,
                            pos: kpos,
                        });
                    }
                }
            }
        }
        let doc = self.opt_str(&m, "doc");
        if doc.is_none() && uses.is_none() {
            self.err(
                m.pos,
                path,
                "missing required key `doc`: every item carries its documentation".to_string(),
            );
        }
        Some(Field {
            wire: wire.to_string(),
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
            key: path.to_string(),
            pos,
        })
    }

    pub(super) fn type_ref(&mut self, m: &Map<'_>, n: &Node) -> Option<TypeRef> {
        let name = self.scalar(n, &m.child("type"))?;
        let simple = match name.as_str() {
            "string" => Some(TypeRef::String),
            "integer" => Some(TypeRef::Integer),
            "amount" => Some(TypeRef::Amount),
            "flag" => Some(TypeRef::Flag),
            "boolean" => Some(TypeRef::Boolean),
            "url" => Some(TypeRef::Url),
            "email" => Some(TypeRef::Email),
            "ip" => Some(TypeRef::Ip),
            "money" => Some(TypeRef::Money),
            "return_code" => Some(TypeRef::ReturnCode),
            _ => None,
        };
        if name != "joined" {
            if let Some(i) = m.get("separator") {
                self.err(
                    i.pos,
                    &m.child("separator"),
                    "`separator` goes with `type: joined`".to_string(),
                );
            }
        }
        if name != "list" && name != "joined" {
            if let Some(i) = m.get("items") {
                self.err(
                    i.pos,
                    &m.child("items"),
                    "`items` goes with `type: list`".to_string(),
                );
            }
        }
        if name != "date" {
            if let Some(i) = m.get("format") {
                self.err(
                    i.pos,
                    &m.child("format"),
                    "`format` goes with `type: date`".to_string(),
                );
            }
        }
        if let Some(t) = simple {
            return Some(t);
        }
        match name.as_str() {
            "date" => match m.get("format") {
                Some(f) => self
                    .pick(f, &m.child("format"), "date format", &DateFormat::ALL)
                    .map(TypeRef::Date),
                None => {
                    self.err(
                        n.pos,
                        &m.child("type"),
                        "`type: date` needs a `format`".to_string(),
                    );
                    None
                }
            },
            "joined" => {
                let items = m
                    .get("items")
                    .and_then(|i| self.scalar(i, &m.child("items")));
                let sep = m
                    .get("separator")
                    .and_then(|s| self.scalar(s, &m.child("separator")));
                match (items, sep) {
                    (Some(items), Some(sep)) if sep.chars().count() == 1 => {
                        Some(TypeRef::Joined(items, sep.chars().next().unwrap_or(';')))
                    }
                    _ => {
                        self.err(n.pos, &m.child("type"), "`type: joined` needs `items` (an enum) and a one-character `separator`".to_string());
                        None
                    }
                }
            }
            "list" => match m.get("items") {
                Some(i) => {
                    let item = self.scalar(i, &m.child("items"))?;
                    if item.starts_with(|c: char| c.is_ascii_uppercase()) {
                        Some(TypeRef::List(Box::new(TypeRef::Named(item))))
                    } else {
                        self.err(
                            i.pos,
                            &m.child("items"),
                            format!("list items must be a named type, found `{item}`"),
                        );
                        None
                    }
                }
                None => {
                    self.err(
                        n.pos,
                        &m.child("type"),
                        "`type: list` needs `items`".to_string(),
                    );
                    None
                }
            },
            other if other.starts_with(|c: char| c.is_ascii_uppercase()) => {
                Some(TypeRef::Named(other.to_string()))
            }
            other => {
                self.err(n.pos, &m.child("type"), format!("unknown type `{other}`; expected string, integer, amount, money, flag, boolean, date, url, email, ip, return_code, list or a named type (capitalised)"));
                None
            }
        }
    }
}

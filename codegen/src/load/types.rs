//! Reading `types:`, the named enums and objects.

use super::*;

const TYPE_KEYS: &[&str] = &[
    "kind", "doc", "values", "fields", "encoding", "wire", "rules", "outcome", "source", "reading",
    "public",
];

const WIRE_FORMS: &[(&str, bool)] = &[("string", false), ("integer", true)];

impl Cx<'_> {
    pub(super) fn types(&mut self, node: &Node) -> Vec<TypeDef> {
        self.named(node, "types", Self::type_def)
            .unwrap_or_default()
    }

    fn type_def(&mut self, e: &Entry<'_>) -> Option<TypeDef> {
        let m = self.map(e.node, &e.path, TYPE_KEYS)?;
        let doc = self.req_str(&m, "doc");
        let body = match self.req_str(&m, "kind").as_deref() {
            Some("enum") => self.enum_body(&m),
            Some("object") => self.object_body(&m),
            Some(other) => {
                let pos = m.get("kind").map_or(m.pos, |n| n.pos);
                let msg = format!("unknown kind `{other}`; expected enum or object");
                self.err(pos, &m.child("kind"), msg);
                None
            }
            None => None,
        };
        let integer = self.opt_pick(&m, "wire", "enum wire form", WIRE_FORMS);
        let integer = integer.unwrap_or(false);
        let provenance = self.provenance(&m);
        if integer && !matches!(body, Some(TypeBody::Enum(_))) {
            self.err(m.pos, &m.path, "`wire: integer` applies to enums");
        }
        Some(TypeDef {
            name: e.name.to_string(),
            doc: doc?,
            integer,
            body: body?,
            provenance,
            pos: e.pos,
        })
    }

    fn enum_body(&mut self, m: &Map<'_>) -> Option<TypeBody> {
        if ["fields", "encoding", "outcome"]
            .iter()
            .any(|k| m.get(k).is_some())
        {
            let msg = "an enum has `values`, not `fields`, `encoding` or `outcome`";
            self.err(m.pos, &m.path, msg);
        }
        let values = self.req(m, "values")?;
        Some(TypeBody::Enum(self.enum_values(values, &m.child("values"))))
    }

    fn enum_values(&mut self, node: &Node, path: &str) -> Vec<EnumValue> {
        let Some(values) = self.named(node, path, Self::enum_value) else {
            return Vec::new();
        };
        if values.is_empty() && self.errors.is_empty() {
            self.err(node.pos, path, "an enum needs at least one value");
        }
        values
    }

    fn enum_value(&mut self, e: &Entry<'_>) -> Option<EnumValue> {
        let keys = &["name", "doc", "source", "reading", "public"];
        let m = self.map(e.node, &e.path, keys)?;
        let name = self.req_str(&m, "name");
        let doc = self.req_str(&m, "doc");
        let provenance = self.provenance(&m);
        Some(EnumValue {
            wire: e.name.to_string(),
            name: name?,
            doc: doc?,
            provenance,
            pos: e.pos,
        })
    }

    fn object_body(&mut self, m: &Map<'_>) -> Option<TypeBody> {
        if m.get("values").is_some() {
            self.err(m.pos, &m.path, "an object has `fields`, not `values`");
        }
        let json = self.opt_pick(m, "encoding", "object encoding", &[("json", true)]);
        let fields = self
            .req(m, "fields")
            .map(|f| self.fields(f, &m.child("fields")));
        let rules = self.rules_of(m);
        let outcome = self.outcome_cases(m);
        Some(TypeBody::Object(ObjectDef {
            json_in_form: json.unwrap_or(false),
            fields: fields.unwrap_or_default(),
            rules,
            outcome,
        }))
    }
}

//! Lowering endpoints: one request type per endpoint variant, with its parameters, path,
//! body and decoding, lookup, rules and signature.

use std::collections::{BTreeMap, BTreeSet};

use super::choices::choices;
use super::model::*;
use super::names::{camel, is_ident, snake};
use super::types::mark;
use super::Lower;
use crate::error::Pos;
use crate::spec::{self, TypeBody};

impl<'s> Lower<'s> {
    pub(super) fn ops(&mut self, objects: &[Object]) -> Vec<Op> {
        let spec: &'s spec::Spec = self.spec;
        let mut names: BTreeMap<String, Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for e in &spec.endpoints {
            let Some(response) = self.response(e) else {
                continue;
            };
            self.check_money_lookup(e);
            let credentials = self.endpoint_credentials(e);
            for v in &e.variants {
                let rust = self.request_name(e, v, &mut names);
                let params = self.params(e, v, &credentials);
                out.push(self.op(e, v, rust, params, &credentials, &response, objects));
            }
        }
        let searched: BTreeSet<&str> = spec
            .endpoints
            .iter()
            .filter_map(|e| e.lookup.as_ref())
            .flat_map(|l| [Some(l.by.as_str()), l.as_.as_deref()])
            .flatten()
            .collect();
        for op in &mut out {
            op.reference = reference(op, &searched);
        }
        out
    }

    fn response(&mut self, e: &spec::Endpoint) -> Option<Response> {
        let (n, p) = match &e.response {
            spec::ResponseRef::Text => return Some(Response::Text),
            spec::ResponseRef::Named(n, p) => (n, p),
        };
        let message = match self.type_def(n).map(|t| &t.body) {
            Some(TypeBody::Object(_)) => return Some(Response::Object(n.clone())),
            Some(TypeBody::Enum(_)) => {
                format!("`{n}` is an enum; an answer is an object type or `text`")
            }
            None => format!("`{n}` is not a type of this spec (see `types:`)"),
        };
        self.err(*p, &format!("{}.response", e.key), message);
        None
    }

    fn check_money_lookup(&mut self, e: &spec::Endpoint) {
        if e.lookup.is_some() && !e.moves_money {
            self.err(e.pos, &format!("{}.lookup", e.key), "`lookup` says how to find a money-moving call's outcome; this endpoint does not move money".to_string());
        }
        if e.moves_money && e.lookup.is_none() {
            self.err(e.pos, &e.key, "an endpoint that moves money needs `lookup`: how to find its outcome after a timeout".to_string());
        }
    }

    /// The credentials an endpoint takes, in gateway order.
    fn endpoint_credentials(&mut self, e: &spec::Endpoint) -> Vec<Field> {
        let Some(list) = &e.credentials else {
            return self.credentials.clone();
        };
        for (c, p) in list {
            if !self.credentials.iter().any(|x| &x.wire == c) {
                let message = format!("`{c}` is not a credential of this gateway");
                self.err(*p, &format!("{}.credentials", e.key), message);
            }
        }
        self.credentials
            .iter()
            .filter(|c| list.iter().any(|(l, _)| *l == c.wire))
            .cloned()
            .collect()
    }

    fn request_name(
        &mut self,
        e: &spec::Endpoint,
        v: &spec::Variant,
        names: &mut BTreeMap<String, Pos>,
    ) -> String {
        let mut rust = match &e.name {
            Some((n, p)) => {
                if !is_ident(n) || camel(n) != *n {
                    let message = format!("`{n}` is not an UpperCamelCase type name");
                    self.err(*p, &format!("{}.name", e.key), message);
                }
                n.clone()
            }
            None => camel(&e.path),
        };
        if let Some(n) = &v.name {
            rust.push_str(&camel(n));
        }
        if let Some(first) = names.insert(rust.clone(), v.pos) {
            let message = format!(
                "the request type name `{rust}` is already used (line {})",
                first.line
            );
            self.err(v.pos, &e.key, message);
        }
        if self.type_def(&rust).is_some() {
            let message = format!("the request type name `{rust}` clashes with a type of `types:`");
            self.err(v.pos, &e.key, message);
        }
        rust
    }

    fn params(&mut self, e: &spec::Endpoint, v: &spec::Variant, creds: &[Field]) -> Vec<Field> {
        let params: Vec<Field> = v.params.iter().filter_map(|p| self.field(p)).collect();
        let form = self.spec.gateway.request_encoding == spec::RequestEncoding::Form;
        for p in &params {
            if creds.iter().any(|c| c.wire == p.wire) {
                let message = format!("`{}` is a credential; the client sends it", p.wire);
                self.err(p.pos, &p.key, message);
            }
            if let (Ty::List(_), true) = (&p.ty, form) {
                self.err(
                    p.pos,
                    &p.key,
                    "a form parameter cannot be a list".to_string(),
                );
            }
        }
        self.unique_rust_names(&params, &e.key);
        self.unique_aliases(&params, creds);
        for p in &params {
            if let Some(cf) = &p.currency_field {
                if params.iter().any(|q| &q.wire == cf) {
                    self.err(p.pos, &p.key, format!("`{cf}` is written from this money field; it cannot also be a parameter"));
                }
            }
        }
        params
    }

    /// An alias names no other parameter or credential of the request, nor another's alias.
    fn unique_aliases(&mut self, params: &[Field], creds: &[Field]) {
        for (i, p) in params.iter().enumerate() {
            for a in &p.aliases {
                let named = params
                    .iter()
                    .chain(creds)
                    .find(|q| &q.wire == a && q.wire != p.wire);
                let aliased = params[..i].iter().find(|q| q.aliases.contains(a));
                let message = match (named, aliased) {
                    (Some(q), _) => format!(
                        "the alias `{a}` of `{}` is the wire name of `{}`",
                        p.wire, q.wire
                    ),
                    (None, Some(q)) => format!(
                        "the alias `{a}` of `{}` is also an alias of `{}`",
                        p.wire, q.wire
                    ),
                    (None, None) => continue,
                };
                self.err(p.pos, &format!("{}.aliases", p.key), message);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn op(
        &mut self,
        e: &spec::Endpoint,
        v: &spec::Variant,
        rust: String,
        mut params: Vec<Field>,
        credentials: &[Field],
        response: &Response,
        objects: &[Object],
    ) -> Op {
        let method = self.http_method(e);
        let path_parts = self.path_parts(e, &params);
        for p in &mut params {
            p.in_path = path_parts
                .iter()
                .any(|pp| matches!(pp, PathPart::Param(f) if f.wire == p.wire));
        }
        for p in params.iter().filter(|p| p.in_path && !p.aliases.is_empty()) {
            let message = format!("`{}` travels in the path, where no name is sent: `aliases` apply to body parameters", p.wire);
            self.err(p.pos, &p.key, message);
        }
        if method == HttpMethod::Get && params.iter().any(|p| !p.in_path) {
            let message = "a GET endpoint carries its parameters in its path only";
            self.err(e.pos, &e.key, message.to_string());
        }
        let rules = self.rules(&v.rules, &params);
        let choices = choices(&rust, &rules);
        let signature = self.request_signature(e, &params);
        let lookup = e.lookup.as_ref().map(|l| self.lookup(e, l, &params));
        let form_credentials: Vec<Field> = credentials
            .iter()
            .filter(|c| c.place == Place::Form)
            .cloned()
            .collect();
        let (body, decode) = self.body_and_decode(method, &params);
        let endpoint = self.provenance(&e.provenance);
        let provenance = self.provenance(&v.provenance).or(&endpoint);
        let what = format!("endpoint `{}`", e.path);
        self.require_provenance(&provenance, v.pos, &e.key, &what);
        Op {
            provenance,
            doc: op_doc(e, v, method),
            sensitive_names: sensitive_names(&params, &form_credentials, objects),
            wire_names: wire_names(&params, &form_credentials, signature.as_ref()),
            path: e.path.clone(),
            variant: v.name.clone(),
            path_parts,
            http_method: method,
            method: snake(&rust),
            rust,
            moves_money: e.moves_money,
            lookup,
            reference: None,
            form_credentials,
            params,
            choices,
            rules,
            response: response.clone(),
            signature,
            body,
            decode,
        }
    }

    fn http_method(&mut self, e: &spec::Endpoint) -> HttpMethod {
        match e.method.as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            other => {
                let message = format!("`{other}` is not a method; expected GET or POST");
                self.err(e.pos, &format!("{}.method", e.key), message);
                HttpMethod::Post
            }
        }
    }

    fn body_and_decode(&self, method: HttpMethod, params: &[Field]) -> (BodyKind, Decode) {
        if self.spec.gateway.request_encoding == spec::RequestEncoding::Form {
            return (
                BodyKind::Form,
                Decode::Form {
                    money: money_merge(params),
                },
            );
        }
        match method {
            HttpMethod::Get => (BodyKind::Empty, Decode::Path),
            HttpMethod::Post => (BodyKind::Json, Decode::Json),
        }
    }

    fn request_signature(&mut self, e: &spec::Endpoint, params: &[Field]) -> Option<Signature> {
        let sig = e.signature.as_ref()?;
        if params.iter().any(|p| p.wire == sig.field) {
            self.err(
                sig.pos,
                &format!("{}.signature.field", e.key),
                format!(
                    "`{}` is computed by the client; it cannot also be a parameter",
                    sig.field
                ),
            );
        }
        if sig.sorted_values.is_some() {
            self.err(
                sig.pos,
                &format!("{}.signature.sorted_values", e.key),
                "`sorted_values` signs callbacks, not requests".to_string(),
            );
        }
        Some(self.signature(sig, params, &format!("{}.signature", e.key)))
    }

    fn lookup(&mut self, e: &spec::Endpoint, l: &spec::Lookup, params: &[Field]) -> Lookup {
        let spec: &'s spec::Spec = self.spec;
        let name = l.as_.clone().unwrap_or_else(|| l.by.clone());
        match spec.endpoints.iter().find(|x| x.path == l.endpoint) {
            Some(target) => {
                let takes = |tv: &spec::Variant| tv.params.iter().any(|p| p.wire == name);
                if !target.variants.iter().any(takes) {
                    let message = format!("`{}` does not take a parameter `{}`", l.endpoint, l.by);
                    self.err(l.pos, &format!("{}.lookup.by", e.key), message);
                }
            }
            None => {
                let message = format!("`{}` is not an endpoint of this spec", l.endpoint);
                self.err(l.pos, &format!("{}.lookup.endpoint", e.key), message);
            }
        }
        let field = params.iter().find(|p| p.wire == l.by);
        match field {
            Some(p) if p.required && p.ty == Ty::String && p.sensitive.is_none() => {}
            _ => self.err(
                l.pos,
                &format!("{}.lookup.by", e.key),
                format!(
                    "`{}` must be a required, non-sensitive string parameter of this endpoint",
                    l.by
                ),
            ),
        }
        Lookup {
            endpoint: l.endpoint.clone(),
            field: field.map_or_else(|| snake(&l.by), |p| p.rust.clone()),
            name,
        }
    }

    /// Splits an endpoint path into literals and `{placeholders}`, each a path credential or
    /// a required string parameter.
    pub(super) fn path_parts(&mut self, e: &spec::Endpoint, params: &[Field]) -> Vec<PathPart> {
        let mut out = Vec::new();
        let mut rest = e.path.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                out.push(PathPart::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.err(e.pos, &e.key, "unclosed `{` in the path".to_string());
                return out;
            };
            let name = &rest[open + 1..open + close];
            if let Some(part) = self.placeholder(e, name, params) {
                out.push(part);
            }
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            self.err(e.pos, &e.key, "unbalanced `}` in the path".to_string());
        }
        if !rest.is_empty() {
            out.push(PathPart::Literal(rest.to_string()));
        }
        out
    }

    fn placeholder(
        &mut self,
        e: &spec::Endpoint,
        name: &str,
        params: &[Field],
    ) -> Option<PathPart> {
        let credential = self
            .credentials
            .iter()
            .find(|c| c.wire == name && c.place == Place::Path);
        if let Some(c) = credential {
            return Some(PathPart::Credential(c.clone()));
        }
        let Some(p) = params.iter().find(|p| p.wire == name) else {
            let message =
                format!("`{{{name}}}` is neither a path credential (`in: path`) nor a parameter");
            self.err(e.pos, &e.key, message);
            return None;
        };
        if !(p.required && p.ty == Ty::String && p.sensitive.is_none()) {
            let message =
                format!("`{name}` is in the path: it must be a required, non-sensitive string");
            self.err(p.pos, &p.key, message);
        }
        Some(PathPart::Param(p.clone()))
    }
}

/// Each money field with the field carrying its currency, joined before decoding: its own
/// `currency_field`, else the request's first one (an amount "in the same format as amount").
fn money_merge(params: &[Field]) -> Vec<MoneyMerge> {
    let Some(request_currency) = params.iter().find_map(|p| p.currency_field.clone()) else {
        return Vec::new();
    };
    params
        .iter()
        .filter(|p| p.ty == Ty::Money)
        .map(|p| MoneyMerge {
            amount: p.wire.clone(),
            currency_field: p
                .currency_field
                .clone()
                .unwrap_or_else(|| request_currency.clone()),
        })
        .collect()
}

/// The request type's doc: the endpoint's, its variant's, the call.
fn op_doc(e: &spec::Endpoint, v: &spec::Variant, method: HttpMethod) -> String {
    let mut text = e.doc.clone();
    if !v.doc.is_empty() {
        text.push_str("\n\n");
        text.push_str(&v.doc);
    }
    text.push_str(&format!("\n\n`{} {{base}}/{}`", method.as_str(), e.path));
    if e.moves_money {
        text.push_str(". Moves money: a timeout ends in `Error::OutcomeUnknown`, never a resend.");
    }
    text
}

/// The wire names to redact when a request is shown: sensitive parameters, credentials and
/// fields of the objects it sends, sorted.
fn sensitive_names(params: &[Field], creds: &[Field], objects: &[Object]) -> Vec<String> {
    let mut reachable = BTreeSet::new();
    for p in params {
        mark(&p.ty, objects, &mut reachable);
    }
    let nested = objects
        .iter()
        .filter(|o| reachable.contains(&o.rust))
        .flat_map(|o| o.fields.iter());
    let names: BTreeSet<String> = params
        .iter()
        .chain(creds)
        .chain(nested)
        .filter(|f| f.sensitive.is_some())
        .map(|f| f.wire.clone())
        .collect();
    names.into_iter().collect()
}

/// The top-level names a request defines: parameters with their aliases and currency
/// fields, the credentials in its form, its signature field; sorted.
fn wire_names(params: &[Field], creds: &[Field], signature: Option<&Signature>) -> Vec<String> {
    let mut names = BTreeSet::new();
    for p in params {
        names.insert(p.wire.clone());
        names.extend(p.aliases.iter().cloned());
        names.extend(p.currency_field.iter().cloned());
    }
    names.extend(creds.iter().map(|c| c.wire.clone()));
    names.extend(signature.map(|s| s.field.clone()));
    names.into_iter().collect()
}

/// The field a call's span shows as the merchant's reference: a money-moving call's lookup
/// field, else the first non-sensitive text parameter named like a field some lookup
/// searches by.
fn reference(op: &Op, searched: &BTreeSet<&str>) -> Option<Reference> {
    if let Some(l) = &op.lookup {
        return Some(Reference {
            field: l.field.clone(),
            required: true,
        });
    }
    op.params
        .iter()
        .find(|p| searched.contains(p.wire.as_str()) && p.ty == Ty::String && p.sensitive.is_none())
        .map(|p| Reference {
            field: p.rust.clone(),
            required: p.required,
        })
}

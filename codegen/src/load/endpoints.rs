//! Reading `endpoints:`: each call, its request shapes (variants) and signatures.

use super::*;
use crate::error::Pos;
use crate::yaml::Kind;

const ENDPOINT_KEYS: &[&str] = &[
    "doc",
    "response",
    "moves_money",
    "lookup",
    "credentials",
    "params",
    "rules",
    "variants",
    "signature",
    "method",
    "name",
    "source",
    "reading",
    "public",
];

const METHODS: &[(&str, &str)] = &[("GET", "GET"), ("POST", "POST")];

/// The keys of a signature part written as a one-key mapping.
const SIGNATURE_PART_KEYS: &[&str] = &["param", "minor_units", "currency_of", "credential"];

/// An endpoint path such as `payment/find`: no leading slash, `{name}` placeholders.
fn is_endpoint_path(path: &str) -> bool {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"/_-{}".contains(&b);
    !path.is_empty() && !path.starts_with('/') && path.bytes().all(allowed)
}

impl Cx<'_> {
    pub(super) fn endpoints(&mut self, node: &Node) -> Vec<Endpoint> {
        self.named(node, "endpoints", Self::endpoint)
            .unwrap_or_default()
    }

    fn endpoint(&mut self, e: &Entry<'_>) -> Option<Endpoint> {
        let m = self.map(e.node, &e.path, ENDPOINT_KEYS)?;
        if !is_endpoint_path(e.name) {
            let msg = format!(
                "`{}` is not an endpoint path such as payment/find (no leading slash)",
                e.name
            );
            self.err(e.pos, &e.path, msg);
        }
        let doc = self.req_str(&m, "doc");
        let response = self.response(&m);
        let moves_money = self.opt_bool(&m, "moves_money");
        let lookup = m
            .get("lookup")
            .and_then(|n| self.lookup(n, &m.child("lookup")));
        let signature = m
            .get("signature")
            .and_then(|n| self.signature(n, &m.child("signature")));
        let credentials = self.endpoint_credentials(&m);
        let variants = self.request_shapes(&m);
        let name = self.opt_str_at(&m, "name");
        let method = self.opt_pick(&m, "method", "HTTP method", METHODS);
        let provenance = self.provenance(&m);
        Some(Endpoint {
            path: e.name.to_string(),
            method: method.unwrap_or("POST").to_string(),
            name,
            doc: doc?,
            response: response?,
            moves_money: moves_money.unwrap_or(false),
            lookup,
            signature,
            credentials,
            variants,
            provenance,
            key: e.path.clone(),
            pos: e.pos,
        })
    }

    /// `response`: `text`, or the named type of the decoded answer.
    fn response(&mut self, m: &Map<'_>) -> Option<ResponseRef> {
        let n = self.req(m, "response")?;
        let r = self.scalar(n, &m.child("response"))?;
        Some(if r == "text" {
            ResponseRef::Text
        } else {
            ResponseRef::Named(r, n.pos)
        })
    }

    /// `lookup`: the call that finds out a money-moving call's unknown outcome.
    fn lookup(&mut self, n: &Node, path: &str) -> Option<Lookup> {
        let m = self.map(n, path, &["endpoint", "by", "as"])?;
        Some(Lookup {
            endpoint: self.req_str(&m, "endpoint")?,
            by: self.req_str(&m, "by")?,
            as_: self.opt_str(&m, "as"),
            pos: m.pos,
        })
    }

    /// `credentials`: the ones this call takes, each at the position of the list.
    fn endpoint_credentials(&mut self, m: &Map<'_>) -> Option<Vec<(String, Pos)>> {
        let (names, pos) = self.opt_list_at(m, "credentials")?;
        Some(names.into_iter().map(|c| (c, pos)).collect())
    }

    /// An endpoint has one request shape (`params`, `rules`) or several (`variants`).
    fn request_shapes(&mut self, m: &Map<'_>) -> Vec<Variant> {
        match (m.get("variants"), m.get("params")) {
            (Some(v), None) => {
                if let Some(r) = m.get("rules") {
                    let msg = "with `variants`, each variant has its own `rules`";
                    self.err(r.pos, &m.child("rules"), msg);
                }
                self.variants(v, &m.child("variants"))
            }
            (None, Some(params)) => {
                let rules = self.rules_of(m);
                vec![Variant {
                    name: None,
                    doc: String::new(),
                    params: self.fields(params, &m.child("params")),
                    rules,
                    provenance: Provenance::default(),
                    pos: params.pos,
                }]
            }
            _ => {
                let msg = "an endpoint has exactly one of `params` or `variants`";
                self.err(m.pos, &m.path, msg);
                Vec::new()
            }
        }
    }

    fn variants(&mut self, node: &Node, path: &str) -> Vec<Variant> {
        let Some(variants) = self.named(node, path, Self::variant) else {
            return Vec::new();
        };
        if variants.len() < 2 && self.errors.is_empty() {
            self.err(
                node.pos,
                path,
                "`variants` lists at least two request shapes",
            );
        }
        variants
    }

    fn variant(&mut self, e: &Entry<'_>) -> Option<Variant> {
        let m = self.map(
            e.node,
            &e.path,
            &["doc", "params", "rules", "source", "reading", "public"],
        )?;
        let doc = self.req_str(&m, "doc");
        let params = self
            .req(&m, "params")
            .map(|p| self.fields(p, &m.child("params")));
        let rules = self.rules_of(&m);
        Some(Variant {
            name: Some(e.name.to_string()),
            doc: doc?,
            params: params.unwrap_or_default(),
            rules,
            provenance: self.provenance(&m),
            pos: e.pos,
        })
    }

    pub(super) fn signature(&mut self, n: &Node, path: &str) -> Option<Signature> {
        let m = self.map(n, path, &["field", "parts", "sorted_values"])?;
        let field = self.req_str(&m, "field");
        let sorted_values = m
            .get("sorted_values")
            .and_then(|s| self.map(s, &m.child("sorted_values"), &["separator"]))
            .and_then(|s| self.req_str(&s, "separator"));
        let parts_path = m.child("parts");
        let items = self
            .req(&m, "parts")
            .and_then(|p| self.seq(p, &parts_path))?;
        let parts = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| self.signature_part(it, &format!("{parts_path}[{i}]")))
            .collect();
        Some(Signature {
            field: field?,
            sorted_values,
            parts,
            pos: m.pos,
        })
    }

    /// A signature part: `target_id`, or a one-key mapping naming a value.
    fn signature_part(&mut self, it: &Node, path: &str) -> Option<(SigPart, Pos)> {
        match &it.kind {
            Kind::Scalar { text, .. } if text == "target_id" => Some((SigPart::TargetId, it.pos)),
            Kind::Map(_) => self.keyed_signature_part(it, path).map(|p| (p, it.pos)),
            _ => {
                let msg = "a signature part is `target_id` or a one-key mapping (param, minor_units, currency_of, credential)";
                self.err(it.pos, path, msg);
                None
            }
        }
    }

    fn keyed_signature_part(&mut self, it: &Node, path: &str) -> Option<SigPart> {
        let m = self.map(it, path, SIGNATURE_PART_KEYS)?;
        let Some(k) = m.only_one_of(SIGNATURE_PART_KEYS) else {
            let msg = format!(
                "a signature part is `target_id` or one of: {}",
                SIGNATURE_PART_KEYS.join(", ")
            );
            self.err(m.pos, path, msg);
            return None;
        };
        let v = self.req_str(&m, k)?;
        Some(match k {
            "param" => SigPart::Param(v),
            "minor_units" => SigPart::MinorUnits(v),
            "currency_of" => SigPart::CurrencyOf(v),
            _ => SigPart::Credential(v),
        })
    }
}

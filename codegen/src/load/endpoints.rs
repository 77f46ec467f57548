//! Loading endpoints, their variants and signatures.

use super::*;

impl Cx<'_> {
    pub(super) fn endpoints(&mut self, node: &Node) -> Vec<Endpoint> {
        let Some(m) = self.open_map(node, "endpoints") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path_name, v, kpos) in m.iter() {
            let path = m.child(path_name);
            let Some(e) = self.map(
                v,
                &path,
                &[
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
                ],
            ) else {
                continue;
            };
            if path_name.is_empty()
                || path_name.starts_with('/')
                || !path_name.bytes().all(|b| {
                    b.is_ascii_alphanumeric()
                        || b == b'/'
                        || b == b'_'
                        || b == b'-'
                        || b == b'{'
                        || b == b'}'
                })
            {
                self.err(kpos, &path, format!("`{path_name}` is not an endpoint path such as payment/find (no leading slash)"));
            }
            let doc = self.req_str(&e, "doc");
            let response = match e.get("response") {
                Some(n) => self.scalar(n, &e.child("response")).map(|r| {
                    if r == "text" {
                        ResponseRef::Text
                    } else {
                        ResponseRef::Named(r, n.pos)
                    }
                }),
                None => {
                    self.err(e.pos, &path, "missing required key `response`".to_string());
                    None
                }
            };
            let moves_money = self.opt_bool(&e, "moves_money").unwrap_or(false);
            let lookup = e.get("lookup").and_then(|n| {
                let l = self.map(n, &e.child("lookup"), &["endpoint", "by", "as"])?;
                Some(Lookup {
                    endpoint: self.req_str(&l, "endpoint")?,
                    by: self.req_str(&l, "by")?,
                    as_: self.opt_str(&l, "as"),
                    pos: l.pos,
                })
            });
            let signature = e
                .get("signature")
                .and_then(|n| self.signature(n, &e.child("signature")));
            let credentials = e.get("credentials").and_then(|n| {
                let list = self.str_list(n, &e.child("credentials"))?;
                Some(list.into_iter().map(|c| (c, n.pos)).collect())
            });
            let variants = match (e.get("variants"), e.get("params")) {
                (Some(vn), None) => {
                    if let Some(r) = e.get("rules") {
                        self.err(
                            r.pos,
                            &e.child("rules"),
                            "with `variants`, each variant has its own `rules`".to_string(),
                        );
                    }
                    self.variants(vn, &e.child("variants"))
                }
                (None, Some(pn)) => {
                    let rules = e
                        .get("rules")
                        .map(|r| self.rule_refs(r, &e.child("rules")))
                        .unwrap_or_default();
                    vec![Variant {
                        name: None,
                        doc: String::new(),
                        params: self.fields(pn, &e.child("params")),
                        rules,
                        pos: pn.pos,
                    }]
                }
                _ => {
                    self.err(
                        e.pos,
                        &path,
                        "an endpoint has exactly one of `params` or `variants`".to_string(),
                    );
                    Vec::new()
                }
            };
            let name = e
                .get("name")
                .and_then(|n| self.scalar(n, &e.child("name")).map(|s| (s, n.pos)));
            let method = match e.get("method") {
                None => "POST",
                Some(n) => self
                    .pick(
                        n,
                        &e.child("method"),
                        "HTTP method",
                        &[("GET", "GET"), ("POST", "POST")],
                    )
                    .unwrap_or("POST"),
            }
            .to_string();
            if let (Some(doc), Some(response)) = (doc, response) {
                out.push(Endpoint {
                    path: path_name.to_string(),
                    method,
                    name,
                    doc,
                    response,
                    moves_money,
                    lookup,
                    signature,
                    credentials,
                    variants,
                    key: path,
                    pos: kpos,
                });
            }
        }
        out
    }

    pub(super) fn variants(&mut self, node: &Node, path: &str) -> Vec<Variant> {
        let Some(m) = self.open_map(node, path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v, kpos) in m.iter() {
            let p = m.child(name);
            let Some(vm) = self.map(v, &p, &["doc", "params", "rules"]) else {
                continue;
            };
            let doc = self.req_str(&vm, "doc");
            let params = match vm.get("params") {
                Some(pn) => self.fields(pn, &vm.child("params")),
                None => {
                    self.err(vm.pos, &p, "missing required key `params`".to_string());
                    Vec::new()
                }
            };
            let rules = vm
                .get("rules")
                .map(|r| self.rule_refs(r, &vm.child("rules")))
                .unwrap_or_default();
            if let Some(doc) = doc {
                out.push(Variant {
                    name: Some(name.to_string()),
                    doc,
                    params,
                    rules,
                    pos: kpos,
                });
            }
        }
        if out.len() < 2 && self.errors.is_empty() {
            self.err(
                m.pos,
                path,
                "`variants` lists at least two request shapes".to_string(),
            );
        }
        out
    }

    pub(super) fn signature(&mut self, n: &Node, path: &str) -> Option<Signature> {
        let m = self.map(n, path, &["field", "parts", "sorted_values"])?;
        let field = self.req_str(&m, "field");
        let sorted_values = m.get("sorted_values").and_then(|sv| {
            let s = self.map(sv, &m.child("sorted_values"), &["separator"])?;
            self.req_str(&s, "separator")
        });
        let Some(pn) = m.get("parts") else {
            self.err(m.pos, path, "missing required key `parts`".to_string());
            return None;
        };
        let Kind::Seq(items) = &pn.kind else {
            self.err(
                pn.pos,
                &m.child("parts"),
                format!("expected a list, found {}", pn.kind_name()),
            );
            return None;
        };
        let mut parts = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let ip = format!("{}[{i}]", m.child("parts"));
            match &it.kind {
                Kind::Scalar { text, .. } if text == "target_id" => parts.push((SigPart::TargetId, it.pos)),
                Kind::Map(_) => {
                    let kinds = ["param", "minor_units", "currency_of", "credential"];
                    let Some(pm) = self.map(it, &ip, &kinds) else {
                        continue;
                    };
                    let present: Vec<&str> = kinds.iter().copied().filter(|k| pm.get(k).is_some()).collect();
                    if present.len() != 1 {
                        self.err(pm.pos, &ip, format!("a signature part is `target_id` or one of: {}", kinds.join(", ")));
                        continue;
                    }
                    let k = present[0];
                    let Some(v) = pm.get(k).and_then(|v| self.scalar(v, &pm.child(k))) else {
                        continue;
                    };
                    let part = match k {
                        "param" => SigPart::Param(v),
                        "minor_units" => SigPart::MinorUnits(v),
                        "currency_of" => SigPart::CurrencyOf(v),
                        _ => SigPart::Credential(v),
                    };
                    parts.push((part, it.pos));
                }
                _ => self.err(it.pos, &ip, "a signature part is `target_id` or a one-key mapping (param, minor_units, currency_of, credential)".to_string()),
            }
        }
        Some(Signature {
            field: field?,
            sorted_values,
            parts,
            pos: m.pos,
        })
    }
}

//! Reads a YAML node tree into the spec model.
//!
//! Loading is strict: an unknown key, a value of the wrong shape or an unknown type name is
//! an error naming the file, line and key. Errors are collected, not stopped at, so that one
//! run reports everything it can.

use crate::error::{Pos, SpecError, SpecErrors};
use crate::spec::*;
use crate::yaml::{self, Kind, Node};

/// The spec language version this generator reads.
pub const LANGUAGE_VERSION: &str = "1";

/// Loads and checks the shape of one spec file's text.
pub fn load_str(file: &str, source: &str) -> Result<Spec, SpecErrors> {
    let root = yaml::parse(file, source)?;
    let mut cx = Cx {
        file,
        errors: Vec::new(),
    };
    let spec = cx.spec(&root);
    match spec {
        Some(s) if cx.errors.is_empty() => Ok(s),
        _ => {
            if cx.errors.is_empty() {
                cx.err(root.pos, "", "the spec could not be read".to_string());
            }
            Err(SpecErrors(cx.errors))
        }
    }
}

mod endpoints;
mod rules;
mod types;

struct Cx<'f> {
    file: &'f str,
    errors: Vec<SpecError>,
}

/// A mapping node being read, with its key path.
struct Map<'n> {
    entries: &'n [(Node, Node)],
    path: String,
    pos: Pos,
}

fn key_text(k: &Node) -> &str {
    match &k.kind {
        Kind::Scalar { text, .. } => text,
        _ => "",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'n> Map<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == key)
            .map(|(_, v)| v)
    }
    fn child(&self, key: &str) -> String {
        join(&self.path, key)
    }
    fn iter(&self) -> impl Iterator<Item = (&'n str, &'n Node, Pos)> {
        self.entries.iter().map(|(k, v)| (key_text(k), v, k.pos))
    }
}

impl<'f> Cx<'f> {
    fn err(&mut self, pos: Pos, key: &str, message: String) {
        self.errors
            .push(SpecError::new(self.file, pos, key, message));
    }

    fn map<'n>(&mut self, node: &'n Node, path: &str, allowed: &[&str]) -> Option<Map<'n>> {
        match &node.kind {
            Kind::Map(entries) => {
                let m = Map {
                    entries,
                    path: path.to_string(),
                    pos: node.pos,
                };
                for (k, _, kpos) in m.iter() {
                    if !allowed.contains(&k) {
                        let msg =
                            format!("unknown key `{k}`; expected one of: {}", allowed.join(", "));
                        self.err(kpos, &m.child(k), msg);
                    }
                }
                Some(m)
            }
            _ => {
                let msg = format!("expected a mapping, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    /// A map whose keys are names chosen by the spec author (types, endpoints...).
    fn open_map<'n>(&mut self, node: &'n Node, path: &str) -> Option<Map<'n>> {
        match &node.kind {
            Kind::Map(entries) => Some(Map {
                entries,
                path: path.to_string(),
                pos: node.pos,
            }),
            _ if node.is_null() => Some(Map {
                entries: &[],
                path: path.to_string(),
                pos: node.pos,
            }),
            _ => {
                let msg = format!("expected a mapping, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    fn scalar(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
            _ => {
                let msg = format!("expected a value, found {}", node.kind_name());
                self.err(node.pos, path, msg);
                None
            }
        }
    }

    fn req_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        match m.get(key) {
            Some(n) => self.scalar(n, &m.child(key)),
            None => {
                self.err(m.pos, &m.path, format!("missing required key `{key}`"));
                None
            }
        }
    }

    fn req_list(&mut self, m: &Map<'_>, key: &str) -> Option<Vec<String>> {
        match m.get(key) {
            Some(n) => self.str_list(n, &m.child(key)),
            None => {
                self.err(m.pos, &m.path, format!("missing required key `{key}`"));
                None
            }
        }
    }

    fn opt_str(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        m.get(key).and_then(|n| self.scalar(n, &m.child(key)))
    }

    fn opt_bool(&mut self, m: &Map<'_>, key: &str) -> Option<bool> {
        let n = m.get(key)?;
        match self.scalar(n, &m.child(key))?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                let msg = format!("expected true or false, found `{other}`");
                self.err(n.pos, &m.child(key), msg);
                None
            }
        }
    }

    fn int<T: std::str::FromStr>(&mut self, n: &Node, path: &str) -> Option<T> {
        let text = self.scalar(n, path)?;
        match text.parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                let msg = format!("expected a whole number, found `{text}`");
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn setting<T: std::str::FromStr>(&mut self, m: &Map<'_>, key: &str) -> Setting<T> {
        match m.get(key) {
            None => Setting::Inherit,
            Some(n) if n.is_null() => Setting::Cleared,
            Some(n) => match self.int(n, &m.child(key)) {
                Some(v) => Setting::Set(v, n.pos),
                None => Setting::Inherit,
            },
        }
    }

    fn str_list(&mut self, n: &Node, path: &str) -> Option<Vec<String>> {
        match &n.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, it)| self.scalar(it, &format!("{path}[{i}]")))
                .collect(),
            _ => {
                let msg = format!("expected a list, found {}", n.kind_name());
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn pick<T: Copy>(
        &mut self,
        n: &Node,
        path: &str,
        what: &str,
        table: &[(&str, T)],
    ) -> Option<T> {
        let text = self.scalar(n, path)?;
        match table.iter().find(|(k, _)| *k == text) {
            Some((_, v)) => Some(*v),
            None => {
                let names: Vec<_> = table.iter().map(|(k, _)| *k).collect();
                let msg = format!(
                    "unknown {what} `{text}`; expected one of: {}",
                    names.join(", ")
                );
                self.err(n.pos, path, msg);
                None
            }
        }
    }

    fn spec(&mut self, root: &Node) -> Option<Spec> {
        let m = self.map(
            root,
            "",
            &[
                "paybind",
                "gateway",
                "types",
                "params",
                "rules",
                "endpoints",
            ],
        )?;
        match self.req_str(&m, "paybind") {
            Some(v) if v == LANGUAGE_VERSION => {}
            Some(v) => {
                let n = m.get("paybind").map_or(m.pos, |n| n.pos);
                let msg = format!("spec language version `{v}` is not supported; this generator reads version {LANGUAGE_VERSION}");
                self.err(n, "paybind", msg);
            }
            None => {}
        }
        let gateway = m.get("gateway").and_then(|n| self.gateway(n));
        if m.get("gateway").is_none() {
            self.err(m.pos, "", "missing required key `gateway`".to_string());
        }
        let types = match m.get("types") {
            Some(n) => self.types(n),
            None => Vec::new(),
        };
        let params = match m.get("params") {
            Some(n) => self.fields(n, "params"),
            None => Vec::new(),
        };
        let rule_sets = match m.get("rules") {
            Some(n) => self.rule_sets(n),
            None => Vec::new(),
        };
        let endpoints = match m.get("endpoints") {
            Some(n) => self.endpoints(n),
            None => {
                self.err(m.pos, "", "missing required key `endpoints`".to_string());
                Vec::new()
            }
        };
        Some(Spec {
            file: self.file.to_string(),
            gateway: gateway?,
            types,
            params,
            rule_sets,
            endpoints,
        })
    }

    fn gateway(&mut self, node: &Node) -> Option<Gateway> {
        let m = self.map(
            node,
            "gateway",
            &[
                "id",
                "title",
                "source",
                "doc",
                "tls_min",
                "request_encoding",
                "media_type",
                "response_keys",
                "response_encoding",
                "environments",
                "brands",
                "target",
                "credentials",
                "callback",
                "refusal",
                "outcome_lookup",
                "return_codes",
            ],
        )?;
        let id = self.req_str(&m, "id");
        if let (Some(id), Some(n)) = (&id, m.get("id")) {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                self.err(n.pos, "gateway.id", format!("`{id}` must be lowercase letters and digits (it names the Rust module and the cargo feature)"));
            }
        }
        let title = self.req_str(&m, "title");
        let source = self.req_str(&m, "source");
        let doc = self.req_str(&m, "doc");
        let tls_min = self
            .opt_str(&m, "tls_min")
            .unwrap_or_else(|| "1.2".to_string());
        if let Some(n) = m.get("tls_min") {
            if tls_min != "1.2" && tls_min != "1.3" {
                self.err(
                    n.pos,
                    "gateway.tls_min",
                    format!("`{tls_min}` is not supported; paybind speaks TLS 1.2 or 1.3"),
                );
            }
        }
        let media_type = self.opt_str(&m, "media_type");
        let case_insensitive_keys = match m.get("response_keys") {
            None => false,
            Some(n) => self
                .pick(
                    n,
                    "gateway.response_keys",
                    "key matching",
                    &[("exact", false), ("case_insensitive", true)],
                )
                .unwrap_or(false),
        };
        let request_encoding = match m.get("request_encoding") {
            Some(n) => self.pick(
                n,
                "gateway.request_encoding",
                "request encoding",
                &[
                    ("form", RequestEncoding::Form),
                    ("json", RequestEncoding::Json),
                ],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `request_encoding`".to_string(),
                );
                None
            }
        };
        let response_encoding = match m.get("response_encoding") {
            Some(n) => self.pick(
                n,
                "gateway.response_encoding",
                "response encoding",
                &[
                    ("json", ResponseEncoding::Json),
                    ("lines", ResponseEncoding::Lines),
                ],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `response_encoding`".to_string(),
                );
                None
            }
        };
        let environments = match (m.get("environments"), m.get("brands")) {
            (Some(n), None) => self.environments(n, "gateway.environments"),
            (None, Some(_)) => Vec::new(),
            _ => {
                self.err(
                    m.pos,
                    "gateway",
                    "a gateway has exactly one of `environments` or `brands`".to_string(),
                );
                Vec::new()
            }
        };
        let brands = match m.get("brands") {
            Some(n) => self.brands(n),
            None => Vec::new(),
        };
        let target = m.get("target").and_then(|n| {
            let t = self.map(n, "gateway.target", &["doc", "endpoint", "group"])?;
            Some(Target {
                doc: self.req_str(&t, "doc")?,
                endpoint: self.req_str(&t, "endpoint")?,
                group: self.req_str(&t, "group")?,
                pos: t.pos,
            })
        });
        let callback = m.get("callback").and_then(|n| {
            let c = self.map(n, "gateway.callback", &["doc", "fields", "signature"])?;
            let doc = self.req_str(&c, "doc");
            let fields = match c.get("fields") {
                Some(f) => self.fields(f, "gateway.callback.fields"),
                None => {
                    self.err(
                        c.pos,
                        "gateway.callback",
                        "missing required key `fields`".to_string(),
                    );
                    Vec::new()
                }
            };
            let signature = match c.get("signature") {
                Some(sn) => self.signature(sn, "gateway.callback.signature"),
                None => {
                    self.err(
                        c.pos,
                        "gateway.callback",
                        "missing required key `signature`".to_string(),
                    );
                    None
                }
            };
            Some(Callback {
                doc: doc?,
                fields,
                signature: signature?,
                pos: c.pos,
            })
        });
        let credentials = match m.get("credentials") {
            Some(n) => self.fields(n, "gateway.credentials"),
            None => Vec::new(),
        };
        let refusal = match m.get("refusal") {
            Some(n) => self.refusal(n),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `refusal`".to_string(),
                );
                None
            }
        };
        let outcome_lookup_doc = match m.get("outcome_lookup") {
            Some(n) => self
                .map(n, "gateway.outcome_lookup", &["doc"])
                .and_then(|o| self.req_str(&o, "doc")),
            None => None,
        }
        .unwrap_or_default();
        let return_codes = match m.get("return_codes") {
            Some(n) => self.return_codes(n),
            None => {
                self.err(
                    m.pos,
                    "gateway",
                    "missing required key `return_codes`".to_string(),
                );
                Vec::new()
            }
        };
        Some(Gateway {
            id: id?,
            title: title?,
            source: source?,
            doc: doc?,
            tls_min,
            request_encoding: request_encoding?,
            media_type,
            case_insensitive_keys,
            response_encoding: response_encoding?,
            environments,
            brands,
            target,
            credentials,
            callback,
            refusal: refusal?,
            outcome_lookup_doc,
            return_codes,
            pos: m.pos,
        })
    }

    fn refusal(&mut self, node: &Node) -> Option<Refusal> {
        let m = self.map(node, "gateway.refusal", &["doc", "when", "code", "message"])?;
        let doc = self.req_str(&m, "doc");
        let when = match m.get("when") {
            Some(n) => self.map(
                n,
                "gateway.refusal.when",
                &["field", "equals", "in", "present"],
            ),
            None => {
                self.err(
                    m.pos,
                    "gateway.refusal",
                    "missing required key `when`".to_string(),
                );
                None
            }
        };
        let (wf, we) = match when {
            Some(w) => {
                let values = match (w.get("equals"), w.get("in"), w.get("present")) {
                    (Some(e), None, None) => self
                        .scalar(e, "gateway.refusal.when.equals")
                        .map(|v| vec![v]),
                    (None, Some(i), None) => self.str_list(i, "gateway.refusal.when.in"),
                    (None, None, Some(p)) => {
                        match self.scalar(p, "gateway.refusal.when.present").as_deref() {
                            Some("true") => Some(Vec::new()),
                            _ => {
                                self.err(
                                    p.pos,
                                    "gateway.refusal.when.present",
                                    "`present` is `true`".to_string(),
                                );
                                None
                            }
                        }
                    }
                    _ => {
                        self.err(
                            w.pos,
                            "gateway.refusal.when",
                            "a condition has exactly one of `in`, `equals` or `present: true`"
                                .to_string(),
                        );
                        None
                    }
                };
                (self.req_str(&w, "field"), values)
            }
            None => (None, None),
        };
        let code = self.req_str(&m, "code");
        let message = self.req_str(&m, "message");
        Some(Refusal {
            doc: doc?,
            when_field: wf?,
            when_values: we?,
            code_field: code?,
            message_field: message?,
            pos: m.pos,
        })
    }

    fn return_codes(&mut self, node: &Node) -> Vec<ReturnCode> {
        let path = "gateway.return_codes";
        let Kind::Seq(items) = &node.kind else {
            let msg = format!("expected a list, found {}", node.kind_name());
            self.err(node.pos, path, msg);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let Some(m) = self.map(it, &p, &["code", "name", "category", "doc"]) else {
                continue;
            };
            let code = self.req_str(&m, "code");
            if let (Some(c), Some(n)) = (&code, m.get("code")) {
                if matches!(&n.kind, Kind::Scalar { plain: true, .. }) {
                    self.err(n.pos, &m.child("code"), format!("write return codes quoted (\"{c}\"): they are strings, and a plain scalar such as 000 reads as a number elsewhere"));
                }
            }
            let name = self.req_str(&m, "name");
            let category = match m.get("category") {
                Some(n) => self.pick(n, &m.child("category"), "category", &Category::ALL),
                None => {
                    self.err(m.pos, &p, "missing required key `category`".to_string());
                    None
                }
            };
            let doc = self.req_str(&m, "doc");
            if let (Some(code), Some(name), Some(category), Some(doc)) = (code, name, category, doc)
            {
                out.push(ReturnCode {
                    code,
                    name,
                    category,
                    doc,
                    pos: m.pos,
                });
            }
        }
        out
    }

    fn environments(&mut self, n: &Node, path: &str) -> Vec<Environment> {
        let mut environments = Vec::new();
        if let Some(em) = self.open_map(n, path) {
            for (name, v, kpos) in em.iter() {
                let p = em.child(name);
                if let Some(e) = self.map(v, &p, &["url", "doc"]) {
                    let url = self.req_str(&e, "url");
                    let doc = self.req_str(&e, "doc");
                    if let (Some(url), Some(doc)) = (url, doc) {
                        environments.push(Environment {
                            name: name.to_string(),
                            url,
                            doc,
                            pos: kpos,
                        });
                    }
                }
            }
        }
        if environments.is_empty() {
            self.err(
                n.pos,
                path,
                "at least one environment is needed".to_string(),
            );
        }
        environments
    }

    fn brands(&mut self, n: &Node) -> Vec<Brand> {
        let mut out = Vec::new();
        let Some(bm) = self.open_map(n, "gateway.brands") else {
            return out;
        };
        for (name, v, kpos) in bm.iter() {
            let p = bm.child(name);
            let Some(b) = self.map(v, &p, &["title", "sources", "environments"]) else {
                continue;
            };
            let title = self.req_str(&b, "title");
            let sources = self.req_list(&b, "sources");
            let environments = match b.get("environments") {
                Some(en) => self.environments(en, &b.child("environments")),
                None => {
                    self.err(b.pos, &p, "missing required key `environments`".to_string());
                    Vec::new()
                }
            };
            if let (Some(title), Some(sources)) = (title, sources) {
                out.push(Brand {
                    name: name.to_string(),
                    title,
                    sources,
                    environments,
                    pos: kpos,
                });
            }
        }
        if out.is_empty() {
            self.err(
                n.pos,
                "gateway.brands",
                "at least one brand is needed".to_string(),
            );
        }
        out
    }
}

//! Reading `gateway:`: identity, encodings, environments and brands, the call target, the
//! callback, how a refusal reads and the return codes.

use super::*;
use crate::yaml::Kind;

const GATEWAY_KEYS: &[&str] = &[
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
];

const KEY_MATCHING: &[(&str, bool)] = &[("exact", false), ("case_insensitive", true)];

const REQUEST_ENCODINGS: &[(&str, RequestEncoding)] = &[
    ("form", RequestEncoding::Form),
    ("json", RequestEncoding::Json),
];

const RESPONSE_ENCODINGS: &[(&str, ResponseEncoding)] = &[
    ("json", ResponseEncoding::Json),
    ("lines", ResponseEncoding::Lines),
];

impl Cx<'_> {
    pub(super) fn gateway(&mut self, node: &Node) -> Option<Gateway> {
        let m = self.map(node, "gateway", GATEWAY_KEYS)?;
        let id = self.gateway_id(&m);
        let title = self.req_str(&m, "title");
        let source = self.req_str(&m, "source");
        let doc = self.req_str(&m, "doc");
        let tls_min = self.tls_min(&m);
        let media_type = self.opt_str(&m, "media_type");
        let keys = self.opt_pick(&m, "response_keys", "key matching", KEY_MATCHING);
        let (request, response) = self.encodings(&m);
        let (environments, brands) = self.hosts(&m);
        let target = m.get("target").and_then(|n| self.target(n));
        let callback = m.get("callback").and_then(|n| self.callback(n));
        let credentials = m
            .get("credentials")
            .map(|n| self.fields(n, "gateway.credentials"));
        let refusal = self.req(&m, "refusal").and_then(|n| self.refusal(n));
        let outcome_lookup_doc = self.outcome_lookup_doc(&m);
        let return_codes = self.req(&m, "return_codes").map(|n| self.return_codes(n));
        Some(Gateway {
            id: id?,
            title: title?,
            source: source?,
            doc: doc?,
            tls_min,
            request_encoding: request?,
            media_type,
            case_insensitive_keys: keys.unwrap_or(false),
            response_encoding: response?,
            environments,
            brands,
            target,
            credentials: credentials.unwrap_or_default(),
            callback,
            refusal: refusal?,
            outcome_lookup_doc,
            return_codes: return_codes.unwrap_or_default(),
            pos: m.pos,
        })
    }

    /// `id`: it names the Rust module and the cargo feature.
    fn gateway_id(&mut self, m: &Map<'_>) -> Option<String> {
        let id = self.req_str(m, "id")?;
        let valid = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        if id.is_empty() || !id.bytes().all(valid) {
            let pos = m.get("id").map_or(m.pos, |n| n.pos);
            let msg = format!("`{id}` must be lowercase letters and digits (it names the Rust module and the cargo feature)");
            self.err(pos, &m.child("id"), msg);
        }
        Some(id)
    }

    /// `tls_min`: 1.2 unless said otherwise.
    fn tls_min(&mut self, m: &Map<'_>) -> String {
        let tls_min = self
            .opt_str(m, "tls_min")
            .unwrap_or_else(|| "1.2".to_string());
        if let Some(n) = m.get("tls_min") {
            if tls_min != "1.2" && tls_min != "1.3" {
                let msg = format!("`{tls_min}` is not supported; paybind speaks TLS 1.2 or 1.3");
                self.err(n.pos, &m.child("tls_min"), msg);
            }
        }
        tls_min
    }

    /// `request_encoding` and `response_encoding`, both required.
    fn encodings(&mut self, m: &Map<'_>) -> (Option<RequestEncoding>, Option<ResponseEncoding>) {
        let request = self.req_pick(m, "request_encoding", "request encoding", REQUEST_ENCODINGS);
        let response = self.req_pick(
            m,
            "response_encoding",
            "response encoding",
            RESPONSE_ENCODINGS,
        );
        (request, response)
    }

    /// Where the gateway answers: its own `environments`, or `brands` that each have theirs.
    fn hosts(&mut self, m: &Map<'_>) -> (Vec<Environment>, Vec<Brand>) {
        let environments = match (m.get("environments"), m.get("brands")) {
            (Some(n), None) => self.environments(n, &m.child("environments")),
            (None, Some(_)) => Vec::new(),
            _ => {
                let msg = "a gateway has exactly one of `environments` or `brands`";
                self.err(m.pos, &m.path, msg);
                Vec::new()
            }
        };
        let brands = m.get("brands").map(|n| self.brands(n));
        (environments, brands.unwrap_or_default())
    }

    fn environments(&mut self, n: &Node, path: &str) -> Vec<Environment> {
        let environments = self.named(n, path, Self::environment).unwrap_or_default();
        if environments.is_empty() {
            self.err(n.pos, path, "at least one environment is needed");
        }
        environments
    }

    fn environment(&mut self, e: &Entry<'_>) -> Option<Environment> {
        let m = self.map(e.node, &e.path, &["url", "doc"])?;
        let url = self.req_str(&m, "url");
        let doc = self.req_str(&m, "doc");
        Some(Environment {
            name: e.name.to_string(),
            url: url?,
            doc: doc?,
            pos: e.pos,
        })
    }

    fn brands(&mut self, n: &Node) -> Vec<Brand> {
        let path = "gateway.brands";
        let Some(brands) = self.named(n, path, Self::brand) else {
            return Vec::new();
        };
        if brands.is_empty() {
            self.err(n.pos, path, "at least one brand is needed");
        }
        brands
    }

    fn brand(&mut self, e: &Entry<'_>) -> Option<Brand> {
        let m = self.map(e.node, &e.path, &["title", "sources", "environments"])?;
        let title = self.req_str(&m, "title");
        let sources = self.req_list(&m, "sources");
        let environments = self
            .req(&m, "environments")
            .map(|n| self.environments(n, &m.child("environments")));
        Some(Brand {
            name: e.name.to_string(),
            title: title?,
            sources: sources?,
            environments: environments.unwrap_or_default(),
            pos: e.pos,
        })
    }

    /// `target`: how a call's URL names the merchant's endpoint or endpoint group.
    fn target(&mut self, n: &Node) -> Option<Target> {
        let m = self.map(n, "gateway.target", &["doc", "endpoint", "group"])?;
        Some(Target {
            doc: self.req_str(&m, "doc")?,
            endpoint: self.req_str(&m, "endpoint")?,
            group: self.req_str(&m, "group")?,
            pos: m.pos,
        })
    }

    fn callback(&mut self, n: &Node) -> Option<Callback> {
        let keys = &[
            "doc",
            "fields",
            "signature",
            "outcome",
            "source",
            "reading",
            "public",
        ];
        let m = self.map(n, "gateway.callback", keys)?;
        let doc = self.req_str(&m, "doc");
        let fields = self
            .req(&m, "fields")
            .map(|f| self.fields(f, &m.child("fields")));
        let signature = self
            .req(&m, "signature")
            .and_then(|s| self.signature(s, &m.child("signature")));
        let provenance = self.provenance(&m);
        let outcome = self.outcome_cases(&m);
        Some(Callback {
            provenance,
            doc: doc?,
            fields: fields.unwrap_or_default(),
            signature: signature?,
            outcome,
            pos: m.pos,
        })
    }

    /// `outcome_lookup.doc`, empty when there is no `outcome_lookup`.
    fn outcome_lookup_doc(&mut self, m: &Map<'_>) -> String {
        m.get("outcome_lookup")
            .and_then(|n| self.map(n, &m.child("outcome_lookup"), &["doc"]))
            .and_then(|o| self.req_str(&o, "doc"))
            .unwrap_or_default()
    }

    /// `refusal`: which answers are refusals, and where their code and message are.
    fn refusal(&mut self, node: &Node) -> Option<Refusal> {
        let m = self.map(node, "gateway.refusal", &["doc", "when", "code", "message"])?;
        let doc = self.req_str(&m, "doc");
        let when_keys = ["field", "equals", "in", "present"];
        let when = self
            .req(&m, "when")
            .and_then(|n| self.map(n, &m.child("when"), &when_keys));
        let (when_field, when_values) = match when {
            Some(w) => self.refusal_when(&w),
            None => (None, None),
        };
        let code = self.req_str(&m, "code");
        let message = self.req_str(&m, "message");
        Some(Refusal {
            doc: doc?,
            when_field: when_field?,
            when_values: when_values?,
            code_field: code?,
            message_field: message?,
            pos: m.pos,
        })
    }

    /// `refusal.when`: a field, and the values (`equals`, `in`) or the mere presence
    /// (`present: true`) that make an answer a refusal.
    fn refusal_when(&mut self, w: &Map<'_>) -> (Option<String>, Option<Vec<String>>) {
        let values = match (w.get("equals"), w.get("in"), w.get("present")) {
            (Some(e), None, None) => self.scalar(e, &w.child("equals")).map(|v| vec![v]),
            (None, Some(i), None) => self.str_list(i, &w.child("in")),
            (None, None, Some(p)) => self.present_true(p, &w.child("present")),
            _ => {
                let msg = "a condition has exactly one of `in`, `equals` or `present: true`";
                self.err(w.pos, &w.path, msg);
                None
            }
        };
        (self.req_str(w, "field"), values)
    }

    /// `present: true`, which matches any value: no values.
    fn present_true(&mut self, p: &Node, path: &str) -> Option<Vec<String>> {
        if self.scalar(p, path).as_deref() == Some("true") {
            return Some(Vec::new());
        }
        self.err(p.pos, path, "`present` is `true`");
        None
    }

    fn return_codes(&mut self, node: &Node) -> Vec<ReturnCode> {
        let path = "gateway.return_codes";
        let Some(items) = self.seq(node, path) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| self.return_code(it, &format!("{path}[{i}]")))
            .collect()
    }

    fn return_code(&mut self, node: &Node, path: &str) -> Option<ReturnCode> {
        let keys = &[
            "code", "name", "category", "doc", "source", "reading", "public",
        ];
        let m = self.map(node, path, keys)?;
        let code = self.return_code_text(&m);
        let name = self.req_str(&m, "name");
        let category = self.req_pick(&m, "category", "category", &Category::ALL);
        let doc = self.req_str(&m, "doc");
        let provenance = self.provenance(&m);
        Some(ReturnCode {
            provenance,
            code: code?,
            name: name?,
            category: category?,
            doc: doc?,
            pos: m.pos,
        })
    }

    /// A return code's `code`, which is written quoted: it is a string.
    fn return_code_text(&mut self, m: &Map<'_>) -> Option<String> {
        let code = self.req_str(m, "code")?;
        let plain = |n: &&Node| matches!(&n.kind, Kind::Scalar { plain: true, .. });
        if let Some(n) = m.get("code").filter(plain) {
            let msg = format!("write return codes quoted (\"{code}\"): they are strings, and a plain scalar such as 000 reads as a number elsewhere");
            self.err(n.pos, &m.child("code"), msg);
        }
        Some(code)
    }
}

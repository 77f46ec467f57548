//! Lowering the gateway: environments and brands, credentials, target, refusal, return
//! codes, callback; then everything is put together.

use std::collections::BTreeMap;

use super::convert;
use super::model::*;
use super::names::{camel, is_ident};
use super::reserved;
use super::Lower;
use crate::spec;

impl<'s> Lower<'s> {
    pub(super) fn gateway(&mut self) -> Gateway {
        let spec: &'s spec::Spec = self.spec;
        let g = &spec.gateway;
        self.check_type_names();
        let brands = self.brands();
        let environments = g.environments.iter().map(|e| self.environment(e)).collect();
        self.credentials = self.gateway_credentials();
        let target = g.target.as_ref().map(|t| self.target(t));
        let codes = self.codes();
        let enums = self.enums();
        let mut objects = self.objects();
        let ops = self.ops(&objects);
        self.mark_usage(&mut objects, &ops);
        self.check_item_names(&enums, &objects, &ops);
        self.lint_objects(&objects);
        self.outcomes(&mut objects, &ops);
        let callback = g
            .callback
            .as_ref()
            .map(|cb| self.callback(cb, &objects, &ops));
        let routes = self.routes(&ops);
        let payments = self.payments(&ops, &objects);
        let payment_callback = self.payment_callback(callback.as_ref());
        let case_insensitive = g.case_insensitive_keys;
        Gateway {
            id: g.id.clone(),
            title: g.title.clone(),
            source: g.source.clone(),
            doc: g.doc.clone(),
            tls13_only: g.tls_min == "1.3",
            answers: answer_format(g),
            media_type: g.media_type.clone(),
            environments,
            brands,
            target,
            bearer: self.credential_in(Place::Bearer),
            received_credentials: self.received_credentials(),
            request_signature_field: ops
                .iter()
                .find_map(|o| Some(o.signature.as_ref()?.field.clone())),
            credentials: self.credentials.clone(),
            callback,
            refusal: refusal(&g.refusal, case_insensitive),
            outcome_lookup_doc: g.outcome_lookup_doc.clone(),
            codes,
            enums,
            objects,
            ops,
            routes,
            payments,
            payment_callback,
        }
    }

    /// Named types: valid, UpperCamelCase identifiers (the YAML loader already refuses
    /// duplicate keys).
    fn check_type_names(&mut self) {
        let spec: &'s spec::Spec = self.spec;
        for t in &spec.types {
            if !is_ident(&t.name) || camel(&t.name) != t.name {
                self.err(
                    t.pos,
                    &format!("types.{}", t.name),
                    "a type name is UpperCamelCase".to_string(),
                );
            }
        }
    }

    /// Lowers an environment, checking its base URL.
    fn environment(&mut self, e: &spec::Environment) -> Environment {
        if !(e.url.starts_with("https://") || e.url.starts_with("http://")) || e.url.ends_with('/')
        {
            self.err(
                e.pos,
                &format!("environments.{}", e.name),
                format!(
                    "`{}` is not an absolute base URL without a trailing slash",
                    e.url
                ),
            );
        }
        Environment {
            rust: camel(&e.name),
            url: e.url.clone(),
            doc: e.doc.clone(),
        }
    }

    fn brands(&mut self) -> Vec<Brand> {
        let spec: &'s spec::Spec = self.spec;
        let mut brands: Vec<Brand> = Vec::new();
        for b in &spec.gateway.brands {
            if !is_ident(&b.name) || b.name.to_lowercase() != b.name {
                self.err(
                    b.pos,
                    &format!("gateway.brands.{}", b.name),
                    "a brand id is lowercase letters and digits".to_string(),
                );
            }
            let environments: Vec<Environment> =
                b.environments.iter().map(|e| self.environment(e)).collect();
            let names = |envs: &[Environment]| -> Vec<String> {
                envs.iter().map(|e| e.rust.clone()).collect()
            };
            if brands
                .first()
                .is_some_and(|first| names(&first.environments) != names(&environments))
            {
                self.err(
                    b.pos,
                    &format!("gateway.brands.{}.environments", b.name),
                    "every brand lists the same environments, in the same order".to_string(),
                );
            }
            brands.push(Brand {
                id: b.name.clone(),
                rust: camel(&b.name),
                title: b.title.clone(),
                sources: b.sources.clone(),
                environments,
            });
        }
        brands
    }

    fn gateway_credentials(&mut self) -> Vec<Field> {
        let spec: &'s spec::Spec = self.spec;
        let credentials: Vec<Field> = spec
            .gateway
            .credentials
            .iter()
            .filter_map(|c| self.field(c))
            .collect();
        for c in &credentials {
            if c.ty != Ty::String {
                self.err(c.pos, &c.key, "a credential is a string".to_string());
            }
        }
        credentials
    }

    fn credential_in(&self, place: Place) -> Option<Field> {
        self.credentials.iter().find(|c| c.place == place).cloned()
    }

    /// What a server receives of the credentials: those sent in the form or the path.
    fn received_credentials(&self) -> Vec<Field> {
        self.credentials
            .iter()
            .filter(|c| matches!(c.place, Place::Form | Place::Path))
            .cloned()
            .collect()
    }

    fn target(&mut self, t: &spec::Target) -> Target {
        let mut affix = |k: &str, v: &str| -> Affix {
            if !v.starts_with('/') || v.matches("{id}").count() != 1 {
                self.err(
                    t.pos,
                    &format!("gateway.target.{k}"),
                    format!("`{v}` is a URL suffix starting with / and holding `{{id}}` once"),
                );
            }
            let (prefix, suffix) = v.split_once("{id}").unwrap_or((v, ""));
            Affix {
                prefix: prefix.to_string(),
                suffix: suffix.to_string(),
            }
        };
        Target {
            doc: t.doc.clone(),
            endpoint: affix("endpoint", &t.endpoint),
            group: affix("group", &t.group),
        }
    }

    fn codes(&mut self) -> Vec<Code> {
        let spec: &'s spec::Spec = self.spec;
        let mut by_code: BTreeMap<&str, crate::error::Pos> = BTreeMap::new();
        let mut by_name: BTreeMap<&str, crate::error::Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for (i, c) in spec.gateway.return_codes.iter().enumerate() {
            let key = format!("gateway.return_codes[{i}]");
            for (seen, value, what) in [
                (&mut by_code, &c.code, "code"),
                (&mut by_name, &c.name, "name"),
            ] {
                if let Some(first) = seen.insert(value.as_str(), c.pos) {
                    let message = format!(
                        "duplicate return {} `{value}` (first at line {})",
                        if what == "code" { "code" } else { "code name" },
                        first.line
                    );
                    self.err(c.pos, &format!("{key}.{what}"), message);
                }
            }
            self.check_code(c, &key);
            let provenance = self.provenance(&c.provenance);
            let what = format!("return code `{}`", c.code);
            self.require_provenance(&provenance, c.pos, &key, &what);
            out.push(Code {
                code: c.code.clone(),
                rust: c.name.clone(),
                category: convert::category(c.category),
                doc: c.doc.clone(),
                provenance,
            });
        }
        out
    }

    fn check_code(&mut self, c: &spec::ReturnCode, key: &str) {
        if !is_ident(&c.name) || c.name == "Unknown" {
            self.err(
                c.pos,
                &format!("{key}.name"),
                format!("`{}` is not a usable Rust variant name", c.name),
            );
        }
        if c.code.is_empty() || !c.code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.err(
                c.pos,
                &format!("{key}.code"),
                format!("`{}` is not a return code (letters and digits)", c.code),
            );
        }
    }

    fn callback(&mut self, cb: &spec::Callback, objects: &[Object], ops: &[Op]) -> Callback {
        let mut fields: Vec<Field> = cb.fields.iter().filter_map(|f| self.field(f)).collect();
        let signature = self.signature(&cb.signature, &fields, "gateway.callback.signature");
        if self.spec.gateway.case_insensitive_keys {
            for f in &mut fields {
                f.read_as = f.wire.to_lowercase();
            }
        }
        let signed: Vec<Field> = fields
            .iter()
            .filter(|f| signature.sorted_values.is_some() || signs(&signature, f))
            .cloned()
            .collect();
        let key_fields = signed
            .iter()
            .filter(|f| f.sensitive.is_none())
            .cloned()
            .collect();
        let mut object = Object {
            rust: reserved::CALLBACK.to_string(),
            doc: cb.doc.clone(),
            origin: format!("type `{}`", reserved::CALLBACK),
            fields,
            in_request: false,
            in_response: true,
            rules: Vec::new(),
            choices: Vec::new(),
            outcome: Vec::new(),
            provenance: self.provenance(&cb.provenance),
        };
        object.outcome = self.callback_outcome(cb, &object, objects, ops);
        Callback {
            signed,
            key_fields,
            object,
            signature,
        }
    }
}

/// Whether a signature reads field `f` (its value, minor units or currency).
fn signs(signature: &Signature, f: &Field) -> bool {
    signature.parts.iter().any(|p| match p {
        Part::Field(x) | Part::Minor(x) | Part::Currency(x) => x.wire == f.wire,
        Part::TargetId | Part::Credential(_) => false,
    })
}

fn answer_format(g: &spec::Gateway) -> AnswerFormat {
    match g.response_encoding {
        spec::ResponseEncoding::Lines => AnswerFormat::Lines,
        spec::ResponseEncoding::Json if g.case_insensitive_keys => {
            AnswerFormat::JsonCaseInsensitive
        }
        spec::ResponseEncoding::Json => AnswerFormat::Json,
    }
}

/// The refusal envelope, its keys as the decoder reads them.
fn refusal(r: &spec::Refusal, case_insensitive: bool) -> Refusal {
    let key = |k: &str| {
        if case_insensitive {
            k.to_lowercase()
        } else {
            k.to_string()
        }
    };
    Refusal {
        doc: r.doc.clone(),
        when_key: key(&r.when_field),
        when_values: r.when_values.clone(),
        when_is_code: r.when_field == r.code_field,
        code_key: key(&r.code_field),
        message_key: key(&r.message_field),
        wire_keys: [
            r.when_field.clone(),
            r.code_field.clone(),
            r.message_field.clone(),
        ],
    }
}

//! The intermediate representation: the spec with every reference resolved, every `use:`
//! merged, every Rust name chosen and every decision about the generated code made. The
//! emitter reads only this ([`model`], and the item names of [`reserved`] that no spec item
//! may take); lowering (the other modules) reads the spec model and reports what it finds
//! wrong with file, line and key.

mod choices;
mod clashes;
mod convert;
mod fields;
mod gateway;
mod literals;
pub mod model;
pub mod names;
mod ops;
mod outcome;
mod payments;
mod provenance;
pub mod reserved;
mod routes;
mod rules;
mod signature;
mod types;

pub use model::*;
pub use names::{camel, snake};

use crate::error::{Pos, SpecError, SpecErrors};
use crate::spec;

struct Lower<'s> {
    spec: &'s spec::Spec,
    errors: Vec<SpecError>,
    /// The gateway's credentials, lowered first: endpoints, paths and signatures refer to
    /// them.
    credentials: Vec<Field>,
    /// Every item must say where it comes from (`paybind spec check`).
    require_provenance: bool,
}

/// Resolves and lints a loaded spec.
pub fn lower(spec: &spec::Spec) -> Result<Gateway, SpecErrors> {
    lower_with(spec, false)
}

/// Like [`lower`], and every endpoint, parameter, rule, enum value and return code must
/// say where it comes from (`source`, `reading` or `public`).
pub fn check(spec: &spec::Spec) -> Result<Gateway, SpecErrors> {
    lower_with(spec, true)
}

fn lower_with(spec: &spec::Spec, require_provenance: bool) -> Result<Gateway, SpecErrors> {
    let mut l = Lower {
        spec,
        errors: Vec::new(),
        credentials: Vec::new(),
        require_provenance,
    };
    let g = l.gateway();
    if l.errors.is_empty() {
        Ok(g)
    } else {
        l.errors.sort_by_key(|e| (e.pos.line, e.pos.col));
        // A shared parameter is lowered at each use: report its problems once.
        l.errors.dedup();
        Err(SpecErrors(l.errors))
    }
}

impl<'s> Lower<'s> {
    fn err(&mut self, pos: Pos, key: &str, message: String) {
        self.errors
            .push(SpecError::new(&self.spec.file, pos, key, message));
    }

    fn type_def(&self, name: &str) -> Option<&'s spec::TypeDef> {
        let spec: &'s spec::Spec = self.spec;
        spec.types.iter().find(|t| t.name == name)
    }
}

/// A type's name in messages.
pub fn ty_name(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Amount => "amount".into(),
        Ty::Flag => "flag".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Date(_) => "date".into(),
        Ty::Url => "url".into(),
        Ty::Email => "email".into(),
        Ty::Ip => "ip".into(),
        Ty::Money => "money".into(),
        Ty::Joined(n, _) => format!("joined {n}"),
        Ty::ReturnCode => "return code".into(),
        Ty::List(_) => "list".into(),
        Ty::Enum(n) => format!("enum {n}"),
        Ty::Object(n) => format!("object {n}"),
    }
}

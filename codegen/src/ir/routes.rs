//! How a server tells requests apart: routes by method and path segments, and the check
//! that endpoint variants sharing a route can be told apart by their required fields.

use std::collections::BTreeSet;

use super::model::*;
use super::Lower;
use crate::spec;

impl<'s> Lower<'s> {
    /// One route per method and path, in spec order, holding its variants in order.
    pub(super) fn routes(&mut self, ops: &[Op]) -> Vec<Route> {
        let mut routes: Vec<(String, Route)> = Vec::new();
        for op in ops {
            let key = format!("{} {}", op.http_method.as_str(), op.path);
            match routes.iter_mut().find(|(k, _)| *k == key) {
                Some((_, r)) => r.ops.push(op.rust.clone()),
                None => {
                    let segments = self.segments(op);
                    let route = Route {
                        method: op.http_method,
                        segments,
                        ops: vec![op.rust.clone()],
                    };
                    routes.push((key, route));
                }
            }
        }
        for (_, r) in &routes {
            self.check_variants_apart(r, ops);
        }
        routes.into_iter().map(|(_, r)| r).collect()
    }

    /// The path's segments; a placeholder must be a whole segment.
    fn segments(&mut self, op: &Op) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut glued = false;
        for (i, part) in op.path_parts.iter().enumerate() {
            match part {
                PathPart::Literal(l) => {
                    let starts = i == 0 || l.starts_with('/');
                    let ends = i + 1 == op.path_parts.len() || l.ends_with('/');
                    glued |= !(starts && ends);
                    out.extend(
                        l.split('/')
                            .filter(|s| !s.is_empty())
                            .map(|s| Segment::Literal(s.to_string())),
                    );
                }
                PathPart::Credential(c) => out.push(Segment::Credential(c.clone())),
                PathPart::Param(p) => out.push(Segment::Param(p.clone())),
            }
        }
        if glued {
            let (pos, key) = self.endpoint_at(&op.path);
            let message = "a `{placeholder}` is a whole path segment, between slashes";
            self.err(pos, &key, message.to_string());
        }
        out
    }

    /// Variants are tried in order: an earlier one must need a field a later one lacks,
    /// or it would also read the later one's requests.
    fn check_variants_apart(&mut self, route: &Route, ops: &[Op]) {
        let required = |name: &str| -> BTreeSet<String> {
            ops.iter()
                .filter(|o| o.rust == name)
                .flat_map(|o| o.params.iter())
                .filter(|p| p.required && !p.in_path)
                .map(|p| p.wire.clone())
                .collect()
        };
        for (i, earlier) in route.ops.iter().enumerate() {
            for later in &route.ops[i + 1..] {
                if required(earlier).is_subset(&required(later)) {
                    let path = ops
                        .iter()
                        .find(|o| &o.rust == earlier)
                        .map(|o| o.path.clone());
                    let (pos, key) = self.endpoint_at(&path.unwrap_or_default());
                    self.err(pos, &key, format!("variant `{earlier}` would also read the requests of `{later}`: an earlier variant needs a required field that a later one does not have"));
                }
            }
        }
    }

    fn endpoint_at(&self, path: &str) -> (crate::error::Pos, String) {
        let spec: &'s spec::Spec = self.spec;
        spec.endpoints
            .iter()
            .find(|e| e.path == path)
            .map_or_else(Default::default, |e| (e.pos, e.key.clone()))
    }
}

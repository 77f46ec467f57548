//! A small owned YAML tree with a position on every node.
//!
//! The spec is read with saphyr (maintained, pure Rust, YAML 1.2, keeps spans), with early
//! scalar parsing turned off: every scalar stays the text it was written as, so `000` stays
//! the string "000" and `no` is never a boolean. The loader decides what each scalar means.

use saphyr::{MarkedYaml, Scalar, ScalarStyle, YamlData, YamlLoader};
use saphyr_parser::Parser;

use crate::error::{Pos, SpecError};

#[derive(Debug, Clone)]
pub enum Kind {
    /// A scalar as written, and whether it was written without quotes.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

impl Node {
    /// A plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if text.is_empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "null",
            Kind::Scalar { .. } => "a scalar",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Parses one YAML document into a [`Node`] tree. `file` is only used in errors.
pub fn parse(file: &str, source: &str) -> Result<Node, SpecError> {
    let mut loader: YamlLoader<'_, MarkedYaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    let mut parser = Parser::new_from_str(source);
    let scan = parser.load(&mut loader, true);
    let scan_err = scan.err().or_else(|| loader.error().cloned());
    if let Some(e) = scan_err {
        return Err(SpecError::new(
            file,
            Pos {
                line: e.marker().line(),
                col: e.marker().col() + 1,
            },
            "",
            format!("not valid YAML: {}", e.info()),
        ));
    }
    let mut docs = loader.into_documents();
    match docs.len() {
        0 => Err(SpecError::new(
            file,
            Pos { line: 1, col: 1 },
            "",
            "the file is empty".to_string(),
        )),
        1 => convert(file, docs.remove(0)),
        _ => Err(SpecError::new(
            file,
            pos_of(&docs[1]),
            "",
            "a spec file holds one YAML document, this one has several".to_string(),
        )),
    }
}

fn pos_of(n: &MarkedYaml<'_>) -> Pos {
    Pos {
        line: n.span.start.line(),
        col: n.span.start.col() + 1,
    }
}

fn convert(file: &str, n: MarkedYaml<'_>) -> Result<Node, SpecError> {
    let pos = pos_of(&n);
    let refuse = |message: &str| Err(SpecError::new(file, pos, "", message.to_string()));
    let kind = match n.data {
        YamlData::Representation(text, style, _tag) => Kind::Scalar {
            text: text.into_owned(),
            plain: style == ScalarStyle::Plain,
        },
        YamlData::Value(v) => Kind::Scalar {
            text: value_text(v),
            plain: true,
        },
        YamlData::Sequence(items) => Kind::Seq(
            items
                .into_iter()
                .map(|i| convert(file, i))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => Kind::Map(convert_map(file, map)?),
        YamlData::Tagged(_, _) => return refuse("YAML tags are not part of the spec language"),
        YamlData::Alias(_) => {
            return refuse(
                "YAML aliases are not part of the spec language; use `use:` or a named type",
            )
        }
        YamlData::BadValue => return refuse("a value YAML cannot represent"),
    };
    Ok(Node { pos, kind })
}

/// The text of a scalar saphyr already read as a value.
fn value_text(v: Scalar<'_>) -> String {
    match v {
        Scalar::Null => String::new(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.into_owned(),
    }
}

/// A mapping's entries, in file order; keys are scalars.
fn convert_map<'a>(
    file: &str,
    map: impl IntoIterator<Item = (MarkedYaml<'a>, MarkedYaml<'a>)>,
) -> Result<Vec<(Node, Node)>, SpecError> {
    let mut out = Vec::new();
    for (k, v) in map {
        let key = convert(file, k)?;
        if !matches!(key.kind, Kind::Scalar { .. }) {
            let msg = "mapping keys must be plain scalars".to_string();
            return Err(SpecError::new(file, key.pos, "", msg));
        }
        out.push((key, convert(file, v)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_text() {
        let n = parse("t.yaml", "a: 000\nb: '6A0'\nc: no\n").unwrap();
        let Kind::Map(m) = n.kind else { panic!() };
        let texts: Vec<_> = m
            .iter()
            .map(|(_, v)| match &v.kind {
                Kind::Scalar { text, .. } => text.clone(),
                _ => panic!(),
            })
            .collect();
        assert_eq!(texts, ["000", "6A0", "no"]);
        assert_eq!(m[1].1.pos, Pos { line: 2, col: 4 });
    }

    #[test]
    fn duplicate_keys_are_an_error_with_a_line() {
        let e = parse("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert!(e.message.contains("duplicated key"), "{e}");
    }

    #[test]
    fn broken_yaml_is_an_error_not_a_panic() {
        let e = parse("t.yaml", "a: [1, 2\nb: }").unwrap_err();
        assert!(e.to_string().starts_with("t.yaml:"), "{e}");
    }
}

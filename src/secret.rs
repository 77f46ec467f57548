//! Sensitive values: keys, tokens, card numbers, CVVs. Their `Debug` never shows the value.

use std::fmt;

/// What kind of sensitive value a [`Sensitive`] holds; shown instead of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sensitivity {
    /// A credential: a security key or control key.
    Secret,
    /// A token or card alias that stands for a card.
    Token,
    /// A card number (PAN).
    CardNumber,
    /// A card verification value.
    Cvv,
}

impl Sensitivity {
    /// `value` kept as a [`Sensitive`] of this kind: what a generated setter stores.
    pub fn wrap(self, value: impl IntoText) -> Sensitive {
        Sensitive::new(self, value.into_text())
    }

    fn label(self) -> &'static str {
        match self {
            Sensitivity::Secret => "<redacted secret>",
            Sensitivity::Token => "<redacted token>",
            Sensitivity::CardNumber => "<redacted card number>",
            Sensitivity::Cvv => "<redacted cvv>",
        }
    }
}

/// A string whose `Debug` (and `Display`) is redacted. Read it with [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive {
    kind: Sensitivity,
    value: String,
}

impl Sensitive {
    pub fn new(kind: Sensitivity, value: impl Into<String>) -> Self {
        Sensitive {
            kind,
            value: value.into(),
        }
    }

    /// The value itself. Name the call site so that a reviewer sees where secrets leave.
    pub fn expose(&self) -> &str {
        &self.value
    }

    pub fn kind(&self) -> Sensitivity {
        self.kind
    }
}

/// Text as a secret ([`Sensitivity::Secret`]): what [`Extra::sensitive`](crate::Extra::sensitive)
/// takes.
impl From<String> for Sensitive {
    fn from(value: String) -> Self {
        Sensitive::new(Sensitivity::Secret, value)
    }
}

/// Text as a secret ([`Sensitivity::Secret`]).
impl From<&str> for Sensitive {
    fn from(value: &str) -> Self {
        Sensitive::new(Sensitivity::Secret, value)
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.label())
    }
}

impl fmt::Display for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.label())
    }
}

impl serde::Serialize for Sensitive {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

/// Text a generated setter takes: `&str`, `String`, `Cow<str>`, anything `Into<String>`. A
/// [`Sensitive`] is not text (its `Display` is its redacted label): passing one is a compile
/// error that points to [`Sensitive::expose`], so that a value is never sent redacted, nor a
/// secret turned into text by accident.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not text a field takes",
    label = "expected text (`&str`, `String`, ...)",
    note = "a `paybind::Sensitive` (a token, card number or secret) is not text: pass `value.expose()` to send its value"
)]
pub trait IntoText {
    /// The text.
    fn into_text(self) -> String;
}

#[diagnostic::do_not_recommend]
impl<T: Into<String>> IntoText for T {
    fn into_text(self) -> String {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Sensitive::new(Sensitivity::CardNumber, "4111111111111111");
        assert_eq!(format!("{s:?}"), "<redacted card number>");
        assert_eq!(format!("{s}"), "<redacted card number>");
        assert_eq!(s.expose(), "4111111111111111");
    }
}

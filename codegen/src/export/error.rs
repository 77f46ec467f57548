//! What can go wrong when exporting: a brand that is not the gateway's, or none where one
//! is needed. Each message names the option.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// `--brand` names no brand of the gateway: the name given, the gateway, its brands.
    UnknownBrand {
        given: String,
        gateway: String,
        brands: Vec<String>,
    },
    /// The gateway has brands, and none was given.
    BrandNeeded {
        gateway: String,
        brands: Vec<String>,
    },
    /// A brand was given for a gateway without brands.
    NoBrands { given: String, gateway: String },
    /// The document did not encode.
    Encode(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnknownBrand {
                given,
                gateway,
                brands,
            } => write!(
                f,
                "--brand: `{given}` is not a brand of {gateway}; its brands are {}",
                brands.join(", ")
            ),
            ExportError::BrandNeeded { gateway, brands } => write!(
                f,
                "--brand: {gateway} has brands whose documents differ ({}): choose one",
                brands.join(", ")
            ),
            ExportError::NoBrands { given, gateway } => write!(
                f,
                "--brand: {gateway} has no brands, so `{given}` names none of them"
            ),
            ExportError::Encode(e) => write!(f, "the document did not encode: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

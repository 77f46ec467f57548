//! One document read: its form sniffed ([`detect`]), its tables read in that form
//! ([`import`]), and the gateway id a skeleton names it by.

use super::model::{Format, ImportError, Imported};
use super::{anchors, comnpay, paynet_rst, paynet_text, smoney};

/// Sniffs a document's form; `None` when it is none of the four.
pub fn detect(text: &str) -> Option<Format> {
    if text.contains(".. list-table::") {
        return Some(Format::PaynetRst);
    }
    if text.contains("PropertyTypeMandatoryDescription") {
        return Some(Format::SmoneyResources);
    }
    let pipes = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("Parameter |") || l.starts_with("Parameter|")
    });
    if pipes && text.lines().any(|l| l.trim_start().starts_with("---|")) {
        return Some(Format::ComnpayPipes);
    }
    let necessity = text
        .lines()
        .any(|l| l.trim_start().starts_with("Necessity:"));
    if necessity && text.lines().any(|l| l.trim() == "Parameter Name") {
        return Some(Format::PaynetText);
    }
    None
}

/// Reads a document's parameter tables. `document` is its file name
/// (`002_533efdf5ff50f3f7.txt`), used in every [`Location`](super::Location).
///
/// An error when no parameter table can be read in the given form; never a panic.
pub fn import(document: &str, text: &str, format: Format) -> Result<Imported, ImportError> {
    let mut out = Imported {
        document: document.to_string(),
        format,
        gateway_id: gateway_id(text, format),
        tables: Vec::new(),
        codes: Vec::new(),
        codes_heading: None,
        issues: Vec::new(),
    };
    match format {
        Format::ComnpayPipes => comnpay::read(text, &mut out),
        Format::PaynetText => paynet_text::read(text, &mut out),
        Format::PaynetRst => paynet_rst::read(text, &mut out),
        Format::SmoneyResources => smoney::read(text, &mut out),
    }
    anchors::assign(&mut out);
    if out.tables.iter().all(|t| t.rows.is_empty()) && out.codes.is_empty() {
        return Err(ImportError {
            document: document.to_string(),
            format,
            message: "no parameter table with rows was found".to_string(),
        });
    }
    Ok(out)
}

/// The host name of the document's first `https://` URL (`secure.comnpay.com` gives
/// `comnpay`), else the gateway the format belongs to.
fn gateway_id(text: &str, format: Format) -> String {
    let from_url = text.find("https://").and_then(|at| {
        let rest = &text[at + "https://".len()..];
        let host: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
        let name = if labels.len() >= 2 {
            labels[labels.len() - 2]
        } else {
            labels.first().copied()?
        };
        let id: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (!id.is_empty()).then_some(id)
    });
    from_url.unwrap_or_else(|| {
        match format {
            Format::ComnpayPipes => "comnpay",
            Format::PaynetText | Format::PaynetRst => "payneteasy",
            Format::SmoneyResources => "smoney",
        }
        .to_string()
    })
}

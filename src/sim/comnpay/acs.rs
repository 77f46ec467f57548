//! The 3-D Secure pages of the card issuer (ACS): v1 posts MD and PaRes back to the
//! merchant's TermUrl; v2 asks for the challenge code and yields the cres.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Html;

use super::{Shared, CHALLENGE_CODE};

fn form(body: &[u8]) -> BTreeMap<String, String> {
    crate::encoding::line_pairs(body).into_iter().collect()
}

fn hidden(name: &str, value: &str) -> String {
    let esc = value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!("<input type=\"hidden\" name=\"{name}\" value=\"{esc}\"/>")
}

/// 3-D Secure v1 ACS: authenticates at once and posts MD and PaRes back to TermUrl.
pub(super) async fn v1(State(sim): State<Shared>, body: Bytes) -> Html<String> {
    let form = form(&body);
    let md = form.get("MD").cloned().unwrap_or_default();
    let pares = format!("PARES-{md}");
    if let Ok(mut book) = sim.book.lock() {
        book.pares.insert(md.clone(), pares.clone());
    }
    let term = form.get("TermUrl").cloned().unwrap_or_default();
    Html(format!(
        "<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{}\">{}{}</form></body></html>",
        term.replace('"', "&quot;"),
        hidden("MD", &md),
        hidden("PaRes", &pares)
    ))
}

/// 3-D Secure v2 ACS: the challenge page, asking for the code.
pub(super) async fn v2(body: Bytes) -> Html<String> {
    let form = form(&body);
    let creq = form.get("creq").cloned().unwrap_or_default();
    Html(format!(
        "<html><body><form method=\"post\" action=\"v2/challenge\">{}<label>Code <input name=\"code\"/></label><button>OK</button></form></body></html>",
        hidden("creq", &creq)
    ))
}

/// The challenge answer: the right code yields the cres, posted on to the merchant.
pub(super) async fn v2_challenge(State(sim): State<Shared>, body: Bytes) -> Html<String> {
    let form = form(&body);
    let creq = form.get("creq").cloned().unwrap_or_default();
    if form.get("code").map(String::as_str) != Some(CHALLENGE_CODE) {
        return Html(
            "<html><body><p>Wrong code: authentication failed.</p></body></html>".to_string(),
        );
    }
    let cres = format!("CRES-{creq}");
    if let Ok(mut book) = sim.book.lock() {
        book.cres.insert(cres.clone(), creq);
    }
    Html(format!(
        "<html><body><form method=\"post\">{}</form></body></html>",
        hidden("cres", &cres)
    ))
}

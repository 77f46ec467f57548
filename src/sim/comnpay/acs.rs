//! The 3-D Secure pages of the card issuer (ACS). v1 receives MD, PaReq and TermUrl and,
//! when the payer approves, posts MD and PaRes to TermUrl; v2 receives the creq, asks for
//! the challenge code and posts the cres to the debit's redirection3DSV2Url
//! (000_0314d75137e75338.txt, "Finalize debit after 3DS authentication v1 / v2").

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

use super::cards::CHALLENGE_CODE;
use super::simulator::{Shared, Sim};
use super::state::Pending;
use crate::sim::page::{answer, notice, page, Summary, Then};

fn form(body: &[u8]) -> BTreeMap<String, String> {
    crate::encoding::line_pairs(body).into_iter().collect()
}

impl Sim {
    /// What the merchant started, by MD or creq.
    fn pending(&self, key: &str) -> Option<Pending> {
        self.book.lock().ok()?.pending.get(key).cloned()
    }

    fn summary<'a>(&'a self, title: &'a str, pending: &'a Pending) -> Summary<'a> {
        let mut s = Summary::new(title, "ComNpay", &self.serial);
        s.amount = Some((pending.amount, "EUR"));
        s.reference = Some(("Transaction", &pending.reference));
        s
    }
}

fn unknown(sim: &Sim, title: &str, what: &str) -> Response {
    let summary = Summary::new(title, "ComNpay", &sim.serial);
    notice(
        StatusCode::NOT_FOUND,
        &summary,
        &format!("Unknown authentication: no payment waits for this {what}."),
    )
}

/// 3-D Secure v1 ACS: shows the payment; approving posts MD and PaRes to TermUrl.
pub(super) async fn v1(State(sim): State<Shared>, body: Bytes) -> Response {
    let form = form(&body);
    let md = form.get("MD").cloned().unwrap_or_default();
    let title = "3-D Secure v1";
    let Some(pending) = sim.pending(&md) else {
        return unknown(&sim, title, "MD");
    };
    let pares = format!("PARES-{md}");
    if let Ok(mut book) = sim.book.lock() {
        book.pares.insert(md.clone(), pares.clone());
    }
    let term = form.get("TermUrl").filter(|t| !t.is_empty());
    let body = html! {
        @if let Some(term) = term {
            p.todo { "Press " b { "Approve" } " to authenticate: you go back to the merchant, who receives MD and PaRes." }
            form method="post" action=(term) {
                input type="hidden" name="MD" value=(md);
                input type="hidden" name="PaRes" value=(pares);
                button type="submit" { "Approve" }
            }
        } @else {
            p.bad { "No TermUrl was posted: the merchant sends MD and this PaRes to end3dsDebit." }
            input type="hidden" name="PaRes" value=(pares);
            p { code { (pares) } }
        }
    };
    answer(
        StatusCode::OK,
        page(&sim.summary(title, &pending), Then::Stay, body),
    )
}

/// The challenge form, with a message above it.
fn challenge_form(sim: &Sim, creq: &str, message: Markup) -> Markup {
    let action = format!("{}/comnpay/acs/v2/challenge", sim.base);
    html! {
        (message)
        form method="post" action=(action) {
            input type="hidden" name="creq" value=(creq);
            label { "Code " input name="code" inputmode="numeric" autocomplete="one-time-code" autofocus; }
            button type="submit" { "Approve" }
        }
    }
}

/// 3-D Secure v2 ACS: the challenge page, asking for the code.
pub(super) async fn v2(State(sim): State<Shared>, body: Bytes) -> Response {
    let creq = form(&body).remove("creq").unwrap_or_default();
    let title = "3-D Secure v2";
    let Some(pending) = sim.pending(&creq) else {
        return unknown(&sim, title, "creq");
    };
    let todo = html! { p.todo { "Type " b { (CHALLENGE_CODE) } " to approve (any other code is refused)." } };
    let body = challenge_form(&sim, &creq, todo);
    answer(
        StatusCode::OK,
        page(&sim.summary(title, &pending), Then::Stay, body),
    )
}

/// The challenge answer: the right code yields the cres, posted to the redirection3DSV2Url.
pub(super) async fn v2_challenge(State(sim): State<Shared>, body: Bytes) -> Response {
    let form = form(&body);
    let creq = form.get("creq").cloned().unwrap_or_default();
    let title = "3-D Secure v2";
    let Some(pending) = sim.pending(&creq) else {
        return unknown(&sim, title, "creq");
    };
    let summary = sim.summary(title, &pending);
    if form.get("code").map(String::as_str) != Some(CHALLENGE_CODE) {
        let message = html! { p.bad { "Wrong code: authentication failed. Type " b { (CHALLENGE_CODE) } " to approve." } };
        let body = challenge_form(&sim, &creq, message);
        return answer(StatusCode::OK, page(&summary, Then::Stay, body));
    }
    let cres = format!("CRES-{creq}");
    if let Ok(mut book) = sim.book.lock() {
        book.cres.insert(cres.clone(), creq);
    }
    let back = pending.return_url.as_deref().filter(|u| !u.is_empty());
    let body = html! {
        @if let Some(url) = back {
            p.ok { "Authenticated. Returning you to the merchant..." }
            form method="post" action=(url) {
                input type="hidden" name="cres" value=(cres);
                button type="submit" { "Return to the merchant" }
            }
        } @else {
            p.ok { "Authenticated. The debit gave no redirection3DSV2Url: the merchant sends this cres to end3dsDebit." }
            input type="hidden" name="cres" value=(cres);
            p { code { (cres) } }
        }
    };
    answer(
        StatusCode::OK,
        page(
            &summary,
            if back.is_some() {
                Then::Submit
            } else {
                Then::Stay
            },
            body,
        ),
    )
}

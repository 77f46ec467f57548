//! The pages of a payment link, as the payer's browser sees them: the link (what is bought,
//! how much, a card to type), 3-D Secure when the card asks for it, then the merchant's
//! urlOk or urlNok (or the gateway's own outcome page when the link has none, as the
//! document's answer example with urlOk null implies).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::cards::{CARD_3DS_V1, CARD_3DS_V2_CHALLENGE, CARD_3DS_V2_FRICTIONLESS};
use super::payments;
use super::simulator::{Shared, Sim};
use super::state::{Auth, Proof};
use crate::sim::page::{answer, notice, page, Summary, Then};

/// What a link's pages show about it.
struct Shown {
    label: String,
    product: String,
    reference: String,
    amount: Option<i64>,
    p3f: bool,
    url_ok: Option<String>,
    url_nok: Option<String>,
}

impl Sim {
    fn shown(&self, id: &str) -> Option<Shown> {
        let book = self.book.lock().ok()?;
        let link = book.links.get(id)?;
        let url = |u: &Option<String>| u.clone().filter(|u| !u.is_empty());
        Some(Shown {
            label: link.product_label.clone().unwrap_or_default(),
            product: link.product_reference.clone().unwrap_or_default(),
            reference: book.link_refs.get(id).cloned().unwrap_or_default(),
            amount: link.amount.map(crate::MinorUnits::get),
            p3f: link.payment_type == Some(crate::comnpay::PaymentType::P3f),
            url_ok: url(&link.url_ok),
            url_nok: url(&link.url_nok),
        })
    }

    fn link_summary<'a>(&'a self, link: &'a Shown, amount: Option<i64>) -> Summary<'a> {
        let mut s = Summary::new("Payment link", "ComNpay", &self.serial);
        s.amount = amount.map(|a| (a, "EUR"));
        s.reference = Some(("Transaction", &link.reference));
        s.details.push(("Product", link.label.clone()));
        s.details.push(("Product reference", link.product.clone()));
        if link.p3f {
            s.details.push(("Paid in", "3 installments".to_string()));
        }
        s
    }

    /// Where the payer goes once a link's payment `reference` is settled: the ACS page while
    /// 3-D Secure waits, else urlOk / urlNok, else the outcome page.
    pub(super) fn link_outcome(&self, id: &str, reference: &str) -> Response {
        let Some(link) = self.shown(id) else {
            return notice_for(self, id, "Unknown payment link");
        };
        let tx = self
            .book
            .lock()
            .ok()
            .and_then(|b| b.debits.get(reference).cloned());
        let amount = tx.as_ref().map(|t| t.amount).or(link.amount);
        let summary = self.link_summary(&link, amount);
        let (auth, code) = tx.map_or((Auth::Done, "200".to_string()), |t| (t.auth, t.code));
        let acs = |page_name: &str| format!("{}/comnpay/acs/{page_name}", self.base);
        let back = self.link_return(id);
        let body = match &auth {
            Auth::AwaitingV2 { creq } => html! {
                p.todo { "This card asks for 3-D Secure: continuing to the bank's page..." }
                form method="post" action=(acs("v2")) {
                    input type="hidden" name="creq" value=(creq);
                    button type="submit" { "Continue" }
                }
            },
            Auth::AwaitingV1 { md } => html! {
                p.todo { "This card asks for 3-D Secure: continuing to the bank's page..." }
                form method="post" action=(acs("v1")) {
                    input type="hidden" name="MD" value=(md);
                    input type="hidden" name="PaReq" value=(format!("PAREQ-{md}"));
                    input type="hidden" name="TermUrl" value=(back);
                    button type="submit" { "Continue" }
                }
            },
            Auth::Done => return settled(&summary, &link, &code),
        };
        answer(StatusCode::OK, page(&summary, Then::Submit, body))
    }
}

/// The outcome of a settled payment: urlOk or urlNok when the link has them.
fn settled(summary: &Summary<'_>, link: &Shown, code: &str) -> Response {
    let accepted = code == "200";
    let url = if accepted {
        &link.url_ok
    } else {
        &link.url_nok
    };
    if let Some(url) = url {
        return Redirect::to(url).into_response();
    }
    let message = if accepted {
        "Payment accepted. You may close this page.".to_string()
    } else {
        let description = crate::comnpay::ReturnCode::from_code(code).description();
        format!("Payment refused: {code} {description}.")
    };
    let status = if accepted {
        StatusCode::OK
    } else {
        StatusCode::PAYMENT_REQUIRED
    };
    notice(status, summary, &message)
}

/// A page saying why a link cannot be paid.
pub(super) fn notice_for(sim: &Sim, id: &str, message: &str) -> Response {
    let link = sim.shown(id);
    let summary = match &link {
        Some(link) => sim.link_summary(link, link.amount),
        None => Summary::new("Payment link", "ComNpay", &sim.serial),
    };
    let status = if link.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::NOT_FOUND
    };
    notice(status, &summary, message)
}

/// GET the link's page: what is bought, how much, and a card to type.
pub(super) async fn show(State(sim): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(link) = sim.shown(&id) else {
        return notice_for(&sim, &id, "Unknown payment link");
    };
    let closed = sim
        .book
        .lock()
        .ok()
        .and_then(|b| b.links.get(&id).map(|l| l.end_date.is_some()))
        .unwrap_or(true);
    if closed {
        return notice_for(&sim, &id, "This payment link is closed");
    }
    let action = format!("{}/comnpay/payperlink/{id}", sim.base);
    let body = html! {
        p.todo {
            "Type a card number and press " b { "Pay" } ". Test cards: " code { (CARD_3DS_V2_FRICTIONLESS) } " is accepted; "
            code { (CARD_3DS_V2_CHALLENGE) } " asks for the 3-D Secure v2 code (from 30.00 EUR); "
            code { (CARD_3DS_V1) } " goes through 3-D Secure v1; " code { "4000000000000207" } " is refused."
        }
        form method="post" action=(action) {
            @if link.amount.is_none() {
                label { "Amount in cents " input name="amount" inputmode="numeric" required; }
            }
            label { "Card number " input name="card" inputmode="numeric" value=(CARD_3DS_V2_FRICTIONLESS) required; }
            button type="submit" { "Pay" }
        }
    };
    let summary = sim.link_summary(&link, link.amount);
    answer(StatusCode::OK, page(&summary, Then::Stay, body))
}

/// The ACS pages send the payer of a link back here (cres, or MD and PaRes): the debit is
/// finished as end3dsDebit would, then the payer goes on to urlOk or urlNok.
pub(super) async fn finish(
    State(sim): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let form: BTreeMap<String, String> = crate::encoding::line_pairs(&body).into_iter().collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let reference = {
        let Ok(mut book) = sim.book.lock() else {
            return notice_for(&sim, &id, "Service unavailable");
        };
        let key = match form.get("cres") {
            Some(cres) => book.cres.get(cres).cloned().unwrap_or_default(),
            None => field("MD").to_string(),
        };
        let Some(reference) = book.pending.get(&key).map(|p| p.reference.clone()) else {
            return notice_for(&sim, &id, "Unknown authentication");
        };
        let proof = match form.get("cres") {
            Some(cres) => Proof::V2 { cres },
            None => Proof::V1 {
                md: field("MD"),
                pares: field("PaRes"),
            },
        };
        payments::end3ds(&mut book, &reference, &proof);
        reference
    };
    sim.link_outcome_after_3ds(&id, &reference)
}

impl Sim {
    /// After 3-D Secure: an authentication still waiting means the proof was refused.
    fn link_outcome_after_3ds(&self, id: &str, reference: &str) -> Response {
        let refused = self.book.lock().ok().is_none_or(|mut b| {
            b.debits.get_mut(reference).is_none_or(|t| {
                if t.auth != Auth::Done {
                    t.code = "221".to_string();
                    t.auth = Auth::Done;
                }
                t.code != "200"
            })
        });
        if refused {
            if let Some(link) = self.shown(id) {
                let summary = self.link_summary(&link, link.amount);
                return settled(&summary, &link, "221");
            }
        }
        self.link_outcome(id, reference)
    }
}

//! Payment links and P3F files: created, closed, searched, and paid on the link's page.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::state::*;
use super::{link_pages, Shared, Sim, CARD_3DS_V2_FRICTIONLESS};
use crate::comnpay::{PayperlinkClose, PayperlinkCreate, PayperlinkFind, PnfFileFind};
use crate::sim::page;

impl Sim {
    pub(super) fn link_create(&self, book: &mut Book, r: PayperlinkCreate) -> String {
        let id = format!("{:032x}", book.next_id() * 104_729);
        let link = json!({ "payperlinkId": id, "paymentType": r.payment_type.to_string(), "maxQuantity": r.max_quantity.unwrap_or(1),
            "language": r.language.map(|l| l.to_string()), "productReference": r.product_reference, "productLabel": r.product_label,
            "amount": r.amount.map(|a| a.get()), "link": format!("{}/comnpay/payperlink/{id}", self.base),
            "urlOk": r.url_ok, "urlNok": r.url_nok,
            "creationDate": now(), "nbPayments": 0, "deadlineFrequency": 0, "deadlineDay": 0 });
        book.links.insert(id.clone(), link.clone());
        book.link_refs.insert(id, r.transaction_ref);
        json!({ "ok": 1, "message": "", "actionUrl": null, "payperlink": link, "responseCode": "000" }).to_string()
    }

    /// Where the ACS pages send the payer of a link back.
    pub(super) fn link_return(&self, id: &str) -> String {
        format!("{}/comnpay/payperlink/{id}/3ds", self.base)
    }

    /// The payment page of a payperlink: a debit for a D link, a P3F file (three
    /// installments, the first debited at once, the others 30 and 60 days later) for a P3F one.
    /// The first payment takes the link's transactionRef. Answers the transactionRef and the
    /// gateway's JSON answer.
    fn pay_link(
        &self,
        id: &str,
        form: &BTreeMap<String, String>,
    ) -> Result<(String, String), &'static str> {
        let mut book = self.book.lock().map_err(|_| "Service unavailable")?;
        let book = &mut *book;
        let link = book.links.get_mut(id).ok_or("Unknown payment link")?;
        if link.get("endDate").is_some_and(|d| !d.is_null()) {
            return Err("This payment link is closed");
        }
        let amount = link["amount"]
            .as_i64()
            .or_else(|| form.get("amount").and_then(|a| a.trim().parse().ok()))
            .filter(|a| *a > 0)
            .ok_or("No amount")?;
        let paid = link["nbPayments"].as_i64().unwrap_or(0);
        link["nbPayments"] = (paid + 1).into();
        let p3f = link["paymentType"].as_str() == Some("P3F");
        let number = form
            .get("card")
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .unwrap_or(CARD_3DS_V2_FRICTIONLESS);
        let next = book.next_id();
        let card = Card {
            number: number.to_string(),
            expiry: "2812".to_string(),
            kind: "CB".to_string(),
            alias: format!("{:064X}", next * 7919),
        };
        let reference = match book.link_refs.get(id) {
            Some(r)
                if !book.debits.contains_key(r)
                    && !book.pnf_files.iter().any(|f| f["transactionRef"] == **r) =>
            {
                r.clone()
            }
            _ => format!("LINK{next:08}"),
        };
        if !p3f {
            let back = self.link_return(id);
            let answer = self.debit(book, &reference, card, amount, Some(&back));
            return Ok((reference, answer));
        }
        let file = p3f_file(&card, &reference, amount, next);
        book.pnf_files.push(file.clone());
        Ok((reference, file.to_string()))
    }
}

/// A P3F file of three installments, the first paid now.
fn p3f_file(card: &Card, reference: &str, amount: i64, next: u64) -> Value {
    let first = amount / 3 + amount % 3;
    let today = crate::date::DateTime::now_utc();
    let planned = |days: i64| {
        today.date().add_days(days).map_or_else(now, |d| {
            format!(
                "{d}{:02}{:02}{:02}",
                today.hour(),
                today.minute(),
                today.second()
            )
        })
    };
    let terms: Vec<Value> = (0..3)
        .map(|i| {
            let paid = i == 0;
            json!({ "term": i + 1, "amount": if paid { first } else { amount / 3 }, "ok": i32::from(paid), "canceled": 0,
                "cardAlias": card.alias, "cardEndDate": card.expiry, "cardTruncatedNumber": card.truncated(), "cardType": card.kind,
                "plannedDate": planned(30 * i64::from(i)), "transactionDate": if paid { Value::from(now()) } else { Value::Null },
                "responseCode": if paid { "200" } else { "" }, "retries": 0 })
        })
        .collect();
    json!({ "fileNumber": format!("PNF{}{next:05}", &now()[..8]), "amount": amount, "cardAlias": card.alias,
        "cardEndDate": card.expiry, "cardTruncatedNumber": card.truncated(), "entryDate": now(), "statusDate": now(),
        "status": "PENDING", "transactionRef": reference, "pnfTransactions": terms })
}

/// The payer pays a payment link (form fields `card`, and `amount` when the link has none).
/// A browser gets the gateway's pages (3-D Secure, then urlOk or urlNok); an API client gets
/// the JSON answer.
pub(super) async fn pay(
    State(sim): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = crate::encoding::line_pairs(&body).into_iter().collect();
    let paid = sim.pay_link(&id, &form);
    if !page::wants_html(&headers) {
        return match paid {
            Ok((_, answer)) => answer,
            Err(message) => refusal("214", message),
        }
        .into_response();
    }
    match paid {
        Ok((reference, _)) => sim.link_outcome(&id, &reference),
        Err(message) => link_pages::notice_for(&sim, &id, message),
    }
}

pub(super) fn close(book: &mut Book, r: PayperlinkClose) -> String {
    let Some(link) = book.links.get_mut(&r.payperlink_id) else {
        return refusal("214", "Transaction unknown");
    };
    link["endDate"] = now().into();
    json!({ "ok": 1, "message": "", "actionUrl": null, "payperlink": link, "responseCode": "000" })
        .to_string()
}

pub(super) fn find(book: &Book, r: PayperlinkFind) -> String {
    let list: Vec<&Value> = book
        .links
        .iter()
        .filter(|(id, _)| r.payperlink_id.as_ref().is_none_or(|x| x == *id))
        .map(|(_, v)| v)
        .collect();
    json!({ "payperlinks": list, "nbPayperlinks": list.len() }).to_string()
}

pub(super) fn pnf_find(book: &Book, r: PnfFileFind) -> String {
    let matches = |f: &Value, key: &str, wanted: Option<&str>| wanted.is_none_or(|w| f[key] == w);
    let list: Vec<&Value> = book
        .pnf_files
        .iter()
        .filter(|f| matches(f, "fileNumber", r.file_number.as_deref()))
        .filter(|f| matches(f, "status", r.status.as_ref().map(|s| s.as_str())))
        .filter(|f| matches(f, "transactionRef", r.transaction_ref.as_deref()))
        .collect();
    json!({ "nbPnfFiles": list.len(), "pnfFile": list }).to_string()
}

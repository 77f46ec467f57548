//! Payment links and P3F files: created, closed, searched, and paid on the link's page.

use std::collections::BTreeMap;

use super::cards::CARD_3DS_V2_FRICTIONLESS;
use super::link_pages;
use super::simulator::{Shared, Sim};
use super::state::*;
use crate::comnpay::{
    CardType, PaymentType, PayperlinkClose, PayperlinkCreate, PayperlinkDetails, PayperlinkFind,
    PayperlinkList, PayperlinkResponse, PnfFile, PnfFileFind, PnfFileList, PnfStatus,
    PnfTransaction, ReturnCode,
};
use crate::date::{DateTime, YearMonth};
use crate::sim::page;
use crate::{MinorUnits, Sensitive, Sensitivity};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

/// A P3F file as the simulator keeps it: the file, and the transactionRef of its first
/// payment (the search's filter; the file as the document shows it has no such field).
#[derive(Debug, Clone)]
pub(super) struct P3f {
    pub reference: String,
    pub file: PnfFile,
}

/// The answer to a link created or closed: `ok` 1, code 000, the link.
fn link_answer(link: &PayperlinkDetails) -> String {
    encoded(
        PayperlinkResponse {
            ok: Some(true),
            message: Some(String::new()),
            payperlink: Some(link.clone()),
            response_code: Some(ReturnCode::from_code("000")),
            ..PayperlinkResponse::default()
        }
        .encode(),
    )
}

impl Sim {
    pub(super) fn link_create(&self, book: &mut Book, r: PayperlinkCreate) -> String {
        let id = format!("{:032x}", book.next_id() * 104_729);
        let link = PayperlinkDetails {
            payperlink_id: Some(id.clone()),
            payment_type: Some(r.payment_type),
            max_quantity: Some(r.max_quantity.unwrap_or(1)),
            language: r.language,
            product_reference: Some(r.product_reference),
            product_label: Some(r.product_label),
            amount: r.amount,
            link: Some(format!("{}/comnpay/payperlink/{id}", self.base)),
            url_ok: r.url_ok,
            url_nok: r.url_nok,
            creation_date: Some(now()),
            nb_payments: Some(0),
            deadline_frequency: Some(0),
            deadline_day: Some(0),
            ..PayperlinkDetails::default()
        };
        let answer = link_answer(&link);
        book.links.insert(id.clone(), link);
        book.link_refs.insert(id, r.transaction_ref);
        answer
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
        if link.end_date.is_some() {
            return Err("This payment link is closed");
        }
        let amount = link
            .amount
            .map(MinorUnits::get)
            .or_else(|| form.get("amount").and_then(|a| a.trim().parse().ok()))
            .filter(|a| *a > 0)
            .ok_or("No amount")?;
        link.nb_payments = Some(link.nb_payments.unwrap_or(0) + 1);
        let p3f = link.payment_type == Some(PaymentType::P3f);
        let number = form
            .get("card")
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .unwrap_or(CARD_3DS_V2_FRICTIONLESS);
        let next = book.next_id();
        let card = Card {
            number: number.to_string(),
            expiry: YearMonth::new(28, 12).map_err(|_| "Service unavailable")?,
            kind: CardType::Cb,
            alias: format!("{:064X}", next * 7919),
        };
        let reference = match book.link_refs.get(id) {
            Some(r)
                if !book.debits.contains_key(r)
                    && !book.pnf_files.iter().any(|f| f.reference == **r) =>
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
        let file = p3f_file(&card, amount, next);
        let answer = encoded(file.encode());
        book.pnf_files.push(P3f {
            reference: reference.clone(),
            file,
        });
        Ok((reference, answer))
    }
}

/// A P3F file of three installments, the first paid now, the others 30 and 60 days later.
fn p3f_file(card: &Card, amount: i64, next: u64) -> PnfFile {
    let first = amount / 3 + amount % 3;
    let today = now();
    let planned = |days: i64| {
        let d = today.date().add_days(days)?;
        let (h, m, s) = (today.hour(), today.minute(), today.second());
        DateTime::new(d.year(), d.month(), d.day(), h, m, s).ok()
    };
    let alias = || Some(Sensitive::new(Sensitivity::Token, card.alias.as_str()));
    let terms = (0..3)
        .map(|i| {
            let paid = i == 0;
            PnfTransaction {
                term: Some(i + 1),
                amount: Some(MinorUnits(if paid { first } else { amount / 3 })),
                ok: Some(paid),
                canceled: Some(false),
                card_alias: alias(),
                card_end_date: Some(card.expiry),
                card_truncated_number: Some(card.truncated()),
                card_type: Some(card.kind.clone()),
                planned_date: planned(30 * i),
                transaction_date: paid.then_some(today),
                response_code: Some(ReturnCode::from_code(if paid { "200" } else { "" })),
                retries: Some(0),
                ..PnfTransaction::default()
            }
        })
        .collect();
    PnfFile {
        file_number: Some(format!("PNF{}{next:05}", today.date())),
        amount: Some(MinorUnits(amount)),
        card_alias: alias(),
        card_end_date: Some(card.expiry),
        card_truncated_number: Some(card.truncated()),
        entry_date: Some(today),
        status_date: Some(today),
        status: Some(PnfStatus::Pending),
        pnf_transactions: Some(terms),
        ..PnfFile::default()
    }
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
        let body = match paid {
            Ok((_, answer)) => answer,
            Err(message) => refusal("214", message),
        };
        return crate::sim::gateway::Reply::ok("application/json", body).into_response();
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
    link.end_date = Some(now());
    link_answer(link)
}

pub(super) fn find(book: &Book, r: PayperlinkFind) -> String {
    let list: Vec<PayperlinkDetails> = book
        .links
        .iter()
        .filter(|(id, _)| r.payperlink_id.as_ref().is_none_or(|x| x == *id))
        .map(|(_, v)| v.clone())
        .collect();
    encoded(
        PayperlinkList {
            nb_payperlinks: i64::try_from(list.len()).ok(),
            payperlinks: Some(list),
            ..PayperlinkList::default()
        }
        .encode(),
    )
}

pub(super) fn pnf_find(book: &Book, r: PnfFileFind) -> String {
    let list: Vec<PnfFile> = book
        .pnf_files
        .iter()
        .filter(|f| r.file_number.is_none() || f.file.file_number == r.file_number)
        .filter(|f| {
            r.status
                .as_ref()
                .is_none_or(|s| f.file.status.as_ref().map(|x| x.as_str()) == Some(s.as_str()))
        })
        .filter(|f| r.transaction_ref.as_ref().is_none_or(|x| *x == f.reference))
        .map(|f| f.file.clone())
        .collect();
    encoded(
        PnfFileList {
            nb_pnf_files: i64::try_from(list.len()).ok(),
            pnf_file: Some(list),
            ..PnfFileList::default()
        }
        .encode(),
    )
}

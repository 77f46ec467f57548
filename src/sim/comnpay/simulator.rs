//! The ComNpay simulator itself: what it is configured with, how it authorizes, validates
//! and answers, and its pages' routes.

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;

use super::state::{refusal, Book};
use super::{acs, link_pages, links, payments, preauth};
use crate::comnpay::{Incoming, Received};
use crate::sim::config::Config;
use crate::sim::gateway::{Entry, Reply, Simulated};
use crate::RequestDecodeError;

/// Every ComNpay answer is JSON, but a receipt.
pub(super) const JSON: &str = "application/json";
/// A receipt: a character string.
pub(super) const TEXT: &str = "text/plain; charset=utf-8";

pub(crate) struct Sim {
    pub(super) serial: String,
    key: String,
    pub(super) base: String,
    pub(super) book: Mutex<Book>,
}

pub(super) type Shared = Arc<Sim>;

impl Sim {
    /// The simulator of the gateway `config` names, its pages linking to `base`.
    pub(crate) fn new(config: &Config, base: &str) -> Self {
        Sim {
            serial: config.comnpay_serial_number.clone(),
            key: config.comnpay_key.clone(),
            base: base.to_string(),
            book: Mutex::new(Book::default()),
        }
    }
}

/// Served under `/comnpay`; the client's base URL is `/comnpay/rest`.
impl Simulated for Sim {
    type Incoming = Incoming;
    const API: &'static str = "/rest";

    fn mount(&self) -> String {
        "comnpay".to_string()
    }

    /// 005 for a missing or unreadable field, 013 for an unknown endpoint.
    fn undecodable(&self, error: &RequestDecodeError) -> Reply {
        let body = match error {
            RequestDecodeError::Body { source, .. } => {
                let message = format!("Required field missing or unreadable: {source}");
                refusal("005", &message)
            }
            _ => refusal("013", "Action prohibited"),
        };
        Reply::ok(JSON, body)
    }

    /// Authorizes (010: the serial number always, the key but to create a token), then
    /// validates (009).
    fn admit(&self, _: &HeaderMap, received: &Received) -> Result<(), Reply> {
        if !self.authorized(received) {
            return Err(Reply::ok(JSON, refusal("010", "Access denied")));
        }
        if let Err(v) = received
            .request
            .validate_with(crate::ValidationPolicy::Strict)
        {
            let message = format!("Invalid parameter: {v}");
            return Err(Reply::ok(JSON, refusal("009", &message)));
        }
        Ok(())
    }

    fn serve(&self, received: Received) -> Reply {
        match self.book.lock() {
            Ok(mut book) => self.serve_in(&mut book, received.request),
            Err(_) => Reply::ok(JSON, refusal("001", "Service unavailable")),
        }
    }

    /// Every debit, by transactionRef.
    fn entries(&self) -> Vec<Entry> {
        let Ok(book) = self.book.lock() else {
            return Vec::new();
        };
        book.debits
            .values()
            .map(|t| Entry {
                reference: t.reference.clone(),
                id: t.id.to_string(),
                minor: t.amount,
            })
            .collect()
    }

    /// The ACS pages and the payment links' pages.
    fn pages(self: Arc<Self>) -> Router {
        Router::new()
            .route("/acs/v1", post(acs::v1))
            .route("/acs/v2", post(acs::v2))
            .route("/acs/v2/challenge", post(acs::v2_challenge))
            .route("/payperlink/{id}", get(link_pages::show).post(links::pay))
            .route("/payperlink/{id}/3ds", post(link_pages::finish))
            .with_state(self)
    }
}

impl Sim {
    /// The serial number always; the key too, except to create a token.
    fn authorized(&self, received: &Received) -> bool {
        let c = &received.credentials;
        let needs_key = !matches!(received.request, Incoming::TokenCreate(_));
        let serial_ok = c.serial_number.as_deref() == Some(self.serial.as_str());
        let key_ok = !needs_key
            || c.key
                .as_ref()
                .is_some_and(|k| crate::signature::verify_secret(&self.key, k.expose()));
        serial_ok && key_ok
    }

    fn serve_in(&self, book: &mut Book, request: Incoming) -> Reply {
        use Incoming as I;
        let json = match request {
            I::TokenCreate(r) => self.token_create(book, r),
            I::PaymentTokenDebit(r) => self.token_debit(book, r),
            I::PaymentAliasDebit(r) => self.alias_debit(book, r),
            I::PaymentEnd3dsDebitV1(r) => payments::end3ds_v1(book, r),
            I::PaymentEnd3dsDebitV2(r) => payments::end3ds_v2(book, r),
            I::PaymentRefund(r) => payments::refund(book, r),
            I::PaymentFind(r) => payments::find(book, r),
            I::AliasTokenCreate(r) => payments::alias_create(book, r),
            I::AliasFind(r) => payments::alias_find(book, r),
            I::ReceiptGetHtml(r) => {
                return payments::receipt(book, &self.serial, &r.transaction_ref, false)
            }
            I::ReceiptGetPdfBase64(r) => {
                return payments::receipt(book, &self.serial, &r.transaction_ref, true)
            }
            I::PreauthorizationTokenOpen(r) => self.preauth_token_open(book, r),
            I::PreauthorizationAliasOpen(r) => self.preauth_alias_open(book, r),
            I::PreauthorizationEnd3dsV1(r) => preauth::end3ds_v1(book, r),
            I::PreauthorizationEnd3dsV2(r) => preauth::end3ds_v2(book, r),
            I::PreauthorizationClose(r) => preauth::close(book, r),
            I::PreauthorizationFind(r) => preauth::find(book, r),
            I::PayperlinkCreate(r) => self.link_create(book, r),
            I::PayperlinkClose(r) => links::close(book, r),
            I::PayperlinkFind(r) => links::find(book, r),
            I::PnfFileFind(r) => links::pnf_find(book, r),
        };
        Reply::ok(JSON, json)
    }
}

//! The ComNpay simulator. Requests are read with the generated `Incoming::decode` and
//! checked with the generated `validate`, exactly as the client checks them; answers follow
//! the shapes and return codes of 000_0314d75137e75338.txt.
//!
//! Test cards (the seed's, plus deterministic refusals):
//!
//! | card | amount under 30.00 | from 30.00 |
//! |---|---|---|
//! | 2221001892683407 | accepted, no 3DS | 3-D Secure v1 (MD/PaReq through the ACS page) |
//! | 5306889942833340 | accepted, no 3DS | 3-D Secure v2 with a challenge: code 1234 |
//! | 5512459816707530 | accepted, no 3DS | 3-D Secure v2 frictionless |
//! | 4000000000000207 | 207 Card refused | same |
//! | 4000000000000651 | 651 Insufficient funds or exceeded credit limit | same |
//! | 4000000000000634 | 634 Fraud suspicion | same |
//! | any other | accepted | accepted (frictionless) |
//!
//! Payment links are paid on their `link` page; a P3F link opens a P3F file. The pages a
//! payer sees (ACS, payment link) are in `acs` and `link_pages`, written with maud.

mod acs;
mod link_pages;
mod links;
mod payments;
mod preauth;
mod state;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;

use crate::comnpay::{Incoming, Received};
use crate::encoding::Method;
use crate::RequestDecodeError;
pub use state::THREE_DS_THRESHOLD;
use state::{refusal, Book};

/// The card that asks for 3-D Secure v1 from 30.00.
pub const CARD_3DS_V1: &str = "2221001892683407";
/// The card that asks for a 3-D Secure v2 challenge from 30.00 (code 1234).
pub const CARD_3DS_V2_CHALLENGE: &str = "5306889942833340";
/// The card that passes 3-D Secure v2 without a challenge.
pub const CARD_3DS_V2_FRICTIONLESS: &str = "5512459816707530";
/// The code the challenge page accepts.
pub const CHALLENGE_CODE: &str = "1234";
/// Cards refused with a documented code.
pub const REFUSING_CARDS: [(&str, &str); 3] = [
    ("4000000000000207", "207"),
    ("4000000000000651", "651"),
    ("4000000000000634", "634"),
];

struct Sim {
    serial: String,
    key: String,
    base: String,
    book: Mutex<Book>,
}

type Shared = Arc<Sim>;

/// Read access to the simulator's debits.
pub(crate) struct Books(Shared);

impl Books {
    /// Every debit, by transactionRef.
    pub(crate) fn entries(&self) -> Vec<super::Entry> {
        let Ok(book) = self.0.book.lock() else {
            return Vec::new();
        };
        book.debits
            .values()
            .map(|t| super::Entry {
                reference: t.reference.clone(),
                id: t.id.to_string(),
                minor: t.amount,
            })
            .collect()
    }
}

/// The router, to nest under `/comnpay`, and read access to its books.
pub(crate) fn router(config: &super::Config, base: &str) -> (Router, Books) {
    let sim = Arc::new(Sim {
        serial: config.comnpay_serial_number.clone(),
        key: config.comnpay_key.clone(),
        base: base.to_string(),
        book: Mutex::new(Book::default()),
    });
    let routes = Router::new()
        .route("/rest/{*path}", post(rest))
        .route("/acs/v1", post(acs::v1))
        .route("/acs/v2", post(acs::v2))
        .route("/acs/v2/challenge", post(acs::v2_challenge))
        .route("/payperlink/{id}", get(link_pages::show).post(links::pay))
        .route("/payperlink/{id}/3ds", post(link_pages::finish))
        .with_state(sim.clone());
    (routes, Books(sim))
}

async fn rest(State(sim): State<Shared>, Path(path): Path<String>, body: Bytes) -> String {
    sim.handle(&path, &body)
}

impl Sim {
    /// Decodes (005, or 013 for an unknown endpoint), authorizes (010), validates (009),
    /// then serves.
    fn handle(&self, path: &str, body: &[u8]) -> String {
        let received = match Incoming::decode(Method::Post, path, body) {
            Ok(r) => r,
            Err(RequestDecodeError::Body { source, .. }) => {
                let message = format!("Required field missing or unreadable: {source}");
                return refusal("005", &message);
            }
            Err(_) => return refusal("013", "Action prohibited"),
        };
        if !self.authorized(&received) {
            return refusal("010", "Access denied");
        }
        if let Err(v) = received
            .request
            .validate_with(crate::ValidationPolicy::Strict)
        {
            return refusal("009", &format!("Invalid parameter: {v}"));
        }
        let Ok(mut book) = self.book.lock() else {
            return refusal("001", "Service unavailable");
        };
        self.serve(&mut book, received.request)
    }

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

    fn serve(&self, book: &mut Book, request: Incoming) -> String {
        use Incoming as I;
        match request {
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
                payments::receipt(book, &self.serial, &r.transaction_ref, false)
            }
            I::ReceiptGetPdfBase64(r) => {
                payments::receipt(book, &self.serial, &r.transaction_ref, true)
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
        }
    }
}

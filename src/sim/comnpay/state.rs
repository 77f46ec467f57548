//! What the ComNpay simulator remembers, and how it shows it in answers.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::comnpay::ReturnCode;
use crate::date::DateTime;

/// The amount (in cents) from which 3-D Secure applies.
pub const THREE_DS_THRESHOLD: i64 = 3000;

#[derive(Debug, Clone)]
pub(super) struct Card {
    pub number: String,
    pub expiry: String,
    pub kind: String,
    pub alias: String,
}

impl Card {
    pub fn truncated(&self) -> String {
        let n = &self.number;
        let head = n.get(..6).unwrap_or(n);
        let tail = n.get(n.len().saturating_sub(4)..).unwrap_or("");
        format!("{head}XXXXXX{tail}")
    }
}

/// Where a payment stands with 3-D Secure.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Auth {
    Done,
    AwaitingV1 { md: String },
    AwaitingV2 { creq: String },
}

/// What the payer's browser brings back after 3-D Secure.
pub(super) enum Proof<'a> {
    V1 { md: &'a str, pares: &'a str },
    V2 { cres: &'a str },
}

#[derive(Debug, Clone)]
pub(super) struct Tx {
    pub id: u64,
    pub reference: String,
    pub kind: &'static str,
    pub amount: i64,
    pub refunded: i64,
    pub code: String,
    pub card: Card,
    pub date: String,
    pub auth: Auth,
}

#[derive(Debug, Clone)]
pub(super) struct Preauth {
    pub id: u64,
    pub file_number: String,
    pub reference: String,
    pub amount: i64,
    pub status: &'static str,
    pub card: Card,
    pub open_date: String,
    pub closure_date: Option<String>,
    pub auth: Auth,
    pub transactions: Vec<Tx>,
}

#[derive(Debug, Default)]
pub(super) struct Book {
    pub next: u64,
    pub tokens: BTreeMap<String, Card>,
    /// alias reference → (card, date added)
    pub aliases: BTreeMap<String, (Card, String)>,
    pub debits: BTreeMap<String, Tx>,
    pub credits: Vec<Tx>,
    pub preauths: BTreeMap<String, Preauth>,
    pub links: BTreeMap<String, Value>,
    /// payperlinkId → the link's transactionRef (its first payment's reference)
    pub link_refs: BTreeMap<String, String>,
    pub pnf_files: Vec<Value>,
    pub pares: BTreeMap<String, String>,
    pub cres: BTreeMap<String, String>,
    /// Authentications waiting on the ACS pages, by MD (v1) or creq (v2).
    pub pending: BTreeMap<String, Pending>,
}

/// What the ACS pages show and where v2 sends the payer back.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub reference: String,
    pub amount: i64,
    /// redirection3DSV2Url for v2 (v1 posts to the TermUrl the merchant gives the page).
    pub return_url: Option<String>,
}

impl Book {
    /// The next id of anything.
    pub fn next_id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Remembers an authentication the ACS pages will show.
    pub fn await_auth(
        &mut self,
        auth: &Auth,
        reference: &str,
        amount: i64,
        return_url: Option<&str>,
    ) {
        let key = match auth {
            Auth::AwaitingV1 { md } => md,
            Auth::AwaitingV2 { creq } => creq,
            Auth::Done => return,
        };
        let pending = Pending {
            reference: reference.to_string(),
            amount,
            return_url: return_url.map(str::to_string),
        };
        self.pending.insert(key.clone(), pending);
    }

    /// The card behind an alias.
    pub fn alias_card(&self, alias: &str) -> Option<Card> {
        self.aliases
            .values()
            .find(|(c, _)| c.alias == alias)
            .map(|(c, _)| c.clone())
    }

    /// Whether the browser's proof finishes `auth`.
    pub fn finishes(&self, auth: &Auth, proof: &Proof<'_>) -> bool {
        match (auth, proof) {
            (Auth::AwaitingV1 { md }, Proof::V1 { md: m, pares }) => {
                md == m && self.pares.get(md).is_some_and(|p| p == pares)
            }
            (Auth::AwaitingV2 { creq }, Proof::V2 { cres }) => {
                self.cres.get(*cres).is_some_and(|r| r == creq)
            }
            _ => false,
        }
    }
}

pub(super) fn refusal(code: &str, message: &str) -> String {
    json!({ "ok": 0, "message": message, "responseCode": code }).to_string()
}

/// A refusal with the code's documented description.
pub(super) fn refusal_code(code: &str) -> String {
    refusal(code, ReturnCode::from_code(code).description())
}

pub(super) fn now() -> String {
    DateTime::now_utc().to_string()
}

pub(super) fn tx_json(t: &Tx) -> Value {
    json!({
        "transactionId": t.id, "amount": t.amount, "ok": i32::from(t.code == "200"), "confirmed": i32::from(t.auth == Auth::Done),
        "cardAlias": t.card.alias, "cardEndDate": t.card.expiry, "cardTruncatedNumber": t.card.truncated(),
        "cardType": t.card.kind, "transactionDate": t.date, "responseCode": t.code,
        "message": ReturnCode::from_code(&t.code).description(), "transactionRef": t.reference, "type": t.kind,
        "ask3ds": i32::from(t.amount >= THREE_DS_THRESHOLD), "source": "API", "subAccount": null
    })
}

pub(super) fn preauth_json(p: &Preauth) -> Value {
    json!({
        "preauthorizationId": p.id, "fileNumber": p.file_number, "amount": p.amount, "status": p.status,
        "cardAlias": p.card.alias, "cardEndDate": p.card.expiry, "cardTruncatedNumber": p.card.truncated(),
        "cardType": p.card.kind, "openDate": p.open_date, "closureDate": p.closure_date,
        "preauthorizationRef": p.reference, "responseCode": "240",
        "transactions": p.transactions.iter().map(tx_json).collect::<Vec<_>>(), "subAccount": null
    })
}

pub(super) fn alias_json(reference: &str, c: &Card, date: &str, code: &str) -> Value {
    json!({ "cardAlias": c.alias, "cardEndDate": c.expiry, "cardTruncatedNumber": c.truncated(),
        "cardType": c.kind, "addDate": date, "aliasRef": reference, "ok": 1, "responseCode": code })
}

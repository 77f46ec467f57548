//! What the ComNpay simulator remembers, and how it shows it in answers.

use std::collections::BTreeMap;

use crate::comnpay::{
    Alias, CardType, PaymentResponse, PayperlinkDetails, Preauthorization, PreauthorizationStatus,
    ReturnCode, Source, Transaction, TransactionType,
};
use crate::date::{DateTime, YearMonth};
use crate::{MinorUnits, Sensitive, Sensitivity};

/// The amount (in cents) from which 3-D Secure applies.
pub const THREE_DS_THRESHOLD: i64 = 3000;

#[derive(Debug, Clone)]
pub(super) struct Card {
    pub number: String,
    pub expiry: YearMonth,
    pub kind: CardType,
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
    pub date: DateTime,
    pub auth: Auth,
}

#[derive(Debug, Clone)]
pub(super) struct Preauth {
    pub id: u64,
    pub file_number: String,
    pub reference: String,
    pub amount: i64,
    pub status: PreauthorizationStatus,
    pub card: Card,
    pub open_date: DateTime,
    pub closure_date: Option<DateTime>,
    pub auth: Auth,
    pub transactions: Vec<Tx>,
}

#[derive(Debug, Default)]
pub(super) struct Book {
    pub next: u64,
    pub tokens: BTreeMap<String, Card>,
    /// alias reference → (card, date added)
    pub aliases: BTreeMap<String, (Card, DateTime)>,
    pub debits: BTreeMap<String, Tx>,
    pub credits: Vec<Tx>,
    pub preauths: BTreeMap<String, Preauth>,
    pub links: BTreeMap<String, PayperlinkDetails>,
    /// payperlinkId → the link's transactionRef (its first payment's reference)
    pub link_refs: BTreeMap<String, String>,
    pub pnf_files: Vec<super::links::P3f>,
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

/// An answer as the generated encoder writes it. The answer types always encode; were one
/// not to, the caller reads a refusal rather than an empty body.
pub(super) fn encoded(answer: Result<String, Box<dyn std::error::Error + Send + Sync>>) -> String {
    answer.unwrap_or_else(|_| {
        r#"{"ok":0,"message":"Service unavailable","responseCode":"001"}"#.to_string()
    })
}

/// A refusal: `ok` 0, the code and its message (the shape of every ComNpay answer).
pub(super) fn refusal(code: &str, message: &str) -> String {
    encoded(
        PaymentResponse {
            ok: Some(false),
            message: Some(message.to_string()),
            response_code: Some(ReturnCode::from_code(code)),
            ..PaymentResponse::default()
        }
        .encode(),
    )
}

/// A refusal with the code's documented description.
pub(super) fn refusal_code(code: &str) -> String {
    refusal(code, ReturnCode::from_code(code).description())
}

pub(super) fn now() -> DateTime {
    DateTime::now_utc()
}

fn alias_value(alias: &str) -> Option<Sensitive> {
    Some(Sensitive::new(Sensitivity::Token, alias))
}

/// A transaction as the document's transaction object shows it.
pub(super) fn transaction(t: &Tx) -> Transaction {
    let code = ReturnCode::from_code(&t.code);
    Transaction {
        transaction_id: i64::try_from(t.id).ok(),
        amount: Some(MinorUnits(t.amount)),
        ok: Some(t.code == "200"),
        confirmed: Some(t.auth == Auth::Done),
        card_alias: alias_value(&t.card.alias),
        card_end_date: Some(t.card.expiry),
        card_truncated_number: Some(t.card.truncated()),
        card_type: Some(t.card.kind.clone()),
        transaction_date: Some(t.date),
        message: Some(code.description().to_string()),
        response_code: Some(code),
        transaction_ref: Some(t.reference.clone()),
        type_: Some(TransactionType::from_wire(t.kind)),
        ask3ds: Some(t.amount >= THREE_DS_THRESHOLD),
        source: Some(Source::Api),
        ..Transaction::default()
    }
}

/// A pre-authorization, with the transactions its closure made.
pub(super) fn preauthorization(p: &Preauth) -> Preauthorization {
    Preauthorization {
        preauthorization_id: i64::try_from(p.id).ok(),
        file_number: Some(p.file_number.clone()),
        amount: Some(MinorUnits(p.amount)),
        status: Some(p.status.clone()),
        card_alias: alias_value(&p.card.alias),
        card_end_date: Some(p.card.expiry),
        card_truncated_number: Some(p.card.truncated()),
        card_type: Some(p.card.kind.clone()),
        open_date: Some(p.open_date),
        closure_date: p.closure_date,
        preauthorization_ref: Some(p.reference.clone()),
        response_code: Some(ReturnCode::from_code("240")),
        transactions: Some(p.transactions.iter().map(transaction).collect()),
        ..Preauthorization::default()
    }
}

/// A card alias as the alias search shows it.
pub(super) fn alias(reference: &str, c: &Card, date: DateTime, code: &str) -> Alias {
    Alias {
        card_alias: alias_value(&c.alias),
        card_end_date: Some(c.expiry),
        card_truncated_number: Some(c.truncated()),
        card_type: Some(c.kind.clone()),
        add_date: Some(date),
        alias_ref: Some(reference.to_string()),
        ok: Some(true),
        response_code: Some(ReturnCode::from_code(code)),
        ..Alias::default()
    }
}

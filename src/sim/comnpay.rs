//! The ComNpay simulator. Requests are read with the generated `from_form` and checked with
//! the generated `validate`, exactly as the client checks them; answers follow the shapes
//! and return codes of 000_0314d75137e75338.txt.
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
//! Payment links are paid on their `link` page; a P3F link opens a P3F file.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::post;
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::comnpay::*;
use crate::date::DateTime;

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
/// The amount (in cents) from which 3-D Secure applies.
pub const THREE_DS_THRESHOLD: i64 = 3000;

#[derive(Debug, Clone)]
struct Card {
    number: String,
    expiry: String,
    kind: String,
    alias: String,
}

impl Card {
    fn truncated(&self) -> String {
        let n = &self.number;
        let head = n.get(..6).unwrap_or(n);
        let tail = n.get(n.len().saturating_sub(4)..).unwrap_or("");
        format!("{head}XXXXXX{tail}")
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Auth {
    Done,
    AwaitingV1 { md: String },
    AwaitingV2 { creq: String },
}

#[derive(Debug, Clone)]
struct Tx {
    id: u64,
    reference: String,
    kind: &'static str,
    amount: i64,
    refunded: i64,
    code: String,
    card: Card,
    date: String,
    auth: Auth,
}

#[derive(Debug, Clone)]
struct Preauth {
    id: u64,
    file_number: String,
    reference: String,
    amount: i64,
    status: &'static str,
    card: Card,
    open_date: String,
    closure_date: Option<String>,
    auth: Auth,
    transactions: Vec<Tx>,
}

#[derive(Debug, Default)]
struct Book {
    next: u64,
    tokens: BTreeMap<String, Card>,
    aliases: BTreeMap<String, (String, Card, String)>,
    debits: BTreeMap<String, Tx>,
    credits: Vec<Tx>,
    preauths: BTreeMap<String, Preauth>,
    links: BTreeMap<String, Value>,
    pnf_files: Vec<Value>,
    pares: BTreeMap<String, String>,
    cres: BTreeMap<String, String>,
}

struct Sim {
    serial: String,
    key: String,
    base: String,
    book: Mutex<Book>,
}

type Shared = Arc<Sim>;

/// The router, to nest under `/comnpay`.
pub(crate) fn router(config: &super::Config, base: &str) -> Router {
    let sim = Arc::new(Sim {
        serial: config.comnpay_serial_number.clone(),
        key: config.comnpay_key.clone(),
        base: base.to_string(),
        book: Mutex::new(Book::default()),
    });
    Router::new()
        .route("/rest/{*path}", post(rest))
        .route("/acs/v1", post(acs_v1))
        .route("/acs/v2", post(acs_v2))
        .route("/acs/v2/challenge", post(acs_v2_challenge))
        .route("/payperlink/{id}", post(pay_link))
        .with_state(sim)
}

fn refusal(code: &str, message: &str) -> String {
    json!({ "ok": 0, "message": message, "responseCode": code }).to_string()
}

fn now() -> String {
    DateTime::now_utc().to_string()
}

fn pairs(body: &[u8]) -> BTreeMap<String, String> {
    crate::wire::line_pairs(body).into_iter().collect()
}

/// Reads a request with its generated decoder and validator, or answers 005 / 009.
macro_rules! read {
    ($ty:ty, $body:expr) => {
        match <$ty>::from_form($body) {
            Err(e) => {
                return refusal(
                    "005",
                    &format!("Required field missing or unreadable: {}", e.0),
                )
            }
            Ok(r) => match r.validate() {
                Ok(()) => r,
                Err(v) => return refusal("009", &format!("Invalid parameter: {v}")),
            },
        }
    };
}

fn tx_json(t: &Tx) -> Value {
    json!({
        "transactionId": t.id, "amount": t.amount, "ok": i32::from(t.code == "200"), "confirmed": i32::from(t.auth == Auth::Done),
        "cardAlias": t.card.alias, "cardEndDate": t.card.expiry, "cardTruncatedNumber": t.card.truncated(),
        "cardType": t.card.kind, "transactionDate": t.date, "responseCode": t.code,
        "message": ReturnCode::from_code(&t.code).description(), "transactionRef": t.reference, "type": t.kind,
        "ask3ds": i32::from(t.amount >= THREE_DS_THRESHOLD), "source": "API", "subAccount": null
    })
}

fn preauth_json(p: &Preauth) -> Value {
    json!({
        "preauthorizationId": p.id, "fileNumber": p.file_number, "amount": p.amount, "status": p.status,
        "cardAlias": p.card.alias, "cardEndDate": p.card.expiry, "cardTruncatedNumber": p.card.truncated(),
        "cardType": p.card.kind, "openDate": p.open_date, "closureDate": p.closure_date,
        "preauthorizationRef": p.reference, "responseCode": "240",
        "transactions": p.transactions.iter().map(tx_json).collect::<Vec<_>>(), "subAccount": null
    })
}

impl Sim {
    fn authorize(&self, form: &BTreeMap<String, String>, needs_key: bool) -> Result<(), String> {
        let serial_ok = form.get("serialNumber").is_some_and(|s| *s == self.serial);
        let key_ok = !needs_key
            || form
                .get("key")
                .is_some_and(|k| crate::signature::verify_hex(&self.key, k) || *k == self.key);
        if serial_ok && key_ok {
            Ok(())
        } else {
            Err(refusal("010", "Access denied"))
        }
    }

    /// What a card and amount lead to: a refusal code, or the authentication to run.
    fn decide(&self, book: &mut Book, card: &Card, amount: i64) -> Result<Auth, &'static str> {
        if let Some((_, code)) = REFUSING_CARDS.iter().find(|(n, _)| *n == card.number) {
            return Err(code);
        }
        if amount < THREE_DS_THRESHOLD {
            return Ok(Auth::Done);
        }
        book.next += 1;
        Ok(match card.number.as_str() {
            CARD_3DS_V1 => Auth::AwaitingV1 {
                md: format!("MD{:08}", book.next),
            },
            CARD_3DS_V2_CHALLENGE => Auth::AwaitingV2 {
                creq: format!("CREQ{:08}", book.next),
            },
            _ => Auth::Done,
        })
    }

    fn three_ds_answer(&self, tx: Value, auth: &Auth, preauth: Option<Value>) -> String {
        let mut tx = tx;
        match auth {
            Auth::AwaitingV1 { md } => {
                tx["verifyEnrollment3dsMd"] = md.clone().into();
                tx["verifyEnrollment3dsPareq"] = format!("PAREQ-{md}").into();
                tx["verifyEnrollment3dsCreq"] = "".into();
                tx["verifyEnrollment3dsActionUrl"] = format!("{}/comnpay/acs/v1", self.base).into();
                tx["verifyEnrollment3dsV1"] = true.into();
            }
            Auth::AwaitingV2 { creq } => {
                tx["verifyEnrollment3dsMd"] = "".into();
                tx["verifyEnrollment3dsPareq"] = "".into();
                tx["verifyEnrollment3dsCreq"] = creq.clone().into();
                tx["verifyEnrollment3dsActionUrl"] = format!("{}/comnpay/acs/v2", self.base).into();
                tx["verifyEnrollment3dsV1"] = false.into();
            }
            Auth::Done => {}
        }
        let mut answer = json!({ "ok": 1, "message": "ok", "transaction": tx, "responseCode": "200", "actionCode": "AUTH_3DS_REQUISE" });
        if let Some(p) = preauth {
            answer["preauthorization"] = p;
        }
        answer.to_string()
    }

    fn debit(&self, book: &mut Book, reference: &str, card: Card, amount: i64) -> String {
        if book.debits.contains_key(reference) {
            return refusal("202", "Double transactionRef");
        }
        book.next += 1;
        let id = book.next;
        let mut tx = Tx {
            id,
            reference: reference.to_string(),
            kind: "D",
            amount,
            refunded: 0,
            code: "200".to_string(),
            card: card.clone(),
            date: now(),
            auth: Auth::Done,
        };
        match self.decide(book, &card, amount) {
            Err(code) => {
                tx.code = code.to_string();
                let message = ReturnCode::from_code(code).description();
                book.debits.insert(reference.to_string(), tx.clone());
                json!({ "ok": 0, "message": message, "transaction": tx_json(&tx), "responseCode": code }).to_string()
            }
            Ok(Auth::Done) => {
                book.debits.insert(reference.to_string(), tx.clone());
                json!({ "ok": 1, "message": "Paiement accepte", "transaction": tx_json(&tx), "responseCode": "200" }).to_string()
            }
            Ok(auth) => {
                tx.code = "223".to_string();
                tx.auth = auth.clone();
                let answer = self.three_ds_answer(tx_json(&tx), &auth, None);
                book.debits.insert(reference.to_string(), tx);
                answer
            }
        }
    }

    fn finish_3ds(book: &mut Book, auth: &Auth, form: &BTreeMap<String, String>) -> bool {
        match auth {
            Auth::AwaitingV1 { md } => {
                form.get("md") == Some(md)
                    && book
                        .pares
                        .get(md)
                        .is_some_and(|p| form.get("pares") == Some(p))
            }
            Auth::AwaitingV2 { creq } => form
                .get("cres")
                .is_some_and(|c| book.cres.get(c).is_some_and(|r| r == creq)),
            Auth::Done => false,
        }
    }

    fn handle(&self, path: &str, body: &[u8]) -> String {
        let form = pairs(body);
        if let Err(denied) = self.authorize(&form, path != "token/create") {
            return denied;
        }
        let Ok(mut book) = self.book.lock() else {
            return refusal("001", "Service unavailable");
        };
        let book = &mut *book;
        match path {
            "token/create" => {
                let r = read!(TokenCreate, body);
                book.next += 1;
                let token = format!("TK{:010}SIM", book.next);
                let card = Card {
                    number: r.card_number.expose().to_string(),
                    expiry: r.card_expiration_date.to_string(),
                    kind: r.card_type.to_string(),
                    alias: format!("{:064X}", book.next * 7919),
                };
                let truncated = card.truncated();
                book.tokens.insert(token.clone(), card);
                json!({ "ok": 1, "message": "", "responseCode": "000", "token": {
                    "serialNumber": self.serial, "tokenRef": token, "cardExpirationDate": r.card_expiration_date.to_string(),
                    "cardType": r.card_type.to_string(), "truncatedCardNumber": truncated } })
                .to_string()
            }
            "payment/tokenDebit" => {
                let r = read!(PaymentTokenDebit, body);
                match book.tokens.get(r.token_ref.expose()).cloned() {
                    Some(card) => self.debit(book, &r.transaction_ref, card, r.amount.get()),
                    None => refusal("271", "Token unknown"),
                }
            }
            "payment/aliasDebit" => {
                let r = read!(PaymentAliasDebit, body);
                let card = book
                    .aliases
                    .values()
                    .find(|(_, c, _)| c.alias == r.alias.expose())
                    .map(|(_, c, _)| c.clone());
                match card {
                    Some(card) => self.debit(book, &r.transaction_ref, card, r.amount.get()),
                    None => refusal("206", "Card alias unknown"),
                }
            }
            "payment/end3dsDebit" => {
                let reference = form.get("transactionRef").cloned().unwrap_or_default();
                if form.contains_key("cres") {
                    read!(PaymentEnd3dsDebitV2, body);
                } else {
                    read!(PaymentEnd3dsDebitV1, body);
                }
                let Some(tx) = book.debits.get(&reference).cloned() else {
                    return refusal("214", "Transaction unknown");
                };
                if tx.auth == Auth::Done {
                    return refusal("220", "No transaction in progress for the holder");
                }
                if !Self::finish_3ds(book, &tx.auth, &form) {
                    return refusal("221", "Holder authentication refused");
                }
                let Some(tx) = book.debits.get_mut(&reference) else {
                    return refusal("214", "Transaction unknown");
                };
                tx.auth = Auth::Done;
                tx.code = "200".to_string();
                json!({ "ok": 1, "message": "Paiement accepte", "transaction": tx_json(tx), "responseCode": "200" }).to_string()
            }
            "payment/refund" => {
                let r = read!(PaymentRefund, body);
                let Some(tx) = book.debits.get_mut(&r.transaction_ref) else {
                    return refusal("214", "Transaction unknown");
                };
                if tx.code != "200" || tx.auth != Auth::Done {
                    return refusal("260", "No initial debit success");
                }
                if tx.refunded + r.amount.get() > tx.amount {
                    return refusal("261", "Credit amount invalid");
                }
                tx.refunded += r.amount.get();
                let mut credit = tx.clone();
                book.next += 1;
                credit.id = book.next;
                credit.kind = "C";
                credit.amount = r.amount.get();
                credit.date = now();
                book.credits.push(credit.clone());
                json!({ "ok": 1, "message": "Credit accepte", "transaction": tx_json(&credit), "responseCode": "200" }).to_string()
            }
            "payment/find" => {
                let r = read!(PaymentFind, body);
                let list: Vec<Value> = book
                    .debits
                    .values()
                    .chain(book.credits.iter())
                    .filter(|t| r.transaction_ref.as_ref().is_none_or(|x| *x == t.reference))
                    .filter(|t| {
                        r.transaction_type
                            .as_ref()
                            .is_none_or(|k| k.as_str() == t.kind)
                    })
                    .filter(|t| {
                        r.card_alias
                            .as_ref()
                            .is_none_or(|a| a.expose() == t.card.alias)
                    })
                    .map(tx_json)
                    .collect();
                json!({ "nbTransactions": list.len(), "transaction": list }).to_string()
            }
            "alias/tokenCreate" => {
                let r = read!(AliasTokenCreate, body);
                let Some(card) = book.tokens.get(r.token_ref.expose()).cloned() else {
                    return refusal("271", "Token unknown");
                };
                let date = now();
                let alias = json!({ "cardAlias": card.alias, "cardEndDate": card.expiry, "cardTruncatedNumber": card.truncated(),
                    "cardType": card.kind, "addDate": date, "aliasRef": r.alias_ref, "ok": 1, "responseCode": "272" });
                book.aliases
                    .insert(r.alias_ref.clone(), (r.alias_ref, card, date));
                json!({ "ok": 1, "message": "Alias created", "alias": alias, "responseCode": "272" }).to_string()
            }
            "alias/find" => {
                let r = read!(AliasFind, body);
                let list: Vec<Value> = book
                    .aliases
                    .values()
                    .filter(|(reference, _, _)| r.alias_ref.as_ref().is_none_or(|x| x == reference))
                    .map(|(reference, c, date)| {
                        json!({ "cardAlias": c.alias, "cardEndDate": c.expiry, "cardTruncatedNumber": c.truncated(),
                            "cardType": c.kind, "addDate": date, "aliasRef": reference, "ok": 1, "responseCode": "200" })
                    })
                    .collect();
                json!({ "nbAliases": list.len(), "alias": list }).to_string()
            }
            "receipt/getHtml" | "receipt/getPdfBase64" => {
                let reference = if path == "receipt/getHtml" {
                    read!(ReceiptGetHtml, body).transaction_ref
                } else {
                    read!(ReceiptGetPdfBase64, body).transaction_ref
                };
                let Some(tx) = book.debits.get(&reference) else {
                    return refusal("214", "Transaction unknown");
                };
                let text = format!(
                    "Ticket {} - {} - {} cents - {}",
                    tx.reference,
                    tx.date,
                    tx.amount,
                    tx.card.truncated()
                );
                if path == "receipt/getHtml" {
                    format!("<html><body><p>{text}</p></body></html>")
                } else {
                    let pdf = format!("%PDF-1.4\n% {text}\n%%EOF\n");
                    base64::engine::general_purpose::STANDARD.encode(pdf)
                }
            }
            "preauthorization/tokenOpen" | "preauthorization/aliasOpen" => {
                let (card, reference, amount) = if path == "preauthorization/tokenOpen" {
                    let r = read!(PreauthorizationTokenOpen, body);
                    (
                        book.tokens.get(r.token_ref.expose()).cloned(),
                        r.preauthorization_ref,
                        r.amount.get(),
                    )
                } else {
                    let r = read!(PreauthorizationAliasOpen, body);
                    let card = book
                        .aliases
                        .values()
                        .find(|(_, c, _)| c.alias == r.alias.expose())
                        .map(|(_, c, _)| c.clone());
                    (card, r.preauthorization_ref, r.amount.get())
                };
                let Some(card) = card else {
                    return refusal("271", "Token unknown");
                };
                if book.preauths.values().any(|p| p.reference == reference) {
                    return refusal("246", "Double pre-authorization reference");
                }
                let auth = match self.decide(book, &card, amount) {
                    Err(code) => return refusal(code, ReturnCode::from_code(code).description()),
                    // The seed documents pre-authorization 3DS finalisation with PaRes/MD only.
                    Ok(Auth::AwaitingV2 { .. }) => Auth::Done,
                    Ok(a) => a,
                };
                book.next += 1;
                let p = Preauth {
                    id: book.next,
                    file_number: format!("PA{}{:06}", &now()[..8], book.next),
                    reference,
                    amount,
                    status: "OPEN_OK",
                    card,
                    open_date: now(),
                    closure_date: None,
                    auth: auth.clone(),
                    transactions: Vec::new(),
                };
                let answer = if auth == Auth::Done {
                    json!({ "ok": 1, "message": "Pre-autorisation acceptee", "preauthorization": preauth_json(&p), "responseCode": "240" }).to_string()
                } else {
                    let tx = json!({ "transactionId": p.id, "amount": amount, "transactionRef": p.reference, "type": "PA", "responseCode": "223" });
                    self.three_ds_answer(tx, &auth, Some(preauth_json(&p)))
                };
                book.preauths.insert(p.file_number.clone(), p);
                answer
            }
            "preauthorization/end3ds" => {
                let r = read!(PreauthorizationEnd3ds, body);
                let Some(p) = book
                    .preauths
                    .values()
                    .find(|p| p.reference == r.preauthorization_ref)
                    .cloned()
                else {
                    return refusal("241", "Case unknown");
                };
                if !Self::finish_3ds(book, &p.auth, &form) {
                    return refusal("221", "Holder authentication refused");
                }
                let Some(p) = book.preauths.get_mut(&p.file_number) else {
                    return refusal("241", "Case unknown");
                };
                p.auth = Auth::Done;
                json!({ "ok": 1, "message": "Pre-autorisation acceptee", "preauthorization": preauth_json(p), "responseCode": "240" }).to_string()
            }
            "preauthorization/close" => {
                let r = read!(PreauthorizationClose, body);
                book.next += 1;
                let id = book.next;
                let Some(p) = book.preauths.get_mut(&r.file_number) else {
                    return refusal("241", "Case unknown");
                };
                if p.reference != r.preauthorization_ref {
                    return refusal("241", "Case unknown");
                }
                match p.status {
                    "CLOSURE_OK" => return refusal("243", "Case closed"),
                    "ABORT" => return refusal("244", "Case cancelled"),
                    _ => {}
                }
                if p.auth != Auth::Done {
                    return refusal("242", "Closure prohibited");
                }
                let amount = r.amount.get();
                if amount > p.amount {
                    return refusal("245", "Closure amount incorrect");
                }
                p.closure_date = Some(now());
                if amount == 0 {
                    p.status = "ABORT";
                } else {
                    p.status = "CLOSURE_OK";
                    p.transactions.push(Tx {
                        id,
                        reference: format!("{}-1", p.reference),
                        kind: "PA",
                        amount,
                        refunded: 0,
                        code: "200".to_string(),
                        card: p.card.clone(),
                        date: now(),
                        auth: Auth::Done,
                    });
                }
                p.amount = amount;
                json!({ "ok": 1, "message": "Cloture acceptee", "preauthorization": preauth_json(p), "responseCode": "240" }).to_string()
            }
            "preauthorization/find" => {
                let r = read!(PreauthorizationFind, body);
                let list: Vec<Value> = book
                    .preauths
                    .values()
                    .filter(|p| r.file_number.as_ref().is_none_or(|f| *f == p.file_number))
                    .filter(|p| {
                        r.preauthorization_ref
                            .as_ref()
                            .is_none_or(|x| *x == p.reference)
                    })
                    .map(preauth_json)
                    .collect();
                json!({ "nbPreauthorizations": list.len(), "preauthorization": list }).to_string()
            }
            "payperlink/create" => {
                let r = read!(PayperlinkCreate, body);
                book.next += 1;
                let id = format!("{:032x}", book.next * 104_729);
                let link = json!({ "payperlinkId": id, "paymentType": r.payment_type.to_string(), "maxQuantity": r.max_quantity.unwrap_or(1),
                    "language": r.language.map(|l| l.to_string()), "productReference": r.product_reference, "productLabel": r.product_label,
                    "amount": r.amount.map(|a| a.get()), "link": format!("{}/comnpay/payperlink/{id}", self.base),
                    "creationDate": now(), "nbPayments": 0, "deadlineFrequency": 0, "deadlineDay": 0 });
                book.links.insert(id, link.clone());
                json!({ "ok": 1, "message": "", "actionUrl": null, "payperlink": link, "responseCode": "000" }).to_string()
            }
            "payperlink/close" => {
                let r = read!(PayperlinkClose, body);
                let Some(link) = book.links.get_mut(&r.payperlink_id) else {
                    return refusal("214", "Transaction unknown");
                };
                link["endDate"] = now().into();
                json!({ "ok": 1, "message": "", "actionUrl": null, "payperlink": link, "responseCode": "000" }).to_string()
            }
            "payperlink/find" => {
                let r = read!(PayperlinkFind, body);
                let list: Vec<&Value> = book
                    .links
                    .iter()
                    .filter(|(id, _)| r.payperlink_id.as_ref().is_none_or(|x| x == *id))
                    .map(|(_, v)| v)
                    .collect();
                json!({ "payperlinks": list, "nbPayperlinks": list.len() }).to_string()
            }
            "pnfFile/find" => {
                let r = read!(PnfFileFind, body);
                let list: Vec<&Value> = book
                    .pnf_files
                    .iter()
                    .filter(|f| {
                        r.file_number
                            .as_ref()
                            .is_none_or(|n| f["fileNumber"] == n.as_str())
                    })
                    .filter(|f| r.status.as_ref().is_none_or(|s| f["status"] == s.as_str()))
                    .filter(|f| {
                        r.transaction_ref
                            .as_ref()
                            .is_none_or(|t| f["transactionRef"] == t.as_str())
                    })
                    .collect();
                json!({ "nbPnfFiles": list.len(), "pnfFile": list }).to_string()
            }
            _ => refusal("013", "Action prohibited"),
        }
    }
}

async fn rest(State(sim): State<Shared>, Path(path): Path<String>, body: Bytes) -> String {
    sim.handle(&path, &body)
}

/// The payer pays a payment link (form fields `card`, and `amount` when the link has none).
async fn pay_link(State(sim): State<Shared>, Path(id): Path<String>, body: Bytes) -> String {
    match sim.pay_link(&id, &pairs(&body)) {
        Ok(answer) => answer,
        Err(message) => refusal("214", message),
    }
}

impl Sim {
    /// The payment page of a payperlink: a debit for a D link, a P3F file (three
    /// installments, the first debited at once, the others 30 and 60 days later) for a P3F one.
    fn pay_link(&self, id: &str, form: &BTreeMap<String, String>) -> Result<String, &'static str> {
        let mut book = self.book.lock().map_err(|_| "Service unavailable")?;
        let book = &mut *book;
        let link = book.links.get(id).cloned().ok_or("Unknown payment link")?;
        if link.get("endDate").is_some_and(|d| !d.is_null()) {
            return Err("This payment link is closed");
        }
        let amount = link["amount"]
            .as_i64()
            .or_else(|| form.get("amount").and_then(|a| a.parse().ok()))
            .ok_or("No amount")?;
        let card_number = form
            .get("card")
            .cloned()
            .unwrap_or_else(|| CARD_3DS_V2_FRICTIONLESS.to_string());
        book.next += 1;
        let card = Card {
            number: card_number,
            expiry: "2812".to_string(),
            kind: "CB".to_string(),
            alias: format!("{:064X}", book.next * 7919),
        };
        let reference = format!("LINK{:08}", book.next);
        let kind = link["paymentType"].as_str().unwrap_or("D");
        if let Some(l) = book.links.get_mut(id) {
            let paid = l["nbPayments"].as_i64().unwrap_or(0);
            l["nbPayments"] = (paid + 1).into();
        }
        if kind != "P3F" {
            let answer = self.debit(book, &reference, card, amount);
            return Ok(answer);
        }
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
                json!({ "term": i + 1, "amount": if i == 0 { first } else { amount / 3 }, "ok": i32::from(paid), "canceled": 0,
                    "cardAlias": card.alias, "cardEndDate": card.expiry, "cardTruncatedNumber": card.truncated(), "cardType": card.kind,
                    "plannedDate": planned(30 * i64::from(i)), "transactionDate": if paid { Value::from(now()) } else { Value::Null },
                    "responseCode": if paid { "200" } else { "" }, "retries": 0 })
            })
            .collect();
        let file = json!({ "fileNumber": format!("PNF{}{:05}", &now()[..8], book.next), "amount": amount, "cardAlias": card.alias,
            "cardEndDate": card.expiry, "cardTruncatedNumber": card.truncated(), "entryDate": now(), "statusDate": now(),
            "status": "PENDING", "transactionRef": reference, "pnfTransactions": terms });
        book.pnf_files.push(file.clone());
        Ok(file.to_string())
    }
}

fn hidden(name: &str, value: &str) -> String {
    let esc = value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!("<input type=\"hidden\" name=\"{name}\" value=\"{esc}\"/>")
}

/// 3-D Secure v1 ACS: authenticates at once and posts MD and PaRes back to TermUrl.
async fn acs_v1(State(sim): State<Shared>, body: Bytes) -> Html<String> {
    let form = pairs(&body);
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
async fn acs_v2(body: Bytes) -> Html<String> {
    let form = pairs(&body);
    let creq = form.get("creq").cloned().unwrap_or_default();
    Html(format!(
        "<html><body><form method=\"post\" action=\"v2/challenge\">{}<label>Code <input name=\"code\"/></label><button>OK</button></form></body></html>",
        hidden("creq", &creq)
    ))
}

/// The challenge answer: the right code yields the cres, posted on to the merchant.
async fn acs_v2_challenge(State(sim): State<Shared>, body: Bytes) -> Html<String> {
    let form = pairs(&body);
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

//! Tokens, debits (with 3-D Secure), refunds, searches, aliases and receipts.

use base64::Engine as _;

use super::cards::{CARD_3DS_V1, CARD_3DS_V2_CHALLENGE, REFUSING_CARDS};
use super::simulator::{Sim, JSON, TEXT};
use super::state::*;
use crate::comnpay::{
    ActionCode, AliasFind, AliasList, AliasResponse, AliasTokenCreate, CardType, PaymentAliasDebit,
    PaymentEnd3dsDebitV1, PaymentEnd3dsDebitV2, PaymentFind, PaymentRefund, PaymentResponse,
    PaymentTokenDebit, Preauthorization, PreauthorizationResponse, ReturnCode, Token, TokenCreate,
    TokenResponse, Transaction, TransactionList,
};
use crate::sim::gateway::Reply;
use crate::{Sensitive, Sensitivity};

/// An accepted payment's answer: `ok` 1, its message and code, the transaction.
pub(super) fn accepted(message: &str, tx: &Tx) -> String {
    encoded(
        PaymentResponse {
            ok: Some(true),
            message: Some(message.to_string()),
            transaction: Some(transaction(tx)),
            response_code: Some(ReturnCode::from_code("200")),
            ..PaymentResponse::default()
        }
        .encode(),
    )
}

impl Sim {
    pub(super) fn token_create(&self, book: &mut Book, r: TokenCreate) -> String {
        let id = book.next_id();
        let token = format!("TK{id:010}SIM");
        let card = Card {
            number: r.card_number.expose().to_string(),
            expiry: r.card_expiration_date,
            kind: CardType::from_wire(r.card_type.as_str()),
            alias: format!("{:064X}", id * 7919),
        };
        let answer = TokenResponse {
            ok: Some(true),
            message: Some(String::new()),
            response_code: Some(ReturnCode::from_code("000")),
            token: Some(Token {
                serial_number: Some(self.serial.clone()),
                token_ref: Some(Sensitive::new(Sensitivity::Token, token.as_str())),
                card_expiration_date: Some(r.card_expiration_date.to_string()),
                card_type: Some(card.kind.clone()),
                truncated_card_number: Some(card.truncated()),
            }),
        };
        book.tokens.insert(token, card);
        encoded(answer.encode())
    }

    pub(super) fn token_debit(&self, book: &mut Book, r: PaymentTokenDebit) -> String {
        match book.tokens.get(r.token_ref.expose()).cloned() {
            Some(card) => {
                let url = r.redirection3_dsv2_url.as_deref();
                self.debit(book, &r.transaction_ref, card, r.amount.get(), url)
            }
            None => refusal("271", "Token unknown"),
        }
    }

    pub(super) fn alias_debit(&self, book: &mut Book, r: PaymentAliasDebit) -> String {
        match book.alias_card(r.alias.expose()) {
            Some(card) => {
                let url = r.redirection3_dsv2_url.as_deref();
                self.debit(book, &r.transaction_ref, card, r.amount.get(), url)
            }
            None => refusal("206", "Card alias unknown"),
        }
    }

    /// What a card and amount lead to: a refusal code, or the authentication to run.
    pub(super) fn decide(
        &self,
        book: &mut Book,
        card: &Card,
        amount: i64,
    ) -> Result<Auth, &'static str> {
        if let Some((_, code)) = REFUSING_CARDS.iter().find(|(n, _)| *n == card.number) {
            return Err(code);
        }
        if amount < THREE_DS_THRESHOLD {
            return Ok(Auth::Done);
        }
        let id = book.next_id();
        Ok(match card.number.as_str() {
            CARD_3DS_V1 => Auth::AwaitingV1 {
                md: format!("MD{id:08}"),
            },
            CARD_3DS_V2_CHALLENGE => Auth::AwaitingV2 {
                creq: format!("CREQ{id:08}"),
            },
            _ => Auth::Done,
        })
    }

    /// The transaction of an answer asking for 3-D Secure: what the browser must post, as
    /// the documents' 3-D Secure examples show it (the other version's fields empty).
    pub(super) fn three_ds_transaction(&self, mut tx: Transaction, auth: &Auth) -> Transaction {
        let (md, pareq, creq, page, v1) = match auth {
            Auth::AwaitingV1 { md } => {
                (md.clone(), format!("PAREQ-{md}"), String::new(), "v1", true)
            }
            Auth::AwaitingV2 { creq } => (String::new(), String::new(), creq.clone(), "v2", false),
            Auth::Done => return tx,
        };
        tx.verify_enrollment3ds_md = Some(md);
        tx.verify_enrollment3ds_pareq = Some(pareq);
        tx.verify_enrollment3ds_creq = Some(creq);
        tx.verify_enrollment3ds_action_url = Some(format!("{}/comnpay/acs/{page}", self.base));
        tx.verify_enrollment3ds_v1 = Some(v1);
        tx
    }

    /// A debit's answer asking for 3-D Secure (`AUTH_3DS_REQUISE`).
    fn three_ds_answer(&self, tx: Transaction, auth: &Auth) -> String {
        encoded(
            PaymentResponse {
                ok: Some(true),
                message: Some("ok".to_string()),
                transaction: Some(self.three_ds_transaction(tx, auth)),
                response_code: Some(ReturnCode::from_code("200")),
                action_code: Some(ActionCode::Auth3dsRequired),
            }
            .encode(),
        )
    }

    /// A pre-authorization's answer asking for 3-D Secure: the same, with the case.
    pub(super) fn three_ds_preauth_answer(
        &self,
        tx: Transaction,
        auth: &Auth,
        preauth: Preauthorization,
    ) -> String {
        encoded(
            PreauthorizationResponse {
                ok: Some(true),
                message: Some("ok".to_string()),
                preauthorization: Some(preauth),
                transaction: Some(self.three_ds_transaction(tx, auth)),
                response_code: Some(ReturnCode::from_code("200")),
                action_code: Some(ActionCode::Auth3dsRequired),
            }
            .encode(),
        )
    }

    pub(super) fn debit(
        &self,
        book: &mut Book,
        reference: &str,
        card: Card,
        amount: i64,
        return_url: Option<&str>,
    ) -> String {
        if book.debits.contains_key(reference) {
            return refusal("202", "Double transactionRef");
        }
        let mut tx = Tx {
            id: book.next_id(),
            reference: reference.to_string(),
            kind: "D",
            amount,
            refunded: 0,
            code: "200".to_string(),
            card: card.clone(),
            date: now(),
            auth: Auth::Done,
        };
        let answer = match self.decide(book, &card, amount) {
            Err(code) => {
                tx.code = code.to_string();
                let code = ReturnCode::from_code(code);
                encoded(
                    PaymentResponse {
                        ok: Some(false),
                        message: Some(code.description().to_string()),
                        transaction: Some(transaction(&tx)),
                        response_code: Some(code),
                        ..PaymentResponse::default()
                    }
                    .encode(),
                )
            }
            Ok(Auth::Done) => accepted("Paiement accepte", &tx),
            Ok(auth) => {
                tx.code = "223".to_string();
                tx.auth = auth.clone();
                book.await_auth(&auth, reference, amount, return_url);
                self.three_ds_answer(transaction(&tx), &auth)
            }
        };
        book.debits.insert(reference.to_string(), tx);
        answer
    }
}

pub(super) fn end3ds_v1(book: &mut Book, r: PaymentEnd3dsDebitV1) -> String {
    let proof = Proof::V1 {
        md: &r.md,
        pares: &r.pares,
    };
    end3ds(book, &r.transaction_ref, &proof)
}

pub(super) fn end3ds_v2(book: &mut Book, r: PaymentEnd3dsDebitV2) -> String {
    end3ds(book, &r.transaction_ref, &Proof::V2 { cres: &r.cres })
}

pub(super) fn end3ds(book: &mut Book, reference: &str, proof: &Proof<'_>) -> String {
    let Some(auth) = book.debits.get(reference).map(|t| t.auth.clone()) else {
        return refusal("214", "Transaction unknown");
    };
    if auth == Auth::Done {
        return refusal("220", "No transaction in progress for the holder");
    }
    if !book.finishes(&auth, proof) {
        return refusal("221", "Holder authentication refused");
    }
    let Some(tx) = book.debits.get_mut(reference) else {
        return refusal("214", "Transaction unknown");
    };
    tx.auth = Auth::Done;
    tx.code = "200".to_string();
    accepted("Paiement accepte", tx)
}

pub(super) fn refund(book: &mut Book, r: PaymentRefund) -> String {
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
    let answer = accepted("Credit accepte", &credit);
    book.credits.push(credit);
    answer
}

pub(super) fn find(book: &Book, r: PaymentFind) -> String {
    let list: Vec<Transaction> = book
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
        .map(transaction)
        .collect();
    encoded(
        TransactionList {
            nb_transactions: i64::try_from(list.len()).ok(),
            transaction: Some(list),
            ..TransactionList::default()
        }
        .encode(),
    )
}

pub(super) fn alias_create(book: &mut Book, r: AliasTokenCreate) -> String {
    let Some(card) = book.tokens.get(r.token_ref.expose()).cloned() else {
        return refusal("271", "Token unknown");
    };
    let date = now();
    let answer = AliasResponse {
        ok: Some(true),
        message: Some("Alias created".to_string()),
        alias: Some(alias(&r.alias_ref, &card, date, "272")),
        response_code: Some(ReturnCode::from_code("272")),
        ..AliasResponse::default()
    };
    book.aliases.insert(r.alias_ref, (card, date));
    encoded(answer.encode())
}

pub(super) fn alias_find(book: &Book, r: AliasFind) -> String {
    let list: Vec<_> = book
        .aliases
        .iter()
        .filter(|(reference, _)| r.alias_ref.as_ref().is_none_or(|x| x == *reference))
        .map(|(reference, (c, date))| alias(reference, c, *date, "200"))
        .collect();
    encoded(
        AliasList {
            nb_aliases: i64::try_from(list.len()).ok(),
            alias: Some(list),
            ..AliasList::default()
        }
        .encode(),
    )
}

/// The receipt of a debit, as HTML or as a base 64 PDF.
/// A receipt is a character string (the document's "Return: character string (HTML text,
/// or file encoded in base 64 for PDF)"), sent as text; an unknown transaction is refused
/// in JSON like every refusal.
pub(super) fn receipt(book: &Book, merchant: &str, reference: &str, pdf: bool) -> Reply {
    let Some(tx) = book.debits.get(reference) else {
        return Reply::ok(JSON, refusal("214", "Transaction unknown"));
    };
    let amount = crate::sim::page::money(tx.amount, "EUR");
    if pdf {
        let text = format!(
            "Ticket {} - {} - {amount} - {}",
            tx.reference,
            tx.date,
            tx.card.truncated()
        );
        let pdf = format!("%PDF-1.4\n% {text}\n%%EOF\n");
        return Reply::ok(TEXT, base64::engine::general_purpose::STANDARD.encode(pdf));
    }
    let mut summary = crate::sim::page::Summary::new("Receipt", "ComNpay", merchant);
    summary.amount = Some((tx.amount, "EUR"));
    summary.reference = Some(("Transaction", &tx.reference));
    summary.details.push(("Date", tx.date.to_string()));
    summary.details.push(("Card", tx.card.truncated()));
    let message = maud::html! { p.ok { "Ticket of the debit." } };
    let html = crate::sim::page::page(&summary, crate::sim::page::Then::Stay, message);
    Reply::ok(TEXT, html.into_string())
}

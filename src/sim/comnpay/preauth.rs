//! Pre-authorizations: opened from a token or an alias (with 3-D Secure v1 or v2),
//! finalised "the same way as the debit one", closed (0 cancels) and searched.

use super::simulator::Sim;
use super::state::*;
use crate::comnpay::{
    PreauthorizationAliasOpen, PreauthorizationClose, PreauthorizationEnd3dsV1,
    PreauthorizationEnd3dsV2, PreauthorizationFind, PreauthorizationList, PreauthorizationResponse,
    PreauthorizationStatus as Status, PreauthorizationTokenOpen, ReturnCode, Transaction,
    TransactionType,
};
use crate::MinorUnits;

/// An accepted pre-authorization's answer (code 240), with the case.
fn accepted(message: &str, p: &Preauth) -> String {
    encoded(
        PreauthorizationResponse {
            ok: Some(true),
            message: Some(message.to_string()),
            preauthorization: Some(preauthorization(p)),
            response_code: Some(ReturnCode::from_code("240")),
            ..PreauthorizationResponse::default()
        }
        .encode(),
    )
}

impl Sim {
    pub(super) fn preauth_token_open(
        &self,
        book: &mut Book,
        r: PreauthorizationTokenOpen,
    ) -> String {
        let card = book.tokens.get(r.token_ref.expose()).cloned();
        let url = r.redirection3_dsv2_url;
        self.open(book, card, r.preauthorization_ref, r.amount.get(), url)
    }

    pub(super) fn preauth_alias_open(
        &self,
        book: &mut Book,
        r: PreauthorizationAliasOpen,
    ) -> String {
        let card = book.alias_card(r.alias.expose());
        let url = r.redirection3_dsv2_url;
        self.open(book, card, r.preauthorization_ref, r.amount.get(), url)
    }

    fn open(
        &self,
        book: &mut Book,
        card: Option<Card>,
        reference: String,
        amount: i64,
        return_url: Option<String>,
    ) -> String {
        let Some(card) = card else {
            return refusal("271", "Token unknown");
        };
        if book.preauths.values().any(|p| p.reference == reference) {
            return refusal("246", "Double pre-authorization reference");
        }
        let auth = match self.decide(book, &card, amount) {
            Err(code) => return refusal_code(code),
            Ok(a) => a,
        };
        book.await_auth(&auth, &reference, amount, return_url.as_deref());
        let id = book.next_id();
        let p = Preauth {
            id,
            file_number: format!("PA{}{id:06}", now().date()),
            reference,
            amount,
            status: Status::OpenOk,
            card,
            open_date: now(),
            closure_date: None,
            auth: auth.clone(),
            transactions: Vec::new(),
        };
        let answer = if auth == Auth::Done {
            accepted("Pre-autorisation acceptee", &p)
        } else {
            let tx = Transaction {
                transaction_id: i64::try_from(p.id).ok(),
                amount: Some(MinorUnits(amount)),
                transaction_ref: Some(p.reference.clone()),
                type_: Some(TransactionType::Preauthorization),
                response_code: Some(ReturnCode::from_code("223")),
                ..Transaction::default()
            };
            self.three_ds_preauth_answer(tx, &auth, preauthorization(&p))
        };
        book.preauths.insert(p.file_number.clone(), p);
        answer
    }
}

pub(super) fn end3ds_v1(book: &mut Book, r: PreauthorizationEnd3dsV1) -> String {
    let proof = Proof::V1 {
        md: &r.md,
        pares: &r.pares,
    };
    end3ds(book, &r.preauthorization_ref, &proof)
}

pub(super) fn end3ds_v2(book: &mut Book, r: PreauthorizationEnd3dsV2) -> String {
    end3ds(book, &r.preauthorization_ref, &Proof::V2 { cres: &r.cres })
}

fn end3ds(book: &mut Book, reference: &str, proof: &Proof<'_>) -> String {
    let found = book
        .preauths
        .values()
        .find(|p| p.reference == reference)
        .map(|p| (p.file_number.clone(), p.auth.clone()));
    let Some((file_number, auth)) = found else {
        return refusal("241", "Case unknown");
    };
    if !book.finishes(&auth, proof) {
        return refusal("221", "Holder authentication refused");
    }
    let Some(p) = book.preauths.get_mut(&file_number) else {
        return refusal("241", "Case unknown");
    };
    p.auth = Auth::Done;
    accepted("Pre-autorisation acceptee", p)
}

pub(super) fn close(book: &mut Book, r: PreauthorizationClose) -> String {
    let id = book.next_id();
    let Some(p) = book
        .preauths
        .get_mut(&r.file_number)
        .filter(|p| p.reference == r.preauthorization_ref)
    else {
        return refusal("241", "Case unknown");
    };
    match p.status {
        Status::ClosureOk => return refusal("243", "Case closed"),
        Status::Abort => return refusal("244", "Case cancelled"),
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
    p.amount = amount;
    if amount == 0 {
        p.status = Status::Abort;
    } else {
        p.status = Status::ClosureOk;
        let tx = closure(p, id, amount);
        p.transactions.push(tx);
    }
    accepted("Cloture acceptee", p)
}

/// The transaction a closure debits.
fn closure(p: &Preauth, id: u64, amount: i64) -> Tx {
    Tx {
        id,
        reference: format!("{}-1", p.reference),
        kind: "PA",
        amount,
        refunded: 0,
        code: "200".to_string(),
        card: p.card.clone(),
        date: now(),
        auth: Auth::Done,
    }
}

pub(super) fn find(book: &Book, r: PreauthorizationFind) -> String {
    let list: Vec<_> = book
        .preauths
        .values()
        .filter(|p| r.file_number.as_ref().is_none_or(|f| *f == p.file_number))
        .filter(|p| {
            r.preauthorization_ref
                .as_ref()
                .is_none_or(|x| *x == p.reference)
        })
        .map(preauthorization)
        .collect();
    encoded(
        PreauthorizationList {
            nb_preauthorizations: i64::try_from(list.len()).ok(),
            preauthorization: Some(list),
            ..PreauthorizationList::default()
        }
        .encode(),
    )
}

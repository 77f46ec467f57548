//! The main job: a tour of real ComNpay payment flows, no credentials, no network.
//!
//! It starts a small in-process ComNpay peer on loopback (the full gateway simulator is a
//! later issue), then walks: tokenize, debit with a 3-D Secure v2 challenge, end3dsDebit,
//! partial refund, a refund over the debited amount (refused), search; then a
//! pre-authorization opened and closed. Every request is printed with secrets redacted.
//!
//!     cargo run --example tour

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use paybind::comnpay::*;
use paybind::Error as PbError;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let peer = Peer::start().await?;
    println!(
        "paybind tour: ComNpay against a loopback peer at {}\n",
        peer.base_url
    );
    let credentials = Credentials::new("VAD-111-111", "6RLl4FlO2o4ZvAdflK2p");
    println!("credentials: {credentials:?}\n");
    let client = Client::builder(Environment::Homologation, credentials)
        .base_url(&peer.base_url)
        .build()?;

    // 1. Tokenize the 3DS v2 challenge card (normally done client-side, in the browser).
    let token_req = TokenCreate::builder()
        .card_type(CardType::Mastercard)
        .card_number("5306889942833340")
        .card_expiration_date("2812".parse()?)
        .cvv("123")
        .origin("https://shop.example")
        .build();
    step("token/create", &token_req);
    let token = client.token_create(&token_req).await?;
    let token_ref = token
        .token
        .and_then(|t| t.token_ref)
        .ok_or("no token in the answer")?;
    println!(
        "  -> token {token_ref:?} ({})\n",
        show_code(&token.response_code)
    );

    // 2. Debit 45.00 EUR: at or above 30 EUR this card asks for a 3DS v2 challenge.
    let browser = Browser::builder()
        .browser_accept_header("text/html")
        .browser_ip("192.168.14.10")
        .browser_java_enabled(false)
        .browser_language("fr")
        .browser_color_depth(24)
        .browser_screen_height(1080)
        .browser_screen_width(1920)
        .browser_tz(-120)
        .browser_user_agent("Mozilla/5.0 (tour)")
        .challenge_window_size(ChallengeWindowSize::FullScreen)
        .browser_javascript_enabled(true)
        .build();
    let debit = PaymentTokenDebit::builder()
        .token_ref(token_ref.expose())
        .transaction_ref("TOUR-ORDER-0001")
        .amount(4500)
        .redirection3_dsv2_url("https://shop.example/3ds-return")
        .browser(browser)
        .customer(
            Customer::builder()
                .first_name("Thomas")
                .last_name("Janvier")
                .email("tjanvier@comnpay.com")
                .build(),
        )
        .build();
    step("payment/tokenDebit", &debit);
    let answer = client.payment_token_debit(&debit).await?;
    let tx = answer.transaction.clone().unwrap_or_default();
    if answer.action_code == Some(ActionCode::Auth3dsRequired) {
        println!(
            "  -> 3-D Secure required (v1: {:?}); creq sent to {}",
            tx.verify_enrollment3ds_v1,
            tx.verify_enrollment3ds_action_url.as_deref().unwrap_or("?")
        );
    }
    // The cardholder types 1234 on the challenge page; the peer's ACS returns a cres.
    let cres = peer.challenge(
        tx.verify_enrollment3ds_creq.as_deref().unwrap_or(""),
        "1234",
    )?;
    println!("  -> challenge answered with code 1234, cres {cres}\n");

    // 3. Finish the debit with the cres.
    let end = PaymentEnd3dsDebitV2::builder()
        .transaction_ref("TOUR-ORDER-0001")
        .cres(cres)
        .build();
    step("payment/end3dsDebit (v2)", &end);
    let done = client.payment_end3ds_debit_v2(&end).await?;
    println!(
        "  -> debit {} ({})\n",
        show_amount(&done.transaction),
        show_code(&done.response_code)
    );

    // 4. Partial refund, then a refund over what is left: refused with a typed code.
    let refund = PaymentRefund::builder()
        .transaction_ref("TOUR-ORDER-0001")
        .amount(1500)
        .build();
    step("payment/refund", &refund);
    let r = client.payment_refund(&refund).await?;
    println!(
        "  -> refunded {} ({})\n",
        show_amount(&r.transaction),
        show_code(&r.response_code)
    );
    let too_much = PaymentRefund::builder()
        .transaction_ref("TOUR-ORDER-0001")
        .amount(5000)
        .build();
    step("payment/refund", &too_much);
    match client.payment_refund(&too_much).await {
        Err(PbError::Refused(refusal)) => println!(
            "  -> refused: {refusal} [category {:?}]\n",
            refusal.code.category()
        ),
        other => return Err(format!("expected a refusal, got {other:?}").into()),
    }

    // 5. An invalid request never leaves the process.
    let bad = PaymentRefund::builder()
        .transaction_ref("TOUR")
        .amount(0)
        .build();
    match client.payment_refund(&bad).await {
        Err(e @ PbError::InvalidRequest(_)) => {
            println!("payment/refund with a bad request\n  -> {e}\n")
        }
        other => return Err(format!("expected InvalidRequest, got {other:?}").into()),
    }

    // 6. Search.
    let find = PaymentFind::builder()
        .transaction_ref("TOUR-ORDER-0001")
        .build();
    step("payment/find", &find);
    let list = client.payment_find(&find).await?;
    for t in list.transaction.unwrap_or_default() {
        println!(
            "  -> {} {} {} ({})",
            t.type_.as_ref().map_or("?", |k| k.as_str()),
            t.transaction_ref.as_deref().unwrap_or("?"),
            t.amount.map_or(0, |a| a.get()),
            show_code(&t.response_code)
        );
    }
    println!();

    // 7. A pre-authorization under 30 EUR (no 3DS), closed for part of its amount.
    let token_req = TokenCreate::builder()
        .card_type(CardType::Mastercard)
        .card_number("5512459816707530")
        .card_expiration_date("2812".parse()?)
        .cvv("321")
        .origin("https://shop.example")
        .build();
    let token_ref = client
        .token_create(&token_req)
        .await?
        .token
        .and_then(|t| t.token_ref)
        .ok_or("no token")?;
    let open = PreauthorizationTokenOpen::builder()
        .token_ref(token_ref.expose())
        .preauthorization_ref("TOUR-PREAUTH-1")
        .amount(2500)
        .redirection3_dsv2_url("https://shop.example/3ds-return")
        .application(
            Application::builder()
                .browser_ip("10.1.2.3")
                .browser_language("fr")
                .build(),
        )
        .build();
    step("preauthorization/tokenOpen", &open);
    let opened = client.preauthorization_token_open(&open).await?;
    let pa = opened.preauthorization.unwrap_or_default();
    println!(
        "  -> {} {:?} ({})\n",
        pa.file_number.as_deref().unwrap_or("?"),
        pa.status,
        show_code(&opened.response_code)
    );
    let close = PreauthorizationClose::builder()
        .file_number(pa.file_number.unwrap_or_default())
        .preauthorization_ref("TOUR-PREAUTH-1")
        .amount(1990)
        .build();
    step("preauthorization/close", &close);
    let closed = client.preauthorization_close(&close).await?;
    let pa = closed.preauthorization.unwrap_or_default();
    println!(
        "  -> {:?}, {} cents debited ({})\n",
        pa.status,
        pa.amount.map_or(0, |a| a.get()),
        show_code(&closed.response_code)
    );

    println!("tour complete: debit 4500 with 3DS v2, refund 1500, over-refund refused, pre-authorization 2500 closed at 1990");
    Ok(())
}

fn step(name: &str, request: &impl std::fmt::Debug) {
    println!("{name}\n  request {request:?}");
}

fn show_code(c: &Option<ReturnCode>) -> String {
    c.as_ref().map_or("no code".into(), |c| {
        format!("{} {}", c.code(), c.description())
    })
}

fn show_amount(t: &Option<Transaction>) -> String {
    t.as_ref()
        .and_then(|t| t.amount)
        .map_or("?".into(), |a| format!("{} cents", a.get()))
}

// ---------------------------------------------------------------------------------------
// A small ComNpay peer: enough state for the tour's flows, answering in ComNpay's format.

#[derive(Default)]
struct Book {
    tokens: HashMap<String, String>,
    debits: HashMap<String, (i64, i64, bool)>, // ref -> (amount, refunded, confirmed)
    challenges: HashMap<String, String>,       // creq -> transactionRef
    cres: HashMap<String, String>,             // cres -> transactionRef
    preauths: HashMap<String, (String, i64)>,  // fileNumber -> (status, amount)
    next: u64,
}

struct Peer {
    base_url: String,
    book: Arc<Mutex<Book>>,
}

impl Peer {
    async fn start() -> std::io::Result<Peer> {
        let book = Arc::new(Mutex::new(Book::default()));
        let app = axum::Router::new()
            .route("/rest/{*path}", axum::routing::post(answer))
            .with_state(book.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}/rest", listener.local_addr()?);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Peer { base_url, book })
    }

    /// The cardholder's side of the challenge page: the right code yields a cres.
    fn challenge(&self, creq: &str, code: &str) -> Result<String, String> {
        let mut b = self.book.lock().map_err(|_| "lock")?;
        let tx = b.challenges.remove(creq).ok_or("unknown creq")?;
        if code != "1234" {
            return Err("wrong challenge code".into());
        }
        let cres = format!("CRES-{tx}");
        b.cres.insert(cres.clone(), tx);
        Ok(cres)
    }
}

fn refusal(code: &str, message: &str) -> String {
    serde_json::json!({ "ok": 0, "message": message, "responseCode": code }).to_string()
}

async fn answer(
    State(book): State<Arc<Mutex<Book>>>,
    Path(path): Path<String>,
    body: Bytes,
) -> String {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if get("serialNumber") != "VAD-111-111"
        || (path != "token/create" && get("key") != "6RLl4FlO2o4ZvAdflK2p")
    {
        return refusal("010", "Access denied");
    }
    let Ok(mut b) = book.lock() else {
        return refusal("001", "Service unavailable");
    };
    b.next += 1;
    let n = b.next;
    let amount: i64 = get("amount").parse().unwrap_or(0);
    let tx = |r: &str, amount: i64, code: &str| {
        serde_json::json!({ "transactionId": n, "amount": amount, "ok": 1, "confirmed": 1, "cardType": "MC",
            "transactionDate": "20261123120000", "responseCode": code, "transactionRef": r, "type": "D", "source": "API" })
    };
    match path.as_str() {
        "token/create" => {
            let token = format!("TK{n:06}DEMO");
            b.tokens.insert(token.clone(), get("cardNumber"));
            serde_json::json!({ "ok": 1, "message": "", "responseCode": "000",
                "token": { "serialNumber": "VAD-111-111", "tokenRef": token, "cardExpirationDate": get("cardExpirationDate"), "cardType": get("cardType") } })
            .to_string()
        }
        "payment/tokenDebit" => {
            let r = get("transactionRef");
            if b.debits.contains_key(&r) {
                return refusal("202", "Double transactionRef");
            }
            let Some(card) = b.tokens.get(&get("tokenRef")).cloned() else {
                return refusal("271", "Token unknown");
            };
            if amount >= 3000 && card == "5306889942833340" {
                let creq = format!("CREQ{n:08}");
                b.challenges.insert(creq.clone(), r.clone());
                b.debits.insert(r.clone(), (amount, 0, false));
                let mut t = tx(&r, amount, "223");
                t["verifyEnrollment3dsCreq"] = creq.into();
                t["verifyEnrollment3dsActionUrl"] = "https://acs.example/3ds.html".into();
                t["verifyEnrollment3dsV1"] = false.into();
                return serde_json::json!({ "ok": 1, "message": "ok", "transaction": t, "responseCode": "200", "actionCode": "AUTH_3DS_REQUISE" }).to_string();
            }
            b.debits.insert(r.clone(), (amount, 0, true));
            serde_json::json!({ "ok": 1, "message": "Paiement accepte", "transaction": tx(&r, amount, "200"), "responseCode": "200" }).to_string()
        }
        "payment/end3dsDebit" => {
            let r = get("transactionRef");
            match b.cres.remove(&get("cres")) {
                Some(t) if t == r => {
                    let Some(d) = b.debits.get_mut(&r) else {
                        return refusal("214", "Transaction unknown");
                    };
                    d.2 = true;
                    let a = d.0;
                    serde_json::json!({ "ok": 1, "message": "Paiement accepte", "transaction": tx(&r, a, "200"), "responseCode": "200" }).to_string()
                }
                _ => refusal("221", "Holder authentication refused"),
            }
        }
        "payment/refund" => {
            let r = get("transactionRef");
            let Some(d) = b.debits.get_mut(&r) else {
                return refusal("214", "Transaction unknown");
            };
            if !d.2 {
                return refusal("260", "No initial debit success");
            }
            if d.1 + amount > d.0 {
                return refusal("261", "Credit amount invalid");
            }
            d.1 += amount;
            let mut t = tx(&r, amount, "200");
            t["type"] = "C".into();
            serde_json::json!({ "ok": 1, "message": "Credit accepte", "transaction": t, "responseCode": "200" }).to_string()
        }
        "payment/find" => {
            let r = get("transactionRef");
            let list: Vec<_> = b
                .debits
                .iter()
                .filter(|(k, _)| r.is_empty() || **k == r)
                .map(|(k, d)| tx(k, d.0, if d.2 { "200" } else { "223" }))
                .collect();
            serde_json::json!({ "nbTransactions": list.len(), "transaction": list }).to_string()
        }
        "preauthorization/tokenOpen" => {
            if !b.tokens.contains_key(&get("tokenRef")) {
                return refusal("271", "Token unknown");
            }
            let file = format!("PA20261123{n:06}");
            b.preauths.insert(file.clone(), ("OPEN_OK".into(), amount));
            serde_json::json!({ "ok": 1, "message": "Pre-autorisation acceptee", "responseCode": "240",
                "preauthorization": { "fileNumber": file, "amount": amount, "status": "OPEN_OK", "preauthorizationRef": get("preauthorizationRef") } })
            .to_string()
        }
        "preauthorization/close" => {
            let file = get("fileNumber");
            let Some(p) = b.preauths.get_mut(&file) else {
                return refusal("241", "Case unknown");
            };
            if p.0 != "OPEN_OK" {
                return refusal("243", "Case closed");
            }
            if amount > p.1 {
                return refusal("245", "Closure amount incorrect");
            }
            p.0 = if amount == 0 {
                "ABORT".into()
            } else {
                "CLOSURE_OK".into()
            };
            serde_json::json!({ "ok": 1, "message": "Cloture acceptee", "responseCode": "240",
                "preauthorization": { "fileNumber": file, "amount": amount, "status": p.0, "preauthorizationRef": get("preauthorizationRef") } })
            .to_string()
        }
        _ => refusal("013", "Action prohibited"),
    }
}

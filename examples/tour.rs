//! The main job: a tour of real ComNpay payment flows, no credentials, no network.
//!
//! It starts the embedded gateway simulator (`paybind::sim`) on loopback, then walks:
//! tokenize, debit with a 3-D Secure v2 challenge answered on the simulator's ACS page,
//! end3dsDebit, partial refund, a refund over the debited amount (refused), search; then a
//! pre-authorization opened and closed. Every request and answer is printed as a summary of
//! the fields it has, secrets redacted.
//!
//!     cargo run --features sim --example tour
//!     RUST_LOG=info cargo run --features sim --example tour   # with each call's span and the simulator's log

use paybind::comnpay::*;
use paybind::sim::{Config, Simulator};
use paybind::summary::Summary;
use paybind::{Currency, Error as PbError, Money};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await?;
    println!(
        "paybind tour: ComNpay against the embedded simulator at {}\n",
        sim.comnpay_base_url()
    );
    let credentials = Credentials::new(config.comnpay_serial_number, config.comnpay_key);
    println!("credentials: {credentials:?}\n");
    let client = Client::builder(Environment::Homologation, credentials)
        .base_url(sim.comnpay_base_url())
        .build()?;

    // 1. Tokenize the 3DS v2 challenge card (normally done client-side, in the browser).
    let token_req = TokenCreate::builder()
        .card_type(TokenCardType::Mastercard)
        .card_number("5306889942833340")
        .card_expiration_date("2812".parse()?)
        .cvv("123")
        .origin("https://shop.example")
        .build();
    step("token/create", &token_req);
    let token = client.token_create(&token_req).await?;
    answer(&token);
    let token_ref = token
        .token
        .and_then(|t| t.token_ref)
        .ok_or("no token in the answer")?;

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
    let debited = client.payment_token_debit(&debit).await?;
    answer(&debited);
    let tx = debited.transaction.clone().unwrap_or_default();
    if debited.action_code == Some(ActionCode::Auth3dsRequired) {
        println!(
            "  => 3-D Secure required (v1: {:?}); creq sent to {}",
            tx.verify_enrollment3ds_v1,
            tx.verify_enrollment3ds_action_url.as_deref().unwrap_or("?")
        );
    }
    // The cardholder types 1234 on the simulator's challenge page, which answers a cres.
    let action = tx
        .verify_enrollment3ds_action_url
        .clone()
        .ok_or("no ACS URL")?;
    let creq = tx.verify_enrollment3ds_creq.clone().ok_or("no creq")?;
    let cres = challenge(&action, &creq, "1234").await?;
    println!("  => challenge answered with code 1234, cres {cres}\n");

    // 3. Finish the debit with the cres.
    let end = PaymentEnd3dsDebitV2::builder()
        .transaction_ref("TOUR-ORDER-0001")
        .cres(cres)
        .build();
    step("payment/end3dsDebit (v2)", &end);
    let done = client.payment_end3ds_debit_v2(&end).await?;
    answer(&done);
    println!(
        "  => debited {} ({})\n",
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
    answer(&r);
    println!(
        "  => refunded {} ({})\n",
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
            "  <- refused: {refusal} (category {:?})\n",
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
            println!("payment/refund with a bad request\n  <- {e}\n")
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
            "  <- {} {} {} ({})",
            t.type_.as_ref().map_or("?", |k| k.as_str()),
            t.transaction_ref.as_deref().unwrap_or("?"),
            eur(t.amount),
            show_code(&t.response_code)
        );
    }
    println!();

    // 7. A pre-authorization under 30 EUR (no 3DS), closed for part of its amount.
    let token_req = TokenCreate::builder()
        .card_type(TokenCardType::Mastercard)
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
    answer(&opened);
    println!();
    let pa = opened.preauthorization.unwrap_or_default();
    let close = PreauthorizationClose::builder()
        .file_number(pa.file_number.unwrap_or_default())
        .preauthorization_ref("TOUR-PREAUTH-1")
        .amount(1990)
        .build();
    step("preauthorization/close", &close);
    let closed = client.preauthorization_close(&close).await?;
    answer(&closed);
    let pa = closed.preauthorization.unwrap_or_default();
    println!(
        "  => pre-authorization {}, {} debited ({})\n",
        pa.status.as_ref().map_or("?", |s| s.as_str()),
        eur(pa.amount),
        show_code(&closed.response_code)
    );

    // 8. PaynetEasy (ConnPay brand): a sale polled until approved, then a declined one.
    use paybind::payneteasy as pe;
    let pe_creds = pe::Credentials::new(
        config.payneteasy_login.clone(),
        config.payneteasy_merchant_control.clone(),
        pe::Target::Endpoint(39529),
    );
    println!("PaynetEasy credentials: {pe_creds:?}\n");
    let pe_client = pe::Client::builder(pe::Brand::Connpay, pe::Environment::Sandbox, pe_creds)
        .base_url(sim.payneteasy_base_url(pe::Brand::Connpay))
        .build()?;
    let mut outcomes = Vec::new();
    for (order, card) in [
        ("TOUR-PE-1", "4444555566661111"),
        ("TOUR-PE-2", paybind::sim::payneteasy::CARD_DECLINED),
    ] {
        let sale = pe::Sale::builder()
            .client_orderid(order)
            .order_desc("Two concert tickets")
            .amount(paybind::Money::parse("49.90", "EUR")?)
            .ipaddress("65.153.12.232")
            .credit_card_number(card)
            .card_printed_name("JOHN SMITH")
            .expire_month("01")
            .expire_year("2042")
            .cvv2("123")
            .first_name("John")
            .last_name("Smith")
            .address1("100 Main st")
            .city("Paris")
            .zip_code("75001")
            .country("FR")
            .phone("+33100000000")
            .email("john.smith@example.com")
            .build();
        step("sale (signed with control)", &sale);
        let accepted = pe_client.sale(&sale).await?;
        answer(&accepted);
        let orderid = accepted.paynet_order_id.clone().unwrap_or_default();
        let status = pe::Status::builder()
            .client_orderid(order)
            .orderid(orderid)
            .build();
        let final_status = loop {
            let s = pe_client.status(&status).await?;
            println!("  status -> {}", s.summary());
            match s.status {
                Some(pe::OrderStatus::Processing) => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await
                }
                other => break other,
            }
        };
        let final_status = final_status.as_ref().map_or("?", |s| s.as_str());
        outcomes.push(format!("{order} {final_status}"));
        println!();
    }

    // 9. S-money: a card payment in three installments, paid on its page, then refunded in part.
    use paybind::smoney as sm;
    let sm_creds = sm::Credentials::new(
        config.smoney_token.clone(),
        config.smoney_partner.clone(),
        config.smoney_callback_secret.clone(),
    );
    println!("S-money credentials: {sm_creds:?}\n");
    let sm_client = sm::Client::builder(sm::Environment::Sandbox, sm_creds)
        .base_url(sim.smoney_base_url())
        .build()?;
    let first_date: paybind::Date = "20261123".parse()?;
    // 150.00 EUR and a 3.00 EUR fee: 60.00 + 1.20, then 45.00 + 0.90 twice.
    let installments = paybind::schedule::ScheduleRule {
        first_amount: 6000,
        count: 3,
        period_days: 30,
        first_fee: 120,
    }
    .installments(15000, 300, first_date)?;
    let schedule: Vec<sm::Installment> = installments
        .iter()
        .map(|i| {
            let d = i.date;
            sm::Installment::builder()
                .sequence_number(i64::from(i.sequence))
                .amount(i.amount)
                .fee(i.fee)
                .date(format!(
                    "{:04}-{:02}-{:02}T00:00:00",
                    d.year(),
                    d.month(),
                    d.day()
                ))
                .build()
        })
        .collect();
    let create = sm::CreateCardPayment::builder()
        .amount(15000)
        .fee(300)
        .three_d_secure_preference(sm::ThreeDSecurePreference::NoPreference)
        .order_id("TOUR-SM-1")
        .available_cards(paybind::encoding::Joined(vec![
            sm::CardBrand::Cb,
            sm::CardBrand::Visa,
        ]))
        .is_mine(false)
        .message("Three concerts")
        .url_return("https://shop.example/return")
        .url_callback("https://shop.example/callback")
        .payment_schedule(schedule)
        .build();
    step("payins/cardpayments (JSON, bearer token)", &create);
    let created = sm_client.create_card_payment(&create).await?;
    answer(&created);
    let href = created.href.clone().ok_or("no Href")?;
    println!("  => the payer pays on {href}");
    reqwest::Client::new()
        .post(&href)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("card={}", paybind::sim::smoney::CARD_COMPLETED))
        .send()
        .await?;
    let read = sm_client
        .get_card_payment(
            &sm::GetCardPayment::builder()
                .payment_order_id("TOUR-SM-1")
                .build(),
        )
        .await?;
    answer(&read);
    let plan: Vec<String> = read
        .payment_schedule
        .unwrap_or_default()
        .iter()
        .map(|i| format!("{} on {}", eur(i.amount), i.date.as_deref().unwrap_or("?")))
        .collect();
    println!("  => installments {}\n", plan.join(", "));
    let refund = sm::RefundCardPayment::builder()
        .payment_order_id("TOUR-SM-1")
        .order_id("TOUR-SM-R1")
        .amount(5000)
        .build();
    step("payins/cardpayments/{orderId}/refunds", &refund);
    let refunded = sm_client.refund_card_payment(&refund).await?;
    answer(&refunded);
    println!("  => refunded {}\n", eur(refunded.amount));

    println!(
        "tour complete: ComNpay debit 45.00 EUR with 3DS v2, refund 15.00 EUR, over-refund refused, pre-authorization 25.00 EUR closed at 19.90 EUR; PaynetEasy {}; S-money 150.00 EUR in 3 installments, completed, 50.00 EUR refunded",
        outcomes.join(", ")
    );
    Ok(())
}

/// A request: the fields it has, secrets redacted.
fn step(name: &str, request: &impl Summary) {
    println!("{name}\n  -> {}", request.summary());
}

/// An answer: the fields it has, secrets redacted.
fn answer(answer: &impl Summary) {
    println!("  <- {}", answer.summary());
}

fn show_code(c: &Option<ReturnCode>) -> String {
    c.as_ref().map_or("no code".into(), ReturnCode::to_string)
}

/// An amount in euro cents (ComNpay and S-money amounts), as "45.00 EUR".
fn eur(amount: Option<paybind::MinorUnits>) -> String {
    amount
        .and_then(|a| Money::from_minor(a.get(), Currency::EUR).ok())
        .map_or("?".into(), |m| m.to_string())
}

fn show_amount(t: &Option<Transaction>) -> String {
    eur(t.as_ref().and_then(|t| t.amount))
}

/// Answers the simulator's 3-D Secure v2 challenge page as the cardholder would.
async fn challenge(
    action_url: &str,
    creq: &str,
    code: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("creq", creq)
        .append_pair("code", code)
        .finish();
    let html = reqwest::Client::new()
        .post(format!("{action_url}/challenge"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?
        .text()
        .await?;
    let marker = "name=\"cres\" value=\"";
    let start = html.find(marker).ok_or("the challenge failed")? + marker.len();
    Ok(html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string())
}

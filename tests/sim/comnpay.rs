//! The ComNpay client against the embedded simulator over loopback: flows, test cards, and
//! every error path a user meets.

use crate::support;

use paybind::comnpay::*;
use paybind::outcome::{ActionKind, Outcome};
use paybind::sim::comnpay::{CARD_3DS_V1, CARD_3DS_V2_CHALLENGE, CARD_3DS_V2_FRICTIONLESS};
use paybind::sim::{Config, Simulator};
use paybind::summary::Summary;
use paybind::Error as PbError;

async fn setup() -> (Simulator, Client) {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number, config.comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    (sim, client)
}

async fn token(client: &Client, card: &str) -> String {
    let req = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number(card)
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    client
        .token_create(&req)
        .await
        .expect("token")
        .token
        .and_then(|t| t.token_ref)
        .expect("ref")
        .expose()
        .to_string()
}

fn debit(token: &str, reference: &str, amount: i64) -> PaymentTokenDebit {
    PaymentTokenDebit::builder()
        .token_ref(token)
        .transaction_ref(reference)
        .amount(amount)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(support::browser())
        .build()
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(PbError::Refused(r)) => r.code.code().to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Posts a form to the simulator's ACS pages and returns the hidden input `name`.
pub(crate) async fn acs(url: &str, form: &[(&str, &str)], name: &str) -> String {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let html = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("acs")
        .text()
        .await
        .expect("html");
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    html[start..].split('"').next().unwrap_or("").to_string()
}

#[tokio::test]
async fn under_30_euros_there_is_no_3ds() {
    let (_sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_CHALLENGE).await;
    let a = client
        .payment_token_debit(&debit(&t, "ORDER-0001", 2999))
        .await
        .expect("debit");
    assert_eq!(a.action_code, None);
    assert_eq!(a.response_code, Some(ReturnCode::PaymentAccepted));
    assert_eq!(a.outcome(), Outcome::Succeeded);
}

#[tokio::test]
async fn three_ds_v2_challenge_with_code_1234() {
    let (sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_CHALLENGE).await;
    let a = client
        .payment_token_debit(&debit(&t, "ORDER-0002", 4500))
        .await
        .expect("debit");
    assert_eq!(a.action_code, Some(ActionCode::Auth3dsRequired));
    let base = format!("http://{}/comnpay/acs/v2", sim.addr());
    // Answered 200 "Payment accepted", yet nothing is paid: the outcome says what to do.
    assert_eq!(a.response_code, Some(ReturnCode::PaymentAccepted));
    let outcome = a.outcome();
    let summary = a.summary();
    assert!(
        summary.starts_with("outcome=action_required/three_ds_v2 "),
        "{summary}"
    );
    let Outcome::ActionRequired(action) = outcome else {
        panic!("a 3-D Secure debit reads as {outcome}");
    };
    assert_eq!(action.kind, ActionKind::ThreeDsV2);
    let redirect = action.redirect().expect("a redirect");
    assert_eq!(redirect.url.as_deref(), Some(base.as_str()));
    assert_eq!(redirect.method, paybind::encoding::Method::Post);
    let tx = a.transaction.expect("tx");
    assert_eq!(tx.verify_enrollment3ds_v1, Some(false));
    let creq = tx.verify_enrollment3ds_creq.expect("creq");
    assert_eq!(redirect.fields, [("creq", creq.clone())]);
    assert_eq!(
        tx.verify_enrollment3ds_action_url.as_deref(),
        Some(base.as_str())
    );
    let wrong = reqwest::Client::new()
        .post(format!("{base}/challenge"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("creq={creq}&code=0000"))
        .send()
        .await
        .expect("acs")
        .text()
        .await
        .expect("html");
    assert!(wrong.contains("Wrong code"));
    let end = |cres: &str| {
        PaymentEnd3dsDebitV2::builder()
            .transaction_ref("ORDER-0002")
            .cres(cres)
            .build()
    };
    assert_eq!(
        code(client.payment_end3ds_debit_v2(&end("CRES-forged")).await),
        "221"
    );
    let cres = acs(
        &format!("{base}/challenge"),
        &[("creq", &creq), ("code", "1234")],
        "cres",
    )
    .await;
    let done = client
        .payment_end3ds_debit_v2(&end(&cres))
        .await
        .expect("finished");
    assert_eq!(done.response_code, Some(ReturnCode::PaymentAccepted));
    assert_eq!(done.outcome(), Outcome::Succeeded);
}

#[tokio::test]
async fn three_ds_v1_through_the_acs_page() {
    let (sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V1).await;
    let a = client
        .payment_token_debit(&debit(&t, "ORDER-0003", 3000))
        .await
        .expect("debit");
    let url = format!("http://{}/comnpay/acs/v1", sim.addr());
    let Outcome::ActionRequired(action) = a.outcome() else {
        panic!("a 3-D Secure v1 debit reads as {}", a.outcome());
    };
    assert_eq!(action.kind, ActionKind::ThreeDsV1);
    let tx = a.transaction.expect("tx");
    assert_eq!(tx.verify_enrollment3ds_v1, Some(true));
    let md = tx.verify_enrollment3ds_md.expect("md");
    let pareq = tx.verify_enrollment3ds_pareq.expect("pareq");
    let redirect = action.redirect().expect("a redirect");
    assert_eq!(redirect.url.as_deref(), Some(url.as_str()));
    assert_eq!(
        redirect.fields,
        [("MD", md.clone()), ("PaReq", pareq.clone())]
    );
    let pares = acs(
        &url,
        &[
            ("MD", &md),
            ("PaReq", &pareq),
            ("TermUrl", "https://shop.example/term"),
        ],
        "PaRes",
    )
    .await;
    let end = PaymentEnd3dsDebitV1::builder()
        .transaction_ref("ORDER-0003")
        .pares(pares)
        .md(md)
        .build();
    assert_eq!(
        client
            .payment_end3ds_debit_v1(&end)
            .await
            .expect("finished")
            .response_code,
        Some(ReturnCode::PaymentAccepted)
    );
}

#[tokio::test]
async fn frictionless_and_refusing_cards() {
    let (_sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_FRICTIONLESS).await;
    assert_eq!(
        client
            .payment_token_debit(&debit(&t, "ORDER-0004", 9000))
            .await
            .expect("debit")
            .action_code,
        None
    );
    for (card, expected) in paybind::sim::comnpay::REFUSING_CARDS {
        let t = token(&client, card).await;
        let reference = format!("ORDER-R{expected}");
        assert_eq!(
            code(
                client
                    .payment_token_debit(&debit(&t, &reference, 1000))
                    .await
            ),
            expected
        );
    }
}

#[tokio::test]
async fn refunds_up_to_the_debit_then_261() {
    let (_sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_FRICTIONLESS).await;
    client
        .payment_token_debit(&debit(&t, "ORDER-0005", 2000))
        .await
        .expect("debit");
    let refund = |amount: i64| {
        PaymentRefund::builder()
            .transaction_ref("ORDER-0005")
            .amount(amount)
            .build()
    };
    client
        .payment_refund(&refund(1500))
        .await
        .expect("first refund");
    assert_eq!(code(client.payment_refund(&refund(501)).await), "261");
    client.payment_refund(&refund(500)).await.expect("the rest");
    let found = client
        .payment_find(&PaymentFind::builder().transaction_ref("ORDER-0005").build())
        .await
        .expect("find");
    let kinds: Vec<String> = found
        .transaction
        .expect("list")
        .iter()
        .filter_map(|t| t.type_.as_ref().map(|k| k.to_string()))
        .collect();
    assert_eq!(kinds, ["D", "C", "C"]);
}

#[tokio::test]
async fn error_paths() {
    let (sim, client) = setup().await;
    // A wrong key.
    let bad = Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", "wrong"),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    assert_eq!(
        code(bad.payment_find(&PaymentFind::builder().build()).await),
        "010"
    );
    // An unknown transactionRef.
    let refund = PaymentRefund::builder()
        .transaction_ref("NO-SUCH-ORDER")
        .amount(100)
        .build();
    assert_eq!(code(client.payment_refund(&refund).await), "214");
    // A duplicate transactionRef.
    let t = token(&client, CARD_3DS_V2_FRICTIONLESS).await;
    client
        .payment_token_debit(&debit(&t, "ORDER-0006", 1000))
        .await
        .expect("debit");
    assert_eq!(
        code(
            client
                .payment_token_debit(&debit(&t, "ORDER-0006", 1000))
                .await
        ),
        "202"
    );
    // An unknown token.
    assert_eq!(
        code(
            client
                .payment_token_debit(&debit("TK-NONE", "ORDER-0007", 1000))
                .await
        ),
        "271"
    );
    // What the client would refuse locally, the simulator refuses too (009), in ComNpay's format.
    let lenient = Client::builder(
        Environment::Homologation,
        Credentials::new("VAD-111-111", Config::default().comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .validation(paybind::ValidationPolicy::SkipLimits)
    .build()
    .expect("client");
    let short = PaymentRefund::builder()
        .transaction_ref("SHORT")
        .amount(100)
        .build();
    assert_eq!(code(lenient.payment_refund(&short).await), "009");
}

#[tokio::test]
async fn a_preauthorization_opened_closed_and_closed_again() {
    let (_sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_FRICTIONLESS).await;
    let open = PreauthorizationTokenOpen::builder()
        .token_ref(&t)
        .preauthorization_ref("PREAUTH-1")
        .amount(2500)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(support::browser())
        .build();
    let opened = client
        .preauthorization_token_open(&open)
        .await
        .expect("open")
        .preauthorization
        .expect("case");
    assert_eq!(opened.status, Some(PreauthorizationStatus::OpenOk));
    let file = opened.file_number.expect("file");
    let close = |amount: i64| {
        PreauthorizationClose::builder()
            .file_number(file.clone())
            .preauthorization_ref("PREAUTH-1")
            .amount(amount)
            .build()
    };
    assert_eq!(
        code(client.preauthorization_close(&close(2501)).await),
        "245"
    );
    let closed = client
        .preauthorization_close(&close(1990))
        .await
        .expect("close")
        .preauthorization
        .expect("case");
    assert_eq!(closed.status, Some(PreauthorizationStatus::ClosureOk));
    assert_eq!(code(client.preauthorization_close(&close(10)).await), "243");
    assert_eq!(code(client.preauthorization_token_open(&open).await), "246");
}

#[tokio::test]
async fn a_cancelled_preauthorization_and_receipts() {
    let (_sim, client) = setup().await;
    let t = token(&client, CARD_3DS_V2_FRICTIONLESS).await;
    let open = PreauthorizationTokenOpen::builder()
        .token_ref(&t)
        .preauthorization_ref("PREAUTH-2")
        .amount(1000)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .browser(support::browser())
        .build();
    let file = client
        .preauthorization_token_open(&open)
        .await
        .expect("open")
        .preauthorization
        .and_then(|p| p.file_number)
        .expect("file");
    let cancel = PreauthorizationClose::builder()
        .file_number(file)
        .preauthorization_ref("PREAUTH-2")
        .amount(0)
        .build();
    let p = client
        .preauthorization_close(&cancel)
        .await
        .expect("cancel")
        .preauthorization
        .expect("case");
    assert_eq!(p.status, Some(PreauthorizationStatus::Abort));
    client
        .payment_token_debit(&debit(&t, "ORDER-0008", 1200))
        .await
        .expect("debit");
    let html = client
        .receipt_get_html(
            &ReceiptGetHtml::builder()
                .transaction_ref("ORDER-0008")
                .build(),
        )
        .await
        .expect("html");
    assert!(html.contains("ORDER-0008"));
    let pdf = client
        .receipt_get_pdf_base64(
            &ReceiptGetPdfBase64::builder()
                .transaction_ref("ORDER-0008")
                .build(),
        )
        .await
        .expect("pdf");
    assert!(pdf.starts_with("JVBERi0"), "base64 of %PDF-: {pdf}");
}

#[tokio::test]
async fn payment_links_and_p3f_files() {
    let (_sim, client) = setup().await;
    let link = |kind: PaymentType, reference: &str| {
        PayperlinkCreate::builder()
            .payment_type(kind)
            .product_reference("REF-1")
            .product_label("Sofa")
            .transaction_ref(reference)
            .amount(90001)
            .build()
    };
    let created = client
        .payperlink_create(&link(PaymentType::P3f, "LINK-P3F-1"))
        .await
        .expect("link")
        .payperlink
        .expect("link");
    let url = created.link.expect("url");
    let paid = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("card=5512459816707530")
        .send()
        .await
        .expect("pay")
        .text()
        .await
        .expect("text");
    assert!(paid.contains("PENDING"), "{paid}");
    let files = client
        .pnf_file_find(&PnfFileFind::builder().status(PnfStatus::Pending).build())
        .await
        .expect("find");
    let file = &files.pnf_file.expect("list")[0];
    let terms = file.pnf_transactions.as_ref().expect("terms");
    assert_eq!(
        terms
            .iter()
            .filter_map(|t| t.amount.map(|a| a.get()))
            .sum::<i64>(),
        90001
    );
    assert_eq!(
        terms.iter().filter_map(|t| t.ok).collect::<Vec<_>>(),
        [true, false, false]
    );
    let links = client
        .payperlink_find(&PayperlinkFind::builder().build())
        .await
        .expect("links");
    assert_eq!(links.payperlinks.expect("list")[0].nb_payments, Some(1));
    let id = created.payperlink_id.expect("id");
    client
        .payperlink_close(&PayperlinkClose::builder().payperlink_id(id).build())
        .await
        .expect("closed");
    let again = reqwest::Client::new()
        .post(&url)
        .body("card=5512459816707530")
        .send()
        .await
        .expect("pay")
        .text()
        .await
        .expect("text");
    assert!(again.contains("closed"), "{again}");
}

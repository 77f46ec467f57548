//! The pages the simulator shows a payer: every value a merchant chose is escaped (a
//! transactionRef or OrderId of `<b>x</b>12345` shows as text, never as markup), each page
//! shows the merchant, the amount as money and what to do, and each flow sends the browser
//! back to the merchant with the documented parameters.

use crate::support;

use paybind::comnpay::*;
use paybind::sim::comnpay::{CARD_3DS_V1, CARD_3DS_V2_CHALLENGE};
use paybind::sim::{Config, Simulator};

const HOSTILE: &str = "<b>x</b>12345";
const ESCAPED: &str = "&lt;b&gt;x&lt;/b&gt;12345";

/// Asserts the page shows `HOSTILE` escaped and never raw.
fn escaped(page: &str) {
    assert!(!page.contains("<b>x"), "raw markup in {page}");
    assert!(page.contains(ESCAPED), "no escaped reference in {page}");
}

struct Page {
    status: u16,
    location: Option<String>,
    body: String,
}

/// Posts a form as a browser would (accepting HTML), without following redirects.
async fn post(url: &str, form: &[(&str, &str)]) -> Page {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    send(
        browser()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

async fn get(url: &str) -> Page {
    send(browser().get(url)).await
}

/// A client that shows redirects instead of following them (they lead to shop.example).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn send(request: reqwest::RequestBuilder) -> Page {
    let answer = request
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("page");
    let status = answer.status().as_u16();
    let location = answer
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_string);
    let body = answer.text().await.expect("text");
    Page {
        status,
        location,
        body,
    }
}

/// The value of the hidden input `name`.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    page[start..].split('"').next().unwrap_or("").to_string()
}

async fn comnpay() -> (Simulator, Client, String) {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await.expect("sim");
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number.clone(), config.comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    (sim, client, config.comnpay_serial_number)
}

async fn token(client: &Client, card: &str) -> String {
    let req = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number(card)
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    let answer = client.token_create(&req).await.expect("token");
    let token = answer.token.and_then(|t| t.token_ref).expect("ref");
    token.expose().to_string()
}

async fn debit(client: &Client, card: &str, amount: i64, back: &str) -> Transaction {
    let t = token(client, card).await;
    let req = PaymentTokenDebit::builder()
        .token_ref(t)
        .transaction_ref(HOSTILE)
        .amount(amount)
        .redirection3_dsv2_url(back)
        .browser(support::browser())
        .build();
    let answer = client.payment_token_debit(&req).await.expect("debit");
    answer.transaction.expect("transaction")
}

#[tokio::test]
async fn three_ds_v2_pages_escape_and_post_the_cres_to_the_redirection_url() {
    let (sim, client, serial) = comnpay().await;
    let back = "https://shop.example/3ds?order=7&step=back";
    let tx = debit(&client, CARD_3DS_V2_CHALLENGE, 4500, back).await;
    let creq = tx.verify_enrollment3ds_creq.expect("creq");
    let action = tx.verify_enrollment3ds_action_url.expect("action");

    let challenge = post(&action, &[("creq", &creq)]).await;
    assert_eq!(challenge.status, 200);
    escaped(&challenge.body);
    for shown in ["45.00 EUR", serial.as_str(), "Type <b>1234</b> to approve"] {
        assert!(
            challenge.body.contains(shown),
            "{shown} in {}",
            challenge.body
        );
    }
    assert_eq!(hidden(&challenge.body, "creq"), creq);

    let url = format!("{action}/challenge");
    let wrong = post(&url, &[("creq", &creq), ("code", "0000")]).await;
    escaped(&wrong.body);
    assert!(wrong.body.contains("Wrong code"), "{}", wrong.body);
    assert!(!wrong.body.contains("cres"), "{}", wrong.body);

    let right = post(&url, &[("creq", &creq), ("code", "1234")]).await;
    escaped(&right.body);
    let form = "<form method=\"post\" action=\"https://shop.example/3ds?order=7&amp;step=back\">";
    assert!(right.body.contains(form), "{}", right.body);
    assert!(right.body.contains("onload=\"document.forms[0].submit()\""));
    let cres = hidden(&right.body, "cres");
    let end = PaymentEnd3dsDebitV2::builder()
        .transaction_ref(HOSTILE)
        .cres(cres)
        .build();
    let done = client.payment_end3ds_debit_v2(&end).await.expect("end");
    assert_eq!(done.response_code, Some(ReturnCode::PaymentAccepted));

    let unknown = post(&action, &[("creq", "CREQ-forged")]).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Unknown authentication"));
    drop(sim);
}

#[tokio::test]
async fn three_ds_v1_page_escapes_and_posts_md_and_pares_to_the_term_url() {
    let (_sim, client, serial) = comnpay().await;
    let tx = debit(&client, CARD_3DS_V1, 3000, "https://shop.example/unused").await;
    let md = tx.verify_enrollment3ds_md.expect("md");
    let pareq = tx.verify_enrollment3ds_pareq.expect("pareq");
    let action = tx.verify_enrollment3ds_action_url.expect("action");
    let term = "https://shop.example/term?a=1&b=\"2\"";
    let page = post(
        &action,
        &[("MD", &md), ("PaReq", &pareq), ("TermUrl", term)],
    )
    .await;
    escaped(&page.body);
    for shown in ["30.00 EUR", serial.as_str(), "Approve"] {
        assert!(page.body.contains(shown), "{shown} in {}", page.body);
    }
    let form = "action=\"https://shop.example/term?a=1&amp;b=&quot;2&quot;\"";
    assert!(page.body.contains(form), "{}", page.body);
    assert_eq!(hidden(&page.body, "MD"), md);
    let end = PaymentEnd3dsDebitV1::builder()
        .transaction_ref(HOSTILE)
        .pares(hidden(&page.body, "PaRes"))
        .md(md)
        .build();
    let done = client.payment_end3ds_debit_v1(&end).await.expect("end");
    assert_eq!(done.response_code, Some(ReturnCode::PaymentAccepted));
}

async fn link(client: &Client, reference: &str, ok: Option<&str>) -> String {
    let mut req = PayperlinkCreate::builder()
        .payment_type(PaymentType::Debit)
        .product_reference("<i>REF</i>")
        .product_label("Sofa <script>alert(1)</script>")
        .transaction_ref(reference)
        .amount(4500);
    if let Some(ok) = ok {
        req = req.url_ok(ok).url_nok("https://shop.example/nok");
    }
    let created = client.payperlink_create(&req.build()).await.expect("link");
    created.payperlink.and_then(|l| l.link).expect("link url")
}

#[tokio::test]
async fn payment_link_pages_go_through_3ds_to_url_ok() {
    let (_sim, client, serial) = comnpay().await;
    let url = link(&client, HOSTILE, Some("https://shop.example/ok?o=1")).await;
    let shown = get(&url).await;
    assert_eq!(shown.status, 200);
    escaped(&shown.body);
    assert!(!shown.body.contains("<script>") && !shown.body.contains("<i>REF"));
    for text in [
        "45.00 EUR",
        serial.as_str(),
        "&lt;i&gt;REF",
        "press <b>Pay</b>",
    ] {
        assert!(shown.body.contains(text), "{text} in {}", shown.body);
    }

    let paid = post(&url, &[("card", CARD_3DS_V2_CHALLENGE)]).await;
    escaped(&paid.body);
    let creq = hidden(&paid.body, "creq");
    assert!(paid.body.contains("onload=\"document.forms[0].submit()\""));
    let acs = paid
        .body
        .split("action=\"")
        .nth(1)
        .and_then(|a| a.split('"').next());
    let acs = acs.expect("ACS action").to_string();
    let challenge = post(&acs, &[("creq", &creq)]).await;
    escaped(&challenge.body);
    let right = post(
        &format!("{acs}/challenge"),
        &[("creq", &creq), ("code", "1234")],
    )
    .await;
    let back = format!("action=\"{url}/3ds\"");
    assert!(right.body.contains(&back), "{}", right.body);

    let cres = hidden(&right.body, "cres");
    let landed = post(&format!("{url}/3ds"), &[("cres", &cres)]).await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(
        landed.location.as_deref(),
        Some("https://shop.example/ok?o=1")
    );
    let find = PaymentFind::builder().transaction_ref(HOSTILE).build();
    let found = client.payment_find(&find).await.expect("find");
    let tx = &found.transaction.expect("list")[0];
    assert_eq!(tx.response_code, Some(ReturnCode::PaymentAccepted));

    let refused_link = link(&client, "LINK-REFUSED-1", None).await;
    let refused = post(&refused_link, &[("card", "4000000000000207")]).await;
    assert_eq!(refused.status, 402);
    assert!(
        refused.body.contains("Payment refused: 207"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn receipt_and_payneteasy_acs_pages_escape() {
    let (_sim, client, _) = comnpay().await;
    debit(
        &client,
        "5512459816707530",
        2500,
        "https://shop.example/3ds",
    )
    .await;
    let receipt = ReceiptGetHtml::builder().transaction_ref(HOSTILE).build();
    let html = client.receipt_get_html(&receipt).await.expect("receipt");
    escaped(&html);
    assert!(html.contains("25.00 EUR"), "{html}");

    use paybind::payneteasy as pe;
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await.expect("sim");
    let credentials = pe::Credentials::new(
        config.payneteasy_login.clone(),
        config.payneteasy_merchant_control.clone(),
        pe::Target::Endpoint(39529),
    );
    let brand = pe::Brand::Payneteasy;
    let c = pe::Client::builder(brand, pe::Environment::Sandbox, credentials)
        .base_url(sim.payneteasy_base_url(brand))
        .build()
        .expect("client");
    let sale = pe::Sale::builder()
        .client_orderid(HOSTILE)
        .order_desc("Two tickets")
        .amount(paybind::Money::parse("10.42", "EUR").expect("money"))
        .ipaddress("65.153.12.232")
        .card_recurring_payment_id("1491954")
        .cvv2("123")
        .build();
    let id = c.sale(&sale).await.expect("sale").paynet_order_id;
    let acs = format!("http://{}/payneteasy/acs/{}", sim.addr(), id.expect("id"));
    let page = post(&acs, &[]).await;
    escaped(&page.body);
    assert!(page.body.contains("10.42 EUR"), "{}", page.body);
    assert!(
        page.body.contains(&config.payneteasy_login),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn smoney_pages_escape_and_return_to_url_return() {
    use paybind::smoney as sm;
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await.expect("sim");
    let credentials = sm::Credentials::new(
        config.smoney_token.clone(),
        config.smoney_partner.clone(),
        config.smoney_callback_secret.clone(),
    );
    let client = sm::Client::builder(sm::Environment::Sandbox, credentials)
        .base_url(sim.smoney_base_url())
        .build()
        .expect("client");
    let create = sm::CreateCardPayment::builder()
        .amount(15000)
        .three_d_secure_preference(sm::ThreeDSecurePreference::NoPreference)
        .order_id(HOSTILE)
        .available_cards(paybind::encoding::Joined(vec![sm::CardBrand::Cb]))
        .is_mine(false)
        .message("Concert <i>tickets</i>")
        .url_return("https://shop.example/return?o=1&p=2")
        .url_callback("https://shop.example/callback")
        .build();
    let created = client.create_card_payment(&create).await.expect("created");
    let href = created.href.expect("href");
    assert!(!href.contains('<') && !href.ends_with("/12345"), "{href}");

    let shown = get(&href).await;
    assert_eq!(shown.status, 200);
    escaped(&shown.body);
    assert!(!shown.body.contains("<i>tickets"));
    for text in [
        "150.00 EUR",
        config.smoney_partner.as_str(),
        "press <b>Pay</b>",
    ] {
        assert!(shown.body.contains(text), "{text} in {}", shown.body);
    }
    let action = shown
        .body
        .split("action=\"")
        .nth(1)
        .and_then(|a| a.split('"').next());
    assert_eq!(action, Some(href.as_str()));

    let paid = post(&href, &[("card", paybind::sim::smoney::CARD_COMPLETED)]).await;
    assert_eq!(paid.status, 200);
    escaped(&paid.body);
    assert!(paid.body.contains("Payment completed."), "{}", paid.body);
    let refresh = "content=\"1; url=https://shop.example/return?o=1&amp;p=2\"";
    assert!(paid.body.contains(refresh), "{}", paid.body);
    assert!(paid
        .body
        .contains("href=\"https://shop.example/return?o=1&amp;p=2\""));
    let read = sm::GetCardPayment::builder()
        .payment_order_id(HOSTILE)
        .build();
    let read = client.get_card_payment(&read).await.expect("read");
    assert_eq!(read.status, Some(sm::PaymentStatus::Completed));

    let again = post(&href, &[("card", paybind::sim::smoney::CARD_COMPLETED)]).await;
    assert_eq!(again.status, 409);
    escaped(&get(&href).await.body);
}

//! A real browser against the simulator's pages: headless Chromium, driven through
//! chromedriver (WebDriver) with fantoccini, pays at a small merchant served by this test on
//! loopback. ComNpay 3-D Secure v2: the merchant debits, the browser follows the challenge
//! page, types the code and lands back on the merchant's redirection3DSV2Url with the cres,
//! which the merchant sends to end3dsDebit. S-money: the browser pays on the payment page
//! and lands back on urlReturn. Screenshots go to `target/browser-screenshots/`.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver: `.ci/setup-browser.sh` installs them
//! (CI's `.ci/run` calls it). `CHROMEDRIVER` and `CHROMIUM` name other binaries. Without them
//! the test says on stderr that it skipped and how to enable it, and passes; with
//! `PAYBIND_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing browser fails it instead.

#![cfg(all(
    feature = "sim",
    feature = "comnpay",
    feature = "payneteasy",
    feature = "smoney"
))]

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Form, Router};
use fantoccini::{Client as Browser, ClientBuilder, Locator};
use maud::html;

use paybind::comnpay as cp;
use paybind::sim::{Config, Simulator};
use paybind::smoney as sm;

const ORDER_3DS: &str = "BROWSER-3DS-0001";
const ORDER_SM: &str = "BROWSER-SM-0001";

/// chromedriver, started on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// chromedriver and Chromium, if both are there. When one is missing the test skips, saying
/// so on stderr (written directly, so that `cargo test` shows it even for a passing test),
/// unless `PAYBIND_REQUIRE_BROWSER` is set, where it fails.
fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let driver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
    let chromium = binary("CHROMIUM", "/usr/bin/chromium");
    let missing: Vec<String> = [&driver, &chromium]
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Some((driver, chromium));
    }
    let why = format!(
        "{} not found: run .ci/setup-browser.sh (it installs chromium and chromium-driver \
         with apt), or set CHROMEDRIVER and CHROMIUM to their paths",
        missing.join(" and ")
    );
    assert!(
        std::env::var_os("PAYBIND_REQUIRE_BROWSER").is_none(),
        "PAYBIND_REQUIRE_BROWSER is set and {why}"
    );
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "tests/browser.rs skipped: {why}");
    None
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

fn start_driver(exe: &Path, log: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .arg(format!("--log-path={}", log.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

async fn open_browser(driver: &Driver, chromium: &Path, profile: &Path) -> Browser {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=900,800",
    ]
    .map(String::from)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    let http = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(http)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session through chromedriver")
}

/// The merchant: its clients for the simulator, and what its return URLs received.
struct Shop {
    base: String,
    comnpay: cp::Client,
    smoney: sm::Client,
    returned: Mutex<Vec<(String, BTreeMap<String, String>)>>,
}

type Merchant = Arc<Shop>;

fn shop_page(title: &str, body: maud::Markup) -> Html<String> {
    Html(
        html! {
            (maud::DOCTYPE)
            html { head { title { (title) } } body style="font-family:sans-serif;margin:2rem" {
                h1 { "Test shop: " (title) } (body)
            } }
        }
        .into_string(),
    )
}

/// Checkout: the merchant debits a token for 45.00 EUR; the card asks for a challenge.
async fn checkout_3ds(State(shop): State<Merchant>) -> Html<String> {
    let token = cp::TokenCreate::builder()
        .card_type(cp::TokenCardType::Mastercard)
        .card_number(paybind::sim::comnpay::CARD_3DS_V2_CHALLENGE)
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin(shop.base.clone())
        .build();
    let token = shop.comnpay.token_create(&token).await.expect("token");
    let token = token.token.and_then(|t| t.token_ref).expect("token ref");
    let debit = cp::PaymentTokenDebit::builder()
        .token_ref(token.expose())
        .transaction_ref(ORDER_3DS)
        .amount(4500)
        .redirection3_dsv2_url(format!("{}/return/3ds", shop.base))
        .application(
            cp::Application::builder()
                .browser_ip("127.0.0.1")
                .browser_language("en")
                .build(),
        )
        .build();
    let answer = shop
        .comnpay
        .payment_token_debit(&debit)
        .await
        .expect("debit");
    assert_eq!(answer.action_code, Some(cp::ActionCode::Auth3dsRequired));
    let tx = answer.transaction.expect("transaction");
    let action = tx.verify_enrollment3ds_action_url.expect("ACS URL");
    let creq = tx.verify_enrollment3ds_creq.expect("creq");
    shop_page(
        "checkout",
        html! {
            p { "Order " (ORDER_3DS) ", 45.00 EUR. Your bank asks you to confirm." }
            form method="post" action=(action) {
                input type="hidden" name="creq" value=(creq);
                button #pay type="submit" { "Pay 45.00 EUR" }
            }
        },
    )
}

/// redirection3DSV2Url: the cres arrives in POST and goes to end3dsDebit.
async fn returned_3ds(
    State(shop): State<Merchant>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Html<String> {
    let cres = form.get("cres").cloned().unwrap_or_default();
    shop.returned
        .lock()
        .expect("lock")
        .push(("3ds".into(), form));
    let end = cp::PaymentEnd3dsDebitV2::builder()
        .transaction_ref(ORDER_3DS)
        .cres(cres.clone())
        .build();
    let outcome = match shop.comnpay.payment_end3ds_debit_v2(&end).await {
        Ok(done) => format!("{:?}", done.response_code),
        Err(e) => format!("error: {e}"),
    };
    shop_page(
        "back from 3-D Secure",
        html! {
            p { "Received cres " code #cres { (cres) } }
            p { "end3dsDebit: " strong #outcome { (outcome) } }
        },
    )
}

/// Checkout with S-money: the merchant creates the payment and links to its page.
async fn checkout_smoney(State(shop): State<Merchant>) -> Html<String> {
    let create = sm::CreateCardPayment::builder()
        .amount(2590)
        .three_d_secure_preference(sm::ThreeDSecurePreference::NoPreference)
        .order_id(ORDER_SM)
        .available_cards(paybind::encoding::Joined(vec![sm::CardBrand::Cb]))
        .is_mine(false)
        .message("Two concert tickets")
        .url_return(format!("{}/return/smoney?order={ORDER_SM}", shop.base))
        .url_callback(format!("{}/callback/smoney", shop.base))
        .build();
    let created = shop
        .smoney
        .create_card_payment(&create)
        .await
        .expect("payment");
    let href = created.href.expect("Href");
    shop_page(
        "checkout",
        html! {
            p { "Order " (ORDER_SM) ", 25.90 EUR." }
            a #pay href=(href) { "Pay with S-money" }
        },
    )
}

/// urlReturn: the merchant reads the payment's status.
async fn returned_smoney(
    State(shop): State<Merchant>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Html<String> {
    shop.returned
        .lock()
        .expect("lock")
        .push(("smoney".into(), query));
    let read = sm::GetCardPayment::builder()
        .payment_order_id(ORDER_SM)
        .build();
    let status = match shop.smoney.get_card_payment(&read).await {
        Ok(p) => format!("{:?}", p.status),
        Err(e) => format!("error: {e}"),
    };
    shop_page(
        "back from S-money",
        html! {
            p { "Payment " (ORDER_SM) ": " strong #status { (status) } }
        },
    )
}

async fn start_shop(sim: &Simulator, config: &Config) -> Merchant {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let comnpay = cp::Client::builder(
        cp::Environment::Homologation,
        cp::Credentials::new(
            config.comnpay_serial_number.clone(),
            config.comnpay_key.clone(),
        ),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("ComNpay client");
    let credentials = sm::Credentials::new(
        config.smoney_token.clone(),
        config.smoney_partner.clone(),
        config.smoney_callback_secret.clone(),
    );
    let smoney = sm::Client::builder(sm::Environment::Sandbox, credentials)
        .base_url(sim.smoney_base_url())
        .build()
        .expect("S-money client");
    let shop = Arc::new(Shop {
        base,
        comnpay,
        smoney,
        returned: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/shop/comnpay", get(checkout_3ds))
        .route("/return/3ds", post(returned_3ds))
        .route("/shop/smoney", get(checkout_smoney))
        .route("/return/smoney", get(returned_smoney))
        .route("/callback/smoney", post(|| async { "ok" }))
        .with_state(shop.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    shop
}

/// Saves a screenshot of what the browser shows.
async fn shot(browser: &Browser, dir: &Path, name: &str) {
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// Waits until the browser is on a page whose URL starts with `prefix`.
async fn wait_for_url(browser: &Browser, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = browser.current_url().await.expect("url").to_string();
        if url.starts_with(prefix) {
            return url;
        }
        assert!(
            Instant::now() < deadline,
            "still on {url}, waiting for {prefix}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(browser: &Browser, css: &str) -> String {
    let wait = browser.wait().at_most(Duration::from_secs(20));
    let element = wait.for_element(Locator::Css(css)).await;
    element
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn three_ds_v2(browser: &Browser, shop: &Shop, dir: &Path) {
    browser
        .goto(&format!("{}/shop/comnpay", shop.base))
        .await
        .expect("checkout");
    shot(browser, dir, "01-merchant-checkout-3ds").await;
    browser
        .find(Locator::Css("#pay"))
        .await
        .expect("pay button")
        .click()
        .await
        .expect("click");
    let code = browser.wait().at_most(Duration::from_secs(20));
    let code = code
        .for_element(Locator::Css("input[name=code]"))
        .await
        .expect("challenge page");
    let page = browser.source().await.expect("source");
    for shown in [
        "45.00 EUR",
        "VAD-111-111",
        ORDER_3DS,
        "Type <b>1234</b> to approve",
    ] {
        assert!(
            page.contains(shown),
            "{shown} on the challenge page: {page}"
        );
    }
    code.send_keys("1234").await.expect("type the code");
    shot(browser, dir, "02-acs-challenge-3ds-v2").await;
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("approve")
        .click()
        .await
        .expect("click");
    wait_for_url(browser, &format!("{}/return/3ds", shop.base)).await;
    let cres = text_of(browser, "#cres").await;
    assert!(cres.starts_with("CRES-"), "{cres}");
    assert_eq!(text_of(browser, "#outcome").await, "Some(PaymentAccepted)");
    shot(browser, dir, "03-merchant-return-3ds").await;
    let returned = shop.returned.lock().expect("lock").clone();
    let posted = BTreeMap::from([("cres".to_string(), cres)]);
    assert_eq!(returned, vec![("3ds".to_string(), posted)]);
}

async fn smoney(browser: &Browser, shop: &Shop, dir: &Path) {
    browser
        .goto(&format!("{}/shop/smoney", shop.base))
        .await
        .expect("checkout");
    shot(browser, dir, "04-merchant-checkout-smoney").await;
    browser
        .find(Locator::Css("#pay"))
        .await
        .expect("pay link")
        .click()
        .await
        .expect("click");
    let card = browser.wait().at_most(Duration::from_secs(20));
    let card = card
        .for_element(Locator::Css("input[name=card]"))
        .await
        .expect("payment page");
    let page = browser.source().await.expect("source");
    for shown in ["25.90 EUR", "simpartner", ORDER_SM, "Two concert tickets"] {
        assert!(page.contains(shown), "{shown} on the payment page: {page}");
    }
    card.clear().await.expect("clear");
    card.send_keys(paybind::sim::smoney::CARD_COMPLETED)
        .await
        .expect("type the card");
    shot(browser, dir, "05-smoney-payment-page").await;
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("pay")
        .click()
        .await
        .expect("click");
    let url = wait_for_url(browser, &format!("{}/return/smoney", shop.base)).await;
    assert!(url.ends_with(&format!("?order={ORDER_SM}")), "{url}");
    assert_eq!(text_of(browser, "#status").await, "Some(Completed)");
    shot(browser, dir, "06-merchant-return-smoney").await;
    let returned = shop.returned.lock().expect("lock").clone();
    let query = BTreeMap::from([("order".to_string(), ORDER_SM.to_string())]);
    assert_eq!(returned.last(), Some(&("smoney".to_string(), query)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_pays_with_3ds_v2_and_s_money_and_lands_back_on_the_merchant() {
    let Some((chromedriver, chromium)) = browser_binaries() else {
        return;
    };
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir");
    let dir = target.join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "chromium-profile-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let driver = start_driver(&chromedriver, &dir.join("chromedriver.log"));
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let shop = start_shop(&sim, &config).await;
    let browser = open_browser(&driver, &chromium, &profile).await;
    let (b, s, d) = (browser.clone(), shop.clone(), dir.clone());
    let run = tokio::spawn(async move {
        three_ds_v2(&b, &s, &d).await;
        smoney(&b, &s, &d).await;
    });
    let outcome = tokio::time::timeout(Duration::from_secs(120), run).await;
    // Closing the session quits Chromium; then chromedriver is killed (Drop).
    let _ = browser.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => panic!("the browser flows did not finish: {e}"),
        Err(_) => panic!("the browser flows did not finish within two minutes"),
    }
}

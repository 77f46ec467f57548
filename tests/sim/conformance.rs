//! One conformance body for every gateway, through `paybind::payments` only: a sale, a sale
//! that needs the payer (3-D Secure, a payment page), a partial refund, an over-refund and
//! the status, against the simulator; for the gateways that authorize, an authorization, an
//! over-capture and a partial capture (and a cancel, where the gateway has one). Each
//! gateway's fixture says only what the common interface leaves to the gateway: how its sale
//! and authorize requests are built, and how the payer acts.

use std::future::Future;

use paybind::outcome::{Action, ActionTarget, Outcome};
use paybind::payments::{
    Authorize, Callbacks, Cancel, Capture, PaymentRef, Refund, Refunding, Sale, Status,
};
use paybind::sim::{Config, Simulator};
use paybind::Money;

use crate::support;

/// How a test payment is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Card {
    /// Accepted without the payer.
    Plain,
    /// Needs the payer first (3-D Secure, or the gateway's payment page).
    Payer,
}

/// What the common interface leaves to each gateway.
pub(crate) trait Fixture {
    type Client: Sale + Refund + Status + Sync;
    fn client(&self) -> &Self::Client;
    fn sale(
        &self,
        reference: &str,
        amount: Money,
        card: Card,
    ) -> impl Future<Output = <Self::Client as Sale>::Request>;
    /// Does what the payer is asked to (and what the merchant then sends, where the gateway
    /// needs a finishing call).
    fn act(&self, reference: &str, action: &Action) -> impl Future<Output = ()>;
}

/// Follows an outcome until it is final: the payer acts, a pending payment is asked again.
async fn settle<F: Fixture>(f: &F, payment: PaymentRef<'_>, mut outcome: Outcome) -> Outcome {
    for _ in 0..10 {
        outcome = match outcome {
            Outcome::ActionRequired(action) => {
                f.act(payment.reference, &action).await;
                f.client().status(payment).await.expect("status")
            }
            Outcome::Pending(_) => f.client().status(payment).await.expect("status"),
            done => return done,
        };
    }
    outcome
}

/// The one body every gateway runs.
pub(crate) async fn conformance<F: Fixture>(f: &F, prefix: &str) {
    let c = f.client();
    let amount = Money::parse("45.00", "EUR").expect("money");
    let part = Money::parse("15.00", "EUR").expect("money");

    // A sale: paid, possibly after polling.
    let reference = format!("{prefix}-SALE-1");
    let placed = c
        .sale(&f.sale(&reference, amount, Card::Plain).await)
        .await
        .expect("sale");
    let payment = PaymentRef::new(&reference).with_id(placed.id.as_deref());
    assert_eq!(
        settle(f, payment, placed.outcome).await,
        Outcome::Succeeded,
        "{prefix}: sale"
    );

    // A sale that needs the payer: never reads as paid before the payer acts.
    let reference_3ds = format!("{prefix}-SALE-2");
    let placed = c
        .sale(&f.sale(&reference_3ds, amount, Card::Payer).await)
        .await
        .expect("sale");
    let payer = PaymentRef::new(&reference_3ds).with_id(placed.id.as_deref());
    let first = match placed.outcome {
        Outcome::Pending(_) => c.status(payer).await.expect("status"),
        other => other,
    };
    assert!(
        matches!(first, Outcome::ActionRequired(_)),
        "{prefix}: {first:?}"
    );
    assert_eq!(
        settle(f, payer, first).await,
        Outcome::Succeeded,
        "{prefix}: after the payer"
    );

    // A partial refund goes through; then more than what remains is declined.
    let refund = Refunding::new(payment, part).with_refund_reference("REFUND-1");
    let refunded = c.refund(refund).await.expect("refund");
    assert!(
        !matches!(refunded, Outcome::Declined(_)),
        "{prefix}: {refunded:?}"
    );
    assert_eq!(
        settle(f, payment, refunded).await,
        Outcome::Succeeded,
        "{prefix}: refund"
    );
    let over = Refunding::new(payment, amount).with_refund_reference("REFUND-2");
    let declined = c.refund(over).await.expect("over-refund");
    assert!(
        matches!(declined, Outcome::Declined(_)),
        "{prefix}: {declined:?}"
    );

    // The status, by the merchant's reference.
    assert_eq!(
        c.status(payment).await.expect("status"),
        Outcome::Succeeded,
        "{prefix}: status"
    );
    // A reference the gateway never saw is not a payment.
    let nothing = c
        .status(PaymentRef::new("NEVER-SEEN-0001").with_id(Some("999999")))
        .await;
    assert!(
        !matches!(nothing, Ok(Outcome::Succeeded | Outcome::Authorized)),
        "{prefix}: {nothing:?}"
    );
}

/// What authorizing leaves to a gateway: its authorize request.
trait Authorizing: Fixture<Client: Authorize + Capture> {
    fn authorize(
        &self,
        reference: &str,
        amount: Money,
    ) -> impl Future<Output = <Self::Client as Authorize>::Request>;
}

/// Authorize, then capture part of it: authorized (after polling), more than authorized
/// declined, the part captured. A gateway that can cancel cancels a second authorization.
async fn authorize_conformance<F: Authorizing>(f: &F, prefix: &str) {
    let c = f.client();
    let eur = |m: &str| Money::parse(m, "EUR").expect("money");
    let reference = format!("{prefix}-AUTH-1");
    let placed = c
        .authorize(&f.authorize(&reference, eur("25.00")).await)
        .await
        .expect("authorize");
    let payment = PaymentRef::new(&reference).with_id(placed.id.as_deref());
    assert_eq!(
        settle(f, payment, placed.outcome).await,
        Outcome::Authorized,
        "{prefix}: authorize"
    );
    let over = c
        .capture(payment, eur("25.01"))
        .await
        .expect("over-capture");
    assert!(matches!(over, Outcome::Declined(_)), "{prefix}: {over:?}");
    let captured = c.capture(payment, eur("20.00")).await.expect("capture");
    assert_eq!(
        settle(f, payment, captured).await,
        Outcome::Succeeded,
        "{prefix}: capture"
    );
    // Without the gateway's id, a capture that needs one is refused before anything is sent.
    let no_id = c.capture(PaymentRef::new(&reference), eur("1.00")).await;
    if placed.id.is_some() {
        assert!(
            matches!(no_id, Err(paybind::Error::InvalidRequest(_))),
            "{prefix}: {no_id:?}"
        );
    }
}

/// A second authorization, cancelled.
async fn cancel_conformance<F: Authorizing<Client: Cancel>>(f: &F, prefix: &str) {
    let c = f.client();
    let reference = format!("{prefix}-AUTH-2");
    let amount = Money::parse("12.00", "EUR").expect("money");
    let placed = c
        .authorize(&f.authorize(&reference, amount).await)
        .await
        .expect("authorize");
    let payment = PaymentRef::new(&reference).with_id(placed.id.as_deref());
    assert_eq!(
        settle(f, payment, placed.outcome).await,
        Outcome::Authorized
    );
    let cancelled = c.cancel(payment).await.expect("cancel");
    assert_eq!(
        settle(f, payment, cancelled).await,
        Outcome::Cancelled,
        "{prefix}: cancel"
    );
}

/// A gateway that calls back: every callback the two sales caused verifies with the client's
/// credentials and says they were paid; one whose status was altered on the way does not.
async fn callback_conformance<F: Fixture>(f: &F, receiver: &support::Server, prefix: &str)
where
    F::Client: Callbacks,
{
    let mut got = Vec::new();
    for _ in 0..200 {
        got = receiver.received();
        if got.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(got.len(), 2, "{prefix}: one callback per sale");
    let mut named = Vec::new();
    for r in &got {
        let notice = f.client().callback(r.body.as_bytes()).expect("verified");
        assert_eq!(notice.outcome, Outcome::Succeeded, "{prefix}: {notice:?}");
        named.push(notice.reference.or(notice.id).expect("names its payment"));
    }
    named.sort();
    named.dedup();
    assert_eq!(named.len(), 2, "{prefix}: {named:?}");
    // The status is signed by both gateways.
    let altered = got[0].body.replacen("status=", "status=x", 1);
    assert!(
        f.client().callback(altered.as_bytes()).is_err(),
        "{prefix}: {altered}"
    );
}

pub(crate) fn redirect(action: &Action) -> (String, Vec<(&'static str, String)>) {
    let r = action.redirect().expect("a redirect");
    (r.url.clone().expect("url"), r.fields.clone())
}

struct Comnpay(paybind::comnpay::Client);

impl Comnpay {
    /// A token for the card `number`.
    async fn token(&self, number: &str) -> String {
        use paybind::comnpay::{TokenCardType, TokenCreate};
        let token = TokenCreate::builder()
            .card_type(TokenCardType::Cb)
            .card_number(number)
            .card_expiration_date("2812".parse().expect("date"))
            .cvv("123")
            .origin("https://shop.example")
            .build();
        let token = self.0.token_create(&token).await.expect("token");
        let token = token.token.and_then(|t| t.token_ref).expect("ref");
        token.expose().to_string()
    }
}

impl Fixture for Comnpay {
    type Client = paybind::comnpay::Client;
    fn client(&self) -> &Self::Client {
        &self.0
    }
    async fn sale(
        &self,
        reference: &str,
        amount: Money,
        card: Card,
    ) -> paybind::comnpay::PaymentTokenDebit {
        use paybind::comnpay::*;
        let number = match card {
            Card::Plain => "4970100000000003",
            Card::Payer => paybind::sim::comnpay::CARD_3DS_V2_CHALLENGE,
        };
        let token = self.token(number).await;
        PaymentTokenDebit::builder()
            .token_ref(&token)
            .transaction_ref(reference)
            .amount(amount.minor())
            .redirection3_dsv2_url("https://shop.example/3ds")
            .browser(support::browser())
            .build()
    }
    async fn act(&self, reference: &str, action: &Action) {
        use paybind::comnpay::PaymentEnd3dsDebitV2;
        let (url, fields) = redirect(action);
        let creq = &fields[0].1;
        let cres = crate::comnpay::acs(
            &format!("{url}/challenge"),
            &[("creq", creq), ("code", "1234")],
            "cres",
        )
        .await;
        let end = PaymentEnd3dsDebitV2::builder()
            .transaction_ref(reference)
            .cres(cres)
            .build();
        self.0
            .payment_end3ds_debit_v2(&end)
            .await
            .expect("end3dsDebit");
    }
}

impl Authorizing for Comnpay {
    async fn authorize(
        &self,
        reference: &str,
        amount: Money,
    ) -> paybind::comnpay::PreauthorizationTokenOpen {
        use paybind::comnpay::*;
        let token = self.token("4970100000000003").await;
        PreauthorizationTokenOpen::builder()
            .token_ref(&token)
            .preauthorization_ref(reference)
            .amount(amount.minor())
            .redirection3_dsv2_url("https://shop.example/3ds")
            .browser(support::browser())
            .build()
    }
}

/// The client, and where the simulator calls back.
struct Payneteasy(paybind::payneteasy::Client, String);

impl Fixture for Payneteasy {
    type Client = paybind::payneteasy::Client;
    fn client(&self) -> &Self::Client {
        &self.0
    }
    async fn sale(&self, reference: &str, amount: Money, card: Card) -> paybind::payneteasy::Sale {
        let number = match card {
            Card::Plain => "4444555566661111",
            Card::Payer => paybind::sim::payneteasy::CARD_3DS,
        };
        crate::payneteasy::card_example(reference, number)
            .order_desc("Two tickets")
            .amount(amount)
            .server_callback_url(self.1.as_str())
            .build()
    }
    async fn act(&self, _reference: &str, action: &Action) {
        let ActionTarget::Html(html) = &action.target else {
            panic!("a form to show: {action:?}");
        };
        let start = html.find("action=\"").expect("action") + "action=\"".len();
        let url = html[start..].split('"').next().expect("url");
        reqwest::Client::new().post(url).send().await.expect("acs");
    }
}

impl Authorizing for Payneteasy {
    async fn authorize(&self, reference: &str, amount: Money) -> paybind::payneteasy::Preauth {
        paybind::payneteasy::Preauth::builder()
            .client_orderid(reference)
            .order_desc("Hotel")
            .amount(amount)
            .ipaddress("10.0.0.1")
            .card_recurring_payment_id("1491954")
            .cvv2("123")
            .build()
    }
}

/// The client, and where the simulator calls back.
struct Smoney(paybind::smoney::Client, String);

impl Fixture for Smoney {
    type Client = paybind::smoney::Client;
    fn client(&self) -> &Self::Client {
        &self.0
    }
    async fn sale(
        &self,
        reference: &str,
        amount: Money,
        _card: Card,
    ) -> paybind::smoney::CreateCardPayment {
        use paybind::encoding::Joined;
        use paybind::smoney::*;
        CreateCardPayment::builder()
            .amount(amount.minor())
            .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
            .order_id(reference)
            .available_cards(Joined(vec![CardBrand::Cb]))
            .is_mine(false)
            .message("Concert tickets")
            .url_return("https://shop.example/return")
            .url_callback(self.1.as_str())
            .build()
    }
    async fn act(&self, _reference: &str, action: &Action) {
        let (url, _) = redirect(action);
        crate::smoney::pay(&url, paybind::sim::smoney::CARD_COMPLETED).await;
    }
}

/// Every gateway's sale is never `Succeeded` before its payer acts: S-money's always
/// needs its payment page, so its plain sale settles through it too.
#[tokio::test]
async fn every_gateway_passes_the_same_conformance_body() {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let comnpay = paybind::comnpay::Client::builder(
        paybind::comnpay::Environment::Homologation,
        paybind::comnpay::Credentials::new(
            config.comnpay_serial_number.clone(),
            config.comnpay_key.clone(),
        ),
    )
    .base_url(sim.comnpay_base_url())
    .build()
    .expect("client");
    let fixture = Comnpay(comnpay);
    conformance(&fixture, "CNP").await;
    authorize_conformance(&fixture, "CNP").await;
    cancel_conformance(&fixture, "CNP").await;

    use paybind::payneteasy::{Brand, Credentials, Environment, Target};
    let payneteasy = paybind::payneteasy::Client::builder(
        Brand::Connpay,
        Environment::Sandbox,
        Credentials::new(
            config.payneteasy_login.clone(),
            config.payneteasy_merchant_control.clone(),
            Target::Endpoint(39529),
        ),
    )
    .base_url(sim.payneteasy_base_url(Brand::Connpay))
    .build()
    .expect("client");
    let receiver = support::Server::start(vec![support::Answer::json("OK"); 4]).await;
    let url = format!("http://{}/callback", receiver.addr.expect("addr"));
    let fixture = Payneteasy(payneteasy, url);
    conformance(&fixture, "PNE").await;
    authorize_conformance(&fixture, "PNE").await;
    callback_conformance(&fixture, &receiver, "PNE").await;

    let smoney = paybind::smoney::Client::builder(
        paybind::smoney::Environment::Sandbox,
        paybind::smoney::Credentials::new(
            config.smoney_token.clone(),
            config.smoney_partner.clone(),
            config.smoney_callback_secret.clone(),
        ),
    )
    .base_url(sim.smoney_base_url())
    .build()
    .expect("client");
    let receiver = support::Server::start(vec![support::Answer::json("OK"); 4]).await;
    let url = format!("http://{}/callback", receiver.addr.expect("addr"));
    let fixture = Smoney(smoney, url);
    conformance(&fixture, "SMO").await;
    callback_conformance(&fixture, &receiver, "SMO").await;
}

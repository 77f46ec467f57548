//! The request path, generated code against a hand-written baseline doing the same work in
//! the same run:
//!
//! - ComNpay `payment/tokenDebit` (3DS v2, one JSON sub-form): build + validate + encode;
//! - PaynetEasy `sale` (the documents' card example): build + validate + encode + sign,
//!   against a serde struct written with `serde_urlencoded` and a SHA-1 by hand.
//!
//! Both sides start from the same borrowed inputs and end with the same body (asserted
//! before measuring); the hand-written sides check the documented limits of the fields they
//! send.
//!
//!     cargo bench --bench request_path

use criterion::{criterion_group, criterion_main, Criterion};
use paybind::transport::{Body, Request};
use sha1::{Digest, Sha1};
use std::hint::black_box;
use std::time::Duration;

#[path = "support/paired.rs"]
mod paired;

/// The inputs of a token debit, as an application holds them.
struct DebitInput<'a> {
    serial: &'a str,
    key: &'a str,
    token: &'a str,
    tx_ref: &'a str,
    amount: i64,
    url: &'a str,
    ip: &'a str,
    lang: &'a str,
}

const DEBIT: DebitInput<'static> = DebitInput {
    serial: "VAD-111-111",
    key: "6RLl4FlO2o4ZvAdflK2p",
    token: "TK1533224578211DEMO364",
    tx_ref: "ORDER-0001",
    amount: 1590,
    url: "https://shop.example/3ds?x=1&y=2",
    ip: "192.168.14.10",
    lang: "fr",
};

mod comnpay_generated {
    use super::*;
    use paybind::comnpay::*;

    pub fn credentials(i: &DebitInput<'_>) -> Credentials {
        Credentials::new(i.serial, i.key)
    }

    pub fn build(i: &DebitInput<'_>) -> PaymentTokenDebit {
        PaymentTokenDebit::builder()
            .token_ref(i.token)
            .transaction_ref(i.tx_ref)
            .amount(i.amount)
            .force3ds(false)
            .redirection3_dsv2_url(i.url)
            .application(
                Application::builder()
                    .browser_ip(i.ip)
                    .browser_language(i.lang)
                    .build(),
            )
            .build()
    }

    /// Build + validate + encode: what `Client::payment_token_debit` does before sending.
    pub fn run(i: &DebitInput<'_>, creds: &Credentials) -> Option<String> {
        let req = build(i);
        req.validate().ok()?;
        match <PaymentTokenDebit as Request<Api>>::body(&req, creds).ok()? {
            Body::Form(text) => Some(text),
            _ => None,
        }
    }
}

mod comnpay_hand {
    use super::*;

    #[derive(serde::Serialize)]
    struct App {
        #[serde(rename = "browserIP")]
        browser_ip: String,
        #[serde(rename = "browserLanguage")]
        browser_language: String,
    }

    /// What a careful engineer would write by hand: an owned request, the same checks on the
    /// fields it sends, the same body, no framework.
    struct Debit {
        token_ref: String,
        transaction_ref: String,
        amount: i64,
        force3ds: bool,
        url: String,
        application: App,
    }

    pub fn run(i: &DebitInput<'_>) -> Option<String> {
        let d = Debit {
            token_ref: i.token.to_string(),
            transaction_ref: i.tx_ref.to_string(),
            amount: i.amount,
            force3ds: false,
            url: i.url.to_string(),
            application: App {
                browser_ip: i.ip.to_string(),
                browser_language: i.lang.to_string(),
            },
        };
        let n = d.transaction_ref.chars().count();
        if !(8..=40).contains(&n)
            || d.amount < 1
            || !d.url.starts_with("https://")
            || d.application
                .browser_ip
                .parse::<std::net::IpAddr>()
                .is_err()
        {
            return None;
        }
        let app = serde_json::to_string(&d.application).ok()?;
        let mut s = form_urlencoded::Serializer::new(String::with_capacity(512));
        s.append_pair("serialNumber", i.serial)
            .append_pair("key", i.key)
            .append_pair("tokenRef", &d.token_ref)
            .append_pair("transactionRef", &d.transaction_ref)
            .append_pair("amount", itoa::Buffer::new().format(d.amount))
            .append_pair("force3ds", if d.force3ds { "1" } else { "0" })
            .append_pair("redirection3DSV2Url", &d.url)
            .append_pair("application", &app);
        Some(s.finish())
    }
}

/// The inputs of a sale: the documents' card example.
struct SaleInput<'a> {
    login: &'a str,
    control: &'a str,
    endpoint: u64,
    client_orderid: &'a str,
    order_desc: &'a str,
    minor: i64,
    currency: &'a str,
    ipaddress: &'a str,
    card: &'a str,
    printed_name: &'a str,
    month: &'a str,
    year: &'a str,
    cvv2: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    address1: &'a str,
    city: &'a str,
    state: &'a str,
    zip_code: &'a str,
    country: &'a str,
    phone: &'a str,
    email: &'a str,
}

const SALE: SaleInput<'static> = SaleInput {
    login: "sim-login",
    control: "SIM-CONTROL-B17F59B4",
    endpoint: 39529,
    client_orderid: "902B4FF5",
    order_desc: "Test Order Description",
    minor: 1042,
    currency: "EUR",
    ipaddress: "65.153.12.232",
    card: "4538977399606732",
    printed_name: "CARD HOLDER",
    month: "12",
    year: "2099",
    cvv2: "123",
    first_name: "John",
    last_name: "Smith",
    address1: "100 Main st",
    city: "Seattle",
    state: "WA",
    zip_code: "98102",
    country: "US",
    phone: "+12063582043",
    email: "john.smith@gmail.com",
};

mod sale_generated {
    use super::*;
    use paybind::payneteasy::*;

    pub fn credentials(i: &SaleInput<'_>) -> Credentials {
        Credentials::new(i.login, i.control, Target::Endpoint(i.endpoint))
    }

    /// Build + validate + encode + sign.
    pub fn run(i: &SaleInput<'_>, creds: &Credentials) -> Option<String> {
        let currency = paybind::Currency::from_code(i.currency)?;
        let req = Sale::builder()
            .client_orderid(i.client_orderid)
            .order_desc(i.order_desc)
            .amount(paybind::Money::from_minor(i.minor, currency).ok()?)
            .ipaddress(i.ipaddress)
            .credit_card_number(i.card)
            .card_printed_name(i.printed_name)
            .expire_month(i.month)
            .expire_year(i.year)
            .cvv2(i.cvv2)
            .first_name(i.first_name)
            .last_name(i.last_name)
            .address1(i.address1)
            .city(i.city)
            .state(i.state)
            .zip_code(i.zip_code)
            .country(i.country)
            .phone(i.phone)
            .email(i.email)
            .build();
        req.validate().ok()?;
        match <Sale as Request<Api>>::body(&req, creds).ok()? {
            Body::Form(text) => Some(text),
            _ => None,
        }
    }
}

mod sale_hand {
    use super::*;

    /// The sale as a hand-written serde struct, in the documents' order.
    #[derive(serde::Serialize)]
    struct Sale {
        client_orderid: String,
        order_desc: String,
        amount: String,
        currency: String,
        address1: String,
        city: String,
        zip_code: String,
        country: String,
        phone: String,
        email: String,
        ipaddress: String,
        cvv2: String,
        credit_card_number: String,
        card_printed_name: String,
        expire_month: String,
        expire_year: String,
        first_name: String,
        last_name: String,
        state: String,
        control: String,
    }

    fn digits(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }

    /// "10.42" from 1042 cents, no needless trailing zeros.
    fn major(minor: i64) -> String {
        let (int, frac) = (minor / 100, minor % 100);
        match frac {
            0 => int.to_string(),
            f if f % 10 == 0 => format!("{int}.{}", f / 10),
            f => format!("{int}.{f:02}"),
        }
    }

    /// Build + the documented limits of the fields sent + sign + encode.
    pub fn run(i: &SaleInput<'_>) -> Option<String> {
        let len = |s: &str, max: usize| s.chars().count() <= max;
        let ok = len(i.client_orderid, 128)
            && i.minor >= 1
            && len(i.address1, 256)
            && len(i.city, 50)
            && len(i.zip_code, 10)
            && i.country.len() == 2
            && len(i.phone, 15)
            && i.email.contains('@')
            && len(i.email, 50)
            && i.ipaddress.len() <= 45
            && i.ipaddress.parse::<std::net::IpAddr>().is_ok()
            && (3..=4).contains(&i.cvv2.len())
            && digits(i.cvv2)
            && i.card.len() <= 20
            && digits(i.card)
            && len(i.printed_name, 128)
            && i.month.len() == 2
            && digits(i.month)
            && i.year.len() == 4
            && digits(i.year)
            && len(i.first_name, 50)
            && len(i.last_name, 50)
            && (2..=3).contains(&i.state.len());
        let amount = major(i.minor);
        if !ok || amount.len() > 10 {
            return None;
        }
        let mut h = Sha1::new();
        h.update(itoa::Buffer::new().format(i.endpoint).as_bytes());
        h.update(i.client_orderid.as_bytes());
        h.update(itoa::Buffer::new().format(i.minor).as_bytes());
        h.update(i.email.as_bytes());
        h.update(i.control.as_bytes());
        let mut control = String::with_capacity(40);
        for b in h.finalize() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            control.push(char::from(HEX[usize::from(b >> 4)]));
            control.push(char::from(HEX[usize::from(b & 15)]));
        }
        let sale = Sale {
            client_orderid: i.client_orderid.to_string(),
            order_desc: i.order_desc.to_string(),
            amount,
            currency: i.currency.to_string(),
            address1: i.address1.to_string(),
            city: i.city.to_string(),
            zip_code: i.zip_code.to_string(),
            country: i.country.to_string(),
            phone: i.phone.to_string(),
            email: i.email.to_string(),
            ipaddress: i.ipaddress.to_string(),
            cvv2: i.cvv2.to_string(),
            credit_card_number: i.card.to_string(),
            card_printed_name: i.printed_name.to_string(),
            expire_month: i.month.to_string(),
            expire_year: i.year.to_string(),
            first_name: i.first_name.to_string(),
            last_name: i.last_name.to_string(),
            state: i.state.to_string(),
            control,
        };
        serde_urlencoded::to_string(&sale).ok()
    }
}

fn bench(c: &mut Criterion) {
    let creds = comnpay_generated::credentials(&DEBIT);
    assert_eq!(
        comnpay_generated::run(&DEBIT, &creds),
        comnpay_hand::run(&DEBIT),
        "both sides produce the same token debit body"
    );
    let mut g = c.benchmark_group("comnpay tokenDebit build+validate+encode");
    g.bench_function("generated", |b| {
        b.iter(|| comnpay_generated::run(black_box(&DEBIT), black_box(&creds)))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| comnpay_hand::run(black_box(&DEBIT)))
    });
    g.finish();
    paired::paired(
        "comnpay tokenDebit build+validate+encode",
        Duration::from_secs(3),
        || comnpay_generated::run(black_box(&DEBIT), black_box(&creds)),
        || comnpay_hand::run(black_box(&DEBIT)),
    );

    let creds = sale_generated::credentials(&SALE);
    let generated = sale_generated::run(&SALE, &creds);
    assert!(generated.is_some(), "the sale is valid");
    assert_eq!(
        generated,
        sale_hand::run(&SALE),
        "both sides produce the same sale body"
    );
    let mut g = c.benchmark_group("payneteasy sale build+validate+encode+sign");
    g.bench_function("generated", |b| {
        b.iter(|| sale_generated::run(black_box(&SALE), black_box(&creds)))
    });
    g.bench_function("hand-written baseline", |b| {
        b.iter(|| sale_hand::run(black_box(&SALE)))
    });
    g.finish();
    paired::paired(
        "payneteasy sale build+validate+encode+sign",
        Duration::from_secs(3),
        || sale_generated::run(black_box(&SALE), black_box(&creds)),
        || sale_hand::run(black_box(&SALE)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);

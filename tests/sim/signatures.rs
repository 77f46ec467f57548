//! The simulator's signature checks judged from outside: requests written by hand, their
//! signatures computed with `sha1sum` (not paybind's SHA-1) and written down with the exact
//! string signed, so that a signing bug in the generated code fails here too.

use paybind::sim::{Config, Simulator};

/// Posts `form` to `url` as a raw `application/x-www-form-urlencoded` body and reads the
/// line-encoded answer (`key=value` pairs, one a line) into pairs.
async fn post_form(url: &str, form: &[(&str, &str)]) -> Vec<(String, String)> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let answer = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("answer");
    answer
        .lines()
        .flat_map(|l| form_urlencoded::parse(l.trim_end_matches('&').as_bytes()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn get<'a>(answer: &'a [(String, String)], key: &str) -> Option<&'a str> {
    answer
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The documents' card sale (002 § Request with Cardholder Data Example), for 10.42 USD.
fn sale_form<'a>(amount: &'a str, control: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_orderid", "HONEST-1"),
        ("order_desc", "Test Order Description"),
        ("amount", amount),
        ("currency", "USD"),
        ("ipaddress", "65.153.12.232"),
        ("credit_card_number", "4538977399606732"),
        ("card_printed_name", "John"),
        ("expire_month", "01"),
        ("expire_year", "2042"),
        ("cvv2", "123"),
        ("first_name", "John"),
        ("last_name", "Smith"),
        ("address1", "100 Main st"),
        ("city", "Seattle"),
        ("state", "WA"),
        ("zip_code", "98102"),
        ("country", "US"),
        ("phone", "+12063582043"),
        ("email", "john.smith@gmail.com"),
        ("control", control),
    ]
}

/// 002 § sale, row `control`: SHA-1 of ENDPOINTID + client_orderid + amount in minor units +
/// email + merchant_control. With the simulator's default key `SIM-CONTROL-B17F59B4`:
///
/// printf '%s' '39529HONEST-11042john.smith@gmail.comSIM-CONTROL-B17F59B4' | sha1sum
const CONTROL_MINOR: &str = "f44957a0f7840f2240c5b73c0e92ff7b26748894";
/// The same over the amount in major units (a plausible signing bug):
///
/// printf '%s' '39529HONEST-110.42john.smith@gmail.comSIM-CONTROL-B17F59B4' | sha1sum
const CONTROL_MAJOR: &str = "60364af41e0518c6899bf7fff01f42d09b0e029c";

#[tokio::test]
async fn payneteasy_accepts_the_documented_control_and_refuses_any_other() {
    let config = Config::default();
    // The digests above were computed with this key and endpoint.
    assert_eq!(config.payneteasy_merchant_control, "SIM-CONTROL-B17F59B4");
    assert!(config.payneteasy_endpoints.contains(&39529));
    let sim = Simulator::start(config, 0).await.expect("simulator");
    let url = format!(
        "{}/sale/39529",
        sim.payneteasy_base_url(paybind::payneteasy::Brand::Payneteasy)
    );
    let refused = |a: &[(String, String)]| {
        (
            get(a, "type").map(str::to_string),
            get(a, "error-code").map(str::to_string),
            get(a, "error-message").map(str::to_string),
        )
    };
    let control_refusal = (
        Some("validation-error".to_string()),
        Some("2".to_string()),
        Some("Control code is invalid".to_string()),
    );
    // One digit of the amount changed, the control kept: refused.
    let altered = post_form(&url, &sale_form("10.43", CONTROL_MINOR)).await;
    assert_eq!(refused(&altered), control_refusal, "{altered:?}");
    // The control over the amount in major units: refused.
    let major = post_form(&url, &sale_form("10.42", CONTROL_MAJOR)).await;
    assert_eq!(refused(&major), control_refusal, "{major:?}");
    // The documented control: accepted.
    let good = post_form(&url, &sale_form("10.42", CONTROL_MINOR)).await;
    assert_eq!(get(&good, "type"), Some("async-response"), "{good:?}");
    assert_eq!(
        get(&good, "merchant-order-id"),
        Some("HONEST-1"),
        "{good:?}"
    );
}

/// The callback the simulator sends for the first payment of a fresh simulator (id 9001),
/// paid: spec/smoney.yaml `callback`, the values sorted by key (error, id, sequencenumber,
/// status, type, userid, userstatus), joined with '+', the callback secret last:
///
/// printf '%s' '0+9001+1+1+1+simpartner+1+sim-callback-secret' | sha1sum
const SMONEY_CALLBACK: &str = "8ad847488998b16cc09db4102dff6ba6c364e411";
/// The same values without the secret:
///
/// printf '%s' '0+9001+1+1+1+simpartner+1' | sha1sum
const SMONEY_UNKEYED: &str = "d185099dcb87cc2fc73031f9a03162dc57bf4a3e";

#[tokio::test]
async fn smoney_signs_its_callback_as_documented() {
    use paybind::smoney::*;
    let config = Config::default();
    assert_eq!(config.smoney_partner, "simpartner");
    assert_eq!(config.smoney_callback_secret, "sim-callback-secret");
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let creds = Credentials::new(
        config.smoney_token.clone(),
        config.smoney_partner.clone(),
        config.smoney_callback_secret.clone(),
    );
    let client = Client::builder(Environment::Sandbox, creds.clone())
        .base_url(sim.smoney_base_url())
        .build()
        .expect("client");
    let receiver = crate::support::Server::start(vec![crate::support::Answer::json("OK")]).await;
    let callback = format!("http://{}/callback", receiver.addr.expect("addr"));
    let created = client
        .create_card_payment(
            &CreateCardPayment::builder()
                .amount(15000)
                .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
                .order_id("HONEST-S1")
                .available_cards(paybind::encoding::Joined(vec![CardBrand::Cb]))
                .is_mine(false)
                .message("Concert tickets")
                .url_return("https://shop.example/return")
                .url_callback(callback)
                .build(),
        )
        .await
        .expect("created");
    reqwest::Client::new()
        .post(created.href.expect("href"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("card=4970100000000000")
        .send()
        .await
        .expect("payment page");
    let mut got = Vec::new();
    for _ in 0..200 {
        got = receiver.received();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let body = &got.first().expect("a callback").body;
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    fields.sort();
    let expected: Vec<(String, String)> = [
        ("error", "0"),
        ("id", "9001"),
        ("sequencenumber", "1"),
        ("signature", SMONEY_CALLBACK),
        ("status", "1"),
        ("type", "1"),
        ("userid", "simpartner"),
        ("userstatus", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(fields, expected, "{body}");
    // The generated verifier accepts it, and refuses the same values signed without the secret.
    creds
        .verify_callback(body.as_bytes())
        .expect("signed callback");
    let unkeyed = body.replace(SMONEY_CALLBACK, SMONEY_UNKEYED);
    assert!(matches!(
        creds.verify_callback(unkeyed.as_bytes()),
        Err(paybind::CallbackError::BadSignature { field: "signature" })
    ));
}

//! S-money: a card payment created, paid on its page, read back and refunded in part;
//! against the embedded simulator, no credentials, no network.
//!
//!     cargo run --features sim --example smoney

use paybind::encoding::Joined;
use paybind::sim::{Config, Simulator};
use paybind::smoney::{
    CardBrand, Client, CreateCardPayment, Credentials, Environment, GetCardPayment,
    RefundCardPayment, ThreeDSecurePreference,
};
use paybind::Summary;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await?;
    let credentials = Credentials::new(
        config.smoney_token,
        config.smoney_partner,
        config.smoney_callback_secret,
    );
    let client = Client::builder(Environment::Sandbox, credentials)
        .base_url(sim.smoney_base_url())
        .build()?;

    let create = CreateCardPayment::builder()
        .amount(4500) // cents
        .three_d_secure_preference(ThreeDSecurePreference::NoPreference)
        .order_id("EXAMPLE-SM-1")
        .available_cards(Joined(vec![CardBrand::Cb, CardBrand::Visa]))
        .is_mine(false)
        .message("One concert")
        .url_return("https://shop.example/return")
        .url_callback("https://shop.example/callback")
        .build();
    println!("create  -> {}", create.summary());
    let created = client.create_card_payment(&create).await?;
    println!("create  <- {}", created.summary());

    // The payer pays on the payment's page (the simulator's stands in for S-money's).
    let href = created.href.ok_or("no Href")?;
    reqwest::Client::new()
        .post(&href)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("card={}", paybind::sim::smoney::CARD_COMPLETED))
        .send()
        .await?;
    let get = GetCardPayment::builder()
        .payment_order_id("EXAMPLE-SM-1")
        .build();
    println!(
        "get     <- {}",
        client.get_card_payment(&get).await?.summary()
    );

    let refund = RefundCardPayment::builder()
        .payment_order_id("EXAMPLE-SM-1")
        .order_id("EXAMPLE-SM-R1")
        .amount(1500)
        .build();
    println!(
        "refund  <- {}",
        client.refund_card_payment(&refund).await?.summary()
    );
    Ok(())
}

//! ComNpay in a few calls: tokenize a card, debit it, refund part of the debit; against the
//! embedded simulator, no credentials, no network.
//!
//!     cargo run --features sim --example comnpay

use paybind::comnpay::{
    Application, Client, Credentials, Environment, PaymentRefund, PaymentTokenDebit, TokenCardType,
    TokenCreate,
};
use paybind::sim::{Config, Simulator};
use paybind::Summary;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await?;
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number, config.comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .build()?;

    let token = client
        .token_create(
            &TokenCreate::builder()
                .card_type(TokenCardType::Cb)
                .card_number("5512459816707530")
                .card_expiration_date("2812".parse()?)
                .cvv("123")
                .origin("https://shop.example")
                .build(),
        )
        .await?;
    println!("token/create        <- {}", token.summary());
    let token_ref = token.token.and_then(|t| t.token_ref).ok_or("no token")?;

    // 19.90 EUR: under 30 EUR this card is accepted without 3-D Secure.
    let debit = PaymentTokenDebit::builder()
        .token_ref(token_ref.expose())
        .transaction_ref("EXAMPLE-ORDER-1")
        .amount(1990)
        .redirection3_dsv2_url("https://shop.example/3ds-return")
        .application(
            Application::builder()
                .browser_ip("192.168.14.10")
                .browser_language("fr")
                .build(),
        )
        .build();
    println!("payment/tokenDebit  -> {}", debit.summary());
    let debited = client.payment_token_debit(&debit).await?;
    println!("payment/tokenDebit  <- {}", debited.summary());

    let refund = PaymentRefund::builder()
        .transaction_ref("EXAMPLE-ORDER-1")
        .amount(500)
        .build();
    let refunded = client.payment_refund(&refund).await?;
    println!("payment/refund      <- {}", refunded.summary());
    Ok(())
}

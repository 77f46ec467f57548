//! PaynetEasy (ConnPay brand): a signed sale, then its status polled until it is final;
//! against the embedded simulator, no credentials, no network.
//!
//!     cargo run --features sim --example payneteasy

use paybind::payneteasy::{
    Brand, Client, Credentials, Environment, OrderStatus, Sale, Status, Target,
};
use paybind::sim::{Config, Simulator};
use paybind::{Money, Summary};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0).await?;
    let credentials = Credentials::new(
        config.payneteasy_login,
        config.payneteasy_merchant_control, // signs each request's `control`; never sent
        Target::Endpoint(39529),
    );
    let client = Client::builder(Brand::Connpay, Environment::Sandbox, credentials)
        .base_url(sim.payneteasy_base_url(Brand::Connpay))
        .build()?;

    let sale = Sale::builder()
        .client_orderid("EXAMPLE-PE-1")
        .order_desc("Two concert tickets")
        .amount(Money::parse("49.90", "EUR")?)
        .ipaddress("65.153.12.232")
        .credit_card_number("4444555566661111")
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
    println!("sale   -> {}", sale.summary());
    let accepted = client.sale(&sale).await?;
    println!("sale   <- {}", accepted.summary());

    let status = Status::builder()
        .client_orderid("EXAMPLE-PE-1")
        .orderid(accepted.paynet_order_id.unwrap_or_default())
        .build();
    loop {
        let answer = client.status(&status).await?;
        println!("status <- {}", answer.summary());
        if answer.status != Some(OrderStatus::Processing) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Ok(())
}

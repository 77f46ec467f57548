use paybind::payments::{Capture, PaymentRef};
use paybind::Money;

/// Captures a held amount, whatever the gateway.
async fn capture<C: Capture>(client: &C, reference: &str, amount: Money) {
    let _ = client.capture(PaymentRef::new(reference), amount).await;
}

fn main() {
    // S-money has no pre-authorization: its client does not implement `Capture`.
    let client = paybind::smoney::Client::new(
        paybind::smoney::Environment::Sandbox,
        paybind::smoney::Credentials::new("token", "partner", "secret"),
    )
    .expect("client");
    let amount = Money::parse("10.00", "EUR").expect("money");
    let _ = capture(&client, "ORDER-1", amount);
}

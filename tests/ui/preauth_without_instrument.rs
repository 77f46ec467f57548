use paybind::payneteasy::Preauth;

fn main() {
    // A PaynetEasy preauth pays with exactly one instrument: the card data,
    // card_recurring_payment_id or recurring-payment-id (004 has no request without one).
    let _preauth = Preauth::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("10.42", "USD").unwrap())
        .ipaddress("65.153.12.232")
        .build();
}

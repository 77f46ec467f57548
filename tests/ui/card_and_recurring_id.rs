use paybind::payneteasy::Sale;

fn main() {
    // A PaynetEasy sale pays with card data or a stored recurring payment, not both.
    let _sale = Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("156", "RUB").unwrap())
        .ipaddress("65.153.12.232")
        .credit_card_number("4538977399606732")
        .card_recurring_payment_id("1491954")
        .build();
}

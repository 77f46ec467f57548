use paybind::payneteasy::Sale;

fn main() {
    // The 3-D Secure 2 browser fields go together (002 line 356): a sale that sends the user
    // agent alone has no `build`.
    let _sale = Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("156", "RUB").unwrap())
        .ipaddress("65.153.12.232")
        .card_recurring_payment_id("1491954")
        .customer_browser_user_agent("Mozilla/5.0")
        .build();
}

//! A choice's fields compile one at a time, and a request without any of an "at most one"
//! choice builds.

use paybind::comnpay::{Application, PaymentTokenDebit};
use paybind::payneteasy::Sale;

macro_rules! debit {
    () => {
        PaymentTokenDebit::builder()
            .token_ref("TK1533224578211DEMO364")
            .transaction_ref("ORDER-0042")
            .amount(1000)
    };
}

fn main() {
    let app = Application::builder()
        .browser_ip("10.0.0.1")
        .browser_language("fr")
        .build();
    let with_app = debit!()
        .redirection3_dsv2_url("https://shop.example/3ds")
        .application(app)
        .build();
    assert!(with_app.validate().is_ok());
    assert!(debit!().build().validate().is_ok());
    let sale = Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("156", "RUB").unwrap())
        .ipaddress("65.153.12.232")
        .card_recurring_payment_id("1491954")
        .redirect_url("https://shop.example/back")
        .notify_url("https://shop.example/notify")
        .build();
    assert_eq!(sale.redirect_url.as_deref(), Some("https://shop.example/back"));
    // All of a group, in any order, or none of it; a choice made in a branch ends with
    // `build` in each branch, which gives the same type.
    let has_browser = std::env::args().count() > 1000;
    let base = Sale::builder()
        .client_orderid("902B4FF5")
        .order_desc("Test Order Description")
        .amount(paybind::Money::parse("156", "RUB").unwrap())
        .ipaddress("65.153.12.232")
        .card_recurring_payment_id("1491954")
        .cvv2("123");
    let sale = if has_browser {
        base.customer_browser_user_agent("Mozilla/5.0")
            .customer_browser_accept_language("fr-FR")
            .customer_browser_javascript_enabled(false)
            .customer_browser_accept_header("text/html")
            .build()
    } else {
        base.build()
    };
    assert_eq!(sale.validate(), Ok(()));
}

use paybind::comnpay::{Application, PaymentTokenDebit};

fn main() {
    // ComNpay's 3-D Secure V2 data comes from a browser or, for mobile applications, from an
    // application instead: not both (000_0314d75137e75338.txt line 50).
    let app = Application::builder()
        .browser_ip("10.0.0.1")
        .browser_language("fr")
        .build();
    let _debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref("ORDER-0042")
        .amount(1000)
        .application(app.clone())
        .application(app)
        .build();
}

use paybind::comnpay::PaymentTokenDebit;

fn main() {
    // transactionRef is required by payment/tokenDebit and is never set.
    let _debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .amount(1000)
        .redirection3_dsv2_url("https://shop.example/3ds")
        .build();
}

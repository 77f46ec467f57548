use paybind::comnpay::PaymentTokenDebit;

fn main() {
    // The document gives transactionRef 8 to 40 characters; "AB123" has 5.
    let _debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref(paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, "AB123"))
        .amount(1000)
        .build();
}

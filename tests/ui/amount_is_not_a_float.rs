use paybind::comnpay::PaymentRefund;

fn main() {
    // Amounts are integer minor units; a float does not convert.
    let _refund = PaymentRefund::builder()
        .transaction_ref("ORDER-0001")
        .amount(10.42)
        .build();
}

use paybind::comnpay::PaymentRefund;

fn main() {
    // Requests are #[non_exhaustive]: the builder is the only way in, so its checks hold.
    let _refund = PaymentRefund {
        transaction_ref: "ORDER-0001".to_string(),
        amount: paybind::MinorUnits(100),
    };
}

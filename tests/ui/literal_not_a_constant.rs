use paybind::comnpay::PaymentTokenDebit;

fn main() {
    // A value known only at run time goes through the builder and validate(), not literal!.
    let from_a_form = std::env::args().next().unwrap_or_default();
    let _r = paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, from_a_form.as_str());
}

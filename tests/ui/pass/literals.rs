//! Literals that keep their field's documented rules compile, and become what the setters take.

use paybind::comnpay::PaymentTokenDebit;
use paybind::payneteasy::Sale;
use paybind::smoney::{Billing, CardBrand, CreateCardPayment};

fn main() {
    let debit = PaymentTokenDebit::builder()
        .token_ref("TK1533224578211DEMO364")
        .transaction_ref(paybind::literal!(PaymentTokenDebit::TRANSACTION_REF, "ORDER-0042"))
        .amount(1000)
        .build();
    assert_eq!(debit.transaction_ref, "ORDER-0042");
    assert_eq!(paybind::literal!(Sale::COUNTRY, "FR"), "FR");
    assert_eq!(paybind::literal!(Billing::COUNTRY, "FR"), "FR");
    let cards = paybind::literal!(CreateCardPayment::AVAILABLE_CARDS, "CB;VISA");
    assert_eq!(cards.0, [CardBrand::Cb, CardBrand::Visa]);
}

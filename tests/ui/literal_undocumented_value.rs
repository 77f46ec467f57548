use paybind::smoney::CreateCardPayment;

fn main() {
    // The document lists CB, MASTERCARD, MAESTRO, VISA and VISA_ELECTRON; not AMEX.
    let _cards = paybind::literal!(CreateCardPayment::AVAILABLE_CARDS, "CB;AMEX");
}

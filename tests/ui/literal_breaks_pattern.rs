use paybind::smoney::Billing;

fn main() {
    // S-money's billing Country is an ISO 3166-1 alpha-2 code in capitals.
    let _country = paybind::literal!(Billing::COUNTRY, "fr");
}

use paybind::payneteasy::Sale;

fn main() {
    // PaynetEasy's country is a two-letter code; "FRA" has 3.
    let _country = paybind::literal!(Sale::COUNTRY, "FRA");
}

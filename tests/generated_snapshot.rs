//! The committed snapshot itself compiles with every warning denied, the way typify checks
//! its snapshots: it is included here as a module of its own.

#![deny(warnings, missing_docs)]

/// The committed ComNpay snapshot. `include!` rather than `#[path]`, so that `cargo fmt`
/// leaves the generator's own formatting alone.
pub mod snapshot {
    include!("../generated/comnpay.rs");
}

#[test]
fn snapshot_compiles_and_knows_its_source() {
    assert_eq!(snapshot::SOURCE, "000_0314d75137e75338.txt");
    assert!(snapshot::ReturnCode::DOCUMENTED.len() > 200);
}

/// The committed PaynetEasy snapshot.
pub mod snapshot_payneteasy {
    include!("../generated/payneteasy.rs");
}

#[test]
fn payneteasy_snapshot_compiles() {
    assert_eq!(snapshot_payneteasy::Brand::Connpay.id(), "connpay");
}

/// The committed S-money snapshot.
pub mod snapshot_smoney {
    include!("../generated/smoney.rs");
}

#[test]
fn smoney_snapshot_compiles() {
    assert_eq!(snapshot_smoney::SOURCE, "001_b198a1e37d8b1b40.txt");
}

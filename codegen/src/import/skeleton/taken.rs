//! Whether a name is free for a skeleton's type, enum or request type: not taken, not a fixed
//! item's name (any: brands', a target's and a callback's too) or a prelude name the
//! generated code uses (`ir::reserved`), and neither
//! the name nor the builder and state module it would get meets what a taken name gets
//! (`Sale` beside `SaleBuilder`). Lowering refuses a spec whose names meet; a skeleton must
//! lower, whatever its document names its tables.

use std::collections::BTreeSet;

use crate::ir::reserved::{builder, builder_module, FIXED, PRELUDE};

/// Whether `name` is free beside the names `taken` so far.
pub(super) fn is_free(name: &str, taken: &BTreeSet<String>) -> bool {
    let reserved = |n: &str| FIXED.iter().any(|f| f.name == n) || PRELUDE.contains(&n);
    let (own_builder, own_module) = (builder(name), builder_module(name));
    !taken.contains(name)
        && !reserved(name)
        && !reserved(&own_builder)
        && !taken.contains(&own_builder)
        && !taken
            .iter()
            .any(|t| builder(t) == name || builder_module(t) == own_module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_and_builders_that_meet_are_not_free() {
        let taken: BTreeSet<String> = ["Sale", "ThingV2X"].map(String::from).into();
        for name in [
            "Client",
            "ReturnCode",
            "String",
            "Sale",
            "SaleBuilder",
            "ThingV2x",
        ] {
            assert!(!is_free(name, &taken), "{name}");
        }
        let more: BTreeSet<String> = ["PaymentBuilder"].map(String::from).into();
        assert!(!is_free("Payment", &more));
        for name in ["Customer", "SaleResponse", "Clients", "Payment"] {
            assert!(is_free(name, &taken), "{name}");
        }
    }
}

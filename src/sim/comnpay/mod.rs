//! The ComNpay simulator. Requests are read with the generated `Incoming::decode` and
//! checked with the generated `validate`, exactly as the client checks them; answers follow
//! the shapes and return codes of 000_0314d75137e75338.txt.
//!
//! Test cards (the seed's, plus deterministic refusals):
//!
//! | card | amount under 30.00 | from 30.00 |
//! |---|---|---|
//! | 2221001892683407 | accepted, no 3DS | 3-D Secure v1 (MD/PaReq through the ACS page) |
//! | 5306889942833340 | accepted, no 3DS | 3-D Secure v2 with a challenge: code 1234 |
//! | 5512459816707530 | accepted, no 3DS | 3-D Secure v2 frictionless |
//! | 4000000000000207 | 207 Card refused | same |
//! | 4000000000000651 | 651 Insufficient funds or exceeded credit limit | same |
//! | 4000000000000634 | 634 Fraud suspicion | same |
//! | any other | accepted | accepted (frictionless) |
//!
//! Payment links are paid on their `link` page; a P3F link opens a P3F file. The pages a
//! payer sees (ACS, payment link) are in `acs` and `link_pages`, written with maud.

mod acs;
mod cards;
mod link_pages;
mod links;
mod payments;
mod preauth;
mod simulator;
mod state;

pub use cards::{
    CARD_3DS_V1, CARD_3DS_V2_CHALLENGE, CARD_3DS_V2_FRICTIONLESS, CHALLENGE_CODE, REFUSING_CARDS,
};
pub(crate) use simulator::Sim;
pub use state::THREE_DS_THRESHOLD;

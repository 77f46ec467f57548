//! The test cards (the module's table says what each does) and the challenge's code.

/// The card that asks for 3-D Secure v1 from 30.00.
pub const CARD_3DS_V1: &str = "2221001892683407";
/// The card that asks for a 3-D Secure v2 challenge from 30.00 (code 1234).
pub const CARD_3DS_V2_CHALLENGE: &str = "5306889942833340";
/// The card that passes 3-D Secure v2 without a challenge.
pub const CARD_3DS_V2_FRICTIONLESS: &str = "5512459816707530";
/// The code the challenge page accepts.
pub const CHALLENGE_CODE: &str = "1234";
/// Cards refused with a documented code.
pub const REFUSING_CARDS: [(&str, &str); 3] = [
    ("4000000000000207", "207"),
    ("4000000000000651", "651"),
    ("4000000000000634", "634"),
];

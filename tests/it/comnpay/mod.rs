//! ComNpay (Afone Paiement): the client, the seed's JSON examples, and validation.

mod client;
mod examples;
mod validation;

//! One payment interface across the gateways: sale, authorize, capture, refund, cancel and
//! status, each returning the common [`Outcome`], with money as [`Money`].
//!
//! Each operation is a trait, implemented by a gateway's generated `Client` when its spec's
//! `payments:` section maps the operation onto one of its endpoints (which fields carry the
//! merchant's reference and the amount). A gateway without an operation does not implement
//! its trait, so code that needs it does not compile for that gateway: S-money has no
//! capture, and `fn settle<C: Capture>(c: &C)` refuses an S-money client at compile time.
//!
//! A refusal by the gateway is not an error here: it is [`Outcome::Declined`], with its code
//! and category. The errors left are the ones a caller handles the same way whatever the
//! gateway: an invalid request (nothing sent), transport, an undecodable answer, and an
//! outcome unknown (never resent: look the payment up with [`Status`]).
//!
//! Sale and authorize take the gateway's own request (what a sale needs differs: a token for
//! ComNpay, card data for PaynetEasy, a payment page for S-money) and give back the outcome
//! and the gateway's own id of the payment; the other operations take the payment's
//! reference (and that id, for gateways that need it) and the amount.
//!
//! ```
//! use paybind::payments::{PaymentRef, Refund, Refunding, Status};
//! use paybind::{Money, Outcome};
//!
//! /// Refunds part of a payment, then reads its outcome again, whatever the gateway.
//! async fn refund_part<C: Refund + Status>(
//!     client: &C,
//!     reference: &str,
//!     part: Money,
//! ) -> Result<Outcome, paybind::payments::Error> {
//!     let payment = PaymentRef::new(reference);
//!     match client.refund(Refunding::new(payment, part)).await? {
//!         Outcome::Declined(d) => Ok(Outcome::Declined(d)), // over the payment, for one
//!         _ => client.status(payment).await,
//!     }
//! }
//! # let _ = refund_part::<paybind::comnpay::Client>;
//! # let _ = refund_part::<paybind::smoney::Client>;
//! ```

use std::future::Future;

use crate::money::Money;
use crate::outcome::Outcome;
use crate::transport::Gateway;

/// What a common operation fails with. Never [`crate::Error::Refused`]: a refusal is
/// [`Outcome::Declined`].
pub type Error = crate::Error<std::convert::Infallible>;

/// A payment in one step.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no sale: its gateway's spec maps no endpoint to it (`payments.sale`)",
    label = "this gateway cannot sale through paybind::payments"
)]
pub trait Sale {
    /// The gateway's own request for it.
    type Request;
    fn sale(&self, request: &Self::Request) -> impl Future<Output = Result<Placed, Error>> + Send;
}

/// An amount held on the payer's account, to capture later.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no authorize: its gateway's spec maps no endpoint to it (`payments.authorize`)",
    label = "this gateway cannot authorize through paybind::payments"
)]
pub trait Authorize {
    /// The gateway's own request for it.
    type Request;
    fn authorize(
        &self,
        request: &Self::Request,
    ) -> impl Future<Output = Result<Placed, Error>> + Send;
}

/// Captures all or part of an authorized amount.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no capture: its gateway's spec maps no endpoint to it (`payments.capture`)",
    label = "this gateway cannot capture through paybind::payments"
)]
pub trait Capture {
    fn capture(
        &self,
        payment: PaymentRef<'_>,
        amount: Money,
    ) -> impl Future<Output = Result<Outcome, Error>> + Send;
}

/// Refunds all or part of a payment.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no refund: its gateway's spec maps no endpoint to it (`payments.refund`)",
    label = "this gateway cannot refund through paybind::payments"
)]
pub trait Refund {
    fn refund(&self, refund: Refunding<'_>) -> impl Future<Output = Result<Outcome, Error>> + Send;
}

/// Releases an authorization before any money moves.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no cancel: its gateway's spec maps no endpoint to it (`payments.cancel`)",
    label = "this gateway cannot cancel through paybind::payments"
)]
pub trait Cancel {
    fn cancel(
        &self,
        payment: PaymentRef<'_>,
    ) -> impl Future<Output = Result<Outcome, Error>> + Send;
}

/// A payment's outcome, looked up by the merchant's reference.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no status: its gateway's spec maps no endpoint to it (`payments.status`)",
    label = "this gateway cannot status through paybind::payments"
)]
pub trait Status {
    fn status(
        &self,
        payment: PaymentRef<'_>,
    ) -> impl Future<Output = Result<Outcome, Error>> + Send;
}

/// The gateway's callbacks, verified and read as the common outcome.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no callbacks: its gateway's spec maps none (`payments.callback`)",
    label = "this gateway's callbacks cannot be read through paybind::payments"
)]
pub trait Callbacks {
    /// Verifies a callback (its query string or form body) with the client's credentials,
    /// then says which payment it is about and what it means. Answer the gateway with
    /// HTTP 200 only once this succeeds.
    fn callback(&self, body: &[u8]) -> Result<Notice, crate::CallbackError>;
}

/// A verified callback: the payment it names (the merchant's reference, the gateway's id,
/// as far as the callback carries them) and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notice {
    pub reference: Option<String>,
    pub id: Option<String>,
    pub outcome: Outcome,
}

impl Notice {
    pub fn new(reference: Option<String>, id: Option<String>, outcome: Outcome) -> Self {
        Notice {
            reference,
            id,
            outcome,
        }
    }
}

/// A sale or authorization placed: its outcome, and the gateway's own id of the payment
/// when the answer gives one (PaynetEasy's order id), which later operations may need.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Placed {
    pub outcome: Outcome,
    pub id: Option<String>,
}

impl Placed {
    pub fn new(outcome: Outcome, id: Option<String>) -> Self {
        Placed { outcome, id }
    }
}

/// A payment as later operations name it: the merchant's reference, and the gateway's own
/// id ([`Placed::id`]) for the gateways whose calls need it: without it, they refuse the
/// call before anything is sent, naming the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentRef<'a> {
    pub reference: &'a str,
    pub id: Option<&'a str>,
}

impl<'a> PaymentRef<'a> {
    pub fn new(reference: &'a str) -> Self {
        PaymentRef {
            reference,
            id: None,
        }
    }

    /// With the gateway's own id of the payment.
    pub fn with_id(mut self, id: Option<&'a str>) -> Self {
        self.id = id;
        self
    }
}

/// A refund: of `payment`, `amount`; `refund_reference` names the refund itself, for the
/// gateways that ask for one (S-money's `OrderId`): without it, they refuse the refund
/// before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Refunding<'a> {
    pub payment: PaymentRef<'a>,
    pub amount: Money,
    pub refund_reference: Option<&'a str>,
}

impl<'a> Refunding<'a> {
    pub fn new(payment: PaymentRef<'a>, amount: Money) -> Self {
        Refunding {
            payment,
            amount,
            refund_reference: None,
        }
    }

    /// The refund's own reference, for the gateways that name refunds.
    pub fn with_refund_reference(mut self, refund_reference: &'a str) -> Self {
        self.refund_reference = Some(refund_reference);
        self
    }
}

/// A gateway call's result as the common one: the answer's outcome, a refusal declined,
/// every other error kept. `gateway` says whose call it was (the generated `Api`).
pub fn settle<G: Gateway, A>(
    gateway: G,
    result: Result<A, crate::Error<G::Refusal>>,
    outcome: impl FnOnce(&A) -> Outcome,
) -> Result<Outcome, Error> {
    placed(gateway, result, outcome, |_| None).map(|p| p.outcome)
}

/// Like [`settle`], with the gateway's id of the payment read from the answer (none from a
/// refusal).
pub fn placed<G: Gateway, A>(
    _gateway: G,
    result: Result<A, crate::Error<G::Refusal>>,
    outcome: impl FnOnce(&A) -> Outcome,
    id: impl FnOnce(&A) -> Option<String>,
) -> Result<Placed, Error> {
    use crate::Error as E;
    match result {
        Ok(answer) => Ok(Placed::new(outcome(&answer), id(&answer))),
        Err(E::Refused(r)) => Ok(Placed::new(G::refusal_outcome(&r), None)),
        Err(E::InvalidRequest(e)) => Err(E::InvalidRequest(e)),
        Err(E::Encode(e)) => Err(E::Encode(e)),
        Err(E::Transport(e)) => Err(E::Transport(e)),
        Err(E::Decode(e)) => Err(E::Decode(e)),
        Err(E::OutcomeUnknown(e)) => Err(E::OutcomeUnknown(e)),
    }
}

/// The minor units of `amount` for a gateway whose amounts are in `currency`; an amount in
/// another currency is refused before anything is sent, naming `wire`.
pub fn minor_units(
    endpoint: &'static str,
    wire: &'static str,
    amount: Money,
    currency: &'static str,
) -> Result<crate::MinorUnits, Error> {
    let mut c = crate::validate::Checker::new(crate::ValidationPolicy::Strict);
    c.currency(wire, amount.currency().code(), currency);
    c.finish(endpoint)
        .map_err(crate::Error::InvalidRequest)
        .map(|()| crate::MinorUnits::from(amount.minor()))
}

/// A value the call needs (the gateway's id, a refund's own reference); its absence is
/// refused before anything is sent, naming `wire`.
pub fn required<'a>(
    endpoint: &'static str,
    wire: &'static str,
    value: Option<&'a str>,
) -> Result<&'a str, Error> {
    let mut c = crate::validate::Checker::new(crate::ValidationPolicy::Strict);
    c.required(wire, value.is_some());
    c.finish(endpoint).map_err(crate::Error::InvalidRequest)?;
    Ok(value.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{Envelope, EnvelopeKeys, Format};
    use crate::outcome::Decline;
    use crate::{ReturnCategory, Rule};

    /// A gateway whose refusal is a code.
    struct Fake;

    impl Gateway for Fake {
        type Credentials = ();
        type Refusal = &'static str;
        const NAME: &'static str = "fake";
        fn refusal_code<'a>(refusal: &'a &'static str) -> &'a str {
            refusal
        }
        const ENVELOPE: (EnvelopeKeys, Format) = (
            EnvelopeKeys {
                when: None,
                code: "code",
                message: "message",
            },
            Format::Json,
        );
        fn refusal_of(_: u16, _: &Envelope, _: &[u8]) -> Option<&'static str> {
            None
        }
        fn refusal_outcome(refusal: &&'static str) -> Outcome {
            Outcome::Declined(Decline::new(
                Some(refusal.to_string()),
                ReturnCategory::HardDecline,
                None,
            ))
        }
    }

    fn eur(text: &str) -> Money {
        Money::parse(text, "EUR").expect("money")
    }

    #[test]
    fn an_answer_gives_its_outcome_and_id_and_a_refusal_is_declined() {
        let ok: Result<u8, crate::Error<&'static str>> = Ok(7);
        let first = placed(Fake, ok, |_| Outcome::Succeeded, |a| Some(a.to_string()));
        assert_eq!(
            first.ok(),
            Some(Placed::new(Outcome::Succeeded, Some("7".into())))
        );
        let refused: Result<u8, _> = Err(crate::Error::Refused("207"));
        let got = placed(Fake, refused, |_| Outcome::Succeeded, |_| Some("x".into()));
        let declined = Outcome::Declined(Decline::new(
            Some("207".into()),
            ReturnCategory::HardDecline,
            None,
        ));
        assert_eq!(got.ok(), Some(Placed::new(declined.clone(), None)));
        let refused: Result<u8, _> = Err(crate::Error::Refused("207"));
        assert_eq!(
            settle(Fake, refused, |_| Outcome::Succeeded).ok(),
            Some(declined)
        );
    }

    #[test]
    fn every_other_error_is_kept() {
        let invalid = minor_units("pay", "amount", eur("1.00"), "GBP").expect_err("refused");
        let r: Result<u8, crate::Error<&'static str>> = Err(match invalid {
            crate::Error::InvalidRequest(e) => crate::Error::InvalidRequest(e),
            other => panic!("{other:?}"),
        });
        assert!(matches!(
            settle(Fake, r, |_| Outcome::Succeeded),
            Err(crate::Error::InvalidRequest(_))
        ));
        let decode = crate::DecodeError::new("pay", 200, b"<html>".to_vec(), None);
        let r: Result<u8, crate::Error<&'static str>> = Err(crate::Error::Decode(decode));
        let e = settle(Fake, r, |_| Outcome::Succeeded).expect_err("kept");
        assert!(
            matches!(&e, crate::Error::Decode(d) if d.body() == b"<html>"),
            "{e:?}"
        );
    }

    /// An amount in the gateway's currency becomes its minor units; another currency is
    /// refused before anything is sent, naming the field and the rule.
    #[test]
    fn amounts_in_the_gateways_currency_only() {
        assert_eq!(
            minor_units("payment/refund", "amount", eur("15.90"), "EUR").ok(),
            Some(crate::MinorUnits::from(1590))
        );
        let gbp = Money::parse("15.90", "GBP").expect("money");
        let Err(crate::Error::InvalidRequest(e)) =
            minor_units("payment/refund", "amount", gbp, "EUR")
        else {
            panic!("a pound amount for a euro gateway");
        };
        assert_eq!(
            e.field("amount").collect::<Vec<_>>(),
            [&Rule::Currency { expected: "EUR" }]
        );
        assert_eq!(
            e.to_string(),
            "invalid payment/refund request: `amount` must be an amount in EUR"
        );
    }

    #[test]
    fn a_value_the_call_needs() {
        assert_eq!(required("refund", "OrderId", Some("R-1")).ok(), Some("R-1"));
        let Err(crate::Error::InvalidRequest(e)) = required("refund", "OrderId", None) else {
            panic!("a missing refund reference");
        };
        assert_eq!(e.field("OrderId").collect::<Vec<_>>(), [&Rule::Required]);
        assert_eq!(
            e.to_string(),
            "invalid refund request: `OrderId` is required"
        );
    }

    #[test]
    fn payments_and_refunds_say_what_they_name() {
        let p = PaymentRef::new("ORD-1");
        assert_eq!((p.reference, p.id), ("ORD-1", None));
        let p = p.with_id(Some("6768788"));
        assert_eq!((p.reference, p.id), ("ORD-1", Some("6768788")));
        let r = Refunding::new(p, eur("5.00"));
        assert_eq!(
            (r.payment, r.amount, r.refund_reference),
            (p, eur("5.00"), None)
        );
        let r = r.with_refund_reference("RF-1");
        assert_eq!(r.refund_reference, Some("RF-1"));
    }
}

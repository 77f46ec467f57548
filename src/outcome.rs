//! What an answer means for the payment, after Stripe's PaymentIntent statuses and
//! hyperswitch's attempt statuses: paid, authorized, waiting for the payer, pending, declined,
//! cancelled, or not known.
//!
//! Each gateway's spec decides it (`outcome:` on an answer type, every case with its source
//! or reading); the generated answers expose `outcome()`, the `paybind.call` span records
//! [`Outcome::as_str`], and answer summaries start with it. A payment that still needs the
//! payer (3-D Secure, a payment page) is [`Outcome::ActionRequired`], never
//! [`Outcome::Succeeded`], whatever the answer's return code says.
//!
//! ```
//! use paybind::comnpay::PaymentResponse;
//! use paybind::transport::FromBody;
//! use paybind::outcome::{ActionKind, Outcome};
//! // The seed's 3-D Secure v2 example: `responseCode` 200, yet nothing is paid.
//! let body = br#"{"ok":1,"message":"ok","responseCode":"200","actionCode":"AUTH_3DS_REQUISE",
//!   "transaction":{"verifyEnrollment3dsV1":false,"verifyEnrollment3dsCreq":"4DG6",
//!   "verifyEnrollment3dsActionUrl":"https://homologation.comnpay.com/3ds.html"}}"#;
//! let answer = PaymentResponse::from_body(body).unwrap();
//! match answer.outcome() {
//!     Outcome::ActionRequired(action) => {
//!         assert_eq!(action.kind, ActionKind::ThreeDsV2);
//!         let redirect = action.redirect().unwrap();
//!         assert_eq!(redirect.url.as_deref(), Some("https://homologation.comnpay.com/3ds.html"));
//!         assert_eq!(redirect.fields, [("creq", "4DG6".to_string())]);
//!     }
//!     other => panic!("{other}"),
//! }
//! ```

use std::fmt;

use crate::encoding::Method;
use crate::error::ReturnCategory;

/// What an answer means for the payment it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The money moved as asked: paid, captured or refunded.
    Succeeded,
    /// The amount is held on the payer's account, to be captured (or released) later.
    Authorized,
    /// Nothing is paid yet: the payer must act first (3-D Secure, a payment page).
    ActionRequired(Action),
    /// Accepted but not final: ask again ([`Pending::poll`] says how), or wait for the
    /// callback.
    Pending(Pending),
    /// Refused: by the bank, the gateway's checks, or its fraud screening.
    Declined(Decline),
    /// Cancelled or released before any money moved.
    Cancelled,
    /// The answer does not say: look the payment up before acting on it.
    Unknown,
}

impl Outcome {
    /// The outcome's name, as the `paybind.call` span's `outcome` field records it:
    /// `succeeded`, `authorized`, `action_required`, `pending`, `declined`, `cancelled` or
    /// `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Authorized => "authorized",
            Outcome::ActionRequired(_) => "action_required",
            Outcome::Pending(_) => "pending",
            Outcome::Declined(_) => "declined",
            Outcome::Cancelled => "cancelled",
            Outcome::Unknown => "unknown",
        }
    }

    /// Final: nothing will change it (succeeded, authorized, declined, cancelled). An
    /// authorization is final as an authorization; its capture is another call.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Outcome::Succeeded | Outcome::Authorized | Outcome::Declined(_) | Outcome::Cancelled
        )
    }
}

/// `action_required (3-D Secure v2) at https://…`, `declined: 207 (hard_decline)`,
/// `pending: ask status by client_orderid=902B4FF5`.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        match self {
            Outcome::ActionRequired(a) => write!(f, " ({})", a.kind)?,
            Outcome::Pending(p) => {
                if let Some(poll) = &p.poll {
                    write!(f, ": ask {} by {}", poll.endpoint, poll.by)?;
                    if let Some(v) = &poll.value {
                        write!(f, "={v}")?;
                    }
                }
            }
            Outcome::Declined(d) => {
                if let Some(code) = &d.code {
                    write!(f, ": {code}")?;
                }
                write!(f, " ({})", d.category.as_str())?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// What the payer must do before the payment can go on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Action {
    pub kind: ActionKind,
    pub target: ActionTarget,
}

impl Action {
    pub fn new(kind: ActionKind, target: ActionTarget) -> Self {
        Action { kind, target }
    }

    /// The page to send the payer to, when the action is a redirect.
    pub fn redirect(&self) -> Option<&Redirect> {
        match &self.target {
            ActionTarget::Redirect(r) => Some(r),
            ActionTarget::Html(_) => None,
        }
    }
}

/// Why the payer must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ActionKind {
    /// 3-D Secure v1: post `MD` and `PaReq` (and your `TermUrl`) to the issuer's page.
    ThreeDsV1,
    /// 3-D Secure v2: post `creq` to the issuer's page.
    ThreeDsV2,
    /// 3-D Secure, version not stated by the answer.
    ThreeDs,
    /// The gateway's payment page, where the payer enters the card.
    PaymentPage,
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActionKind::ThreeDsV1 => "3-D Secure v1",
            ActionKind::ThreeDsV2 => "3-D Secure v2",
            ActionKind::ThreeDs => "3-D Secure",
            ActionKind::PaymentPage => "payment page",
        })
    }
}

/// Where the payer acts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActionTarget {
    /// Send the payer's browser to a URL, with these fields.
    Redirect(Redirect),
    /// Show the payer this HTML (a form that posts itself to the issuer).
    Html(String),
}

/// A page to send the payer to: `url` with `fields`, by `method`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// `None` when the answer left it out: the payer cannot be sent on, and the payment is
    /// still not paid.
    pub url: Option<String>,
    pub method: Method,
    /// The fields to send, in the documents' order, with the answer's values (empty
    /// strings for values the answer left out).
    pub fields: Vec<(&'static str, String)>,
}

impl Redirect {
    pub fn new(url: Option<String>, method: Method, fields: Vec<(&'static str, String)>) -> Self {
        Redirect {
            url,
            method,
            fields,
        }
    }
}

/// A payment not final yet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Pending {
    /// The call that tells the outcome, when the spec names one.
    pub poll: Option<Poll>,
}

impl Pending {
    pub fn new(poll: Option<Poll>) -> Self {
        Pending { poll }
    }
}

/// How to ask for a pending payment's outcome: call `endpoint` with `by` set to `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Poll {
    pub endpoint: &'static str,
    pub by: &'static str,
    /// The value to send, as the answer gave it (`None` when it left it out: use the
    /// reference you sent).
    pub value: Option<String>,
}

impl Poll {
    pub fn new(endpoint: &'static str, by: &'static str, value: Option<String>) -> Self {
        Poll {
            endpoint,
            by,
            value,
        }
    }
}

/// A refused payment: the gateway's code, its category and message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decline {
    /// The code as the gateway writes it, when it gave one.
    pub code: Option<String>,
    /// The code's category, from the spec's return codes (`Unknown` when the gateway
    /// publishes none).
    pub category: ReturnCategory,
    pub message: Option<String>,
}

impl Decline {
    pub fn new(code: Option<String>, category: ReturnCategory, message: Option<String>) -> Self {
        Decline {
            code,
            category,
            message,
        }
    }
}

/// `outcome=action_required/three_ds_v2` in a summary: one token, no spaces.
impl crate::summary::SummaryValue for Outcome {
    fn write_summary(&self, out: &mut String) {
        out.push_str(self.as_str());
        let detail = match self {
            Outcome::ActionRequired(a) => Some(match a.kind {
                ActionKind::ThreeDsV1 => "three_ds_v1",
                ActionKind::ThreeDsV2 => "three_ds_v2",
                ActionKind::ThreeDs => "three_ds",
                ActionKind::PaymentPage => "payment_page",
            }),
            Outcome::Declined(d) => d.code.as_deref().filter(|c| {
                !c.is_empty() && !c.contains(|ch: char| ch.is_whitespace() || ch == '/')
            }),
            _ => None,
        };
        if let Some(d) = detail {
            out.push('/');
            out.push_str(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::SummaryValue;

    fn redirect(kind: ActionKind) -> Outcome {
        let r = Redirect::new(Some("https://acs.example".into()), Method::Post, Vec::new());
        Outcome::ActionRequired(Action::new(kind, ActionTarget::Redirect(r)))
    }

    fn declined(code: Option<&str>, category: ReturnCategory) -> Outcome {
        Outcome::Declined(Decline::new(code.map(str::to_string), category, None))
    }

    fn summary(o: &Outcome) -> String {
        let mut out = String::new();
        o.write_summary(&mut out);
        out
    }

    /// One case: an outcome, its name, whether it is final, its text and its summary token.
    type Case = (Outcome, &'static str, bool, &'static str, &'static str);

    /// Each outcome with its name, whether it is final, its text and its summary token.
    fn named_cases() -> Vec<Case> {
        [
            settled_cases(),
            action_cases(),
            pending_cases(),
            declined_cases(),
        ]
        .concat()
    }

    fn settled_cases() -> Vec<Case> {
        vec![
            (
                Outcome::Succeeded,
                "succeeded",
                true,
                "succeeded",
                "succeeded",
            ),
            (
                Outcome::Authorized,
                "authorized",
                true,
                "authorized",
                "authorized",
            ),
            (
                Outcome::Cancelled,
                "cancelled",
                true,
                "cancelled",
                "cancelled",
            ),
            (Outcome::Unknown, "unknown", false, "unknown", "unknown"),
        ]
    }

    fn action_cases() -> Vec<Case> {
        vec![
            (
                redirect(ActionKind::ThreeDsV1),
                "action_required",
                false,
                "action_required (3-D Secure v1)",
                "action_required/three_ds_v1",
            ),
            (
                redirect(ActionKind::ThreeDsV2),
                "action_required",
                false,
                "action_required (3-D Secure v2)",
                "action_required/three_ds_v2",
            ),
            (
                redirect(ActionKind::ThreeDs),
                "action_required",
                false,
                "action_required (3-D Secure)",
                "action_required/three_ds",
            ),
            (
                Outcome::ActionRequired(Action::new(
                    ActionKind::PaymentPage,
                    ActionTarget::Html("<form>".into()),
                )),
                "action_required",
                false,
                "action_required (payment page)",
                "action_required/payment_page",
            ),
        ]
    }

    fn pending_cases() -> Vec<Case> {
        let poll = Poll::new("status", "client_orderid", Some("ORD-1".into()));
        let unnamed = Poll::new("payment/find", "transactionRef", None);
        vec![
            (
                Outcome::Pending(Pending::new(Some(poll))),
                "pending",
                false,
                "pending: ask status by client_orderid=ORD-1",
                "pending",
            ),
            (
                Outcome::Pending(Pending::new(Some(unnamed))),
                "pending",
                false,
                "pending: ask payment/find by transactionRef",
                "pending",
            ),
            (
                Outcome::Pending(Pending::default()),
                "pending",
                false,
                "pending",
                "pending",
            ),
        ]
    }

    fn declined_cases() -> Vec<Case> {
        vec![
            (
                declined(Some("207"), ReturnCategory::HardDecline),
                "declined",
                true,
                "declined: 207 (hard_decline)",
                "declined/207",
            ),
            (
                declined(None, ReturnCategory::Unknown),
                "declined",
                true,
                "declined (unknown)",
                "declined",
            ),
        ]
    }

    /// Each outcome's name, whether it is final, how it reads and how a summary shows it.
    #[test]
    fn every_outcome_named_read_and_summarised() {
        for (o, name, is_final, text, summarised) in named_cases() {
            assert_eq!(o.as_str(), name, "{o:?}");
            assert_eq!(o.is_final(), is_final, "{o:?}");
            assert_eq!(o.to_string(), text, "{o:?}");
            assert_eq!(summary(&o), summarised, "{o:?}");
        }
    }

    /// A code that would break the summary's one token (a space, a slash, nothing) is left
    /// out of it.
    #[test]
    fn a_declined_code_stays_one_token_in_a_summary() {
        for code in ["", "2 07", "a/b", "x\ty"] {
            let o = declined(Some(code), ReturnCategory::Unknown);
            assert_eq!(summary(&o), "declined", "{code:?}");
        }
        assert_eq!(
            summary(&declined(Some("ERR-12"), ReturnCategory::Unknown)),
            "declined/ERR-12"
        );
    }

    #[test]
    fn a_redirect_is_found_and_html_is_not_one() {
        let Outcome::ActionRequired(a) = redirect(ActionKind::ThreeDsV2) else {
            unreachable!("built as an action");
        };
        assert_eq!(
            a.redirect().and_then(|r| r.url.as_deref()),
            Some("https://acs.example")
        );
        let html = Action::new(ActionKind::ThreeDs, ActionTarget::Html("<p>".into()));
        assert_eq!(html.redirect(), None);
    }
}

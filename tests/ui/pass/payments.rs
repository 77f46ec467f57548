//! The common payment operations each gateway's spec maps, usable generically.

use paybind::payments::{Authorize, Capture, PaymentRef, Refund, Refunding, Sale, Status};
use paybind::Money;

async fn refund_then_status<C: Refund + Status>(c: &C, reference: &str, amount: Money) {
    let payment = PaymentRef::new(reference);
    let _ = c.refund(Refunding::new(payment, amount)).await;
    let _ = c.status(payment).await;
}

async fn authorize_then_capture<C: Authorize + Capture>(c: &C, request: &C::Request, amount: Money) {
    if let Ok(placed) = c.authorize(request).await {
        let payment = PaymentRef::new("ORDER-1").with_id(placed.id.as_deref());
        let _ = c.capture(payment, amount).await;
    }
}

fn needs_sale<C: Sale>() {}

fn main() {
    let _ = refund_then_status::<paybind::comnpay::Client>;
    let _ = refund_then_status::<paybind::payneteasy::Client>;
    let _ = refund_then_status::<paybind::smoney::Client>;
    let _ = authorize_then_capture::<paybind::payneteasy::Client>;
    needs_sale::<paybind::comnpay::Client>();
    needs_sale::<paybind::payneteasy::Client>();
    needs_sale::<paybind::smoney::Client>();
}

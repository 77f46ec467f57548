//! The pages the simulator shows a payer, written with maud: every spliced value is escaped
//! (only the constant style sheet is spliced raw). Each page says who is paid, how much (from
//! integer minor units, never floats) and what to do.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// What every page shows above its own part.
pub(crate) struct Summary<'a> {
    /// The page's title, e.g. "3-D Secure v2".
    pub title: &'a str,
    /// The gateway, e.g. "ComNpay".
    pub gateway: &'a str,
    /// Who is paid.
    pub merchant: &'a str,
    /// The amount in minor units and its currency, when known.
    pub amount: Option<(i64, &'a str)>,
    /// What the merchant calls the payment (label, value), when known.
    pub reference: Option<(&'a str, &'a str)>,
    /// More lines to show (label, value).
    pub details: Vec<(&'a str, String)>,
}

impl<'a> Summary<'a> {
    pub fn new(title: &'a str, gateway: &'a str, merchant: &'a str) -> Self {
        Summary {
            title,
            gateway,
            merchant,
            amount: None,
            reference: None,
            details: Vec::new(),
        }
    }
}

const STYLE: &str = "body{font-family:sans-serif;background:#f3f4f6;color:#111;margin:0}\
main{max-width:32rem;margin:2rem auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 4px #0003}\
h1{font-size:1.3rem;margin:0 0 .3rem}p.gw{color:#555;margin:0 0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}\
dt{color:#555}dd{margin:0;font-weight:bold;overflow-wrap:anywhere}.todo{background:#eef6ff;border-left:4px solid #2563eb;padding:.6rem}\
.bad{background:#fef2f2;border-left:4px solid #dc2626;padding:.6rem}.ok{background:#f0fdf4;border-left:4px solid #16a34a;padding:.6rem}\
label{display:block;margin:.8rem 0}input{font-size:1.1rem;padding:.3rem;margin-left:.5rem}button{font-size:1.1rem;padding:.4rem 1.2rem;margin-top:.5rem}\
code{overflow-wrap:anywhere}";

/// An amount in minor units as money, written by `Money`'s `Display`: 4500 EUR is
/// "45.00 EUR". A code that is no ISO 4217 currency (the simulator's own pages never use one)
/// shows as minor units.
pub(crate) fn money(minor: i64, currency: &str) -> String {
    crate::Currency::from_code(currency)
        .and_then(|c| crate::Money::from_minor(minor, c).ok())
        .map_or_else(
            || format!("{minor} {currency} minor units"),
            |m| m.to_string(),
        )
}

/// What a page does once shown.
#[derive(Clone, Copy)]
pub(crate) enum Then<'a> {
    /// Waits for the payer.
    Stay,
    /// Posts the page's first form on load (the way an ACS sends the payer back); the form's
    /// button stays for browsers without script.
    Submit,
    /// Goes to this URL after a second (a refresh), with a link for the payer.
    GoTo(&'a str),
}

/// A whole page: the summary, then `body`.
pub(crate) fn page(summary: &Summary<'_>, then: Then<'_>, body: Markup) -> Markup {
    let auto_submit = matches!(then, Then::Submit);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (summary.title) " - " (summary.gateway) " simulator" }
                style { (PreEscaped(STYLE)) }
                @if let Then::GoTo(url) = then {
                    meta http-equiv="refresh" content={ "1; url=" (url) };
                }
            }
            body onload=[auto_submit.then_some("document.forms[0].submit()")] {
                main {
                    h1 { (summary.title) }
                    p.gw { (summary.gateway) " (paybind simulator: no real payment)" }
                    dl {
                        dt { "Merchant" } dd.merchant { (summary.merchant) }
                        @if let Some((minor, currency)) = summary.amount {
                            dt { "Amount" } dd.amount { (money(minor, currency)) }
                        }
                        @if let Some((label, value)) = summary.reference {
                            dt { (label) } dd.reference { (value) }
                        }
                        @for (label, value) in &summary.details {
                            dt { (label) } dd { (value) }
                        }
                    }
                    (body)
                }
            }
        }
    }
}

/// A page as an answer.
pub(crate) fn answer(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// A page that only says something (an unknown payment, a closed link...).
pub(crate) fn notice(status: StatusCode, summary: &Summary<'_>, message: &str) -> Response {
    let class = if status.is_success() { "ok" } else { "bad" };
    answer(
        status,
        page(summary, Then::Stay, html! { p class=(class) { (message) } }),
    )
}

/// Whether the request comes from a browser navigating (it accepts HTML), rather than from
/// an API client or a script.
pub(crate) fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_from_minor_units() {
        assert_eq!(money(4500, "EUR"), "45.00 EUR");
        assert_eq!(money(90001, "EUR"), "900.01 EUR");
        assert_eq!(money(5, "EUR"), "0.05 EUR");
        assert_eq!(money(-1999, "EUR"), "-19.99 EUR");
        assert_eq!(money(1500, "JPY"), "1500 JPY");
        assert_eq!(money(1234, "BHD"), "1.234 BHD");
        assert_eq!(money(i64::MIN, "EUR"), "-92233720368547758.08 EUR");
    }

    #[test]
    fn every_value_is_escaped() {
        let mut s = Summary::new("<i>t</i>", "G\"w", "<b>m</b>");
        s.amount = Some((4500, "EUR"));
        s.reference = Some(("Order", "<b>x</b>12345"));
        s.details.push(("<u>k</u>", "<u>v</u>".to_string()));
        let html = page(&s, Then::Stay, html! { p { ("<script>") } }).into_string();
        for raw in ["<b>", "<i>t", "<u>", "<script>", "G\"w"] {
            assert!(!html.contains(raw), "{raw} in {html}");
        }
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;12345"));
        assert!(html.contains("45.00 EUR"));
        assert!(!html.contains("onload") && !html.contains("refresh"));
        assert!(page(&s, Then::Submit, html! {})
            .into_string()
            .contains("onload=\"document.forms[0].submit()\""));
        let went = page(
            &s,
            Then::GoTo("https://shop.example/r?a=1&b=\"<i>"),
            html! {},
        );
        assert!(went
            .into_string()
            .contains("content=\"1; url=https://shop.example/r?a=1&amp;b=&quot;&lt;i&gt;\""));
    }
}

//! What each answer means for the payment (`outcome()`), decided by the specs' `outcome:`
//! cases: every example answer of the documents maps to the outcome the document implies,
//! and every "needs the payer" answer of each gateway is `ActionRequired`, never accepted.

use paybind::encoding::Method;
use paybind::outcome::{
    Action, ActionKind, ActionTarget, Decline, Outcome, Pending, Poll, Redirect,
};
use paybind::summary::Summary;
use paybind::transport::{FromBody, Gateway};
use paybind::ReturnCategory;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/comnpay/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: FromBody>(body: &[u8]) -> T {
    T::from_body(body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

fn redirect(
    kind: ActionKind,
    url: &str,
    method: Method,
    fields: &[(&'static str, &str)],
) -> Outcome {
    let fields = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    Outcome::ActionRequired(Action::new(
        kind,
        ActionTarget::Redirect(Redirect::new(Some(url.to_string()), method, fields)),
    ))
}

mod comnpay {
    use super::*;
    use paybind::comnpay::{Api, PaymentResponse, PreauthorizationResponse, TokenResponse};

    /// 000 § 3-Finalize debit after 3DS authentication v1, step 1: `actionCode`
    /// AUTH_3DS_REQUISE, `verifyEnrollment3dsV1` true; step 2 posts MD and PaReq to the
    /// action URL.
    #[test]
    fn the_3ds_v1_example_needs_the_payer_with_md_and_pareq() {
        let a: PaymentResponse = decode(&fixture("payment_3ds_v1.json"));
        let pareq = "mS2i8y6R1L60yX6aH3971qN9jX64VwxBbmM9bM4iN9lV7mL5fM4e56pLBeA5xC1wV0dM0lz5pV4jkM4Y6hJ0dOFaW6xE8dU9vDGi";
        assert_eq!(
            a.outcome(),
            redirect(
                ActionKind::ThreeDsV1,
                "https://homologation.comnpay.com/3ds.html",
                Method::Post,
                &[("MD", "fUebB6kN11L8qY2v2JeU"), ("PaReq", pareq)],
            )
        );
    }

    /// 000 § ... v2, step 1: `verifyEnrollment3dsV1` false; step 2 posts `creq`.
    #[test]
    fn the_3ds_v2_example_needs_the_payer_with_creq() {
        let a: PaymentResponse = decode(&fixture("payment_3ds_v2.json"));
        assert_eq!(
            a.outcome(),
            redirect(
                ActionKind::ThreeDsV2,
                "https://homologation.comnpay.com/3ds.html",
                Method::Post,
                &[("creq", "4DG678VEgfs587DF878sg78sq686T86")],
            )
        );
    }

    /// Both 3-D Secure examples answer `responseCode` 200 ("Payment accepted"): the outcome,
    /// the summary's first pair and the span's name for it say otherwise.
    #[test]
    fn a_3ds_answer_never_prints_or_matches_as_accepted() {
        for (name, detail) in [
            ("payment_3ds_v1.json", "three_ds_v1"),
            ("payment_3ds_v2.json", "three_ds_v2"),
        ] {
            let a: PaymentResponse = decode(&fixture(name));
            assert_eq!(
                a.response_code.as_ref().map(|c| c.code()),
                Some("200"),
                "{name}: the document's code"
            );
            let o = a.outcome();
            assert!(
                !matches!(o, Outcome::Succeeded | Outcome::Authorized),
                "{name}"
            );
            assert!(!o.is_final(), "{name}");
            assert_eq!(o.as_str(), "action_required");
            assert_eq!(FromBody::outcome(&a), Some(o.clone()));
            let summary = a.summary();
            assert!(
                summary.starts_with(&format!("outcome=action_required/{detail} ")),
                "{summary}"
            );
            assert_eq!(o.to_string().split(" (").next(), Some("action_required"));
        }
    }

    /// 000 § Payment response: ok 1, responseCode 200, "Paiement accepte", no action code.
    #[test]
    fn the_payment_example_succeeded() {
        let a: PaymentResponse = decode(&fixture("payment.json"));
        assert_eq!(a.outcome(), Outcome::Succeeded);
        assert!(a.summary().starts_with("outcome=succeeded "));
    }

    /// 000 § Pre-authorization response: status CLOSURE_OK, "closure of pre-authorization
    /// accepted": the held amount was captured.
    #[test]
    fn the_preauthorization_example_was_captured() {
        let a: PreauthorizationResponse = decode(&fixture("preauthorization.json"));
        assert_eq!(a.outcome(), Outcome::Succeeded);
    }

    #[test]
    fn a_token_answer_has_no_outcome() {
        let a: TokenResponse = decode(&fixture("token_create.json"));
        assert_eq!(FromBody::outcome(&a), None);
        assert!(!a.summary().contains("outcome="));
    }

    fn payment(json: &str) -> Outcome {
        decode::<PaymentResponse>(json.as_bytes()).outcome()
    }

    fn preauth(json: &str) -> Outcome {
        decode::<PreauthorizationResponse>(json.as_bytes()).outcome()
    }

    /// A transaction still in 3-D Secure (223 "3DS in progress", a pending code) is pending
    /// even when the action code was lost and the answer says 200: look it up by reference.
    #[test]
    fn a_transaction_code_still_pending_is_pending_whatever_the_answer_code() {
        let o = payment(
            r#"{"ok":1,"responseCode":"200","transaction":{"responseCode":"223","transactionRef":"ORDER-0001"}}"#,
        );
        let poll = Poll::new("payment/find", "transactionRef", Some("ORDER-0001".into()));
        assert_eq!(o, Outcome::Pending(Pending::new(Some(poll))));
        // 2501 "To be validated by the head office" on the answer itself.
        let o = payment(r#"{"ok":1,"responseCode":"2501"}"#);
        let poll = Poll::new("payment/find", "transactionRef", None);
        assert_eq!(o, Outcome::Pending(Pending::new(Some(poll))));
        assert_eq!(o.to_string(), "pending: ask payment/find by transactionRef");
    }

    /// Succeeded needs both `ok` 1 and a success code: anything else is not taken as paid.
    #[test]
    fn succeeded_needs_ok_and_a_success_code() {
        assert_eq!(
            payment(r#"{"ok":1,"responseCode":"000"}"#),
            Outcome::Succeeded
        );
        assert_eq!(
            payment(r#"{"ok":0,"responseCode":"200"}"#),
            Outcome::Unknown
        );
        assert_eq!(payment(r#"{"ok":1}"#), Outcome::Unknown);
        // A code the table does not list has no category.
        assert_eq!(
            payment(r#"{"ok":1,"responseCode":"999"}"#),
            Outcome::Unknown
        );
        // A declined code (207 Card refused) is not a success either.
        assert_eq!(
            payment(r#"{"ok":1,"responseCode":"207"}"#),
            Outcome::Unknown
        );
    }

    /// An action code the document does not list: not paid as far as paybind can tell.
    #[test]
    fn an_unknown_action_code_is_never_paid() {
        let o = payment(r#"{"ok":1,"responseCode":"200","actionCode":"AUTH_SOMETHING_NEW"}"#);
        assert_eq!(o, Outcome::Unknown);
    }

    /// An action without its URL or values is still an action: nothing is paid.
    #[test]
    fn a_3ds_answer_missing_its_url_still_needs_the_payer() {
        let o = payment(r#"{"ok":1,"responseCode":"200","actionCode":"AUTH_3DS_REQUISE"}"#);
        let expected = Outcome::ActionRequired(Action::new(
            ActionKind::ThreeDsV2,
            ActionTarget::Redirect(Redirect::new(
                None,
                Method::Post,
                vec![("creq", String::new())],
            )),
        ));
        assert_eq!(o, expected);
    }

    /// 000 § Pre-authorization: OPEN_OK held, CLOSURE_OK captured, ABORT cancelled,
    /// OPEN_KO / CLOSURE_KO refused.
    #[test]
    fn preauthorization_statuses() {
        let with = |status: &str| {
            preauth(&format!(
                r#"{{"ok":1,"responseCode":"200","message":"m","preauthorization":{{"status":"{status}","preauthorizationRef":"PA-1"}}}}"#
            ))
        };
        assert_eq!(with("OPEN_OK"), Outcome::Authorized);
        assert_eq!(with("CLOSURE_OK"), Outcome::Succeeded);
        assert_eq!(with("ABORT"), Outcome::Cancelled);
        let declined = Outcome::Declined(Decline::new(
            Some("200".into()),
            ReturnCategory::Success,
            Some("m".into()),
        ));
        assert_eq!(with("OPEN_KO"), declined);
        assert_eq!(with("CLOSURE_KO"), declined);
        // A 3-D Secure pre-authorization waits for the payer too.
        let o = preauth(
            r#"{"ok":1,"responseCode":"200","actionCode":"AUTH_3DS_REQUISE","transaction":{"verifyEnrollment3dsV1":true,"verifyEnrollment3dsActionUrl":"https://acs.example/v1","verifyEnrollment3dsMd":"md","verifyEnrollment3dsPareq":"pareq"}}"#,
        );
        assert_eq!(
            o,
            redirect(
                ActionKind::ThreeDsV1,
                "https://acs.example/v1",
                Method::Post,
                &[("MD", "md"), ("PaReq", "pareq")]
            )
        );
        // Pending: polled by the pre-authorization's reference.
        let o = preauth(
            r#"{"ok":1,"responseCode":"2501","preauthorization":{"preauthorizationRef":"PA-7"}}"#,
        );
        let poll = Poll::new(
            "preauthorization/find",
            "preauthorizationRef",
            Some("PA-7".into()),
        );
        assert_eq!(o, Outcome::Pending(Pending::new(Some(poll))));
    }

    /// A refusal keeps the whole answer: a `207 Card refused` with its transaction id.
    #[test]
    fn a_refusal_keeps_the_whole_answer() {
        let body = br#"{"ok":0,"message":"Carte refusee","responseCode":"207","transaction":{"transactionId":6145,"transactionRef":"ORDER-0001","cardAlias":"SECRET-ALIAS-0123456789"}}"#;
        let r = Api::refusal(200, body).expect("a refusal");
        assert_eq!(r.body.as_bytes(), body);
        let a: PaymentResponse = r.answer().expect("decodes as the debit's answer");
        let t = a.transaction.expect("transaction");
        assert_eq!(t.transaction_id, Some(6145));
        assert_eq!(t.transaction_ref.as_deref(), Some("ORDER-0001"));
        assert_eq!(
            r.outcome(),
            Outcome::Declined(Decline::new(
                Some("207".into()),
                ReturnCategory::HardDecline,
                Some("Carte refusee".into())
            ))
        );
        assert_eq!(r.outcome().to_string(), "declined: 207 (hard_decline)");
        // The alias is a token: neither the refusal's Debug nor the answer's shows it.
        let shown = format!("{r:?} {r}");
        assert!(!shown.contains("SECRET-ALIAS"), "{shown}");
        assert!(
            shown.contains(&format!("<{} bytes>", body.len())),
            "{shown}"
        );
        let answer = format!("{:?}", r.answer::<PaymentResponse>());
        assert!(!answer.contains("SECRET-ALIAS"), "{answer}");
        // A body that does not decode as the answer type: `None`, and the raw body is kept.
        let odd = br#"{"ok":0,"responseCode":"207","transaction":"not an object"}"#;
        let r = Api::refusal(200, odd).expect("a refusal");
        assert!(r.answer::<PaymentResponse>().is_none());
        assert_eq!(r.body.as_bytes(), odd);
    }
}

mod payneteasy {
    use super::*;
    use paybind::payneteasy::{Api, AsyncResponse, StatusResponse};

    /// 002/003/004 § Response example: an async-response, "accepted for processing": the
    /// result comes from the status call, by the merchant's order id.
    #[test]
    fn the_documents_async_response_is_pending_until_status_says() {
        let ok = b"type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n&merchant-order-id=inv4097763\n&paynet-order-id=6768788\n&end-point-id=22903\n";
        let a: AsyncResponse = decode(ok);
        let poll = Poll::new("status", "client_orderid", Some("inv4097763".into()));
        assert_eq!(a.outcome(), Outcome::Pending(Pending::new(Some(poll))));
        assert_eq!(
            a.outcome().to_string(),
            "pending: ask status by client_orderid=inv4097763"
        );
        assert!(a
            .summary()
            .starts_with("outcome=pending type=async-response"));
    }

    /// The documents' validation-error example is a refusal: declined, code 3, its message.
    #[test]
    fn the_documents_validation_error_is_a_declined_refusal() {
        let fail = b"type=validation-error\n&serial-number=00000000-0000-0000-0000-000002b36f64\n&merchant-order-id=inv4097763\n&error-message=End+point+with+id+22903+not+found\n&error-code=3\n";
        let r = Api::refusal(200, fail).expect("a refusal");
        assert_eq!(
            r.outcome(),
            Outcome::Declined(Decline::new(
                Some("3".into()),
                ReturnCategory::Unknown,
                Some("End point with id 22903 not found".into())
            ))
        );
        let a: AsyncResponse = r.answer().expect("the sale's answer type");
        assert_eq!(a.merchant_order_id.as_deref(), Some("inv4097763"));
    }

    fn status(lines: &str) -> Outcome {
        decode::<StatusResponse>(lines.as_bytes()).outcome()
    }

    #[test]
    fn status_answers() {
        let base = "type=status-response\n&merchant-order-id=ORD-1\n";
        let poll = Poll::new("status", "client_orderid", Some("ORD-1".into()));
        let pending = Outcome::Pending(Pending::new(Some(poll)));
        assert_eq!(status(&format!("{base}&status=processing\n")), pending);
        assert_eq!(status(&format!("{base}&status=unknown\n")), pending);
        assert_eq!(
            status(&format!("{base}&status=approved\n")),
            Outcome::Succeeded
        );
        assert_eq!(
            status(&format!(
                "{base}&status=approved\n&transaction-type=preauth\n"
            )),
            Outcome::Authorized
        );
        assert_eq!(
            status(&format!(
                "{base}&status=approved\n&transaction-type=capture\n"
            )),
            Outcome::Succeeded
        );
        let declined = |category| {
            Outcome::Declined(Decline::new(Some("7".into()), category, Some("no".into())))
        };
        let why = "&error-code=7\n&error-message=no\n";
        assert_eq!(
            status(&format!("{base}&status=declined\n{why}")),
            declined(ReturnCategory::Unknown)
        );
        assert_eq!(
            status(&format!("{base}&status=filtered\n{why}")),
            declined(ReturnCategory::Fraud)
        );
        // A status this spec does not know is not taken as paid.
        assert_eq!(
            status(&format!("{base}&status=on-hold\n")),
            Outcome::Unknown
        );
    }

    /// A 3-D Secure order in processing carries the form to show the payer (`html`) or a
    /// URL (`redirect-to`): action required, not pending and never approved.
    #[test]
    fn a_3ds_order_needs_the_payer() {
        let html = "%3Cform+action%3D%22https%3A%2F%2Facs.example%22%3E%3C%2Fform%3E";
        let o = status(&format!(
            "type=status-response\n&status=processing\n&html={html}\n"
        ));
        assert_eq!(
            o,
            Outcome::ActionRequired(Action::new(
                ActionKind::ThreeDs,
                ActionTarget::Html("<form action=\"https://acs.example\"></form>".into())
            ))
        );
        let o = status("type=status-response\n&status=processing\n&redirect-to=https%3A%2F%2Facs.example%2Fgo\n");
        assert_eq!(
            o,
            redirect(
                ActionKind::ThreeDs,
                "https://acs.example/go",
                Method::Get,
                &[]
            )
        );
    }
}

mod smoney {
    use super::*;
    use paybind::smoney::{CardPayment, Refund};

    fn card_payment(json: &str) -> Outcome {
        decode::<CardPayment>(json.as_bytes()).outcome()
    }

    /// 001 § CardPayment, row `Href`: "the url to which the third-party application should
    /// redirect the client's browser to complete a card payment": a waiting payment with
    /// one needs the payer on that page.
    #[test]
    fn a_waiting_payment_needs_the_payer_on_its_page() {
        let o = card_payment(r#"{"OrderId":"ORD-1","Status":0,"Href":"https://pay.example/p/1"}"#);
        assert_eq!(
            o,
            redirect(
                ActionKind::PaymentPage,
                "https://pay.example/p/1",
                Method::Get,
                &[]
            )
        );
        assert!(
            decode::<CardPayment>(br#"{"Status":0,"Href":"https://pay.example/p/1"}"#)
                .summary()
                .starts_with("outcome=action_required/payment_page ")
        );
    }

    /// 001 § CardPayment, row `Status`: -1 unknow, 0 waiting, 1 completed, 2 refunded,
    /// 3 refused, 4 waiting for validation, 5 cancelled, 6 waiting to be sent.
    #[test]
    fn every_documented_status() {
        let poll = |v: &str| {
            let p = Poll::new(
                "api/{partner}/payins/cardpayments/{paymentOrderId}",
                "paymentOrderId",
                Some(v.into()),
            );
            Outcome::Pending(Pending::new(Some(p)))
        };
        let with =
            |status: i32| card_payment(&format!(r#"{{"OrderId":"ORD-9","Status":{status}}}"#));
        assert_eq!(with(-1), Outcome::Unknown);
        assert_eq!(with(0), poll("ORD-9"));
        assert_eq!(with(1), Outcome::Succeeded);
        assert_eq!(with(2), Outcome::Succeeded);
        assert!(matches!(with(3), Outcome::Declined(_)));
        assert_eq!(with(4), poll("ORD-9"));
        assert_eq!(with(5), Outcome::Cancelled);
        assert_eq!(with(6), poll("ORD-9"));
        assert_eq!(with(7), Outcome::Unknown);
    }

    /// 001 § CardPayment, row `ErrorCode`: each class of a refused payment, its category.
    #[test]
    fn a_refused_payment_is_declined_with_its_error_class() {
        let refused = |class: i32| {
            card_payment(&format!(
                r#"{{"Status":3,"ErrorCode":{class},"ExtraResults":{{"ExecMessage":"why"}}}}"#
            ))
        };
        for (class, category) in [
            (10, ReturnCategory::Validation),
            (11, ReturnCategory::State),
            (12, ReturnCategory::Configuration),
            (13, ReturnCategory::Unknown),
            (14, ReturnCategory::Technical),
            (16, ReturnCategory::Fraud),
        ] {
            let expected = Outcome::Declined(Decline::new(
                Some(class.to_string()),
                category,
                Some("why".into()),
            ));
            assert_eq!(refused(class), expected, "class {class}");
        }
    }

    #[test]
    fn refund_statuses() {
        let with = |status: i32| {
            decode::<Refund>(format!(r#"{{"OrderId":"RF-1","Status":{status}}}"#).as_bytes())
                .outcome()
        };
        assert_eq!(with(1), Outcome::Succeeded);
        assert_eq!(with(5), Outcome::Cancelled);
        let poll = Poll::new(
            "api/{partner}/payins/cardpayments/{paymentOrderId}",
            "paymentOrderId",
            None,
        );
        assert_eq!(with(0), Outcome::Pending(Pending::new(Some(poll))));
        assert_eq!(
            with(3),
            Outcome::Declined(Decline::new(None, ReturnCategory::Unknown, None))
        );
    }
}

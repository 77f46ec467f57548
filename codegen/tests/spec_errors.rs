//! A bad spec is an error naming file, line and key; never a panic.

use paybind_codegen::{generate_str, SpecErrors};

mod common;
use common::spec;

fn errors(src: &str) -> SpecErrors {
    match generate_str("spec/demo.yaml", src) {
        Ok(_) => panic!("spec should have been refused:\n{src}"),
        Err(e) => e,
    }
}

fn line_of(src: &str, needle: &str) -> usize {
    src.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[test]
fn the_minimal_spec_generates() {
    let out = generate_str("spec/demo.yaml", &spec("", "", "")).expect("valid");
    assert!(out.starts_with(paybind_codegen::HEADER));
    assert!(out.contains("pub struct ThingDo"));
}

#[test]
fn unknown_key() {
    let src = spec(
        "",
        "      extra: { type: string, doc: X., maxlength: 3 }",
        "",
    );
    let e = errors(&src);
    assert_eq!(e.0.len(), 1, "{e}");
    let first = &e.0[0];
    assert_eq!(first.file, "spec/demo.yaml");
    assert_eq!(first.pos.line, line_of(&src, "maxlength"));
    assert_eq!(first.key, "endpoints.thing/do.params.extra.maxlength");
    assert!(first.message.contains("unknown key `maxlength`"), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("error: spec/demo.yaml:{}:", first.pos.line)),
        "{e}"
    );
}

#[test]
fn dangling_type_reference() {
    let src = spec("", "      who: { type: Customer, doc: X. }", "");
    let e = errors(&src);
    assert_eq!(e.0[0].pos.line, line_of(&src, "who:"));
    assert_eq!(e.0[0].key, "endpoints.thing/do.params.who.type");
    assert!(
        e.0[0]
            .message
            .contains("`Customer` is not a type of this spec"),
        "{e}"
    );
}

#[test]
fn dangling_use() {
    let src = spec("", "      amount: { use: amount }", "");
    let e = errors(&src);
    assert!(
        e.0[0]
            .message
            .contains("`amount` is not a shared parameter"),
        "{e}"
    );
    assert_eq!(e.0[0].key, "endpoints.thing/do.params.amount.use");
}

#[test]
fn duplicate_return_code() {
    let src = spec(
        "",
        "",
        "    - { code: \"000\", name: Again, category: success, doc: Dup }",
    );
    let e = errors(&src);
    assert_eq!(e.0[0].pos.line, line_of(&src, "name: Again"));
    assert!(
        e.0[0].message.contains("duplicate return code `000`"),
        "{e}"
    );
}

#[test]
fn unquoted_return_code() {
    let src = spec(
        "",
        "",
        "    - { code: 207, name: Refused, category: hard_decline, doc: No }",
    );
    assert!(errors(&src).0[0]
        .message
        .contains("write return codes quoted"));
}

#[test]
fn contradictory_lengths() {
    let src = spec(
        "",
        "      name: { type: string, min_length: 10, max_length: 5, doc: X. }",
        "",
    );
    let e = errors(&src);
    assert!(
        e.0[0]
            .message
            .contains("min_length 10 is greater than max_length 5"),
        "{e}"
    );
    assert_eq!(e.0[0].key, "endpoints.thing/do.params.name.max_length");
}

#[test]
fn constraint_on_the_wrong_type() {
    let src = spec("", "      n: { type: integer, max_length: 5, doc: X. }", "");
    assert!(errors(&src).0[0]
        .message
        .contains("`max_length` applies to text fields"));
}

#[test]
fn pattern_contradicting_max_length() {
    let src = spec(
        "",
        "      pin: { type: string, max_length: 3, pattern: \"^[0-9]{4}$\", doc: X. }",
        "",
    );
    assert!(errors(&src).0[0]
        .message
        .contains("the pattern needs at least 4 characters but max_length is 3"));
}

#[test]
fn unsupported_pattern() {
    let src = spec(
        "",
        "      p: { type: string, pattern: \"^(a|b)$\", doc: X. }",
        "",
    );
    assert!(errors(&src).0[0].message.contains("not supported"));
}

#[test]
fn rule_over_an_unknown_field() {
    let src = spec(
        "",
        "      a: { type: string, doc: A. }\n    rules:\n      - { exactly_one_of: [a, b], doc: One. }",
        "",
    );
    let e = errors(&src);
    assert!(
        e.0[0]
            .message
            .contains("`b` is not a parameter of this endpoint"),
        "{e}"
    );
}

#[test]
fn group_rule_over_a_required_field() {
    let src = spec(
        "",
        "      a: { type: string, doc: A. }\n    rules:\n      - { at_most_one_of: [a, ref], doc: One. }",
        "",
    );
    assert!(errors(&src).0[0]
        .message
        .contains("contradictory rule: `ref` is required"));
}

#[test]
fn broken_yaml_and_wrong_shapes() {
    let e = errors("paybind: 1\ngateway: [unclosed\n");
    assert!(e.0[0].message.contains("not valid YAML"), "{e}");
    let e = errors("paybind: 2\ngateway: 3\nendpoints: {}\n");
    let text = e.to_string();
    assert!(text.contains("version `2` is not supported"), "{text}");
    assert!(
        text.contains("spec/demo.yaml:2:10: `gateway`: expected a mapping"),
        "{text}"
    );
}

#[test]
fn sensitive_non_string() {
    let src = spec(
        "",
        "      n: { type: integer, sensitive: cvv, doc: X. }",
        "",
    );
    assert!(errors(&src).0[0]
        .message
        .contains("only string fields can be sensitive"));
}

#[test]
fn money_moving_call_without_lookup() {
    let src = spec("", "", "").replace(
        "    response: Answer\n",
        "    response: Answer\n    moves_money: true\n",
    );
    assert!(errors(&src).0[0].message.contains("needs `lookup`"));
}

#[test]
fn no_input_makes_it_panic() {
    // Truncations of a valid spec at every line: each is an error or a success, never a panic.
    let src = spec("", "      a: { type: string, doc: A. }", "");
    let lines: Vec<&str> = src.lines().collect();
    for n in 0..lines.len() {
        let cut = lines[..n].join("\n");
        let _ = generate_str("spec/demo.yaml", &cut);
    }
}

#[test]
fn unused_object() {
    let src = spec("  Orphan:\n    kind: object\n    doc: Nobody uses it.\n    fields:\n      x: { type: string, doc: X. }", "", "");
    let e = errors(&src);
    assert_eq!(e.0[0].pos.line, line_of(&src, "Orphan:"));
    assert!(e.0[0].message.contains("used by no endpoint"), "{e}");
}

#[test]
fn variants_that_cannot_be_told_apart() {
    let src = spec("", "", "")
        + r#"  thing/finish:
    doc: Finishes.
    response: Answer
    variants:
      short:
        doc: Short.
        params:
          ref: { type: string, required: true, doc: A reference. }
      long:
        doc: Long.
        params:
          ref: { type: string, required: true, doc: A reference. }
          code: { type: string, required: true, doc: A code. }
"#;
    let e = errors(&src);
    let text = e.to_string();
    assert!(
        text.contains(
            "variant `ThingFinishShort` would also read the requests of `ThingFinishLong`"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "spec/demo.yaml:{}:",
            line_of(&src, "thing/finish:")
        )),
        "{text}"
    );
}

#[test]
fn placeholder_inside_a_segment() {
    let src = spec("", "", "")
        + r#"  thing/do-{ref}:
    doc: Does it to one thing.
    response: Answer
    params:
      ref: { type: string, required: true, doc: A reference. }
"#;
    let text = errors(&src).to_string();
    assert!(text.contains("is a whole path segment"), "{text}");
    assert!(text.contains("`endpoints.thing/do-{ref}`"), "{text}");
}

#[test]
fn aliases_name_new_wire_names_of_body_parameters() {
    let src = spec(
        "",
        "      url: { type: url, aliases: [other_url, ref], doc: U. }\n      other_url: { type: url, doc: V. }",
        "",
    );
    let e = errors(&src);
    let messages: Vec<&str> = e.0.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the alias `other_url` of `url` is the wire name of `other_url`",
            "the alias `ref` of `url` is the wire name of `ref`",
        ],
        "{e}"
    );
    assert_eq!(e.0[0].key, "endpoints.thing/do.params.url.aliases");
    assert_eq!(e.0[0].pos.line, line_of(&src, "aliases:"));

    let src = spec(
        "",
        "      url: { type: url, aliases: [url, u2, u2], doc: U. }",
        "",
    );
    let e = errors(&src);
    let messages: Vec<&str> = e.0.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`url` is the parameter's own wire name, not an alias",
            "the alias `u2` is listed twice",
        ],
        "{e}"
    );

    // An answer's field is read by serde under its name: no alias there.
    let src = spec("", "", "").replace(
        "      ok: { type: flag, doc: Ok. }",
        "      ok: { type: flag, aliases: [okay], doc: Ok. }",
    );
    let e = errors(&src);
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].key, "types.Answer.fields.ok.aliases");
    assert!(
        e.0[0]
            .message
            .contains("`aliases` apply to endpoint parameters"),
        "{e}"
    );
}

#[test]
fn one_of_required_with_names_two_fields_or_more_none_of_them_a_trigger() {
    let fields = "      a: { type: string, doc: A. }\n      b: { type: string, doc: B. }\n      c: { type: url, doc: C. }";
    let with = |rule: &str| format!("{fields}\n    rules:\n      - {rule}\n        doc: A rule.");
    let e = errors(&spec(
        "",
        &with("one_of_required_with: { one_of: [a], any_of: [c] }"),
        "",
    ));
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(
        e.0[0].key,
        "endpoints.thing/do.rules[0].one_of_required_with.one_of"
    );
    assert!(
        e.0[0]
            .message
            .contains("`one_of` names at least two fields"),
        "{e}"
    );
    let e = errors(&spec(
        "",
        &with("one_of_required_with: { one_of: [a, c], any_of: [c] }"),
        "",
    ));
    assert_eq!(e.0.len(), 1, "{e}");
    assert!(
        e.0[0]
            .message
            .contains("`c` is in both `one_of` and `any_of`"),
        "{e}"
    );
    let e = errors(&spec(
        "",
        &with("one_of_required_with: { one_of: [a, b], any_of: [d] }"),
        "",
    ));
    assert!(
        e.0[0]
            .message
            .contains("`d` is not a parameter of this endpoint"),
        "{e}"
    );
    let ok = spec(
        "",
        &with("one_of_required_with: { one_of: [a, b], any_of: [c] }"),
        "",
    );
    assert!(paybind_codegen::generate_str("spec/demo.yaml", &ok).is_ok());
}

/// The `Answer` of the minimal spec with more fields, an `outcome:` list, and an enum.
fn with_outcome(cases: &str) -> String {
    let types = format!(
        "      state: {{ type: State, doc: S. }}
      code: {{ type: return_code, doc: C. }}
      url: {{ type: url, doc: U. }}
      alias: {{ type: string, sensitive: token, doc: A. }}
      tags: {{ type: list, items: State, doc: T. }}
      n: {{ type: integer, doc: N. }}
    outcome:
{cases}
  State:
    kind: enum
    doc: A state.
    values:
      PAID: {{ name: Paid, doc: Paid }}"
    );
    spec(&types, "", "")
}

/// Each mistake in an `outcome:` case is one error naming the case's key and the rule.
#[test]
fn outcome_cases_are_checked() {
    let cases = [
        ("      - { is: paid }", ".outcome[0].is", "unknown outcome `paid`; expected one of: succeeded, authorized, action_required, pending, declined, cancelled, unknown"),
        ("      - { is: action_required, html: url }", ".outcome[0].action", "`action_required` names its `action`"),
        ("      - { is: action_required, action: three_ds_v4, html: url }", ".outcome[0].action", "unknown action `three_ds_v4`; expected one of: three_ds_v1, three_ds_v2, three_ds, payment_page"),
        ("      - { is: action_required, action: three_ds }", ".outcome[0]", "`action_required` has exactly one of `redirect` or `html`"),
        ("      - { is: succeeded, when: { field: nope, present: true } }", ".outcome[0].when", "`nope`: `Answer` has no field `nope`"),
        ("      - { is: succeeded, when: { field: ok.x, present: true } }", ".outcome[0].when", "`ok.x`: flag has no fields"),
        ("      - { is: succeeded, when: { field: alias, present: true } }", ".outcome[0].when", "`alias` is sensitive: an outcome never reads a secret, token or card number"),
        ("      - { is: succeeded, when: { field: tags, present: true } }", ".outcome[0].when", "`tags`: `tags` is a list; an outcome reads one value"),
        ("      - { is: succeeded, when: { field: state, equals: VOID } }", ".outcome[0].when", "`VOID` is no value of `State` (the type of `state`)"),
        ("      - { is: succeeded, when: { field: ok, equals: \"yes\" } }", ".outcome[0].when", "`ok` is flag: test it with `equals: \"1\"` or `equals: \"0\"`"),
        ("      - { is: succeeded, when: { field: n, equals: \"x\" } }", ".outcome[0].when", "`n` is integer: its values are whole numbers"),
        ("      - { is: succeeded, when: { field: state, category: success } }", ".outcome[0].when", "`category` tests a return code; `state` is enum State"),
        ("      - { is: succeeded, poll: { endpoint: thing/do, by: ref } }", ".outcome[0].poll", "`poll` does not apply to the outcome `succeeded`"),
        ("      - { is: pending, poll: { endpoint: nowhere, by: ref } }", ".outcome[0].poll", "`nowhere` is no endpoint of this spec"),
        ("      - { is: pending, poll: { endpoint: thing/do, by: id } }", ".outcome[0].poll.by", "`thing/do` has no parameter `id`"),
        ("      - { is: action_required, action: three_ds, redirect: { url: n } }", ".outcome[0].redirect.url", "`n` is integer; this needs text"),
        ("      - { is: declined, code: n }", ".outcome[0].code", "a code is text, an enum or a return code; `n` is integer"),
    ];
    for (case, key, message) in cases {
        let src = with_outcome(case);
        let e = errors(&src);
        assert_eq!(e.0.len(), 1, "{case}: {e}");
        assert_eq!(e.0[0].key, format!("types.Answer{key}"), "{case}: {e}");
        assert_eq!(e.0[0].message, message, "{case}");
        assert_eq!(e.0[0].pos.line, line_of(&src, case.trim()), "{case}");
    }
    // The same shapes, right, generate.
    let fine = "      - { is: action_required, action: three_ds, redirect: { url: url }, when: { field: state, equals: PAID } }
      - { is: pending, poll: { endpoint: thing/do, by: ref, value: url }, when: { field: code, category: [pending, technical] } }
      - { is: declined, code: code, message: url, category: fraud, when: [{ field: ok, equals: \"0\" }, { field: n, in: [\"1\", \"2\"] }] }
      - { is: succeeded }";
    generate_str("spec/demo.yaml", &with_outcome(fine)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn outcome_is_for_answers_and_objects() {
    let sent = spec(
        "  Sub:
    kind: object
    encoding: json
    doc: A sub-form.
    fields:
      a: { type: string, doc: A. }
    outcome:
      - { is: succeeded }",
        "      sub: { type: Sub, doc: S. }",
        "",
    );
    let e = errors(&sent);
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].key, "types.Sub.outcome");
    assert_eq!(
        e.0[0].message,
        "`outcome` is for answers: no endpoint answers with this type"
    );
    let on_enum = spec(
        "  E:
    kind: enum
    doc: E.
    values:
      A: { name: A, doc: A }
    outcome: []",
        "      e: { type: E, doc: E. }",
        "",
    );
    let e = errors(&on_enum);
    assert!(
        e.to_string()
            .contains("an enum has `values`, not `fields`, `encoding` or `outcome`"),
        "{e}"
    );
}

/// The minimal spec with a `payments:` section; `thing/do` takes `ref` (required), and
/// `more` endpoints may be spliced in.
fn with_payments(section: &str, more: &str) -> String {
    let src = spec(
        "    outcome:\n      - { is: succeeded, when: { field: ok, equals: \"1\" } }",
        &format!(
            "      amount: {{ type: amount, doc: A. }}
      id: {{ type: string, doc: I. }}
      secret: {{ type: string, sensitive: token, doc: S. }}
{more}"
        ),
        "",
    );
    format!("{src}payments:\n  doc: The common operations.\n{section}")
}

/// Each mistake in `payments:` is one error naming the operation's key and the rule.
#[test]
fn payment_operations_are_checked() {
    let other = "  thing/other:
    doc: Another thing.
    response: Answer
    params:
      ref: { type: string, required: true, doc: R. }
      extra: { type: string, required: true, doc: E. }
      total: { type: money, doc: T. }
  thing/text:
    doc: Text.
    response: text
    params:
      ref: { type: string, required: true, doc: R. }";
    let cases = [
        (
            "  status: { endpoint: nowhere, reference: ref }",
            "payments.status.endpoint",
            "`nowhere` is no endpoint of this spec",
        ),
        (
            "  status: { endpoint: thing/do }",
            "payments.status",
            "`status` names its `reference` parameter",
        ),
        (
            "  refund: { endpoint: thing/do, reference: ref }",
            "payments.refund",
            "`refund` names its `amount` parameter",
        ),
        (
            "  status: { endpoint: thing/do, reference: nope }",
            "payments.status.reference",
            "`thing/do` has no parameter `nope`",
        ),
        (
            "  status: { endpoint: thing/do, reference: secret }",
            "payments.status.reference",
            "`secret` is not a plain text parameter",
        ),
        (
            "  refund: { endpoint: thing/do, reference: ref, amount: amount }",
            "payments.refund.amount",
            "`amount` is in minor units of no stated currency: give `payments.currency`",
        ),
        (
            "  refund: { endpoint: thing/do, reference: ref, amount: id }",
            "payments.refund.amount",
            "`id` is not an amount this operation can fill",
        ),
        (
            "  cancel: { endpoint: thing/other, reference: ref, amount: total }",
            "payments.cancel.amount",
            "`total` is not an amount this operation can fill",
        ),
        (
            "  sale: { endpoint: thing/do, amount: amount }",
            "payments.sale.amount",
            "`sale` and `authorize` take the gateway's own request: `amount` does not apply",
        ),
        (
            "  status: { endpoint: thing/do, reference: ref, refund_reference: id }",
            "payments.status.refund_reference",
            "`refund_reference` does not apply to `status`",
        ),
        (
            "  refund: { endpoint: thing/other, reference: ref, amount: total, answer: ok }",
            "payments.refund.answer",
            "`answer` does not apply to `refund`",
        ),
        (
            "  status: { endpoint: thing/other, reference: ref }",
            "payments.status",
            "`thing/other` requires `extra`, which `status` cannot fill",
        ),
        (
            "  status: { endpoint: thing/text, reference: ref }",
            "payments.status",
            "`thing/text` answers text: no outcome",
        ),
        (
            "  status: { endpoint: thing/do, reference: ref, answer: nope }",
            "payments.status.answer",
            "`Answer` has no field `nope`",
        ),
        (
            "  status: { endpoint: thing/do, reference: ref, answer: ok }",
            "payments.status.answer",
            "`ok` holds no object with an `outcome:`",
        ),
        (
            "  sale: { endpoint: thing/do, id: nope }",
            "payments.sale.id",
            "`nope`: `Answer` has no field `nope`",
        ),
        (
            "  sale: { endpoint: thing/do, id: ok }",
            "payments.sale.id",
            "`ok` is flag; an id is text",
        ),
    ];
    for (section, key, message) in cases {
        let src = with_payments(section, other);
        let e = errors(&src);
        assert_eq!(e.0.len(), 1, "{section}: {e}");
        assert_eq!(e.0[0].key, key, "{section}: {e}");
        assert_eq!(e.0[0].message, message, "{section}");
    }
    // An answer without `outcome:` says nothing an operation could return.
    let bare = spec("", "", "")
        + "payments:\n  doc: D.\n  status: { endpoint: thing/do, reference: ref }\n";
    let e = errors(&bare);
    assert_eq!(
        e.0[0].message,
        "`Answer` has no `outcome:`: what its answers mean is not said"
    );
    // Right, they generate.
    let fine = "  currency: EUR
  sale: { endpoint: thing/do }
  refund: { endpoint: thing/do, reference: ref, amount: amount, refund_reference: id }
  capture: { endpoint: thing/other, reference: ref, amount: total, id: extra }
  status: { endpoint: thing/do, reference: ref, id: id }";
    generate_str("spec/demo.yaml", &with_payments(fine, other)).unwrap_or_else(|e| panic!("{e}"));
}

/// `payments.callback` needs a callback that says what it means, and names the payment by
/// fields the callback signs.
#[test]
fn the_common_callback_is_checked() {
    let e = errors(&with_payments("  callback: { id: id }", ""));
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].key, "payments.callback");
    assert_eq!(
        e.0[0].message,
        "`payments.callback` needs a `gateway.callback` with `outcome:`"
    );
    let path = format!("{}/tests/specs/callbacks.yaml", env!("CARGO_MANIFEST_DIR"));
    let callbacks = std::fs::read_to_string(&path).expect("callbacks.yaml");
    for (named, message) in [
        (
            "{ id: note }",
            "`note` is no signed text field of the callback",
        ),
        (
            "{ id: amount }",
            "`amount` is no signed text field of the callback",
        ),
        (
            "{ reference: nope }",
            "`nope` is no signed text field of the callback",
        ),
    ] {
        let src = callbacks.replace("callback: { id: paymentId }", &format!("callback: {named}"));
        let e = errors(&src);
        assert_eq!(e.0.len(), 1, "{named}: {e}");
        assert_eq!(e.0[0].message, message, "{named}");
        assert_eq!(e.0[0].pos.line, line_of(&src, named), "{named}");
    }
}

/// A status read from a field of the answer needs that field's object to say what it means.
#[test]
fn a_status_answer_field_without_an_outcome() {
    let types = "      sub: { type: Sub, doc: S. }
    outcome:
      - { is: succeeded, when: { field: ok, equals: \"1\" } }
  Sub:
    kind: object
    doc: A sub-object.
    fields:
      a: { type: string, doc: A. }";
    let src = spec(types, "", "")
        + "payments:\n  doc: D.\n  status: { endpoint: thing/do, reference: ref, answer: sub }\n";
    let e = errors(&src);
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].key, "payments.status.answer");
    assert_eq!(e.0[0].message, "`sub` holds no object with an `outcome:`");
}

/// The one clash error about the name `name`: its line, key and message.
fn clash_at(e: &SpecErrors, name: &str) -> (usize, String, String) {
    let found: Vec<_> =
        e.0.iter()
            .filter(|x| x.message.contains(&format!(" named `{name}`;")))
            .collect();
    assert_eq!(found.len(), 1, "{e}");
    let x = found[0];
    (x.pos.line, x.key.clone(), x.message.clone())
}

#[test]
fn a_type_named_like_an_item_of_every_gateway_module_is_refused() {
    for (name, item) in [
        ("Client", "the generated client `Client`"),
        ("ReturnCode", "the generated return code enum `ReturnCode`"),
        ("Error", "the generated error type `Error`"),
        ("Incoming", "the generated incoming request enum `Incoming`"),
        ("Option", "`Option` of Rust's prelude"),
    ] {
        let types = format!(
            "  {name}:\n    kind: enum\n    doc: A kind.\n    values:\n      A: {{ name: A, doc: A. }}"
        );
        let src = spec(
            &types,
            &format!("      kind: {{ type: {name}, doc: X. }}"),
            "",
        );
        let e = errors(&src);
        let (line, key, message) = clash_at(&e, name);
        assert_eq!(line, line_of(&src, &format!("  {name}:")), "{e}");
        assert_eq!(key, format!("types.{name}"));
        assert!(
            message.starts_with(&format!("enum `{name}` clashes with {item}")),
            "{message}"
        );
    }
}

#[test]
fn a_type_named_like_a_request_builder_is_refused() {
    let types = "  ThingDoBuilder:\n    kind: object\n    encoding: json\n    doc: A sub-form.\n    fields:\n      x: { type: string, doc: X. }";
    let src = spec(types, "      extra: { type: ThingDoBuilder, doc: X. }", "");
    let e = errors(&src);
    let (line, key, message) = clash_at(&e, "ThingDoBuilder");
    assert_eq!(line, line_of(&src, "  thing/do:"), "{e}");
    assert_eq!(key, "endpoints.thing/do");
    assert_eq!(
        message,
        format!(
            "the builder `ThingDoBuilder` of request type `ThingDo` clashes with type \
             `ThingDoBuilder` (line {}): the module cannot have two items named \
             `ThingDoBuilder`; rename one",
            line_of(&src, "  ThingDoBuilder:")
        )
    );
}

#[test]
fn a_type_named_like_another_types_builder_is_refused() {
    let types = "  Sale:\n    kind: object\n    encoding: json\n    doc: A sub-form.\n    fields:\n      x: { type: string, doc: X. }\n  SaleBuilder:\n    kind: object\n    encoding: json\n    doc: Another.\n    fields:\n      y: { type: string, doc: Y. }";
    let params = "      sale: { type: Sale, doc: X. }\n      other: { type: SaleBuilder, doc: Y. }";
    let src = spec(types, params, "");
    let e = errors(&src);
    let (line, key, message) = clash_at(&e, "SaleBuilder");
    assert_eq!(line, line_of(&src, "  SaleBuilder:"), "{e}");
    assert_eq!(key, "types.SaleBuilder");
    assert!(
        message.starts_with(&format!(
            "type `SaleBuilder` clashes with the builder `SaleBuilder` of type `Sale` (line {})",
            line_of(&src, "  Sale:")
        )),
        "{message}"
    );
}

#[test]
fn two_requests_whose_builder_modules_meet_are_refused() {
    // `thing/v2` variant `x` is `ThingV2X`, `thing/v2x` is `ThingV2x`: two types, but one
    // `thing_v2x_builder` module for their builders' states.
    let src = spec("", "", "")
        + r#"  thing/v2:
    doc: Version 2.
    response: Answer
    variants:
      x:
        doc: The x form.
        params:
          ref: { type: string, required: true, doc: A reference. }
      y:
        doc: The y form.
        params:
          ref: { type: string, required: true, doc: A reference. }
          code: { type: string, required: true, doc: A code. }
  thing/v2x:
    doc: Version 2x.
    response: Answer
    params:
      ref: { type: string, required: true, doc: A reference. }
"#;
    let e = errors(&src);
    let (line, key, message) = clash_at(&e, "thing_v2x_builder");
    assert_eq!(line, line_of(&src, "  thing/v2x:"), "{e}");
    assert_eq!(key, "endpoints.thing/v2x");
    assert!(
        message.starts_with(&format!(
            "the builder state module `thing_v2x_builder` of request type `ThingV2x` clashes \
             with the builder state module `thing_v2x_builder` of request type `ThingV2X` \
             (line {})",
            line_of(&src, "      x:")
        )),
        "{message}"
    );
}

/// `Brand`, `Target` and `Callback` are free in a module without brands, a target or a
/// callback; with brands, `Brand` is taken.
#[test]
fn brand_target_and_callback_are_taken_only_where_the_module_has_them() {
    let kinds = "    kind: enum\n    doc: A kind.\n    values:\n      A: { name: A, doc: A. }";
    for name in ["Brand", "Target", "Callback"] {
        let types = format!("  {name}:\n{kinds}");
        let src = spec(
            &types,
            &format!("      kind: {{ type: {name}, doc: X. }}"),
            "",
        );
        generate_str("spec/demo.yaml", &src).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let path = format!("{}/tests/specs/brands.yaml", env!("CARGO_MANIFEST_DIR"));
    let branded = std::fs::read_to_string(&path).expect("brands.yaml");
    let src = branded
        .replacen("types:\n", &format!("types:\n  Brand:\n{kinds}\n"), 1)
        .replacen(
            "    params:\n",
            "    params:\n      kind: { type: Brand, doc: X. }\n",
            1,
        );
    let e = errors(&src);
    let (line, key, message) = clash_at(&e, "Brand");
    assert_eq!(line, line_of(&src, "  Brand:"), "{e}");
    assert_eq!(key, "types.Brand");
    assert!(
        message.starts_with("enum `Brand` clashes with the generated brand enum `Brand`"),
        "{message}"
    );
}

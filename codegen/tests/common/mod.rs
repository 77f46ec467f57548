//! What the generator's test files share: one minimal valid spec to splice items into.

/// A minimal valid spec; `{types}`, `{endpoint_params}` (which may also add `rules:` to
/// `thing/do`, or further endpoints) and `{codes}` are spliced in.
pub fn spec(types: &str, endpoint_params: &str, codes: &str) -> String {
    format!(
        r#"paybind: 1
gateway:
  id: demo
  title: Demo
  source: demo.txt
  doc: A demo gateway.
  request_encoding: form
  response_encoding: json
  environments:
    production: {{ url: "https://demo.example/rest", doc: Production. }}
  credentials:
    key: {{ type: string, sensitive: secret, doc: Key. }}
  refusal:
    doc: ok 0 is a refusal.
    when: {{ field: ok, equals: "0" }}
    code: code
    message: message
  return_codes:
    - {{ code: "000", name: Ok, category: success, doc: Fine }}
{codes}
types:
  Answer:
    kind: object
    doc: An answer.
    fields:
      ok: {{ type: flag, doc: Ok. }}
{types}
endpoints:
  thing/do:
    doc: Does a thing.
    response: Answer
    params:
      ref: {{ type: string, required: true, doc: A reference. }}
{endpoint_params}
"#
    )
}

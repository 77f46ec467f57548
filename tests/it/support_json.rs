//! Comparing an encoded JSON answer with a document's example.

use serde_json::Value;

/// Checks that `written` says what `example` says: each key it writes is the example's, with
/// the example's value (a scalar compared as text, so `1` and `"1"` differ only in type,
/// which is reported); pushes the example's keys it leaves out (as `file: path`) to
/// `left_out`.
pub fn written_as_documented(
    written: &Value,
    example: &Value,
    at: &str,
    left_out: &mut Vec<String>,
) {
    match (written, example) {
        (Value::Object(w), Value::Object(e)) => {
            for (k, wv) in w {
                let ev = e.get(k).unwrap_or_else(|| {
                    panic!("{at}: `{k}` is written but the example has no such key")
                });
                written_as_documented(wv, ev, &format!("{at}.{k}"), left_out);
            }
            for (k, ev) in e {
                if !w.contains_key(k) && !ev.is_null() {
                    left_out.push(format!("{at}.{k}"));
                }
            }
        }
        (Value::Array(w), Value::Array(e)) => {
            assert_eq!(w.len(), e.len(), "{at}: items");
            for (i, (wv, ev)) in w.iter().zip(e).enumerate() {
                written_as_documented(wv, ev, &format!("{at}[{i}]"), left_out);
            }
        }
        (w, e) => assert_eq!(w, e, "{at}: the value as written"),
    }
}

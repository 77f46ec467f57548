//! Request signatures: the lowercase hex SHA-1 of ordered parts, and constant-time checks.

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// The lowercase hex SHA-1 of `parts` concatenated, without building the concatenation.
pub fn sha1_hex(parts: &[&str]) -> String {
    sha1_hex_inline(parts).as_str().to_string()
}

/// A lowercase hex SHA-1, held inline (no allocation).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Sha1Hex([u8; 40]);

impl Sha1Hex {
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written into it.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Debug for Sha1Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Like [`sha1_hex`], without allocating: what a request's encoding sends.
pub fn sha1_hex_inline(parts: &[&str]) -> Sha1Hex {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha1::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    let mut out = [0u8; 40];
    for (pair, b) in out.chunks_exact_mut(2).zip(h.finalize()) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 15)];
    }
    Sha1Hex(out)
}

/// The lowercase hex SHA-1 of the values of `pairs` sorted by key (leaving out `exclude`),
/// then `tail`, all joined with `separator`.
pub fn sha1_hex_sorted(
    pairs: &[(String, String)],
    exclude: &str,
    separator: &str,
    tail: &[&str],
) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != exclude).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut parts: Vec<&str> = Vec::with_capacity(2 * (sorted.len() + tail.len()));
    for (i, v) in sorted
        .iter()
        .map(|(_, v)| v.as_str())
        .chain(tail.iter().copied())
        .enumerate()
    {
        if i > 0 {
            parts.push(separator);
        }
        parts.push(v);
    }
    sha1_hex(&parts)
}

/// Compares a received secret (a key, a token) with the expected one exactly, in time that
/// depends on neither value: their SHA-1 digests are compared with `subtle`, so that not even
/// the length of the expected secret shows.
pub fn verify_secret(expected: &str, received: &str) -> bool {
    let (e, r) = (
        Sha1::digest(expected.as_bytes()),
        Sha1::digest(received.as_bytes()),
    );
    bool::from(e.as_slice().ct_eq(r.as_slice()))
}

/// Compares a received hex signature with the expected one in constant time (ASCII case of
/// the received value is ignored).
pub fn verify_hex(expected: &str, received: &str) -> bool {
    if expected.len() != received.len() {
        return false;
    }
    let mut lowered = [0u8; 128];
    let n = received.len().min(lowered.len());
    for (d, s) in lowered.iter_mut().zip(received.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    n == received.len() && bool::from(expected.as_bytes().ct_eq(&lowered[..n]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_digest_debugs_as_its_hex() {
        // printf 'abc' | sha1sum
        let h = sha1_hex_inline(&["a", "bc"]);
        assert_eq!(format!("{h:?}"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn known_digests() {
        // printf 'abc' | sha1sum
        assert_eq!(
            sha1_hex(&["abc"]),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            sha1_hex(&["a", "b", "c"]),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(sha1_hex(&[]), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    #[test]
    fn sorted_values() {
        let pairs = vec![
            ("b".to_string(), "2".to_string()),
            ("a".to_string(), "1".to_string()),
            ("sig".to_string(), "x".to_string()),
        ];
        // printf '1+2+secret' | sha1sum
        assert_eq!(
            sha1_hex_sorted(&pairs, "sig", "+", &["secret"]),
            sha1_hex(&["1+2+secret"])
        );
    }

    #[test]
    fn verification() {
        let e = "a9993e364706816aba3e25717850c26c9cd0d89d";
        assert!(verify_hex(e, e));
        assert!(verify_hex(e, &e.to_uppercase()));
        assert!(!verify_hex(e, "a9993e364706816aba3e25717850c26c9cd0d89e"));
        assert!(!verify_hex(e, "a9993e"));
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(verify_secret("SIM-KEY-6RLl4F", "SIM-KEY-6RLl4F"));
        assert!(!verify_secret("SIM-KEY-6RLl4F", "sim-key-6rll4f"));
        assert!(!verify_secret("SIM-KEY-6RLl4F", "SIM-KEY-6RLl4"));
        assert!(!verify_secret("SIM-KEY-6RLl4F", ""));
    }
}

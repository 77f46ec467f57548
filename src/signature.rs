//! Request signatures: the lowercase hex SHA-1 of ordered parts, and constant-time checks.

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// The lowercase hex SHA-1 of `parts` concatenated, without building the concatenation.
pub fn sha1_hex(parts: &[&str]) -> String {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(40);
    for b in digest {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
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
    fn verification() {
        let e = "a9993e364706816aba3e25717850c26c9cd0d89d";
        assert!(verify_hex(e, e));
        assert!(verify_hex(e, &e.to_uppercase()));
        assert!(!verify_hex(e, "a9993e364706816aba3e25717850c26c9cd0d89e"));
        assert!(!verify_hex(e, "a9993e"));
    }
}

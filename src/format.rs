//! Format checks for url, email and ip fields. Plain code, no regex.

/// An absolute http(s) URL with a host and no whitespace.
pub fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// One `@`, a non-empty local part, a domain with a dot, no whitespace.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_emails() {
        assert!(is_url("https://www.votresite.com/retour3ds.html"));
        assert!(is_url("http://127.0.0.1:8080"));
        assert!(!is_url("www.votresite.com"));
        assert!(!is_url("https://"));
        assert!(!is_url("https://a b.com"));
        assert!(is_email("tjanvier@comnpay.com"));
        assert!(!is_email("tjanvier.comnpay.com"));
        assert!(!is_email("a@b@c.com"));
        assert!(!is_email("a@com"));
    }
}

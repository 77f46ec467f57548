//! Callbacks the simulator sends: only to loopback hosts, never off the machine.

/// Whether the simulator may call `url` back: only loopback hosts (127.0.0.0/8, localhost,
/// `[::1]`). The simulator never sends traffic off the machine; callbacks to other hosts are
/// not sent.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    match url.host() {
        Some(url::Host::Domain(host)) => host == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Sends a form callback, if `url` is on loopback (PaynetEasy's and S-money's callbacks).
#[cfg_attr(not(any(feature = "payneteasy", feature = "smoney")), allow(dead_code))]
pub(crate) fn call_back(url: String, body: String) {
    if !is_loopback_url(&url) {
        return;
    }
    tokio::spawn(async move {
        let _ = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await;
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_loopback_urls_are_called_back() {
        for ok in [
            "http://127.0.0.1:8080/cb",
            "http://localhost/cb",
            "http://[::1]:9/x",
            "https://127.1.2.3/",
            "http://LOCALHOST:8080/cb",
            "http://[0:0:0:0:0:0:0:1]/cb",
        ] {
            assert!(super::is_loopback_url(ok), "{ok}");
        }
        for no in [
            "https://shop.example/cb",
            "http://10.0.0.1/cb",
            "http://127.0.0.1.evil.example/",
            "ftp://127.0.0.1/",
            "http://user@shop.example/",
            "http://127.0.0.1@shop.example/",
            "http://localhost.shop.example/",
            "not a url",
        ] {
            assert!(!super::is_loopback_url(no), "{no}");
        }
    }
}

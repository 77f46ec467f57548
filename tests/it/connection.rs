//! How a client connects: a `reqwest::Client` of the user's own, used as it is (its headers
//! and user agent reach the server, paybind's call timeout still applies); root
//! certificates and a client identity (mutual TLS) against a loopback TLS server whose
//! certificates are made here with rcgen; options that cannot be used refused when the
//! client is built, as a `BuildError` naming the option. The proxy is in
//! `tests/sim/connection.rs`, against the simulator.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paybind::comnpay::*;
use paybind::reqwest;
use paybind::{BuildError, Error as PbError};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::support::{Answer, Server};

const RECEIPT: &str = "<html>receipt</html>";

fn credentials() -> Credentials {
    Credentials::new("VAD-1", "KEY-1")
}

fn receipt() -> ReceiptGetHtml {
    ReceiptGetHtml::builder()
        .transaction_ref("ORDER-0001")
        .build()
}

#[tokio::test]
async fn a_client_of_your_own_is_used_as_it_is_within_the_call_timeout() {
    let late = Answer {
        delay: Duration::from_secs(3),
        ..Answer::json(RECEIPT)
    };
    let server = Server::start(vec![Answer::json(RECEIPT), Answer::json(RECEIPT), late]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-shop-id",
        reqwest::header::HeaderValue::from_static("shop-42"),
    );
    headers.insert(
        "x-api-key",
        reqwest::header::HeaderValue::from_static("SECRET-HEADER-77"),
    );
    let own = reqwest::Client::builder()
        .user_agent("shop-backend/7")
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("own client");
    let client = Client::builder(Environment::Homologation, credentials())
        .base_url(server.base_url())
        .http_client(own)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let paybinds = Client::builder(Environment::Homologation, credentials())
        .base_url(server.base_url())
        .build()
        .expect("client");
    assert_eq!(
        client.receipt_get_html(&receipt()).await.expect("receipt"),
        RECEIPT
    );
    paybinds
        .receipt_get_html(&receipt())
        .await
        .expect("receipt");
    let got = server.received();
    assert_eq!(got[0].header("user-agent"), "shop-backend/7");
    assert_eq!(got[0].header("x-shop-id"), "shop-42");
    assert!(
        got[1].header("user-agent").starts_with("paybind/"),
        "{got:?}"
    );
    assert_eq!(got[1].header("x-shop-id"), "");
    assert_eq!(got[0].header("x-api-key"), "SECRET-HEADER-77");
    // The client's Debug does not list your client's headers, which may hold a key.
    let shown = format!("{client:?}");
    assert!(shown.contains(r#"client: "<your own>""#), "{shown}");
    assert!(!shown.contains("SECRET-HEADER-77"), "{shown}");
    // The request is paybind's all the same: its form, its path.
    assert_eq!(got[0].path, "/rest/receipt/getHtml");
    assert_eq!(got[0].body, got[1].body);

    // The call's timeout applies to the client of your own, which has none.
    let started = std::time::Instant::now();
    let e = client.receipt_get_html(&receipt()).await.expect_err("late");
    assert!(
        matches!(&e, PbError::Transport(t) if t.source.is_timeout()),
        "{e:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn options_a_client_of_your_own_would_ignore_are_refused_by_name() {
    let own = || {
        Client::builder(Environment::Homologation, credentials())
            .http_client(reqwest::Client::new())
    };
    let proxy = reqwest::Proxy::all("http://127.0.0.1:3128").expect("proxy");
    let identity = reqwest::Identity::from_pem(&client_identity_pem()).expect("identity");
    for (built, option) in [
        (own().proxy(proxy).build(), "proxy"),
        (own().identity(identity).build(), "identity"),
        (
            own().connect_timeout(Duration::from_secs(1)).build(),
            "connect_timeout",
        ),
        (
            own().add_root_certificates_pem(ca().pem).build(),
            "add_root_certificates_pem",
        ),
    ] {
        let e = built.expect_err("refused");
        assert!(
            matches!(&e, BuildError::Option { option: o, .. } if *o == option),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            format!("client option `{option}`: has no effect on a client of your own (`http_client`): set it on that client")
        );
    }
}

#[test]
fn root_certificates_that_cannot_be_used_are_refused_by_name() {
    let builder = || Client::builder(Environment::Homologation, credentials());
    let not_der = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n";
    let unreadable = "-----BEGIN CERTIFICATE-----\n!!!not base 64!!!\n-----END CERTIFICATE-----\n";
    let certificate = reqwest::Certificate::from_pem(not_der.as_bytes()).expect("kept as is");
    for (built, option, problem) in [
        (
            builder()
                .add_root_certificates_pem("not a certificate")
                .build(),
            "add_root_certificates_pem",
            "the PEM text holds no certificate",
        ),
        (
            builder().add_root_certificates_pem(unreadable).build(),
            "add_root_certificates_pem",
            "the PEM text is not readable",
        ),
        (
            builder().add_root_certificates_pem(not_der).build(),
            "add_root_certificates_pem",
            "root certificate 1 is not usable",
        ),
        (
            builder()
                .add_root_certificates_pem(ca().pem)
                .add_root_certificate(certificate)
                .build(),
            "add_root_certificate",
            "root certificate 2 is not usable",
        ),
    ] {
        let e = built.expect_err("refused");
        let BuildError::Option {
            option: o,
            problem: p,
            ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!((*o, p.as_str()), (option, problem), "{e}");
        assert_eq!(
            e.to_string(),
            format!("client option `{option}`: {problem}")
        );
    }
}

/// A certificate authority made for the test.
struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
    pem: String,
}

fn ca() -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "paybind test CA");
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("CA");
    let pem = cert.pem();
    Ca { cert, key, pem }
}

/// A certificate signed by `ca` for `purpose`, and its key.
fn leaf(
    ca: &Ca,
    names: &[&str],
    purpose: ExtendedKeyUsagePurpose,
) -> (rcgen::Certificate, KeyPair) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, "paybind test");
    params.extended_key_usages = vec![purpose];
    let key = KeyPair::generate().expect("key");
    let cert = params.signed_by(&key, &ca.cert, &ca.key).expect("leaf");
    (cert, key)
}

/// A client certificate and its key in one PEM text, signed by a CA of its own.
fn client_identity_pem() -> Vec<u8> {
    let (cert, key) = leaf(
        &ca(),
        &["shop.example"],
        ExtendedKeyUsagePurpose::ClientAuth,
    );
    format!("{}{}", cert.pem(), key.serialize_pem()).into_bytes()
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A TLS server on loopback with a certificate for 127.0.0.1 signed by `ca`, answering
/// every request with [`RECEIPT`]; with `clients`, it asks for a client certificate signed
/// by that CA. Records, per connection that completed its handshake, whether the client
/// presented a certificate.
async fn tls_server(ca: &Ca, clients: Option<&Ca>) -> (SocketAddr, Arc<Mutex<Vec<bool>>>) {
    let (cert, key) = leaf(ca, &["127.0.0.1"], ExtendedKeyUsagePurpose::ServerAuth);
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let builder = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("versions");
    let builder = match clients {
        None => builder.with_no_client_auth(),
        Some(client_ca) => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(client_ca.cert.der().clone()).expect("root");
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                roots.into(),
                provider(),
            )
            .build()
            .expect("verifier");
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = builder
        .with_single_cert(vec![CertificateDer::from(cert.der().to_vec())], key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, record) = (acceptor.clone(), record.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let presented = tls.get_ref().1.peer_certificates().is_some();
                record.lock().expect("lock").push(presented);
                answer(&mut tls).await;
            });
        }
    });
    (addr, seen)
}

/// Reads one HTTP request (head and `content-length` body) and answers [`RECEIPT`].
async fn answer(stream: &mut (impl AsyncReadExt + AsyncWriteExt + Unpin)) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let Ok(n) = stream.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        got.extend_from_slice(&buf[..n]);
        if let Some(at) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&got[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while got.len() < head_end + length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    let reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{RECEIPT}",
        RECEIPT.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn https(addr: SocketAddr) -> ClientBuilder {
    Client::builder(Environment::Homologation, credentials())
        .base_url(format!("https://{addr}/rest"))
        .connect_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn a_root_certificate_added_is_trusted_and_only_then() {
    let ca = ca();
    let (addr, seen) = tls_server(&ca, None).await;
    let untrusting = https(addr).build().expect("client");
    let e = untrusting
        .receipt_get_html(&receipt())
        .await
        .expect_err("an unknown issuer");
    assert!(
        matches!(&e, PbError::Transport(t) if t.source.is_connect()),
        "{e:?}"
    );
    assert!(
        seen.lock().expect("lock").is_empty(),
        "no handshake completed"
    );

    let from_pem = https(addr)
        .add_root_certificates_pem(&ca.pem)
        .build()
        .expect("client");
    assert_eq!(
        from_pem
            .receipt_get_html(&receipt())
            .await
            .expect("trusted"),
        RECEIPT
    );
    let certificate = reqwest::Certificate::from_pem(ca.pem.as_bytes()).expect("certificate");
    let added = https(addr)
        .add_root_certificate(certificate)
        .build()
        .expect("client");
    assert_eq!(
        added.receipt_get_html(&receipt()).await.expect("trusted"),
        RECEIPT
    );
    assert_eq!(*seen.lock().expect("lock"), [false, false]);
}

#[tokio::test]
async fn an_identity_is_presented_for_mutual_tls() {
    let (server_ca, client_ca) = (ca(), ca());
    let (addr, seen) = tls_server(&server_ca, Some(&client_ca)).await;
    let anonymous = https(addr)
        .add_root_certificates_pem(&server_ca.pem)
        .build()
        .expect("client");
    anonymous
        .receipt_get_html(&receipt())
        .await
        .expect_err("the server asks for a certificate");
    let (cert, key) = leaf(
        &client_ca,
        &["shop.example"],
        ExtendedKeyUsagePurpose::ClientAuth,
    );
    let pem = format!("{}{}", cert.pem(), key.serialize_pem());
    let identity = reqwest::Identity::from_pem(pem.as_bytes()).expect("identity");
    let builder = https(addr)
        .add_root_certificates_pem(&server_ca.pem)
        .identity(identity);
    let shown = format!("{builder:?}");
    assert!(shown.contains(r#"identity: Some("<redacted>")"#), "{shown}");
    let known = builder.build().expect("client");
    assert_eq!(
        known
            .receipt_get_html(&receipt())
            .await
            .expect("mutual TLS"),
        RECEIPT
    );
    assert_eq!(
        *seen.lock().expect("lock"),
        [true],
        "one handshake, with a certificate"
    );
}

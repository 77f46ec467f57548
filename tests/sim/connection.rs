//! A proxy set on the client builder carries the calls: a tiny loopback HTTP proxy records
//! each request line and forwards the connection to the simulator.

use std::sync::{Arc, Mutex};

use paybind::comnpay::*;
use paybind::reqwest;
use paybind::sim::{Config, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A plain HTTP proxy on loopback: records the first request line of each connection, then
/// passes the connection on to `upstream` as it is (the simulator reads absolute-form
/// request targets).
async fn proxy(upstream: std::net::SocketAddr) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let lines = Arc::new(Mutex::new(Vec::new()));
    let record = lines.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n") {
                    match client.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let line = String::from_utf8_lossy(&head).trim_end().to_string();
                record.lock().expect("lock").push(line);
                let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else {
                    return;
                };
                if server.write_all(&head).await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    (url, lines)
}

#[tokio::test]
async fn a_proxy_set_on_the_builder_carries_the_calls() {
    let config = Config::default();
    let sim = Simulator::start(config.clone(), 0)
        .await
        .expect("simulator");
    let (proxy_url, lines) = proxy(sim.addr()).await;
    let client = Client::builder(
        Environment::Homologation,
        Credentials::new(config.comnpay_serial_number, config.comnpay_key),
    )
    .base_url(sim.comnpay_base_url())
    .proxy(reqwest::Proxy::http(&proxy_url).expect("proxy"))
    .build()
    .expect("client");
    let token = TokenCreate::builder()
        .card_type(TokenCardType::Cb)
        .card_number("4970100000000000")
        .card_expiration_date("2812".parse().expect("date"))
        .cvv("123")
        .origin("https://shop.example")
        .build();
    let created = client
        .token_create(&token)
        .await
        .expect("through the proxy");
    assert!(created.token.and_then(|t| t.token_ref).is_some());
    let lines = lines.lock().expect("lock").clone();
    assert_eq!(
        lines,
        [format!(
            "POST {}/token/create HTTP/1.1",
            sim.comnpay_base_url()
        )],
        "one call, in absolute form, through the proxy"
    );
}

//! A loopback HTTP server for tests: records every request and answers from a script.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub accept: String,
    pub authorization: String,
    pub path: String,
    /// The query string, without its `?`; empty when there is none.
    pub query: String,
    pub content_type: String,
    /// Every header, by lowercase name.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// The value of header `name` (lowercase), or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Answer {
    pub fn json(body: &str) -> Self {
        Answer {
            status: 200,
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    script: VecDeque<Answer>,
}

#[derive(Clone, Default)]
pub struct Server {
    inner: Arc<Mutex<Inner>>,
    pub addr: Option<SocketAddr>,
}

impl Server {
    /// Starts on an ephemeral loopback port; answers `script` in order.
    pub async fn start(script: Vec<Answer>) -> Server {
        let inner = Arc::new(Mutex::new(Inner {
            received: Vec::new(),
            script: script.into(),
        }));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            inner,
            addr: Some(addr),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/rest", self.addr.expect("started"))
    }

    /// Adds an answer at the end of the script.
    pub fn push(&self, answer: Answer) {
        self.inner.lock().expect("lock").script.push_back(answer);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().expect("lock").received.clone()
    }
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let answer = {
        let mut g = inner.lock().expect("lock");
        g.received.push(Received {
            method: method.to_string(),
            accept: header("accept"),
            authorization: header("authorization"),
            path: uri.path().to_string(),
            query: uri.query().unwrap_or("").to_string(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
                .collect(),
            content_type: headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string(),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        g.script.pop_front().unwrap_or(Answer {
            status: 500,
            body: "no scripted answer".into(),
            delay: Duration::ZERO,
        })
    };
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    (
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        answer.body,
    )
}

/// A complete 3DS v2 browser form, as the seed's example fills it.
pub fn browser() -> paybind::comnpay::Browser {
    paybind::comnpay::Browser::builder()
        .browser_accept_header("text/html")
        .browser_ip("192.168.14.10")
        .browser_java_enabled(true)
        .browser_language("fr")
        .browser_color_depth(24)
        .browser_screen_height(1080)
        .browser_screen_width(1920)
        .browser_tz(-120)
        .browser_user_agent("Mozilla/5.0")
        .challenge_window_size(paybind::comnpay::ChallengeWindowSize::FullScreen)
        .browser_javascript_enabled(true)
        .build()
}

/// The violations of a validation result, as (wire path, rule).
pub fn violations(r: Result<(), paybind::ValidationErrors>) -> Vec<(String, paybind::Rule)> {
    r.err()
        .map(|e| {
            e.violations
                .into_iter()
                .map(|v| (v.field, v.rule))
                .collect()
        })
        .unwrap_or_default()
}

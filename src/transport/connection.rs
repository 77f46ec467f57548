//! How a client reaches its gateway: the `reqwest::Client` paybind builds (with a proxy,
//! root certificates, a client identity for mutual TLS and a connect timeout of your
//! choosing), or one of your own, used as it is.

use std::fmt;
use std::time::Duration;

use crate::error::BuildError;

/// The HTTP connection options of a client: what each generated `ClientBuilder`'s
/// `http_client`, `proxy`, `add_root_certificate`, `add_root_certificates_pem`, `identity`
/// and `connect_timeout` set. Nothing is checked until the client is built: then a bad
/// option is a [`BuildError::Option`] naming it, never a panic.
///
/// ```
/// use paybind::comnpay::{Client, Credentials, Environment};
/// use paybind::BuildError;
///
/// let built = Client::builder(Environment::Homologation, Credentials::new("VAD-1", "key"))
///     .add_root_certificates_pem("not a certificate")
///     .build();
/// assert!(matches!(built, Err(BuildError::Option { option: "add_root_certificates_pem", .. })));
/// ```
#[derive(Clone, Default)]
pub struct Connection {
    client: Option<reqwest::Client>,
    proxies: Vec<reqwest::Proxy>,
    /// Each root, and the option that added it.
    roots: Vec<(&'static str, Root)>,
    identity: Option<reqwest::Identity>,
    connect_timeout: Option<Duration>,
}

#[derive(Clone)]
enum Root {
    Certificate(reqwest::Certificate),
    Pem(Vec<u8>),
}

impl fmt::Debug for Connection {
    /// Which options are set, never a key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("http_client", &self.client.as_ref().map(|_| "<your own>"))
            .field("proxies", &self.proxies.len())
            .field("root_certificates", &self.roots.len())
            .field("identity", &self.identity.as_ref().map(|_| "<redacted>"))
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

impl Connection {
    /// A `reqwest::Client` of your own, used as it is: its proxy, TLS roots and identity,
    /// default headers, user agent, pool and redirect policy. paybind still applies the
    /// client's timeout (`ClientBuilder::timeout`, default
    /// [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT)) to each call, but not its own TLS
    /// version floor nor its "never follow a redirect" policy: build yours with
    /// `redirect(reqwest::redirect::Policy::none())`, so that a payment is never sent again
    /// to wherever a 307 points. Any other option of this type is then refused when the
    /// client is built: it would have no effect on your client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// A proxy the calls go through (`reqwest::Proxy::all("http://proxy:3128")`, with
    /// `basic_auth` if it needs credentials). Several may be added, as reqwest allows.
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.proxies.push(proxy);
        self
    }

    /// A root certificate trusted besides the built-in ones (a corporate TLS proxy's, a
    /// private gateway's).
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.roots
            .push(("add_root_certificate", Root::Certificate(certificate)));
        self
    }

    /// The root certificates of a PEM text (one or more `BEGIN CERTIFICATE` blocks). A text
    /// that holds no certificate, or an unreadable one, is refused when the client is built.
    pub fn add_root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.roots.push((
            "add_root_certificates_pem",
            Root::Pem(pem.as_ref().to_vec()),
        ));
        self
    }

    /// The client certificate and key presented to the gateway (mutual TLS), e.g.
    /// `reqwest::Identity::from_pem` of a PEM holding both.
    pub fn identity(mut self, identity: reqwest::Identity) -> Self {
        self.identity = Some(identity);
        self
    }

    /// How long connecting (TCP and TLS) may take; by default the call's timeout, at most
    /// 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The client of your own, if any: refused if any other option is set.
    pub(super) fn own_client(&self) -> Result<Option<reqwest::Client>, BuildError> {
        let Some(client) = &self.client else {
            return Ok(None);
        };
        let other = [
            (!self.proxies.is_empty(), "proxy"),
            (self.identity.is_some(), "identity"),
            (self.connect_timeout.is_some(), "connect_timeout"),
        ]
        .into_iter()
        .find_map(|(set, option)| set.then_some(option))
        .or(self.roots.first().map(|(option, _)| *option));
        match other {
            Some(option) => Err(BuildError::Option {
                option,
                problem:
                    "has no effect on a client of your own (`http_client`): set it on that client"
                        .to_string(),
                source: None,
            }),
            None => Ok(Some(client.clone())),
        }
    }

    /// The options on a reqwest builder, `call_timeout` bounding the default connect timeout.
    pub(super) fn configure(
        &self,
        mut builder: reqwest::ClientBuilder,
        call_timeout: Duration,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        builder = builder.connect_timeout(
            self.connect_timeout
                .unwrap_or(call_timeout.min(Duration::from_secs(10))),
        );
        for proxy in &self.proxies {
            builder = builder.proxy(proxy.clone());
        }
        for certificate in self.certificates()? {
            builder = builder.add_root_certificate(certificate.1);
        }
        if let Some(identity) = &self.identity {
            builder = builder.identity(identity.clone());
        }
        Ok(builder)
    }

    /// Every root certificate, with the option that added it; PEM texts read.
    fn certificates(&self) -> Result<Vec<(&'static str, reqwest::Certificate)>, BuildError> {
        let mut out = Vec::with_capacity(self.roots.len());
        for (option, root) in &self.roots {
            match root {
                Root::Certificate(c) => out.push((*option, c.clone())),
                Root::Pem(pem) => {
                    let read = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                        BuildError::Option {
                            option,
                            problem: "the PEM text is not readable".to_string(),
                            source: Some(e),
                        }
                    })?;
                    if read.is_empty() {
                        return Err(BuildError::Option {
                            option,
                            problem: "the PEM text holds no certificate".to_string(),
                            source: None,
                        });
                    }
                    out.extend(read.into_iter().map(|c| (*option, c)));
                }
            }
        }
        Ok(out)
    }

    /// After reqwest refused to build a client: the option it could not use, found by
    /// building a client with each certificate and the identity alone.
    pub(super) fn diagnose(&self, error: reqwest::Error) -> BuildError {
        let alone = |b: reqwest::ClientBuilder| b.build().err();
        let certificates = self.certificates().unwrap_or_default();
        for (i, (option, certificate)) in certificates.into_iter().enumerate() {
            if let Some(e) = alone(reqwest::Client::builder().add_root_certificate(certificate)) {
                return BuildError::Option {
                    option,
                    problem: format!("root certificate {} is not usable", i + 1),
                    source: Some(e),
                };
            }
        }
        if let Some(identity) = &self.identity {
            if let Some(e) = alone(reqwest::Client::builder().identity(identity.clone())) {
                return BuildError::Option {
                    option: "identity",
                    problem: "the client certificate and key are not usable".to_string(),
                    source: Some(e),
                };
            }
        }
        BuildError::Http(error)
    }
}

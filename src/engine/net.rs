//! The one place that resolves names and opens connections. It carries the network seams that
//! tests use (DESIGN.md): `--dns-server` (where DNS questions go), `--ca-file` (extra trusted
//! roots) and `--ispdb-url`. Nothing else in the code knows it is under test. Every call takes a
//! deadline; nothing here waits longer than that.

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};
use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

mod http;
mod stream;
pub use http::{HttpError, HttpResponse, MAX_HTTP_REDIRECTS};
#[cfg(test)]
pub(crate) use stream::testing as stream_testing;
pub use stream::{DeadlineStream, TlsError, server_name};

/// Where the Thunderbird ISPDB lives (override with `--ispdb-url` / `MAILSETUP_ISPDB_URL`).
pub const DEFAULT_ISPDB_URL: &str = "https://autoconfig.thunderbird.net/v1.1/";
/// Environment variable with the same meaning as `--ispdb-url`.
pub const ENV_ISPDB_URL: &str = "MAILSETUP_ISPDB_URL";
/// Environment variable with the same meaning as `--dns-server` (`IP:PORT`).
pub const ENV_DNS_SERVER: &str = "MAILSETUP_DNS_SERVER";
/// Environment variable with the same meaning as `--ca-file`.
pub const ENV_CA_FILE: &str = "MAILSETUP_CA_FILE";

/// The network seams. The default is the real world: system DNS, system + Mozilla roots, the public ISPDB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetConfig {
    /// Send every DNS question to this server instead of the system's resolvers.
    pub dns_server: Option<SocketAddr>,
    /// Extra trusted root certificates (PEM), on top of the public and system roots.
    pub ca_file: Option<PathBuf>,
    /// ISPDB base URL; the domain is appended. `None` means [`DEFAULT_ISPDB_URL`].
    pub ispdb_url: Option<String>,
}

impl NetConfig {
    /// The seams as set in the environment (used by the GUI, which has no command line).
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.trim().is_empty());
        NetConfig {
            dns_server: var(ENV_DNS_SERVER).and_then(|v| v.trim().parse().ok()),
            ca_file: var(ENV_CA_FILE).map(PathBuf::from),
            ispdb_url: var(ENV_ISPDB_URL),
        }
    }

    /// The ISPDB base URL in effect, always ending in `/`.
    pub fn ispdb_url(&self) -> String {
        let url = self.ispdb_url.as_deref().unwrap_or(DEFAULT_ISPDB_URL);
        if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
    }
}

/// A network failure, classified for diagnosis. Host names are included; secrets never are.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum NetError {
    #[error("the name {host} does not exist in DNS")]
    DnsNotFound { host: String },
    #[error("no {record} records for {host}")]
    NoRecords { host: String, record: &'static str },
    #[error("DNS lookup of {host} failed: {detail}")]
    DnsFailed { host: String, detail: String },
    #[error("{what} {host} did not answer in time")]
    Timeout { what: &'static str, host: String },
    #[error("{host} port {port} refused the connection")]
    Refused { host: String, port: u16 },
    #[error("could not connect to {host} port {port}: {detail}")]
    Connect { host: String, port: u16, detail: String },
    #[error("cancelled")]
    Cancelled,
    #[error("cannot read the CA file {path}: {detail}")]
    BadCaFile { path: String, detail: String },
}

impl NetError {
    /// The error for people in `lang` where it is the user's to fix (a bad `--ca-file`); the
    /// technical text otherwise (network failures are explained by the diagnosis instead).
    pub fn message(&self, lang: crate::engine::i18n::Lang) -> String {
        match self {
            NetError::BadCaFile { path, detail } => crate::engine::i18n::tr_args(
                lang,
                "net-bad-ca-file",
                &[("path", path.clone().into()), ("detail", detail.clone().into())],
            ),
            other => other.to_string(),
        }
    }

    /// True when the failure was a deadline running out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, NetError::Timeout { .. })
    }
}

/// An MX record: lower preference wins.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MxRecord {
    pub preference: u16,
    /// Exchange host name, lower case, no trailing dot.
    pub host: String,
}

/// An SRV record (RFC 2782). A target of "." (empty here) means the service is not offered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    /// Target host name, lower case, no trailing dot; empty for ".".
    pub target: String,
}

/// Network access with the seams applied. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Net {
    config: NetConfig,
    roots: Arc<OnceLock<Result<Arc<RootCertStore>, NetError>>>,
}

impl Net {
    /// Network access configured by `config`.
    pub fn new(config: NetConfig) -> Self {
        Net { config, roots: Arc::default() }
    }

    /// The seams in effect.
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// A resolver for one lookup (resolvers are bound to the runtime that drives them).
    fn resolver(&self, timeout: Duration) -> Result<TokioResolver, NetError> {
        let provider = TokioRuntimeProvider::default();
        let mut builder = match self.config.dns_server {
            Some(addr) => {
                let mut server = NameServerConfig::udp_and_tcp(addr.ip());
                for connection in &mut server.connections {
                    connection.port = addr.port();
                }
                Resolver::builder_with_config(ResolverConfig::from_parts(None, vec![], vec![server]), provider)
            }
            None => Resolver::builder(provider)
                .map_err(|e| NetError::DnsFailed { host: "(system resolver)".into(), detail: e.to_string() })?,
        };
        let mut opts = ResolverOpts::default();
        opts.timeout = timeout.max(Duration::from_millis(50));
        opts.attempts = 2;
        opts.cache_size = 0;
        *builder.options_mut() = opts;
        builder.build().map_err(|e| NetError::DnsFailed { host: "(resolver)".into(), detail: e.to_string() })
    }

    /// Runs one async DNS query on a private single-threaded runtime, bounded by `deadline`.
    fn run_dns<T, F, Fut>(&self, host: &str, deadline: Instant, query: F) -> Result<T, NetError>
    where
        F: FnOnce(TokioResolver) -> Fut,
        Fut: std::future::Future<Output = Result<T, hickory_resolver::net::NetError>>,
    {
        let remaining =
            remaining(deadline).ok_or_else(|| NetError::Timeout { what: "DNS lookup of", host: host.into() })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| NetError::DnsFailed { host: host.into(), detail: e.to_string() })?;
        let resolver = self.resolver(remaining / 2)?;
        let result = runtime.block_on(async { tokio::time::timeout(remaining, query(resolver)).await });
        match result {
            Err(_) => Err(NetError::Timeout { what: "DNS lookup of", host: host.into() }),
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) if e.is_nx_domain() => Err(NetError::DnsNotFound { host: host.into() }),
            Ok(Err(e)) if e.is_no_records_found() => Err(NetError::NoRecords { host: host.into(), record: "matching" }),
            Ok(Err(hickory_resolver::net::NetError::Timeout)) => {
                Err(NetError::Timeout { what: "DNS lookup of", host: host.into() })
            }
            Ok(Err(e)) => Err(NetError::DnsFailed { host: host.into(), detail: e.to_string() }),
        }
    }

    /// The IP addresses of `host` (IPv4 first). An IP literal is returned as is.
    pub fn lookup_ip(&self, host: &str, deadline: Instant) -> Result<Vec<IpAddr>, NetError> {
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let fqdn = fqdn(host);
        let mut ips: Vec<IpAddr> = self
            .run_dns(host, deadline, |r| async move { r.lookup_ip(fqdn.as_str()).await.map(|l| l.iter().collect()) })?;
        ips.sort_by_key(|ip| ip.is_ipv6());
        if ips.is_empty() {
            return Err(NetError::NoRecords { host: host.into(), record: "A/AAAA" });
        }
        Ok(ips)
    }

    /// The MX records of `domain`, best (lowest preference) first.
    pub fn lookup_mx(&self, domain: &str, deadline: Instant) -> Result<Vec<MxRecord>, NetError> {
        let fqdn = fqdn(domain);
        let mut records: Vec<MxRecord> = self.run_dns(domain, deadline, |r| async move {
            r.mx_lookup(fqdn.as_str()).await.map(|l| {
                l.answers()
                    .iter()
                    .filter_map(|rec| match &rec.data {
                        RData::MX(mx) => {
                            Some(MxRecord { preference: mx.preference, host: normalize_name(&mx.exchange.to_string()) })
                        }
                        _ => None,
                    })
                    .collect()
            })
        })?;
        records.sort_by_key(|r| r.preference);
        if records.is_empty() {
            return Err(NetError::NoRecords { host: domain.into(), record: "MX" });
        }
        Ok(records)
    }

    /// The SRV records at `name` (e.g. `_imaps._tcp.example.com`), best (lowest priority, then highest weight) first.
    pub fn lookup_srv(&self, name: &str, deadline: Instant) -> Result<Vec<SrvRecord>, NetError> {
        let fqdn = fqdn(name);
        let mut records: Vec<SrvRecord> = self.run_dns(name, deadline, |r| async move {
            r.srv_lookup(fqdn.as_str()).await.map(|l| {
                l.answers()
                    .iter()
                    .filter_map(|rec| match &rec.data {
                        RData::SRV(srv) => Some(SrvRecord {
                            priority: srv.priority,
                            weight: srv.weight,
                            port: srv.port,
                            target: normalize_name(&srv.target.to_string()),
                        }),
                        _ => None,
                    })
                    .collect()
            })
        })?;
        records.sort_by_key(|r| (r.priority, std::cmp::Reverse(r.weight)));
        if records.is_empty() {
            return Err(NetError::NoRecords { host: name.into(), record: "SRV" });
        }
        Ok(records)
    }

    /// Raw answers of one record type as text lines (for the support report).
    pub fn lookup_text(&self, name: &str, record: RecordType, deadline: Instant) -> Result<Vec<String>, NetError> {
        let fqdn = fqdn(name);
        self.run_dns(name, deadline, |r| async move {
            r.lookup(fqdn.as_str(), record).await.map(|l| l.answers().iter().map(|rec| rec.data.to_string()).collect())
        })
    }

    /// Resolves `host` and connects to the first address that answers. Read and write timeouts
    /// are set to the time left before `deadline`; callers may tighten them per operation.
    pub fn connect_tcp(&self, host: &str, port: u16, deadline: Instant) -> Result<TcpStream, NetError> {
        let ips = self.lookup_ip(host, deadline)?;
        let mut last = NetError::Timeout { what: "the server", host: host.into() };
        for ip in ips {
            let Some(left) = remaining(deadline) else { break };
            match TcpStream::connect_timeout(&SocketAddr::new(ip, port), left) {
                Ok(stream) => {
                    let left = remaining(deadline).unwrap_or(Duration::from_millis(1));
                    stream.set_read_timeout(Some(left)).ok();
                    stream.set_write_timeout(Some(left)).ok();
                    stream.set_nodelay(true).ok();
                    return Ok(stream);
                }
                Err(e) => {
                    last = match e.kind() {
                        std::io::ErrorKind::ConnectionRefused => NetError::Refused { host: host.into(), port },
                        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                            NetError::Timeout { what: "the server", host: host.into() }
                        }
                        _ => NetError::Connect { host: host.into(), port, detail: e.to_string() },
                    }
                }
            }
        }
        Err(last)
    }

    /// Roots trusted for TLS: Mozilla's public roots, the system's roots, and `--ca-file`.
    pub fn trust_roots(&self) -> Result<Arc<RootCertStore>, NetError> {
        self.roots
            .get_or_init(|| {
                let mut store = RootCertStore::empty();
                store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                for cert in system_roots() {
                    let _ = store.add(cert.clone());
                }
                if let Some(path) = &self.config.ca_file {
                    for cert in read_ca_file(path)? {
                        store.add(cert).map_err(|e| NetError::BadCaFile {
                            path: path.display().to_string(),
                            detail: e.to_string(),
                        })?;
                    }
                }
                Ok(Arc::new(store))
            })
            .clone()
    }

    /// A rustls client configuration that verifies certificates against [`Net::trust_roots`].
    pub fn tls_client_config(&self) -> Result<Arc<rustls::ClientConfig>, NetError> {
        let roots = self.trust_roots()?;
        let config = rustls::ClientConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| NetError::Connect { host: String::new(), port: 0, detail: e.to_string() })?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}

/// The crypto provider used for every TLS connection (ring).
pub fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    static PROVIDER: OnceLock<Arc<rustls::crypto::CryptoProvider>> = OnceLock::new();
    PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())).clone()
}

/// Mozilla's public roots only: a certificate that chains to one of these was issued by a
/// public CA; one that only chains to a system root may come from an antivirus or proxy that
/// intercepts TLS.
pub fn public_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let mut store = RootCertStore::empty();
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            Arc::new(store)
        })
        .clone()
}

/// The operating system's trusted roots, loaded once.
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

/// Reads every certificate from a PEM file; an empty or unreadable file is an error.
pub fn read_ca_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, NetError> {
    let bad = |detail: String| NetError::BadCaFile { path: path.display().to_string(), detail };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| bad(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("no PEM certificates in the file".into()));
    }
    Ok(certs)
}

/// Time left until `deadline`, or `None` when it has passed.
pub fn remaining(deadline: Instant) -> Option<Duration> {
    deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
}

fn fqdn(name: &str) -> String {
    let name = name.trim().trim_end_matches('.');
    format!("{name}.")
}

fn normalize_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ispdb_url_defaults_to_thunderbird_and_gets_a_slash() {
        assert_eq!(NetConfig::default().ispdb_url(), DEFAULT_ISPDB_URL);
        let c = NetConfig { ispdb_url: Some("http://127.0.0.1:9/db".into()), ..Default::default() };
        assert_eq!(c.ispdb_url(), "http://127.0.0.1:9/db/");
    }

    #[test]
    fn ip_literals_need_no_dns() {
        let net = Net::default();
        let deadline = Instant::now() + Duration::from_secs(1);
        assert_eq!(net.lookup_ip("127.0.0.1", deadline).unwrap(), vec![IpAddr::from([127, 0, 0, 1])]);
        assert_eq!(net.lookup_ip("[::1]", deadline).unwrap(), vec!["::1".parse::<IpAddr>().unwrap()]);
    }

    #[test]
    fn a_refused_port_is_reported_as_refused() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let err = Net::default().connect_tcp("127.0.0.1", port, Instant::now() + Duration::from_secs(2)).unwrap_err();
        assert_eq!(err, NetError::Refused { host: "127.0.0.1".into(), port });
    }

    #[test]
    fn a_missing_ca_file_is_a_clear_error() {
        let net = Net::new(NetConfig { ca_file: Some("/nonexistent/ca.pem".into()), ..Default::default() });
        assert!(matches!(net.trust_roots(), Err(NetError::BadCaFile { .. })));
    }

    #[test]
    fn public_and_system_roots_are_loaded() {
        assert!(public_roots().len() > 50);
        assert!(Net::default().trust_roots().unwrap().len() >= public_roots().len());
    }
}

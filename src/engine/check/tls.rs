//! TLS for the checks: a rustls certificate verifier that wraps the standard WebPKI verification
//! and records what it saw (certificate subject, issuer, validity, SHA-256 fingerprint, whether
//! the name matched, which roots vouched for it) so the report can show it and the diagnosis can
//! explain a failure. Verification is always on. Extra trust comes only from `--ca-file` (through
//! [`Net::trust_roots`]) or from one certificate pinned by its SHA-256 fingerprint, an explicit
//! user act stored in [`Server::pinned_cert_sha256`](crate::engine::account::Server).
//!
//! NOTE: a pin is checked by fingerprint, not by adding the certificate as a root: rustls rejects a
//! self-signed CA:TRUE certificate used as a server certificate (`CaUsedAsEndEntity`) even when it
//! is a trusted root, and real-world self-signed certificates are usually CA:TRUE.

use crate::engine::net::{Net, NetError, crypto_provider, public_roots};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex, OnceLock};

/// What the TLS handshake showed, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFacts {
    /// `TLSv1.3`, `TLSv1.2` (empty when the handshake did not finish).
    pub protocol_version: String,
    /// The negotiated cipher suite, e.g. `TLS13_AES_256_GCM_SHA384`.
    pub cipher_suite: String,
    /// The server's certificate, when it sent one.
    pub certificate: Option<CertificateFacts>,
    /// True when the certificate names the host we connected to.
    pub hostname_matches: bool,
    /// Who vouched for the certificate.
    pub trust: Trust,
}

/// The facts of the server's own (end-entity) certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFacts {
    /// Subject distinguished name, e.g. `CN=imap.yandex.ru`.
    pub subject: String,
    /// Issuer distinguished name; for an antivirus that intercepts TLS this is its own CA.
    pub issuer: String,
    /// Validity start and end, RFC 3339 in UTC.
    pub not_before: String,
    pub not_after: String,
    /// SHA-256 of the DER certificate, lower-case hex (the form a pin is stored in).
    pub sha256: String,
    /// True when subject and issuer are the same (nobody else vouches for it).
    pub self_signed: bool,
    /// Host names and IP addresses the certificate is valid for.
    pub names: Vec<String>,
    /// How many certificates the server sent (its own plus intermediates).
    pub chain_length: usize,
}

/// Who vouched for a server certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    /// Not trusted (or not checked yet).
    #[default]
    Untrusted,
    /// Chains to a public CA (Mozilla's root list).
    PublicCa,
    /// Chains only to a root from the operating system store or `--ca-file`. Normal for company
    /// servers; for a big provider it means an antivirus or proxy is intercepting TLS.
    LocalRoot,
    /// Accepted because the user pinned exactly this certificate.
    Pinned,
}

/// Why a TLS connection was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TlsProblem {
    #[error("the certificate is not signed by a trusted authority{}", if *self_signed { " (self-signed)" } else { "" })]
    Untrusted { self_signed: bool },
    #[error("the certificate is for another name")]
    HostnameMismatch,
    #[error("the certificate has expired")]
    Expired,
    #[error("the certificate is not valid yet (is the computer's clock right?)")]
    NotYetValid,
    #[error("the certificate was rejected: {detail}")]
    Rejected { detail: String },
    #[error("TLS handshake failed: {detail}")]
    Handshake { detail: String },
}

/// What the verifier recorded during one handshake.
#[derive(Debug, Default)]
pub(crate) struct Capture {
    pub(crate) certificate: Option<CertificateFacts>,
    pub(crate) hostname_matches: bool,
    pub(crate) trust: Trust,
    pub(crate) problem: Option<TlsProblem>,
}

/// A verifier that runs the normal WebPKI checks against [`Net::trust_roots`], additionally
/// accepts one pinned certificate, and records what it saw.
#[derive(Debug)]
struct RecordingVerifier {
    trusted: Arc<WebPkiServerVerifier>,
    public: Arc<WebPkiServerVerifier>,
    pinned_sha256: Option<String>,
    capture: Arc<Mutex<Capture>>,
}

/// A rustls configuration for one connection plus the capture its verifier fills in.
pub(crate) fn client_config(
    net: &Net,
    pinned_sha256: Option<&str>,
) -> Result<(Arc<rustls::ClientConfig>, Arc<Mutex<Capture>>), NetError> {
    let provider = crypto_provider();
    let setup_error = |detail: String| NetError::Connect { host: String::new(), port: 0, detail };
    let trusted = WebPkiServerVerifier::builder_with_provider(net.trust_roots()?, provider.clone())
        .build()
        .map_err(|e| setup_error(e.to_string()))?;
    let capture = Arc::new(Mutex::new(Capture::default()));
    let verifier = RecordingVerifier {
        trusted,
        public: public_verifier().map_err(setup_error)?,
        pinned_sha256: pinned_sha256.and_then(normalize_fingerprint),
        capture: capture.clone(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| setup_error(e.to_string()))?
        .dangerous()
        // NOTE: "dangerous" is rustls's name for any custom verifier; this one runs the full
        // WebPKI verification first and only adds the user's explicit pin.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok((Arc::new(config), capture))
}

/// The verifier for "does this chain to a public CA", built once.
fn public_verifier() -> Result<Arc<WebPkiServerVerifier>, String> {
    static VERIFIER: OnceLock<Result<Arc<WebPkiServerVerifier>, String>> = OnceLock::new();
    VERIFIER
        .get_or_init(|| {
            WebPkiServerVerifier::builder_with_provider(public_roots(), crypto_provider())
                .build()
                .map_err(|e| e.to_string())
        })
        .clone()
}

/// Lower-case hex without separators, or `None` when the text is not a SHA-256 fingerprint.
/// Accepts the common spellings (`AB:CD:…`, spaces, upper case).
pub fn normalize_fingerprint(text: &str) -> Option<String> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect::<String>().to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// The SHA-256 fingerprint of a DER certificate, lower-case hex.
pub fn fingerprint_sha256(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the facts of a DER certificate (as much as parses; never fails).
pub fn certificate_facts(der: &[u8], chain_length: usize) -> CertificateFacts {
    let mut facts = CertificateFacts { sha256: fingerprint_sha256(der), chain_length, ..CertificateFacts::default() };
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        facts.subject = "(unreadable certificate)".into();
        return facts;
    };
    facts.subject = cert.subject().to_string();
    facts.issuer = cert.issuer().to_string();
    facts.self_signed = cert.subject().as_raw() == cert.issuer().as_raw();
    let time = |seconds: i64| jiff::Timestamp::from_second(seconds).map(|t| t.to_string()).unwrap_or_default();
    facts.not_before = time(cert.validity().not_before.timestamp());
    facts.not_after = time(cert.validity().not_after.timestamp());
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                x509_parser::extensions::GeneralName::DNSName(dns) => facts.names.push(dns.to_string()),
                x509_parser::extensions::GeneralName::IPAddress(bytes) => match bytes.len() {
                    4 => {
                        facts.names.push(std::net::Ipv4Addr::from([bytes[0], bytes[1], bytes[2], bytes[3]]).to_string())
                    }
                    16 => {
                        let mut octets = [0u8; 16];
                        octets.copy_from_slice(bytes);
                        facts.names.push(std::net::Ipv6Addr::from(octets).to_string());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    facts
}

/// Turns a rustls certificate error into a problem people can be told about.
fn classify(error: &rustls::Error, self_signed: bool) -> TlsProblem {
    match error {
        rustls::Error::InvalidCertificate(cert_error) => match cert_error {
            CertificateError::UnknownIssuer | CertificateError::BadSignature => TlsProblem::Untrusted { self_signed },
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                TlsProblem::HostnameMismatch
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => TlsProblem::Expired,
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => TlsProblem::NotYetValid,
            // NOTE: webpki reports a self-signed CA:TRUE certificate as `CaUsedAsEndEntity`,
            // which rustls passes on as `Other`: to a person it is simply "self-signed".
            CertificateError::Other(_) if self_signed => TlsProblem::Untrusted { self_signed },
            other => TlsProblem::Rejected { detail: format!("{other:?}") },
        },
        other => TlsProblem::Rejected { detail: other.to_string() },
    }
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let facts = certificate_facts(end_entity, intermediates.len() + 1);
        let hostname_matches = rustls::server::ParsedCertificate::try_from(end_entity)
            .and_then(|parsed| rustls::client::verify_server_name(&parsed, server_name))
            .is_ok();
        let verdict = self.trusted.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        let pinned = self.pinned_sha256.as_deref() == Some(facts.sha256.as_str());
        let (trust, result, problem) = match verdict {
            Ok(verified) => {
                let public =
                    self.public.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now).is_ok();
                (if public { Trust::PublicCa } else { Trust::LocalRoot }, Ok(verified), None)
            }
            // The user pinned exactly this certificate: trust it although no CA vouches for it.
            Err(_) if pinned => (Trust::Pinned, Ok(ServerCertVerified::assertion()), None),
            Err(error) => {
                let problem = classify(&error, facts.self_signed);
                (Trust::Untrusted, Err(error), Some(problem))
            }
        };
        if let Ok(mut capture) = self.capture.lock() {
            *capture = Capture { certificate: Some(facts), hostname_matches, trust, problem };
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        // The signature check uses only the certificate's public key, so it is the same for a
        // pinned certificate as for a CA-issued one.
        self.trusted.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.trusted.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.trusted.supported_verify_schemes()
    }
}

/// The handshake result as facts, once rustls is done (or has given up).
pub(crate) fn facts_after_handshake(connection: &rustls::ClientConnection, capture: &Mutex<Capture>) -> TlsFacts {
    let (certificate, hostname_matches, trust) = match capture.lock() {
        Ok(c) => (c.certificate.clone(), c.hostname_matches, c.trust),
        Err(_) => (None, false, Trust::Untrusted),
    };
    TlsFacts {
        protocol_version: connection.protocol_version().map(version_name).unwrap_or_default(),
        cipher_suite: connection
            .negotiated_cipher_suite()
            .and_then(|s| s.suite().as_str())
            .map(str::to_string)
            .unwrap_or_default(),
        certificate,
        hostname_matches,
        trust,
    }
}

/// The problem the verifier recorded, if the handshake failed on the certificate.
pub(crate) fn recorded_problem(capture: &Mutex<Capture>) -> Option<TlsProblem> {
    capture.lock().ok().and_then(|c| c.problem.clone())
}

/// The facts recorded so far (also after a failed handshake).
pub(crate) fn recorded_facts(capture: &Mutex<Capture>) -> TlsFacts {
    match capture.lock() {
        Ok(c) => TlsFacts {
            certificate: c.certificate.clone(),
            hostname_matches: c.hostname_matches,
            trust: c.trust,
            ..TlsFacts::default()
        },
        Err(_) => TlsFacts::default(),
    }
}

fn version_name(version: rustls::ProtocolVersion) -> String {
    match version {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".into(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".into(),
        other => format!("{other:?}"),
    }
}

/// The `ServerName` rustls checks the certificate against: a DNS name or an IP address.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, TlsProblem> {
    crate::engine::net::server_name(host)
        .ok_or_else(|| TlsProblem::Handshake { detail: format!("{host:?} is not a valid server name") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_normalized_from_common_spellings() {
        let hex = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(normalize_fingerprint(&colons).as_deref(), Some(hex.as_str()));
        assert_eq!(normalize_fingerprint(&hex).as_deref(), Some(hex.as_str()));
        assert_eq!(normalize_fingerprint("abcd"), None);
        assert_eq!(normalize_fingerprint(&"zz".repeat(32)), None);
    }

    #[test]
    fn certificate_facts_name_subject_issuer_validity_and_names() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["mail.example.test".into(), "127.0.0.1".into()]).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, "mail.example.test");
        let cert = params.self_signed(&key).unwrap();
        let facts = certificate_facts(cert.der(), 1);
        assert_eq!(facts.subject, "CN=mail.example.test");
        assert_eq!(facts.issuer, "CN=mail.example.test");
        assert!(facts.self_signed);
        assert_eq!(facts.names, vec!["mail.example.test".to_string(), "127.0.0.1".to_string()]);
        assert_eq!(facts.sha256, fingerprint_sha256(cert.der()));
        assert_eq!(facts.sha256.len(), 64);
        assert!(facts.not_before.ends_with('Z') && facts.not_after > facts.not_before, "{facts:?}");
    }

    #[test]
    fn garbage_is_not_a_certificate_but_does_not_panic() {
        let facts = certificate_facts(b"not a certificate", 1);
        assert_eq!(facts.subject, "(unreadable certificate)");
    }

    #[test]
    fn unknown_issuer_becomes_untrusted_and_wrong_name_becomes_mismatch() {
        let unknown = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(classify(&unknown, true), TlsProblem::Untrusted { self_signed: true });
        let name = rustls::Error::InvalidCertificate(CertificateError::NotValidForName);
        assert_eq!(classify(&name, false), TlsProblem::HostnameMismatch);
        let expired = rustls::Error::InvalidCertificate(CertificateError::Expired);
        assert_eq!(classify(&expired, false), TlsProblem::Expired);
    }
}

//! Account settings: the servers to talk to, how to secure and authenticate each connection,
//! and where the settings came from. These types are shared by discovery, checks, the accounts
//! file, exports and the wizard, and their serde form is part of the `--json` contracts.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A mail protocol mailsetup can configure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Imap,
    Pop3,
    Smtp,
}

impl Protocol {
    /// The id used in JSON, CLI flags and keyring entry names.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
            Protocol::Smtp => "smtp",
        }
    }

    /// The protocol as people write it: IMAP, POP3, SMTP.
    pub fn label(self) -> &'static str {
        match self {
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
            Protocol::Smtp => "SMTP",
        }
    }

    /// True for the protocols that fetch mail (IMAP, POP3).
    pub fn is_incoming(self) -> bool {
        !matches!(self, Protocol::Smtp)
    }

    /// The standard port for this protocol with the given security (RFC 8314 ports for TLS).
    pub fn default_port(self, security: Security) -> u16 {
        match (self, security) {
            (Protocol::Imap, Security::Tls) => 993,
            (Protocol::Imap, _) => 143,
            (Protocol::Pop3, Security::Tls) => 995,
            (Protocol::Pop3, _) => 110,
            (Protocol::Smtp, Security::Tls) => 465,
            (Protocol::Smtp, _) => 587,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Protocol {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "imap" => Ok(Protocol::Imap),
            "pop3" | "pop" => Ok(Protocol::Pop3),
            "smtp" => Ok(Protocol::Smtp),
            _ => Err(UnknownValue::new("protocol", s, "imap, pop3, smtp")),
        }
    }
}

/// How a connection is protected. `Starttls` means *required*: a server that does not offer it
/// fails, and the password is never sent in the clear. `None` is only ever chosen by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Implicit TLS from the first byte (ports 993, 995, 465).
    Tls,
    /// Plain connection upgraded with STARTTLS/STLS before anything else; the upgrade is mandatory.
    Starttls,
    /// No encryption at all. Unsafe; shown as such everywhere.
    None,
}

impl Security {
    /// Every security, safest first (the order the Review screen offers them in).
    pub const ALL: [Security; 3] = [Security::Tls, Security::Starttls, Security::None];

    /// The id used in JSON and in `H:P:SEC` server flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        }
    }

    /// True when the password and the mail travel encrypted.
    pub fn is_encrypted(self) -> bool {
        !matches!(self, Security::None)
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Security {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tls" | "ssl" => Ok(Security::Tls),
            "starttls" => Ok(Security::Starttls),
            "none" | "plain" => Ok(Security::None),
            _ => Err(UnknownValue::new("security", s, "tls, starttls, none")),
        }
    }
}

/// How the client proves who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    /// A normal password (AUTH PLAIN/LOGIN, IMAP LOGIN, POP3 USER/PASS) — over TLS.
    Password,
    /// A challenge-response password (CRAM-MD5 and friends).
    EncryptedPassword,
    /// OAuth2 sign-in in the browser; passwords are refused by the provider.
    Oauth2,
    /// No authentication (SMTP relays that trust the network).
    None,
}

impl AuthMethod {
    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Password => "password",
            AuthMethod::EncryptedPassword => "encrypted-password",
            AuthMethod::Oauth2 => "oauth2",
            AuthMethod::None => "none",
        }
    }

    /// True when a password is sent (and must therefore be in the keyring).
    pub fn uses_password(self) -> bool {
        matches!(self, AuthMethod::Password | AuthMethod::EncryptedPassword)
    }
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One server of an account, exactly as `detect --json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Server {
    pub protocol: Protocol,
    /// Host name in ASCII (IDN domains in punycode), lower case.
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub auth: AuthMethod,
    /// The login name sent to this server (often the full address; iCloud IMAP wants the local part).
    pub username: String,
    /// SHA-256 fingerprint (lower-case hex of the DER certificate) the user chose to trust for
    /// this server although no trusted CA vouches for it. An explicit user act, never automatic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_cert_sha256: Option<String>,
}

impl Server {
    /// A server with password authentication and no pinned certificate.
    pub fn new(protocol: Protocol, host: &str, port: u16, security: Security, username: &str) -> Self {
        Server {
            protocol,
            host: host.trim().trim_end_matches('.').to_ascii_lowercase(),
            port,
            security,
            auth: AuthMethod::Password,
            username: username.to_string(),
            pinned_cert_sha256: None,
        }
    }

    /// Parses a `HOST:PORT:SEC` flag value (`SEC` is `tls`, `starttls` or `none`). The port may
    /// be left empty (`imap.example.com::tls`) to use the protocol's standard port.
    pub fn from_spec(protocol: Protocol, spec: &str, username: &str) -> Result<Self, ServerSpecError> {
        let spec = spec.trim();
        let mut parts = spec.rsplitn(3, ':');
        let (sec, port, host) = match (parts.next(), parts.next(), parts.next()) {
            (Some(sec), Some(port), Some(host)) => (sec, port, host),
            _ => return Err(ServerSpecError::Shape { spec: spec.to_string() }),
        };
        let security: Security = sec.parse().map_err(|_| ServerSpecError::Security { value: sec.to_string() })?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
            return Err(ServerSpecError::Host { value: host.to_string() });
        }
        let host = crate::engine::email_address::domain_to_ascii(host)
            .map_err(|_| ServerSpecError::Host { value: host.to_string() })?;
        let port = if port.is_empty() {
            protocol.default_port(security)
        } else {
            match port.parse::<u16>() {
                Ok(p) if p != 0 => p,
                _ => return Err(ServerSpecError::Port { value: port.to_string() }),
            }
        };
        Ok(Server::new(protocol, &host, port, security, username))
    }

    /// `host:port`, as shown to people and used in keyring entry names.
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The `HOST:PORT:SEC` form accepted by [`Server::from_spec`].
    pub fn spec(&self) -> String {
        format!("{}:{}:{}", self.host, self.port, self.security)
    }
}

/// A malformed `HOST:PORT:SEC` value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ServerSpecError {
    #[error("expected HOST:PORT:SEC (for example imap.example.com:993:tls), got {spec:?}")]
    Shape { spec: String },
    #[error("unknown security {value:?}: use tls, starttls or none")]
    Security { value: String },
    #[error("not a valid port: {value:?}")]
    Port { value: String },
    #[error("not a valid host name: {value:?}")]
    Host { value: String },
}

/// A value that is not one of the allowed words.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown {what} {value:?}: use one of {allowed}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub allowed: &'static str,
}

impl UnknownValue {
    fn new(what: &'static str, value: &str, allowed: &'static str) -> Self {
        UnknownValue { what, value: value.to_string(), allowed }
    }
}

/// Where a set of settings came from. The order of the variants is the discovery priority
/// (DESIGN.md's order): earlier wins over later, whatever arrives first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsSource {
    /// mailsetup's bundled provider knowledge.
    Preset,
    /// The Thunderbird ISPDB (clientConfig v1.1).
    Ispdb,
    /// The provider's own autoconfig file over HTTPS.
    Autoconfig,
    /// Derived from the domain's MX record (preset or autoconfig/ISPDB of the MX's domain).
    Mx,
    /// RFC 6186/8314 SRV records.
    Srv,
    /// The provider's autoconfig file over plain HTTP (could have been tampered with).
    AutoconfigHttp,
    /// Guessed host names confirmed by capability probes.
    Guess,
    /// Typed in by the user.
    Manual,
}

impl SettingsSource {
    /// Every source, in declaration order.
    pub const ALL: [SettingsSource; 8] = [
        SettingsSource::Preset,
        SettingsSource::Ispdb,
        SettingsSource::Autoconfig,
        SettingsSource::Mx,
        SettingsSource::Srv,
        SettingsSource::AutoconfigHttp,
        SettingsSource::Guess,
        SettingsSource::Manual,
    ];

    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SettingsSource::Preset => "preset",
            SettingsSource::Ispdb => "ispdb",
            SettingsSource::Autoconfig => "autoconfig",
            SettingsSource::Mx => "mx",
            SettingsSource::Srv => "srv",
            SettingsSource::AutoconfigHttp => "autoconfig-http",
            SettingsSource::Guess => "guess",
            SettingsSource::Manual => "manual",
        }
    }
}

impl fmt::Display for SettingsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mail account as the user set it up: who they are and the chosen incoming and outgoing
/// server. Never holds a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The address as the user reads it (IDN domains in Unicode).
    pub email: String,
    /// The sender name shown to recipients.
    #[serde(default)]
    pub display_name: String,
    /// The bundled provider this account belongs to, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// Where the settings came from.
    pub source: SettingsSource,
    /// The server mail is fetched from (IMAP or POP3).
    pub incoming: Server,
    /// The server mail is sent through (SMTP).
    pub outgoing: Server,
}

impl Account {
    /// Both servers, incoming first.
    pub fn servers(&self) -> [&Server; 2] {
        [&self.incoming, &self.outgoing]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_all_lists_hold_every_variant_once() {
        // A new variant makes these matches fail to compile: add it to `ALL` as well.
        let index = |s: SettingsSource| match s {
            SettingsSource::Preset => 0,
            SettingsSource::Ispdb => 1,
            SettingsSource::Autoconfig => 2,
            SettingsSource::Mx => 3,
            SettingsSource::Srv => 4,
            SettingsSource::AutoconfigHttp => 5,
            SettingsSource::Guess => 6,
            SettingsSource::Manual => 7,
        };
        assert_eq!(SettingsSource::ALL.map(index), [0, 1, 2, 3, 4, 5, 6, 7]);
        let index = |s: Security| match s {
            Security::Tls => 0,
            Security::Starttls => 1,
            Security::None => 2,
        };
        assert_eq!(Security::ALL.map(index), [0, 1, 2]);
    }

    #[test]
    fn server_spec_parses_host_port_and_security() {
        let s = Server::from_spec(Protocol::Imap, "imap.example.com:993:tls", "a@example.com").unwrap();
        assert_eq!((s.host.as_str(), s.port, s.security), ("imap.example.com", 993, Security::Tls));
        assert_eq!(s.username, "a@example.com");
        assert_eq!(s.spec(), "imap.example.com:993:tls");
    }

    #[test]
    fn server_spec_with_empty_port_uses_the_standard_port() {
        let s = Server::from_spec(Protocol::Smtp, "smtp.example.com::starttls", "a").unwrap();
        assert_eq!(s.port, 587);
    }

    #[test]
    fn server_spec_accepts_ipv6_in_brackets_and_idn() {
        let s = Server::from_spec(Protocol::Imap, "[::1]:1993:tls", "a").unwrap();
        assert_eq!(s.host, "::1");
        let s = Server::from_spec(Protocol::Imap, "почта.рф:993:tls", "a").unwrap();
        assert_eq!(s.host, "xn--80a1acny.xn--p1ai");
    }

    #[test]
    fn server_spec_rejects_nonsense() {
        assert!(matches!(
            Server::from_spec(Protocol::Imap, "imap.example.com", "a"),
            Err(ServerSpecError::Shape { .. })
        ));
        assert!(matches!(Server::from_spec(Protocol::Imap, "h:99999:tls", "a"), Err(ServerSpecError::Port { .. })));
        assert!(matches!(Server::from_spec(Protocol::Imap, "h:993:maybe", "a"), Err(ServerSpecError::Security { .. })));
        assert!(matches!(Server::from_spec(Protocol::Imap, ":993:tls", "a"), Err(ServerSpecError::Host { .. })));
    }

    #[test]
    fn json_ids_match_the_contract() {
        let s = Server::new(Protocol::Imap, "Imap.Yandex.RU.", 993, Security::Tls, "anna@yandex.ru");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"protocol":"imap","host":"imap.yandex.ru","port":993,"security":"tls","auth":"password","username":"anna@yandex.ru"}"#
        );
        assert_eq!(serde_json::to_string(&AuthMethod::EncryptedPassword).unwrap(), r#""encrypted-password""#);
        assert_eq!(serde_json::to_string(&SettingsSource::AutoconfigHttp).unwrap(), r#""autoconfig-http""#);
    }

    #[test]
    fn sources_rank_preset_first_and_guess_last() {
        assert!(SettingsSource::Preset < SettingsSource::Ispdb);
        assert!(SettingsSource::Ispdb < SettingsSource::Autoconfig);
        assert!(SettingsSource::Autoconfig < SettingsSource::Mx);
        assert!(SettingsSource::Srv < SettingsSource::AutoconfigHttp);
        assert!(SettingsSource::AutoconfigHttp < SettingsSource::Guess);
    }
}

//! Bundled provider knowledge: one JSON file per provider in `presets/`, embedded at build time
//! (see `build.rs`), parsed once on first use into lookup tables. The serde types below *are* the
//! schema; `tests/presets.rs` validates every file (schema, sane port/security pairs, no domain
//! claimed twice, en+ru texts everywhere, a source for every fact).
//!
//! Schema (one object per file, unknown fields are an error):
//! ```json
//! { "id": "yandex",                                   // = the file name without .json; [a-z0-9-]+
//!   "name": {"en": "Yandex Mail", "ru": "Яндекс Почта"},
//!   "domains": ["yandex.ru", "ya.ru"],                // address domains, lower-case ASCII (punycode
//!                                                     // for IDN); may be empty only with mx_patterns
//!   "mx_patterns": ["*.yandex.net", "mx.yandex.ru"],  // exact MX host or "*." + suffix (whole labels)
//!   "incoming": [{"protocol": "imap", "host": "imap.yandex.ru", "port": 993, "security": "tls"}],
//!   "outgoing": [{"protocol": "smtp", "host": "smtp.yandex.ru", "port": 465, "security": "tls"}],
//!   "username": "address",                            // or "local-part"
//!   "username_overrides": {"imap": "local-part"},     // per-protocol exception (iCloud IMAP)
//!   "auth": "password",                               // or "oauth2-only"
//!   "before_login": [{"kind": "app_password", "text": {"en": "…", "ru": "…"}, "url": "https://…"}],
//!   "limits": {"per_day": 500, "source": "…"},         // only with a source that states the numbers
//!   "quirks": [{"kind": "from_must_match_login", "text": {"en": "…", "ru": "…"}}],
//!   "sources": ["ISPDB yandex.ru.xml@9951bf2 …", "chatmail yandex.ru.md@1fb242c (last_checked …)"],
//!   "checked": "2026-11-28" }                         // when the facts were checked against the sources
//! ```
//!
//! Field rules (the validation test enforces them):
//! - `incoming` holds IMAP/POP3 servers, `outgoing` SMTP servers, each in order of preference. A
//!   server may carry `"auth": "encrypted-password"` or `"oauth2"` when it differs from the
//!   provider's `auth` policy. `host` may contain `%EMAILDOMAIN%` (as in the ISPDB), replaced by
//!   the address's domain (Inbox.lv serves each of its domains from `mail.<domain>`).
//! - An empty `incoming` list means mail programs cannot read the mailbox at all; such a provider
//!   always has a `no_imap` step that says so plainly. A provider reached only through a local
//!   program (Proton Mail Bridge on 127.0.0.1) has a `bridge` step.
//! - `username` applies to the provider's own `domains`. An address on any other domain (a custom
//!   domain found through `mx_patterns`) always logs in with the full address.
//! - `before_login` steps are shown before the password is asked for; `quirks` are facts worth
//!   knowing later (diagnosis, sending). Both become `Note`s (`detect --json` `notes[]`).
//! - Every URL is https. `sources` names each source as `ISPDB <file>@<commit>`,
//!   `chatmail <file>@<commit> (last_checked …)`, another public file `<repo> <file>@<commit>`, an
//!   issue `owner/repo#N`, or a provider page quoted by those; where sources disagree, the entry
//!   says which one was chosen and why.

use crate::engine::account::{AuthMethod, Protocol, Security, Server};
use crate::engine::email_address::EmailAddress;
use crate::engine::embedded::PRESET_FILES;
use crate::engine::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// One provider, as stored in `presets/<id>.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Stable id (= the file name), used in `detect --json` `provider.id`.
    pub id: String,
    /// The provider's name in every UI language.
    pub name: Localized,
    /// Address domains the provider hosts (lower-case ASCII).
    pub domains: Vec<String>,
    /// MX host names (exact, or `*.` + suffix) that mean "this provider hosts the domain".
    #[serde(default)]
    pub mx_patterns: Vec<String>,
    /// IMAP/POP3 servers in order of preference; empty when mail programs cannot read the mailbox.
    #[serde(default)]
    pub incoming: Vec<PresetServer>,
    /// SMTP servers in order of preference.
    #[serde(default)]
    pub outgoing: Vec<PresetServer>,
    /// The login name on the provider's own domains.
    #[serde(default)]
    pub username: UsernameForm,
    /// Per-protocol exceptions to `username` (iCloud IMAP wants the local part).
    #[serde(default)]
    pub username_overrides: BTreeMap<Protocol, UsernameForm>,
    /// How mail programs may sign in.
    #[serde(default)]
    pub auth: AuthPolicy,
    /// What the person must do in the provider's web UI before logging in here.
    #[serde(default)]
    pub before_login: Vec<Step>,
    /// Sending limits, only with a source that states the numbers.
    #[serde(default)]
    pub limits: Option<SendingLimits>,
    /// Facts worth knowing after setup (sender rules, blocked ports, odd behaviour).
    #[serde(default)]
    pub quirks: Vec<Step>,
    /// Where each fact comes from (see the module header for the form).
    pub sources: Vec<String>,
    /// When the facts were last checked against the sources (YYYY-MM-DD).
    pub checked: String,
}

/// A text in every UI language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Russian.
    pub ru: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
        }
    }
}

/// A server as the preset describes it (the username is filled in per address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetServer {
    /// `imap` or `pop3` in `incoming`, `smtp` in `outgoing`.
    pub protocol: Protocol,
    /// Host name (lower-case ASCII or an IP address); may contain [`EMAIL_DOMAIN_PLACEHOLDER`].
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Implicit TLS or required STARTTLS (presets never use `none`).
    pub security: Security,
    /// Authentication for this server when it differs from the provider's policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthMethod>,
}

/// Replaced by the address's domain in a preset host name (the ISPDB's placeholder).
pub const EMAIL_DOMAIN_PLACEHOLDER: &str = "%EMAILDOMAIN%";

impl PresetServer {
    /// The host name for an address on `email_domain` (placeholder filled in).
    pub fn host_for(&self, email_domain: &str) -> String {
        if self.host.contains(EMAIL_DOMAIN_PLACEHOLDER) {
            self.host.replace(EMAIL_DOMAIN_PLACEHOLDER, email_domain)
        } else {
            self.host.clone()
        }
    }
}

/// What the provider expects as the login name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsernameForm {
    /// The full address (`anna@yandex.ru`).
    #[default]
    Address,
    /// Only the part before the @ (`anna`).
    LocalPart,
}

/// How mail clients may sign in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthPolicy {
    /// A password (often an app password) works.
    #[default]
    Password,
    /// Only OAuth2 sign-in works; passwords and app passwords are refused.
    Oauth2Only,
}

/// A "before you log in" step or a quirk worth knowing, in every UI language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the step is about (also tells the diagnosis which link to offer).
    pub kind: NoteKind,
    /// Short, concrete instruction for a non-technical person.
    pub text: Localized,
    /// The provider page where the step is done (https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Known sending limits, only ever with the source that states them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendingLimits {
    /// Messages per day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<u32>,
    /// Messages per hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_hour: Option<u32>,
    /// Recipients in one message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_per_message: Option<u32>,
    /// Where the numbers come from.
    pub source: String,
}

/// What a note is about. Serialized in `detect --json` `notes[].kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Create an app password; the account password will not work.
    AppPassword,
    /// Turn on access for mail programs (IMAP/POP3) in the web settings first.
    EnableMailClients,
    /// Two-step verification must be on before app passwords can be made.
    TwoStepVerification,
    /// Only OAuth2 sign-in works.
    Oauth2Only,
    /// The provider offers no IMAP (or no mail-client access at all).
    NoImap,
    /// The sender address must be the login address.
    FromMustMatchLogin,
    /// Many ISPs block outgoing port 25; use 465 or 587.
    // NOTE: snake_case alone would give `port25_blocked`, which disagrees with `as_str`.
    #[serde(rename = "port_25_blocked")]
    Port25Blocked,
    /// Known sending limits.
    SendingLimit,
    /// The provider needs a bridge program on this computer (Proton Mail Bridge).
    Bridge,
    /// Anything else worth knowing.
    Info,
}

impl NoteKind {
    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::AppPassword => "app_password",
            NoteKind::EnableMailClients => "enable_mail_clients",
            NoteKind::TwoStepVerification => "two_step_verification",
            NoteKind::Oauth2Only => "oauth2_only",
            NoteKind::NoImap => "no_imap",
            NoteKind::FromMustMatchLogin => "from_must_match_login",
            NoteKind::Port25Blocked => "port_25_blocked",
            NoteKind::SendingLimit => "sending_limit",
            NoteKind::Bridge => "bridge",
            NoteKind::Info => "info",
        }
    }
}

/// A note for one address in one language, as `detect --json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// What the note is about (`notes[].kind`).
    pub kind: NoteKind,
    /// The text in the chosen language.
    pub text: String,
    /// The provider page to open, if any (`null` in JSON when there is none: the key is always there).
    #[serde(default)]
    pub url: Option<String>,
}

struct Index {
    providers: Vec<Provider>,
    by_domain: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    /// Every MX pattern with its provider, exact names and suffixes kept apart.
    mx_exact: HashMap<String, usize>,
    mx_suffixes: Vec<(String, usize)>,
    errors: Vec<String>,
}

impl Index {
    /// Parses every embedded preset file and builds the lookup tables. A file that does not parse
    /// is recorded in `errors` and skipped; a domain claimed twice goes to the first provider by
    /// id (the validation test forbids both).
    fn build(files: &[(&str, &str)]) -> Index {
        let mut providers = Vec::with_capacity(files.len());
        let mut errors = vec![];
        for (file, text) in files {
            match serde_json::from_str::<Provider>(text) {
                Ok(p) => providers.push(p),
                Err(e) => errors.push(format!("presets/{file}: {e}")),
            }
        }
        providers.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_domain = HashMap::new();
        let mut by_id = HashMap::new();
        let mut mx_exact = HashMap::new();
        let mut mx_suffixes = vec![];
        for (i, p) in providers.iter().enumerate() {
            by_id.insert(p.id.clone(), i);
            for d in &p.domains {
                by_domain.entry(d.clone()).or_insert(i);
            }
            for pattern in &p.mx_patterns {
                match pattern.strip_prefix("*.") {
                    // NOTE: the leading dot makes the suffix match whole labels only.
                    Some(suffix) => mx_suffixes.push((format!(".{suffix}"), i)),
                    None => {
                        mx_exact.entry(pattern.clone()).or_insert(i);
                    }
                }
            }
        }
        Index { providers, by_domain, by_id, mx_exact, mx_suffixes, errors }
    }
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(PRESET_FILES))
}

/// Parses every bundled file and builds the lookup tables afresh, without caching, and returns
/// the number of providers. Only for the benchmark of the first-use cost; lookups use the cache.
#[doc(hidden)]
pub fn build_index_uncached() -> usize {
    Index::build(PRESET_FILES).providers.len()
}

/// Every bundled provider, sorted by id.
pub fn all() -> &'static [Provider] {
    &index().providers
}

/// Files that failed to parse (the tests require none).
pub fn load_errors() -> &'static [String] {
    &index().errors
}

/// The provider with this id.
pub fn by_id(id: &str) -> Option<&'static Provider> {
    let index = index();
    index.by_id.get(id).map(|&i| &index.providers[i])
}

/// The provider that hosts mail for `domain` (ASCII form, as [`EmailAddress::domain`] gives it;
/// upper case and a trailing dot are tolerated).
pub fn for_domain(domain: &str) -> Option<&'static Provider> {
    let index = index();
    let found = match normalized_host(domain) {
        std::borrow::Cow::Borrowed(d) => index.by_domain.get(d),
        std::borrow::Cow::Owned(d) => index.by_domain.get(d.as_str()),
    };
    found.map(|&i| &index.providers[i])
}

/// The provider whose MX patterns match this mail exchanger host name (any case, trailing dot
/// allowed). `*.suffix` patterns match whole labels only: `*.yandex.net` matches `mx.yandex.net`
/// but neither `yandex.net` nor `evilyandex.net`.
pub fn for_mx_host(host: &str) -> Option<&'static Provider> {
    let index = index();
    let host = normalized_host(host);
    let host = host.as_ref();
    if let Some(&i) = index.mx_exact.get(host) {
        return Some(&index.providers[i]);
    }
    index
        .mx_suffixes
        .iter()
        .find(|(suffix, _)| host.len() > suffix.len() && host.ends_with(suffix.as_str()))
        .map(|&(_, i)| &index.providers[i])
}

/// The provider that runs this server host (for diagnosis of manually entered settings): a host
/// named in a preset, or else a host under one of a provider's own address domains
/// (`imap.yandex.com` is Yandex's even though the preset names `imap.yandex.ru`).
pub fn for_server_host(host: &str) -> Option<&'static Provider> {
    let host = normalized_host(host);
    let host = host.as_ref();
    // NOTE: a loopback address names no provider by itself: a local Dovecot, a test server and
    // Proton Mail Bridge all live there. `for_server` tells them apart by the port.
    if is_loopback(host) {
        return None;
    }
    let providers = all();
    let named = providers.iter().find(|p| p.has_server_host(host));
    named.or_else(|| {
        providers.iter().find(|p| {
            p.domains.iter().any(|d| {
                host.len() > d.len() && host.ends_with(d.as_str()) && host.as_bytes()[host.len() - d.len() - 1] == b'.'
            })
        })
    })
}

/// The provider that runs this server: by host name, and for loopback addresses (local bridges
/// such as Proton Mail Bridge) by host *and* port.
pub fn for_server(server: &Server) -> Option<&'static Provider> {
    let host = normalized_host(&server.host);
    if !is_loopback(host.as_ref()) {
        return for_server_host(&server.host);
    }
    all().iter().find(|p| {
        p.incoming
            .iter()
            .chain(&p.outgoing)
            .any(|s| is_loopback(&s.host) && s.port == server.port && s.protocol == server.protocol)
    })
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// True when an MX `pattern` (exact host, or `*.` + suffix matching whole labels) matches `host`
/// (lower case, no trailing dot). The rule [`for_mx_host`] applies.
pub fn mx_pattern_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() + 1
                && host.ends_with(suffix)
                && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
        }
        None => pattern == host,
    }
}

/// `name` in lower case without a trailing dot, borrowed when it already is.
fn normalized_host(name: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(trimmed)
    }
}

impl Provider {
    /// The provider's name in `lang`.
    pub fn display_name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }

    /// True when `domain` (ASCII, lower case) is one of the provider's own address domains.
    pub fn hosts_domain(&self, domain: &str) -> bool {
        self.domains.iter().any(|d| d == domain)
    }

    /// True when `host` is one of the server names this preset lists (a per-domain pattern for
    /// any of the provider's domains), compared without case or a trailing dot.
    pub fn has_server_host(&self, host: &str) -> bool {
        let host = normalized_host(host);
        let host = host.as_ref();
        self.incoming.iter().chain(&self.outgoing).any(|s| {
            if s.host.contains(EMAIL_DOMAIN_PLACEHOLDER) {
                self.domains.iter().any(|d| s.host_for(d) == host)
            } else {
                s.host == host
            }
        })
    }

    /// The login name for `protocol` and this address. The preset's username form applies to the
    /// provider's own domains; an address on a custom domain (found by MX) uses the full address.
    pub fn username_for(&self, protocol: Protocol, email: &EmailAddress) -> String {
        let form = if self.hosts_domain(email.domain()) {
            self.username_overrides.get(&protocol).copied().unwrap_or(self.username)
        } else {
            UsernameForm::Address
        };
        match form {
            UsernameForm::Address => email.to_ascii_string(),
            UsernameForm::LocalPart => email.local_part().to_string(),
        }
    }

    fn server_for(&self, preset: &PresetServer, email: &EmailAddress) -> Server {
        let mut server = Server::new(
            preset.protocol,
            &preset.host_for(email.domain()),
            preset.port,
            preset.security,
            &self.username_for(preset.protocol, email),
        );
        server.auth = preset.auth.unwrap_or(match self.auth {
            AuthPolicy::Password => AuthMethod::Password,
            AuthPolicy::Oauth2Only => AuthMethod::Oauth2,
        });
        server
    }

    /// Incoming servers for this address, in order of preference.
    pub fn incoming_for(&self, email: &EmailAddress) -> Vec<Server> {
        self.incoming.iter().map(|s| self.server_for(s, email)).collect()
    }

    /// Outgoing servers for this address, in order of preference.
    pub fn outgoing_for(&self, email: &EmailAddress) -> Vec<Server> {
        self.outgoing.iter().map(|s| self.server_for(s, email)).collect()
    }

    /// The "before you log in" steps and the quirks, in `lang`.
    pub fn notes(&self, lang: Lang) -> Vec<Note> {
        self.before_login
            .iter()
            .chain(&self.quirks)
            .map(|s| Note { kind: s.kind, text: s.text.get(lang).to_string(), url: s.url.clone() })
            .collect()
    }

    /// The first link for a kind of step (e.g. the app-password page), for diagnosis advice.
    pub fn url_for(&self, kind: NoteKind) -> Option<&str> {
        self.before_login.iter().chain(&self.quirks).find(|s| s.kind == kind).and_then(|s| s.url.as_deref())
    }

    /// The page where an app password (or the provider's equivalent) is made, if one is needed.
    pub fn app_password_url(&self) -> Option<&str> {
        self.url_for(NoteKind::AppPassword)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_for_address(address: &str) -> Option<&'static str> {
        let email = EmailAddress::parse(address).unwrap_or_else(|e| panic!("{address}: {e}"));
        for_domain(email.domain()).map(|p| p.id.as_str())
    }

    #[test]
    fn every_preset_file_parses() {
        assert_eq!(load_errors(), &[] as &[String]);
        assert!(all().len() >= 45, "only {} providers", all().len());
    }

    /// Every provider and every domain the issue names, with the preset that must answer.
    const NAMED_DOMAINS: &[(&str, &str)] = &[
        ("mail.ru", "mailru"),
        ("inbox.ru", "mailru"),
        ("list.ru", "mailru"),
        ("bk.ru", "mailru"),
        ("internet.ru", "mailru"),
        ("corp.mail.ru", "mailru"),
        ("vk.com", "vk"),
        ("yandex.ru", "yandex"),
        ("yandex.com", "yandex"),
        ("yandex.by", "yandex"),
        ("yandex.kz", "yandex"),
        ("yandex.ua", "yandex"),
        ("yandex.net", "yandex"),
        ("ya.ru", "yandex"),
        ("narod.ru", "yandex"),
        ("rambler.ru", "rambler"),
        ("lenta.ru", "rambler"),
        ("ro.ru", "rambler"),
        ("r0.ru", "rambler"),
        ("autorambler.ru", "rambler"),
        ("myrambler.ru", "rambler"),
        ("rambler.ua", "rambler"),
        ("gmail.com", "gmail"),
        ("googlemail.com", "gmail"),
        ("yahoo.com", "yahoo"),
        ("yahoo.de", "yahoo"),
        ("yahoo.co.uk", "yahoo"),
        ("yahoo.fr", "yahoo"),
        ("yahoo.com.br", "yahoo"),
        ("ymail.com", "yahoo"),
        ("rocketmail.com", "yahoo"),
        ("yahoo.co.jp", "yahoo-japan"),
        ("outlook.com", "outlook"),
        ("hotmail.com", "outlook"),
        ("hotmail.co.uk", "outlook"),
        ("live.com", "outlook"),
        ("live.ru", "outlook"),
        ("msn.com", "outlook"),
        ("outlook.de", "outlook"),
        ("icloud.com", "icloud"),
        ("me.com", "icloud"),
        ("mac.com", "icloud"),
        ("aol.com", "aol"),
        ("aim.com", "aol"),
        ("verizon.net", "verizon"),
        ("gmx.net", "gmx"),
        ("gmx.de", "gmx"),
        ("gmx.at", "gmx"),
        ("gmx.ch", "gmx"),
        ("gmx.com", "gmx-com"),
        ("gmx.us", "gmx-com"),
        ("web.de", "web-de"),
        ("zoho.com", "zoho"),
        ("zohomail.com", "zoho"),
        ("zoho.eu", "zoho-eu"),
        ("zoho.in", "zoho-in"),
        ("zoho.com.au", "zoho-au"),
        ("zoho.jp", "zoho-jp"),
        ("zohocloud.ca", "zoho-ca"),
        ("fastmail.com", "fastmail"),
        ("fastmail.fm", "fastmail"),
        ("ukr.net", "ukr-net"),
        ("i.ua", "i-ua"),
        ("proton.me", "proton"),
        ("protonmail.com", "proton"),
        ("pm.me", "proton"),
        ("qq.com", "qq"),
        ("foxmail.com", "qq"),
        ("163.com", "netease-163"),
        ("126.com", "netease-126"),
        ("naver.com", "naver"),
        ("daum.net", "daum"),
        ("t-online.de", "t-online"),
        ("magenta.de", "t-online"),
        ("orange.fr", "orange"),
        ("wanadoo.fr", "orange"),
        ("free.fr", "free"),
        ("libero.it", "libero"),
        ("wp.pl", "wp-pl"),
        ("o2.pl", "o2-pl"),
        ("interia.pl", "interia"),
        ("onet.pl", "onet"),
        ("mail.com", "mail-com"),
        ("email.com", "mail-com"),
        ("comcast.net", "comcast"),
        ("att.net", "att"),
        ("sbcglobal.net", "att"),
        ("btinternet.com", "bt"),
        ("sky.com", "sky"),
        ("posteo.de", "posteo"),
        ("posteo.net", "posteo"),
        ("mailbox.org", "mailbox-org"),
        ("tutanota.com", "tuta"),
        ("tuta.io", "tuta"),
        ("hey.com", "hey"),
        ("mail.ee", "mail-ee"),
        ("inbox.lv", "inbox-lv"),
        ("inbox.eu", "inbox-lv"),
        ("online.de", "1und1"),
        ("freenet.de", "freenet"),
        ("mail.telenor.dk", "telenor-dk"),
        ("telia.com", "telia"),
        ("laposte.net", "laposte"),
        ("sfr.fr", "sfr"),
    ];

    #[test]
    fn every_named_provider_domain_resolves_to_its_preset() {
        let wrong: Vec<String> = NAMED_DOMAINS
            .iter()
            .filter(|(domain, id)| id_for_address(&format!("anna@{domain}")) != Some(*id))
            .map(|(domain, id)| format!("{domain}: expected {id}, got {:?}", id_for_address(&format!("anna@{domain}"))))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn every_named_provider_exists_by_id() {
        for (_, id) in NAMED_DOMAINS {
            assert!(by_id(id).is_some(), "{id}");
        }
        for id in ["google-workspace", "microsoft-365", "ionos", "ionos-com", "ionos-uk"] {
            assert!(by_id(id).is_some(), "{id}");
        }
    }

    #[test]
    fn domain_lookup_ignores_case_through_the_parsed_address() {
        assert_eq!(id_for_address("Anna@YANDEX.RU"), Some("yandex"));
        assert_eq!(id_for_address("ivan@Mail.Ru"), Some("mailru"));
        assert_eq!(id_for_address("  bob@GMail.com "), Some("gmail"));
        assert_eq!(for_domain("Yandex.RU."), by_id("yandex"));
    }

    #[test]
    fn unknown_and_sub_domains_are_not_guessed() {
        assert!(for_domain("example.com").is_none());
        assert!(for_domain("shop.yandex.ru").is_none());
        assert!(for_domain("").is_none());
    }

    #[test]
    fn mx_lookup_finds_the_hosting_provider_for_custom_domains() {
        let cases = [
            ("aspmx.l.google.com", "google-workspace"),
            ("alt1.aspmx.l.google.com", "google-workspace"),
            ("aspmx2.googlemail.com", "google-workspace"),
            ("contoso-com.mail.protection.outlook.com", "microsoft-365"),
            ("hotmail-com.olc.protection.outlook.com", "outlook"),
            ("mx.yandex.net", "yandex"),
            ("mx.yandex.ru", "yandex"),
            ("mxs.mail.ru", "mailru"),
            ("emx.mail.ru", "mailru"),
            ("mx.zoho.com", "zoho"),
            ("mx2.zoho.eu", "zoho-eu"),
            ("mx.zoho.com.au", "zoho-au"),
            ("in1-smtp.messagingengine.com", "fastmail"),
            ("mx01.mail.icloud.com", "icloud"),
            ("mail.protonmail.ch", "proton"),
            ("mx00.ionos.de", "ionos"),
            ("mx01.kundenserver.de", "ionos"),
            ("mx00.ionos.com", "ionos-com"),
            ("mx00.ionos.co.uk", "ionos-uk"),
            ("mta5.am0.yahoodns.net", "yahoo"),
            ("mx-aol.mail.gm0.yahoodns.net", "aol"),
            ("imx1.rambler.ru", "rambler"),
        ];
        for (mx, id) in cases {
            assert_eq!(for_mx_host(mx).map(|p| p.id.as_str()), Some(id), "{mx}");
        }
    }

    #[test]
    fn mx_lookup_ignores_case_and_the_trailing_dot() {
        assert_eq!(for_mx_host("ASPMX.L.Google.COM.").map(|p| p.id.as_str()), Some("google-workspace"));
    }

    #[test]
    fn a_loopback_server_is_proton_bridge_only_on_the_bridge_ports() {
        let bridge = Server::new(Protocol::Imap, "127.0.0.1", 1143, Security::Starttls, "a@proton.me");
        assert_eq!(for_server(&bridge).map(|p| p.id.as_str()), Some("proton"));
        let dovecot = Server::new(Protocol::Imap, "127.0.0.1", 21993, Security::Tls, "a@example.test");
        assert_eq!(for_server(&dovecot), None);
        assert_eq!(for_server_host("127.0.0.1"), None);
        assert_eq!(for_server_host("localhost"), None);
        let yandex = Server::new(Protocol::Imap, "imap.yandex.ru", 993, Security::Tls, "a@yandex.ru");
        assert_eq!(for_server(&yandex).map(|p| p.id.as_str()), Some("yandex"));
    }

    #[test]
    fn mx_patterns_match_whole_labels_only() {
        assert!(mx_pattern_matches("*.yandex.net", "mx.yandex.net"));
        assert!(!mx_pattern_matches("*.yandex.net", "evilyandex.net"));
        assert!(!mx_pattern_matches("*.yandex.net", "yandex.net"));
        assert!(mx_pattern_matches("mx.yandex.ru", "mx.yandex.ru"));
        assert!(for_mx_host("evilgoogle.com").is_none());
        assert!(for_mx_host("google.com").is_none());
        assert!(for_mx_host("mx.example.com").is_none());
    }

    #[test]
    fn custom_domain_found_by_mx_logs_in_with_the_full_address() {
        let email = EmailAddress::parse("anna@example.org").unwrap();
        let icloud = for_mx_host("mx01.mail.icloud.com").unwrap();
        assert_eq!(icloud.incoming_for(&email)[0].username, "anna@example.org");
        let workspace = for_mx_host("aspmx.l.google.com").unwrap();
        assert_eq!(workspace.incoming_for(&email)[0].host, "imap.gmail.com");
        assert_eq!(workspace.outgoing_for(&email)[0].username, "anna@example.org");
    }

    #[test]
    fn icloud_imap_logs_in_with_the_local_part_and_smtp_with_the_address() {
        let email = EmailAddress::parse("Anna.Smith@iCloud.com").unwrap();
        let p = for_domain(email.domain()).unwrap();
        let imap = &p.incoming_for(&email)[0];
        assert_eq!(
            (imap.protocol, imap.host.as_str(), imap.username.as_str()),
            (Protocol::Imap, "imap.mail.me.com", "Anna.Smith")
        );
        let smtp = &p.outgoing_for(&email)[0];
        assert_eq!(
            (smtp.port, smtp.security, smtp.username.as_str()),
            (587, Security::Starttls, "Anna.Smith@icloud.com")
        );
        assert!(p.incoming.iter().all(|s| s.protocol != Protocol::Pop3), "iCloud has no POP3");
    }

    #[test]
    fn outlook_servers_require_oauth2_and_say_so() {
        let email = EmailAddress::parse("anna@hotmail.com").unwrap();
        let p = for_domain(email.domain()).unwrap();
        assert_eq!(p.auth, AuthPolicy::Oauth2Only);
        let servers: Vec<Server> = p.incoming_for(&email).into_iter().chain(p.outgoing_for(&email)).collect();
        assert!(!servers.is_empty());
        assert!(servers.iter().all(|s| s.auth == AuthMethod::Oauth2), "{servers:?}");
        assert!(p.notes(Lang::En).iter().any(|n| n.kind == NoteKind::Oauth2Only));
        let m365 = by_id("microsoft-365").unwrap();
        assert!(
            m365.outgoing_for(&email).iter().all(|s| s.auth == AuthMethod::Oauth2 && s.host == "smtp.office365.com")
        );
    }

    #[test]
    fn usernames_follow_the_preset() {
        let email = EmailAddress::parse("Anna@Yandex.ru").unwrap();
        let p = for_domain(email.domain()).unwrap();
        let incoming = p.incoming_for(&email);
        assert_eq!(incoming[0].username, "Anna@yandex.ru");
        assert_eq!(incoming[0].protocol, Protocol::Imap);
        let web = EmailAddress::parse("hans@web.de").unwrap();
        let p = for_domain(web.domain()).unwrap();
        assert!(p.incoming_for(&web).iter().chain(&p.outgoing_for(&web)).all(|s| s.username == "hans"));
    }

    #[test]
    fn email_domain_placeholder_becomes_the_address_domain() {
        let email = EmailAddress::parse("janis@inbox.eu").unwrap();
        let p = for_domain(email.domain()).unwrap();
        assert_eq!(p.incoming_for(&email)[0].host, "mail.inbox.eu");
        assert_eq!(p.outgoing_for(&email)[0].host, "mail.inbox.eu");
        assert_eq!(for_server_host("mail.inbox.lt").map(|p| p.id.as_str()), Some("inbox-lv"));
    }

    #[test]
    fn server_hosts_are_traced_back_to_their_provider() {
        assert_eq!(for_server_host("imap.mail.ru").map(|p| p.id.as_str()), Some("mailru"));
        assert_eq!(for_server_host("SMTP.Yandex.com.").map(|p| p.id.as_str()), Some("yandex"));
        // Russian help names the .ru hosts; they are Yandex's too.
        assert_eq!(for_server_host("imap.yandex.ru").map(|p| p.id.as_str()), Some("yandex"));
        assert_eq!(for_server_host("smtp.mail.me.com").map(|p| p.id.as_str()), Some("icloud"));
        assert!(for_server_host("mail.example.com").is_none());
        assert!(for_server_host("notyandex.ru").is_none());
    }

    #[test]
    fn app_password_pages_are_offered_where_needed() {
        assert_eq!(
            by_id("mailru").and_then(Provider::app_password_url),
            Some("https://account.mail.ru/user/2-step-auth/passwords/")
        );
        assert_eq!(
            by_id("gmail").and_then(Provider::app_password_url),
            Some("https://myaccount.google.com/apppasswords")
        );
        assert!(by_id("outlook").and_then(Provider::app_password_url).is_none());
    }

    #[test]
    fn mailboxes_without_imap_say_so_in_both_languages() {
        for id in ["i-ua", "tuta", "hey"] {
            let p = by_id(id).unwrap();
            assert!(p.incoming.is_empty(), "{id}");
            for lang in Lang::ALL {
                assert!(
                    p.notes(lang).iter().any(|n| n.kind == NoteKind::NoImap && n.text.contains("IMAP")),
                    "{id} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn proton_goes_through_the_local_bridge() {
        let email = EmailAddress::parse("anna@proton.me").unwrap();
        let p = for_domain(email.domain()).unwrap();
        let imap = &p.incoming_for(&email)[0];
        let smtp = &p.outgoing_for(&email)[0];
        assert_eq!((imap.host.as_str(), imap.port, imap.security), ("127.0.0.1", 1143, Security::Starttls));
        assert_eq!((smtp.host.as_str(), smtp.port, smtp.security), ("127.0.0.1", 1025, Security::Starttls));
        assert_eq!(p.notes(Lang::Ru)[0].kind, NoteKind::Bridge);
    }

    #[test]
    fn russian_providers_explain_their_web_settings_in_russian() {
        let mailru = by_id("mailru").unwrap().notes(Lang::Ru);
        assert!(
            mailru.iter().any(|n| n.kind == NoteKind::AppPassword && n.text.contains("Пароли для внешних приложений"))
        );
        let yandex = by_id("yandex").unwrap().notes(Lang::Ru);
        assert!(yandex.iter().any(|n| n.kind == NoteKind::EnableMailClients && n.text.contains("Почтовые программы")));
        let rambler = by_id("rambler").unwrap().notes(Lang::Ru);
        assert!(rambler.iter().any(|n| n.text.contains("Доступ к почтовому ящику с помощью почтовых клиентов")));
        for id in ["mailru", "yandex"] {
            assert!(by_id(id).unwrap().notes(Lang::En).iter().any(|n| n.kind == NoteKind::FromMustMatchLogin), "{id}");
        }
    }

    #[test]
    fn gmx_net_and_gmx_com_use_different_servers() {
        let net = EmailAddress::parse("a@gmx.de").unwrap();
        let com = EmailAddress::parse("a@gmx.com").unwrap();
        let net_host = for_domain(net.domain()).unwrap().incoming_for(&net)[0].host.clone();
        let com_host = for_domain(com.domain()).unwrap().incoming_for(&com)[0].host.clone();
        assert_eq!((net_host.as_str(), com_host.as_str()), ("imap.gmx.net", "imap.gmx.com"));
    }

    #[test]
    fn note_kinds_serialize_as_their_json_ids() {
        for kind in [
            NoteKind::AppPassword,
            NoteKind::EnableMailClients,
            NoteKind::TwoStepVerification,
            NoteKind::Oauth2Only,
            NoteKind::NoImap,
            NoteKind::FromMustMatchLogin,
            NoteKind::Port25Blocked,
            NoteKind::SendingLimit,
            NoteKind::Bridge,
            NoteKind::Info,
        ] {
            assert_eq!(serde_json::to_value(kind).ok(), Some(serde_json::Value::from(kind.as_str())));
        }
    }

    #[test]
    fn the_uncached_index_build_sees_every_file() {
        assert_eq!(build_index_uncached(), PRESET_FILES.len());
    }
}

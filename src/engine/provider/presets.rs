//! Bundled provider knowledge: one JSON file per provider in `presets/`, embedded at build time
//! (see `build.rs`), parsed once on first use. The serde types below *are* the schema; every
//! file is validated by the tests (schema, sane port/security pairs, no domain claimed twice,
//! en+ru texts everywhere).
//!
//! Schema (one object per file, unknown fields are an error):
//! ```json
//! { "id": "yandex",                                   // = the file name without .json
//!   "name": {"en": "Yandex Mail", "ru": "Яндекс Почта"},
//!   "domains": ["yandex.ru", "ya.ru"],                // lower-case ASCII (punycode for IDN)
//!   "mx_patterns": ["*.yandex.net", "mx.yandex.ru"],  // exact host or "*." + suffix
//!   "incoming": [{"protocol": "imap", "host": "imap.yandex.ru", "port": 993, "security": "tls"}],
//!   "outgoing": [{"protocol": "smtp", "host": "smtp.yandex.ru", "port": 465, "security": "tls"}],
//!   "username": "address",                            // or "local-part"
//!   "username_overrides": {"imap": "local-part"},     // per-protocol exception (iCloud IMAP)
//!   "auth": "password",                               // or "oauth2-only"
//!   "before_login": [{"kind": "app_password", "text": {"en": "…", "ru": "…"}, "url": "https://…"}],
//!   "limits": {"per_day": 500, "source": "…"},         // only with a source
//!   "quirks": [{"kind": "from_must_match_login", "text": {"en": "…", "ru": "…"}}],
//!   "sources": ["ISPDB yandex.ru.xml@c6ad796", "https://yandex.com/support/mail/…"],
//!   "checked": "2026-11-28" }
//! ```
//! Servers are listed in order of preference; a server may carry `"auth": "oauth2"` when it
//! differs from the provider's policy.

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
    pub id: String,
    pub name: Localized,
    pub domains: Vec<String>,
    #[serde(default)]
    pub mx_patterns: Vec<String>,
    #[serde(default)]
    pub incoming: Vec<PresetServer>,
    #[serde(default)]
    pub outgoing: Vec<PresetServer>,
    #[serde(default)]
    pub username: UsernameForm,
    #[serde(default)]
    pub username_overrides: BTreeMap<Protocol, UsernameForm>,
    #[serde(default)]
    pub auth: AuthPolicy,
    #[serde(default)]
    pub before_login: Vec<Step>,
    #[serde(default)]
    pub limits: Option<SendingLimits>,
    #[serde(default)]
    pub quirks: Vec<Step>,
    pub sources: Vec<String>,
    /// When the facts were last checked against the sources (YYYY-MM-DD).
    pub checked: String,
}

/// A text in every UI language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
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
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub security: Security,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthMethod>,
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
    pub kind: NoteKind,
    pub text: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Known sending limits, only ever with the source that states them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendingLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_hour: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_per_message: Option<u32>,
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
    pub kind: NoteKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

struct Index {
    providers: Vec<Provider>,
    by_domain: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    errors: Vec<String>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut providers = vec![];
        let mut errors = vec![];
        for (file, text) in PRESET_FILES {
            match serde_json::from_str::<Provider>(text) {
                Ok(p) => providers.push(p),
                Err(e) => errors.push(format!("presets/{file}: {e}")),
            }
        }
        providers.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_domain = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, p) in providers.iter().enumerate() {
            by_id.insert(p.id.clone(), i);
            for d in &p.domains {
                by_domain.entry(d.clone()).or_insert(i);
            }
        }
        Index { providers, by_domain, by_id, errors }
    })
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

/// The provider that hosts mail for `domain` (ASCII form, as [`EmailAddress::domain`] gives it).
pub fn for_domain(domain: &str) -> Option<&'static Provider> {
    let index = index();
    index.by_domain.get(domain).map(|&i| &index.providers[i])
}

/// The provider whose MX patterns match this mail exchanger host name.
pub fn for_mx_host(host: &str) -> Option<&'static Provider> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    all().iter().find(|p| p.mx_patterns.iter().any(|pattern| mx_pattern_matches(pattern, &host)))
}

/// The provider that runs this server host (for diagnosis of manually entered settings).
pub fn for_server_host(host: &str) -> Option<&'static Provider> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    all().iter().find(|p| p.incoming.iter().chain(&p.outgoing).any(|s| s.host == host))
}

fn mx_pattern_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() && host.ends_with(suffix) && host[..host.len() - suffix.len()].ends_with('.')
        }
        None => pattern == host,
    }
}

impl Provider {
    /// The provider's name in `lang`.
    pub fn display_name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }

    /// The login name for `protocol` and this address.
    pub fn username_for(&self, protocol: Protocol, email: &EmailAddress) -> String {
        let form = self.username_overrides.get(&protocol).copied().unwrap_or(self.username);
        match form {
            UsernameForm::Address => email.to_ascii_string(),
            UsernameForm::LocalPart => email.local_part().to_string(),
        }
    }

    fn server_for(&self, preset: &PresetServer, email: &EmailAddress) -> Server {
        let mut server = Server::new(
            preset.protocol,
            &preset.host,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_file_parses() {
        assert_eq!(load_errors(), &[] as &[String]);
        assert!(!all().is_empty());
    }

    #[test]
    fn yandex_is_found_by_every_domain() {
        for d in ["yandex.ru", "yandex.com", "ya.ru", "narod.ru"] {
            assert_eq!(for_domain(d).map(|p| p.id.as_str()), Some("yandex"), "{d}");
        }
    }

    #[test]
    fn mx_patterns_match_whole_labels_only() {
        assert!(mx_pattern_matches("*.yandex.net", "mx.yandex.net"));
        assert!(!mx_pattern_matches("*.yandex.net", "evilyandex.net"));
        assert!(!mx_pattern_matches("*.yandex.net", "yandex.net"));
        assert!(mx_pattern_matches("mx.yandex.ru", "mx.yandex.ru"));
    }

    #[test]
    fn usernames_follow_the_preset() {
        let email = EmailAddress::parse("Anna@Yandex.ru").unwrap();
        let p = for_domain(email.domain()).unwrap();
        let incoming = p.incoming_for(&email);
        assert_eq!(incoming[0].username, "Anna@yandex.ru");
        assert_eq!(incoming[0].protocol, Protocol::Imap);
    }
}

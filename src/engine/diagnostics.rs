//! Diagnosis: the one place that turns a failed check into words. A [`CheckFailure`] becomes a
//! stable `kind` (the ids in DESIGN.md) plus a title and advice in the user's language
//! (`assets/i18n/<lang>/diagnostics.ftl`) that name the concrete next step, with the provider's
//! link when it is known. The server's raw reply stays available as `details`.
//!
//! Order of reasoning: the failure's class (DNS, connect, TLS, STARTTLS, login, send, delivery);
//! for logins and refused messages the server's words, matched against known replies
//! ([`AUTH_REPLIES`], [`SEND_REPLIES`]); then what we know about the provider — from its preset,
//! or, when there is none, from the server's host name — for replies that say nothing specific
//! (Yahoo, AOL and iCloud answer a missing app password with a plain "authentication failed").

use crate::engine::account::Protocol;
use crate::engine::check::{CheckFailure, SendStage, StepKind, TlsFacts, TlsProblem, Trust};
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::provider::presets::{NoteKind, Provider};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

/// The stable diagnosis ids of the `check --json` contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosisKind {
    DnsNotFound,
    ConnectionRefused,
    Timeout,
    TlsUntrusted,
    TlsHostnameMismatch,
    TlsExpired,
    StarttlsUnavailable,
    AuthFailed,
    AppPasswordRequired,
    ProtocolDisabled,
    SenderRejected,
    SpamRejected,
    LimitExceeded,
    MessageNotDelivered,
    UnexpectedReply,
}

impl DiagnosisKind {
    /// Every kind, in the order DESIGN.md lists the contract's ids.
    pub const ALL: [DiagnosisKind; 15] = [
        DiagnosisKind::DnsNotFound,
        DiagnosisKind::ConnectionRefused,
        DiagnosisKind::Timeout,
        DiagnosisKind::TlsUntrusted,
        DiagnosisKind::TlsHostnameMismatch,
        DiagnosisKind::TlsExpired,
        DiagnosisKind::StarttlsUnavailable,
        DiagnosisKind::AuthFailed,
        DiagnosisKind::AppPasswordRequired,
        DiagnosisKind::ProtocolDisabled,
        DiagnosisKind::SenderRejected,
        DiagnosisKind::SpamRejected,
        DiagnosisKind::LimitExceeded,
        DiagnosisKind::MessageNotDelivered,
        DiagnosisKind::UnexpectedReply,
    ];

    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisKind::DnsNotFound => "dns_not_found",
            DiagnosisKind::ConnectionRefused => "connection_refused",
            DiagnosisKind::Timeout => "timeout",
            DiagnosisKind::TlsUntrusted => "tls_untrusted",
            DiagnosisKind::TlsHostnameMismatch => "tls_hostname_mismatch",
            DiagnosisKind::TlsExpired => "tls_expired",
            DiagnosisKind::StarttlsUnavailable => "starttls_unavailable",
            DiagnosisKind::AuthFailed => "auth_failed",
            DiagnosisKind::AppPasswordRequired => "app_password_required",
            DiagnosisKind::ProtocolDisabled => "protocol_disabled",
            DiagnosisKind::SenderRejected => "sender_rejected",
            DiagnosisKind::SpamRejected => "spam_rejected",
            DiagnosisKind::LimitExceeded => "limit_exceeded",
            DiagnosisKind::MessageNotDelivered => "message_not_delivered",
            DiagnosisKind::UnexpectedReply => "unexpected_reply",
        }
    }
}

impl std::fmt::Display for DiagnosisKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure explained for people. Serializes as `{kind, title, advice}` (the `check --json`
/// contract); `details` and `url` are for the report and the GUI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub kind: DiagnosisKind,
    pub title: String,
    /// What to do next, ending with the provider's link when there is one.
    pub advice: String,
    /// The server's own words (its reply), or the technical description.
    #[serde(skip)]
    pub details: String,
    /// The page that fixes it (app passwords, the mail-programs switch), when known.
    #[serde(skip)]
    pub url: Option<String>,
}

/// Declares [`Cause`] and `Cause::ALL` from one list, so the list of every cause (which the
/// tests walk to prove each has words in every language) cannot miss one.
macro_rules! causes {
    ($($cause:ident),* $(,)?) => {
        /// The finer cause behind a kind: which text to show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Cause {
            $($cause),*
        }

        impl Cause {
            /// Every cause, in declaration order.
            #[cfg(test)]
            const ALL: &[Cause] = &[$(Cause::$cause),*];
        }
    };
}

causes! {
    DnsNotFound,
    DnsNotFoundKnownHost,
    DnsFailed,
    DnsTimeout,
    Refused,
    Unreachable,
    Timeout,
    TimeoutSending,
    TlsSelfSigned,
    TlsUntrusted,
    TlsIntercepted,
    TlsHostnameMismatch,
    TlsExpired,
    TlsNotYetValid,
    TlsNotTls,
    TlsRejected,
    StarttlsUnavailable,
    NoLoginMethod,
    EncryptionRequired,
    WrongPassword,
    WrongPasswordOrAppPassword,
    WrongPasswordOrMailClientsOff,
    AppPasswordRequired,
    ProtocolDisabled,
    YandexBothChecks,
    OauthRequired,
    WebLoginRequired,
    SenderRejected,
    SpamRejected,
    LimitExceeded,
    NotDelivered,
    Unexpected,
    Cancelled,
    Setup,
}

impl Cause {
    fn kind(self) -> DiagnosisKind {
        use DiagnosisKind as K;
        match self {
            Cause::DnsNotFound | Cause::DnsNotFoundKnownHost | Cause::DnsFailed => K::DnsNotFound,
            Cause::Refused | Cause::Unreachable => K::ConnectionRefused,
            Cause::DnsTimeout | Cause::Timeout | Cause::TimeoutSending => K::Timeout,
            Cause::TlsSelfSigned | Cause::TlsUntrusted | Cause::TlsIntercepted | Cause::TlsRejected => K::TlsUntrusted,
            Cause::TlsHostnameMismatch => K::TlsHostnameMismatch,
            Cause::TlsExpired | Cause::TlsNotYetValid => K::TlsExpired,
            Cause::StarttlsUnavailable => K::StarttlsUnavailable,
            Cause::WrongPassword
            | Cause::WrongPasswordOrAppPassword
            | Cause::WrongPasswordOrMailClientsOff
            | Cause::EncryptionRequired
            | Cause::WebLoginRequired => K::AuthFailed,
            Cause::AppPasswordRequired => K::AppPasswordRequired,
            Cause::ProtocolDisabled | Cause::YandexBothChecks | Cause::OauthRequired => K::ProtocolDisabled,
            Cause::SenderRejected => K::SenderRejected,
            Cause::SpamRejected => K::SpamRejected,
            Cause::LimitExceeded => K::LimitExceeded,
            Cause::NotDelivered => K::MessageNotDelivered,
            Cause::TlsNotTls | Cause::NoLoginMethod | Cause::Unexpected | Cause::Cancelled | Cause::Setup => {
                K::UnexpectedReply
            }
        }
    }

    /// The Fluent message id (with `.title` and `.advice` attributes).
    fn message_id(self) -> &'static str {
        match self {
            Cause::DnsNotFound => "diag-dns-not-found",
            Cause::DnsNotFoundKnownHost => "diag-dns-not-found-known",
            Cause::DnsFailed => "diag-dns-failed",
            Cause::DnsTimeout => "diag-dns-timeout",
            Cause::Refused => "diag-refused",
            Cause::Unreachable => "diag-unreachable",
            Cause::Timeout => "diag-timeout",
            Cause::TimeoutSending => "diag-timeout-sending",
            Cause::TlsSelfSigned => "diag-tls-self-signed",
            Cause::TlsUntrusted => "diag-tls-untrusted",
            Cause::TlsIntercepted => "diag-tls-intercepted",
            Cause::TlsHostnameMismatch => "diag-tls-hostname-mismatch",
            Cause::TlsExpired => "diag-tls-expired",
            Cause::TlsNotYetValid => "diag-tls-not-yet-valid",
            Cause::TlsNotTls => "diag-tls-not-tls",
            Cause::TlsRejected => "diag-tls-rejected",
            Cause::StarttlsUnavailable => "diag-starttls-unavailable",
            Cause::NoLoginMethod => "diag-no-login-method",
            Cause::EncryptionRequired => "diag-encryption-required",
            Cause::WrongPassword => "diag-wrong-password",
            Cause::WrongPasswordOrAppPassword => "diag-wrong-password-app",
            Cause::WrongPasswordOrMailClientsOff => "diag-wrong-password-toggle",
            Cause::AppPasswordRequired => "diag-app-password-required",
            Cause::ProtocolDisabled => "diag-protocol-disabled",
            Cause::YandexBothChecks => "diag-yandex-both",
            Cause::OauthRequired => "diag-oauth-required",
            Cause::WebLoginRequired => "diag-web-login-required",
            Cause::SenderRejected => "diag-sender-rejected",
            Cause::SpamRejected => "diag-spam-rejected",
            Cause::LimitExceeded => "diag-limit-exceeded",
            Cause::NotDelivered => "diag-message-not-delivered",
            Cause::Unexpected => "diag-unexpected",
            Cause::Cancelled => "diag-cancelled",
            Cause::Setup => "diag-setup",
        }
    }

    /// Which page of the provider fixes this cause.
    fn link(self) -> Option<NoteKind> {
        match self {
            Cause::AppPasswordRequired | Cause::WrongPasswordOrAppPassword | Cause::YandexBothChecks => {
                Some(NoteKind::AppPassword)
            }
            Cause::ProtocolDisabled | Cause::WrongPasswordOrMailClientsOff => Some(NoteKind::EnableMailClients),
            _ => None,
        }
    }
}

/// Mail providers whose habits the advice knows, even without a bundled preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    MailRu,
    Yandex,
    Rambler,
    Gmail,
    Yahoo,
    Aol,
    Icloud,
    Outlook,
    Gmx,
    Zoho,
    UkrNet,
}

impl Family {
    /// (family, preset ids, host suffixes). Ids are compared without punctuation ("mail.ru" = "mailru").
    const TABLE: &'static [(Family, &'static [&'static str], &'static [&'static str])] = &[
        (Family::MailRu, &["mailru", "vk"], &["mail.ru"]),
        (Family::Yandex, &["yandex"], &["yandex.ru", "yandex.com", "yandex.net"]),
        (Family::Rambler, &["rambler"], &["rambler.ru"]),
        (Family::Gmail, &["gmail", "google", "googlemail"], &["gmail.com", "googlemail.com", "google.com"]),
        (Family::Yahoo, &["yahoo"], &["yahoo.com"]),
        (Family::Aol, &["aol"], &["aol.com"]),
        (Family::Icloud, &["icloud", "apple", "me"], &["mail.me.com", "icloud.com"]),
        (
            Family::Outlook,
            &["outlook", "hotmail", "microsoft", "office365"],
            &["office365.com", "outlook.com", "hotmail.com", "live.com"],
        ),
        (Family::Gmx, &["gmx", "gmxnet", "gmxcom"], &["gmx.net", "gmx.com", "gmx.de"]),
        (Family::Zoho, &["zoho"], &["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp", "zohocloud.ca"]),
        (Family::UkrNet, &["ukrnet", "ukr"], &["ukr.net"]),
    ];

    fn from_provider(provider: &Provider) -> Option<Family> {
        let id: String =
            provider.id.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        Family::TABLE.iter().find(|(_, ids, _)| ids.contains(&id.as_str())).map(|(f, _, _)| *f)
    }

    fn from_host(host: &str) -> Option<Family> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        Family::TABLE
            .iter()
            .find(|(_, _, suffixes)| {
                suffixes
                    .iter()
                    .any(|s| host == *s || (host.ends_with(s) && host[..host.len() - s.len()].ends_with('.')))
            })
            .map(|(f, _, _)| *f)
    }

    /// Providers that want an app password instead of the account password.
    fn wants_app_password(self) -> bool {
        matches!(self, Family::MailRu | Family::Gmail | Family::Yahoo | Family::Aol | Family::Icloud)
    }

    /// Providers where mail-program access must be switched on in the web settings first.
    fn has_mail_clients_switch(self) -> bool {
        matches!(self, Family::Rambler | Family::Gmx | Family::Zoho | Family::UkrNet)
    }

    fn name_id(self) -> &'static str {
        match self {
            Family::MailRu => "diag-provider-mailru",
            Family::Yandex => "diag-provider-yandex",
            Family::Rambler => "diag-provider-rambler",
            Family::Gmail => "diag-provider-gmail",
            Family::Yahoo => "diag-provider-yahoo",
            Family::Aol => "diag-provider-aol",
            Family::Icloud => "diag-provider-icloud",
            Family::Outlook => "diag-provider-outlook",
            Family::Gmx => "diag-provider-gmx",
            Family::Zoho => "diag-provider-zoho",
            Family::UkrNet => "diag-provider-ukrnet",
        }
    }

    /// The provider's own page for a fix, used when no preset carries a link (providers.md).
    fn fallback_url(self, kind: NoteKind) -> Option<&'static str> {
        match (self, kind) {
            (Family::MailRu, NoteKind::AppPassword) => Some("https://help.mail.ru/mail/security/protection/external"),
            (Family::Gmail, NoteKind::AppPassword) => Some("https://myaccount.google.com/apppasswords"),
            (Family::Yahoo, NoteKind::AppPassword) => Some("https://login.yahoo.com/account/security"),
            (Family::Aol, NoteKind::AppPassword) => Some("https://login.aol.com/account/security"),
            (Family::Icloud, NoteKind::AppPassword) => Some("https://support.apple.com/HT204397"),
            (Family::Yandex, NoteKind::AppPassword) => Some("https://id.yandex.ru/security/app-passwords"),
            (Family::Yandex, NoteKind::EnableMailClients) => Some("https://mail.yandex.ru/#setup/client"),
            (Family::Rambler, NoteKind::EnableMailClients) => {
                Some("https://help.rambler.ru/mail/mail-nastrojki-pochtovogo-yashika/2129/")
            }
            (Family::Gmx, NoteKind::EnableMailClients) => Some("https://support.gmx.com/pop-imap/toggle.html"),
            (Family::Zoho, NoteKind::EnableMailClients) => {
                Some("https://www.zoho.com/mail/help/imap-access.html#EnableIMAP")
            }
            (Family::UkrNet, NoteKind::EnableMailClients) => Some("https://wiki.ukr.net/ManageIMAPAccess"),
            _ => None,
        }
    }
}

/// What a login reply says beyond "no".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthReply {
    AppPassword,
    YandexBoth,
    Oauth,
    ProtocolDisabled,
    WebLogin,
    EncryptionRequired,
}

/// Known login replies, checked in order (patterns are lower case, matched as substrings).
/// Sources: reference/providers.md §4 and the provider notes; each test below quotes the reply.
pub const AUTH_REPLIES: &[(&[&str], &str)] = &[
    (
        &[
            "application password is required",
            "neobhodim parol prilozheniya",
            "application-specific password required",
            "app-specific password required",
            "app password required",
            "invalidsecondfactor",
        ],
        "app_password",
    ),
    (&["or imap is disabled"], "yandex_both"),
    (&["basic authentication is disabled", "basicauthblocked", "5.7.139", "oauth2 is required"], "oauth"),
    (
        &[
            "imap is disabled",
            "imap access is disabled",
            "imap access disabled",
            "not enabled for imap",
            "yet to enable imap",
            "imap access is not enabled",
            "enable imap",
            "pop3 is disabled",
            "pop is disabled",
            "pop access is disabled",
            "pop3 access is disabled",
            "not enabled for pop",
            "yet to enable pop",
            "enable pop",
            "доступ по протоколу imap",
            "доступ по протоколу pop",
            "почтовых программ",
            "почтовых клиентов",
        ],
        "protocol_disabled",
    ),
    (&["web login required", "log in via your web browser"], "web_login"),
    (
        &[
            "plaintext authentication disallowed",
            "plaintext authentication not allowed",
            "must issue a starttls",
            "encryption required",
            "requires encryption",
            "tls required",
        ],
        "encryption_required",
    ),
];

/// Known replies to a refused message, checked in order (lower case substrings).
pub const SEND_REPLIES: &[(&[&str], &str)] = &[
    (
        &[
            "5.4.5",
            "quota exceeded",
            "sending limit",
            "limit exceeded",
            "too many messages",
            "rate limit",
            "ratelimit",
            "daily limit",
        ],
        "limit",
    ),
    (
        &[
            "sender address rejected",
            "not owned by",
            "not local sender",
            "sender mismatch",
            "does not match",
            "not allowed to send as",
            "not allowed to send mail as",
            "sender is not allowed",
            "not authorized to send",
            "sender not allowed",
        ],
        "sender",
    ),
    (
        &[
            "spam",
            "blacklist",
            "black list",
            "blocklist",
            "block list",
            "rbl",
            "junk",
            "suspicion",
            "message sending for this account is disabled",
        ],
        "spam",
    ),
];

fn match_table<'t>(table: &'t [(&[&str], &'t str)], text: &str) -> Option<&'t str> {
    let lower = text.to_lowercase();
    table.iter().find(|(patterns, _)| patterns.iter().any(|p| lower.contains(p))).map(|(_, label)| *label)
}

fn auth_reply(reply: &str) -> Option<AuthReply> {
    Some(match match_table(AUTH_REPLIES, reply)? {
        "app_password" => AuthReply::AppPassword,
        "yandex_both" => AuthReply::YandexBoth,
        "oauth" => AuthReply::Oauth,
        "protocol_disabled" => AuthReply::ProtocolDisabled,
        "web_login" => AuthReply::WebLogin,
        _ => AuthReply::EncryptionRequired,
    })
}

/// Interception products whose certificate authorities show up as the issuer (lower case).
const INTERCEPTING_ISSUERS: &[&str] = &[
    "kaspersky",
    "eset",
    "avast",
    "bitdefender",
    "dr.web",
    "drweb",
    "norton",
    "mcafee",
    "sophos",
    "fortinet",
    "fortigate",
    "zscaler",
    "netspark",
    "trend micro",
    "trendmicro",
    "f-secure",
    "webroot",
    "adguard",
    "kerio",
    "forcepoint",
    "checkpoint",
    "check point",
    "palo alto",
    "blue coat",
    "bluecoat",
    "mitmproxy",
    "fiddler",
    "charles proxy",
    "cisco umbrella",
    "avg technologies",
    "panda security",
    "g data",
    "gdata",
    "360 total security",
];

/// Explains `failure` in `lang`, using `provider` (or the server's host name) for the concrete
/// next step and link.
pub fn diagnose(failure: &CheckFailure, provider: Option<&Provider>, lang: Lang) -> Diagnosis {
    let family = provider
        .and_then(Family::from_provider)
        .or_else(|| Family::from_host(failure.host()))
        .or_else(|| family_from_reply(&failure.details()));
    let cause = match classify(failure, family) {
        // The provider's own server name cannot be a typo: the computer cannot look names up.
        Cause::DnsNotFound if provider.is_some_and(|p| p.has_server_host(failure.host())) => {
            Cause::DnsNotFoundKnownHost
        }
        cause => cause,
    };
    let url = cause.link().and_then(|kind| {
        provider
            .and_then(|p| p.url_for(kind))
            .map(str::to_string)
            .or_else(|| family.and_then(|f| f.fallback_url(kind)).map(str::to_string))
    });
    let provider_name = match (provider, family) {
        (Some(p), _) => p.display_name(lang).to_string(),
        (None, Some(f)) => tr(lang, f.name_id()),
        (None, None) => tr(lang, "diag-your-provider"),
    };
    let args = arguments(failure, provider_name, url.clone());
    let id = cause.message_id();
    let title = tr_args(lang, &format!("{id}.title"), &args);
    let mut advice = tr_args(lang, &format!("{id}.advice"), &args);
    if let Some(url) = &url {
        advice.push(' ');
        advice.push_str(&tr_args(lang, "diag-link", &[("url", url.clone().into())]));
    }
    Diagnosis { kind: cause.kind(), title, advice, details: failure.details(), url }
}

/// Providers that name themselves in their replies (help links in the reply text).
fn family_from_reply(reply: &str) -> Option<Family> {
    let lower = reply.to_lowercase();
    if lower.contains("mail.ru") || lower.contains("neobhodim parol") {
        Some(Family::MailRu)
    } else if lower.contains("google.com") {
        Some(Family::Gmail)
    } else if lower.contains("ya.cc") || lower.contains("yandex") {
        Some(Family::Yandex)
    } else if lower.contains("rambler") {
        Some(Family::Rambler)
    } else {
        None
    }
}

fn classify(failure: &CheckFailure, family: Option<Family>) -> Cause {
    match failure {
        CheckFailure::DnsNotFound { .. } => Cause::DnsNotFound,
        CheckFailure::DnsFailed { .. } => Cause::DnsFailed,
        CheckFailure::Refused { .. } => Cause::Refused,
        CheckFailure::Unreachable { .. } => Cause::Unreachable,
        CheckFailure::Timeout { step: StepKind::Resolve, .. } => Cause::DnsTimeout,
        CheckFailure::Timeout { protocol: Protocol::Smtp, .. } => Cause::TimeoutSending,
        CheckFailure::Timeout { .. } => Cause::Timeout,
        CheckFailure::Tls { problem, facts, .. } => classify_tls(problem, facts, family),
        CheckFailure::StarttlsUnavailable { .. } => Cause::StarttlsUnavailable,
        CheckFailure::NoLoginMethod { offered, .. } => {
            let upper = offered.to_ascii_uppercase();
            if upper.contains("LOGINDISABLED") {
                Cause::EncryptionRequired
            } else if upper.contains("XOAUTH2") || upper.contains("OAUTHBEARER") || family == Some(Family::Outlook) {
                Cause::OauthRequired
            } else {
                Cause::NoLoginMethod
            }
        }
        CheckFailure::AuthRejected { reply, .. } => match auth_reply(reply) {
            Some(AuthReply::AppPassword) => Cause::AppPasswordRequired,
            Some(AuthReply::YandexBoth) => Cause::YandexBothChecks,
            Some(AuthReply::Oauth) => Cause::OauthRequired,
            Some(AuthReply::ProtocolDisabled) => Cause::ProtocolDisabled,
            Some(AuthReply::WebLogin) => Cause::WebLoginRequired,
            Some(AuthReply::EncryptionRequired) => Cause::EncryptionRequired,
            None => match family {
                // NOTE: Outlook.com accepts only OAuth2 since 2024-09-16: a refused password
                // means "needs Microsoft sign-in", not "wrong password".
                Some(Family::Outlook) => Cause::OauthRequired,
                Some(Family::Yandex) => Cause::YandexBothChecks,
                Some(f) if f.wants_app_password() => Cause::WrongPasswordOrAppPassword,
                Some(f) if f.has_mail_clients_switch() => Cause::WrongPasswordOrMailClientsOff,
                _ => Cause::WrongPassword,
            },
        },
        CheckFailure::SendRejected { stage, code, reply, .. } => match match_table(SEND_REPLIES, reply) {
            Some("limit") => Cause::LimitExceeded,
            Some("sender") => Cause::SenderRejected,
            Some(_) => Cause::SpamRejected,
            None if *stage == SendStage::MailFrom && *code == 553 => Cause::SenderRejected,
            None => Cause::Unexpected,
        },
        CheckFailure::NotDelivered { .. } => Cause::NotDelivered,
        CheckFailure::Unexpected { .. } => Cause::Unexpected,
        CheckFailure::Cancelled => Cause::Cancelled,
        CheckFailure::Setup { .. } => Cause::Setup,
    }
}

fn classify_tls(problem: &TlsProblem, facts: &TlsFacts, family: Option<Family>) -> Cause {
    match problem {
        TlsProblem::Untrusted { self_signed } => {
            let issuer = facts.certificate.as_ref().map(|c| c.issuer.to_lowercase()).unwrap_or_default();
            // NOTE: big providers always use public CAs; an unknown issuer for them (or an
            // issuer named like a security product) means someone is intercepting TLS.
            if INTERCEPTING_ISSUERS.iter().any(|name| issuer.contains(name)) || (family.is_some() && !issuer.is_empty())
            {
                Cause::TlsIntercepted
            } else if *self_signed {
                Cause::TlsSelfSigned
            } else {
                Cause::TlsUntrusted
            }
        }
        TlsProblem::HostnameMismatch => Cause::TlsHostnameMismatch,
        TlsProblem::Expired => Cause::TlsExpired,
        TlsProblem::NotYetValid => Cause::TlsNotYetValid,
        TlsProblem::Rejected { .. } => Cause::TlsRejected,
        TlsProblem::Handshake { .. } => Cause::TlsNotTls,
    }
}

/// The Fluent arguments every diagnosis text may use.
fn arguments(
    failure: &CheckFailure,
    provider: String,
    url: Option<String>,
) -> Vec<(&'static str, FluentValue<'static>)> {
    let (port, step) = match failure {
        CheckFailure::Refused { port, .. }
        | CheckFailure::Unreachable { port, .. }
        | CheckFailure::StarttlsUnavailable { port, .. }
        | CheckFailure::Tls { port, .. } => (port.to_string(), String::new()),
        CheckFailure::Timeout { port, step, .. } => (port.to_string(), step.to_string()),
        _ => (String::new(), String::new()),
    };
    let mut args: Vec<(&'static str, FluentValue<'static>)> = vec![
        ("host", failure.host().to_string().into()),
        ("port", port.into()),
        ("step", step.into()),
        ("protocol", failure.protocol().map(Protocol::label).unwrap_or("").into()),
        ("provider", provider.into()),
        ("url", url.unwrap_or_default().into()),
        ("reply", failure.details().into()),
    ];
    match failure {
        CheckFailure::Tls { facts, .. } => {
            let cert = facts.certificate.clone().unwrap_or_default();
            args.push(("issuer", cert.issuer.into()));
            args.push(("subject", cert.subject.into()));
            args.push(("fingerprint", cert.sha256.into()));
            args.push(("names", cert.names.join(", ").into()));
            args.push(("not_after", cert.not_after.into()));
            args.push(("trust", crate::engine::check::trust_id(facts.trust).into()));
        }
        CheckFailure::NotDelivered { waited_ms, .. } => {
            let seconds = i64::try_from(waited_ms.saturating_add(500) / 1000).unwrap_or(i64::MAX);
            args.push(("seconds", seconds.into()));
        }
        CheckFailure::NoLoginMethod { offered, .. } => {
            args.push(("offered", offered.clone().into()));
        }
        _ => {}
    }
    args
}

/// True when a successful TLS session still looks intercepted: a well-known provider whose
/// certificate chains only to a local root (an antivirus or proxy CA). For the report.
pub fn looks_intercepted(host: &str, provider: Option<&Provider>, facts: &TlsFacts) -> bool {
    let family = provider.and_then(Family::from_provider).or_else(|| Family::from_host(host));
    facts.trust == Trust::LocalRoot && family.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::check::CertificateFacts;
    use crate::engine::provider::presets;

    fn auth(host: &str, reply: &str) -> CheckFailure {
        CheckFailure::AuthRejected { protocol: Protocol::Imap, host: host.into(), reply: reply.into() }
    }

    fn send(stage: SendStage, reply: &str) -> CheckFailure {
        let code = reply.get(..3).and_then(|c| c.parse().ok()).unwrap_or(550);
        CheckFailure::SendRejected { host: "smtp.example.test".into(), stage, code, reply: reply.into() }
    }

    /// (reply as servers send it, host, expected kind, a word the English and Russian advice must contain).
    #[allow(clippy::type_complexity)]
    const LOGIN_CASES: &[(&str, &str, DiagnosisKind, &str, &str)] = &[
        // Mail.ru, IMAP (thunderbird/thunderbird-android#9069)
        (
            "NO [AUTHENTICATIONFAILED] NEOBHODIM parol prilozheniya https://help.mail.ru/mail/security/protection/external / Application password is REQUIRED",
            "127.0.0.1",
            DiagnosisKind::AppPasswordRequired,
            "app password",
            "пароль приложения",
        ),
        // Mail.ru, SMTP (lmanukyan/print-designer#5)
        (
            "535 5.7.0 NEOBHODIM parol prilozheniya https://help.mail.ru/mail/security/protection/external / Application password is REQUIRED",
            "smtp.mail.ru",
            DiagnosisKind::AppPasswordRequired,
            "app password",
            "пароль приложения",
        ),
        // Gmail IMAP and SMTP
        (
            "NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)",
            "imap.gmail.com",
            DiagnosisKind::AppPasswordRequired,
            "app password",
            "пароль приложения",
        ),
        (
            "534 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor",
            "smtp.gmail.com",
            DiagnosisKind::AppPasswordRequired,
            "app password",
            "пароль приложения",
        ),
        // Yandex conflates two causes (Foundry376/Mailspring#2111): name both checks
        (
            "NO [AUTHENTICATIONFAILED] LOGIN invalid credentials or IMAP is disabled",
            "imap.yandex.ru",
            DiagnosisKind::ProtocolDisabled,
            "app password",
            "пароль приложения",
        ),
        // Gmail's old IMAP switch
        (
            "NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access.",
            "imap.gmail.com",
            DiagnosisKind::ProtocolDisabled,
            "Turn it on",
            "Включите",
        ),
        // Zoho
        (
            "NO You are yet to enable IMAP for your account. Please contact your administrator.",
            "imap.zoho.com",
            DiagnosisKind::ProtocolDisabled,
            "Turn it on",
            "Включите",
        ),
        // Outlook.com after basic auth was switched off (2024-09-16)
        (
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
            "smtp-mail.outlook.com",
            DiagnosisKind::ProtocolDisabled,
            "OAuth2",
            "OAuth2",
        ),
        ("NO AUTHENTICATE failed.", "outlook.office365.com", DiagnosisKind::ProtocolDisabled, "OAuth2", "OAuth2"),
        // Yahoo, AOL and iCloud say nothing specific: the provider tells us an app password is usual
        (
            "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials",
            "imap.mail.yahoo.com",
            DiagnosisKind::AuthFailed,
            "app password",
            "пароль приложения",
        ),
        (
            "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials",
            "imap.aol.com",
            DiagnosisKind::AuthFailed,
            "app password",
            "пароль приложения",
        ),
        (
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
            "imap.mail.me.com",
            DiagnosisKind::AuthFailed,
            "app password",
            "пароль приложения",
        ),
        // Rambler, GMX and ukr.net: the switch for mail programs
        (
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
            "imap.rambler.ru",
            DiagnosisKind::AuthFailed,
            "mail programs",
            "почтовых программ",
        ),
        (
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
            "imap.gmx.net",
            DiagnosisKind::AuthFailed,
            "mail programs",
            "почтовых программ",
        ),
        (
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
            "imap.ukr.net",
            DiagnosisKind::AuthFailed,
            "mail programs",
            "почтовых программ",
        ),
        // Plain wrong passwords from Dovecot and Exim
        (
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
            "127.0.0.1",
            DiagnosisKind::AuthFailed,
            "password",
            "пароль",
        ),
        ("535 Incorrect authentication data", "127.0.0.1", DiagnosisKind::AuthFailed, "password", "пароль"),
        ("-ERR [AUTH] Authentication failed.", "127.0.0.1", DiagnosisKind::AuthFailed, "password", "пароль"),
        // Gmail's "prove it is you"
        (
            "534 5.7.14 <https://accounts.google.com/signin/continue> Please log in via your web browser and then try again.",
            "smtp.gmail.com",
            DiagnosisKind::AuthFailed,
            "web mail",
            "в браузере",
        ),
        // Dovecot with disable_plaintext_auth on an unencrypted port
        (
            "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
            "127.0.0.1",
            DiagnosisKind::AuthFailed,
            "SSL/TLS",
            "SSL/TLS",
        ),
    ];

    #[test]
    fn every_known_login_reply_gets_its_kind_and_advice_in_both_languages() {
        for (reply, host, kind, en_word, ru_word) in LOGIN_CASES {
            let failure = auth(host, reply);
            let en = diagnose(&failure, None, Lang::En);
            assert_eq!(en.kind, *kind, "{reply} at {host}: {en:?}");
            assert!(en.advice.contains(en_word), "en advice for {reply:?} lacks {en_word:?}: {}", en.advice);
            assert_eq!(en.details, *reply, "the raw reply stays available");
            let ru = diagnose(&failure, None, Lang::Ru);
            assert_eq!(ru.kind, *kind);
            assert!(ru.advice.contains(ru_word), "ru advice for {reply:?} lacks {ru_word:?}: {}", ru.advice);
            assert_ne!(ru.title, en.title, "{reply}: the Russian title must be translated");
        }
    }

    #[test]
    fn yandex_advice_names_both_checks_with_links_from_the_preset() {
        let yandex = presets::by_id("yandex");
        assert!(yandex.is_some(), "the yandex preset is bundled");
        let failure = auth("imap.yandex.ru", "NO [AUTHENTICATIONFAILED] LOGIN invalid credentials or IMAP is disabled");
        for lang in Lang::ALL {
            let d = diagnose(&failure, yandex, lang);
            assert_eq!(d.kind, DiagnosisKind::ProtocolDisabled);
            assert!(d.advice.contains("IMAP"), "{}", d.advice);
            assert_eq!(d.url.as_deref(), Some("https://id.yandex.ru/security/app-passwords"));
            assert!(d.advice.contains("https://id.yandex.ru/security/app-passwords"), "{}", d.advice);
        }
        let ru = diagnose(&failure, yandex, Lang::Ru);
        assert!(ru.advice.contains("Почтовые программы") && ru.advice.contains("пароль приложения"), "{}", ru.advice);
    }

    #[test]
    fn mail_ru_advice_links_to_the_app_password_page_without_a_preset() {
        let failure = auth(
            "127.0.0.1",
            "NO NEOBHODIM parol prilozheniya https://help.mail.ru/mail/security/protection/external / Application password is REQUIRED",
        );
        let d = diagnose(&failure, None, Lang::Ru);
        assert_eq!(d.kind, DiagnosisKind::AppPasswordRequired);
        assert!(d.title.contains("пароль приложения"), "{}", d.title);
        assert!(d.advice.contains("Mail.ru"), "{}", d.advice);
        assert_eq!(d.url.as_deref(), Some("https://help.mail.ru/mail/security/protection/external"));
    }

    #[test]
    fn mail_ru_advice_with_the_preset_links_to_the_page_that_creates_the_app_password() {
        let failure = auth("imap.mail.ru", "NO NEOBHODIM parol prilozheniya / Application password is REQUIRED");
        let mailru = presets::by_id("mailru");
        let d = diagnose(&failure, mailru, Lang::En);
        assert_eq!(d.kind, DiagnosisKind::AppPasswordRequired);
        assert_eq!(d.url.as_deref(), mailru.and_then(|p| p.app_password_url()));
        assert!(d.url.is_some());
    }

    /// (reply, stage, expected kind).
    const SEND_CASES: &[(&str, SendStage, DiagnosisKind)] = &[
        // Yandex and Rambler (Postfix's reject_sender_login_mismatch wording)
        (
            "553 5.7.1 Sender address rejected: not owned by auth user.",
            SendStage::MailFrom,
            DiagnosisKind::SenderRejected,
        ),
        (
            "553 5.7.1 <anna@example.com>: Sender address rejected: not owned by user anna@rambler.ru",
            SendStage::RcptTo,
            DiagnosisKind::SenderRejected,
        ),
        // Mail.ru
        ("550 not local sender over smtp", SendStage::MailFrom, DiagnosisKind::SenderRejected),
        // a bare 553 at MAIL FROM
        (
            "553 sorry, that domain isn't in my list of allowed rcpthosts",
            SendStage::MailFrom,
            DiagnosisKind::SenderRejected,
        ),
        // Yandex's spam filter
        (
            "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc",
            SendStage::Message,
            DiagnosisKind::SpamRejected,
        ),
        // Mail.ru's spam filter
        (
            "550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=abc",
            SendStage::Message,
            DiagnosisKind::SpamRejected,
        ),
        // NOTE: Rambler's exact blacklist wording is not in our sources; its stable parts are 5.7.1 + black list.
        ("550 5.7.1 Message rejected: sender IP is in our black list", SendStage::Message, DiagnosisKind::SpamRejected),
        (
            "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus",
            SendStage::MailFrom,
            DiagnosisKind::SpamRejected,
        ),
        // Gmail's daily limit, old and new wording
        ("550 5.4.5 Daily user sending quota exceeded.", SendStage::MailFrom, DiagnosisKind::LimitExceeded),
        (
            "550 5.4.5 Daily user sending limit exceeded. For more information on Gmail's sending limits",
            SendStage::Data,
            DiagnosisKind::LimitExceeded,
        ),
        ("451 4.7.1 Ratelimit exceeded for this account", SendStage::RcptTo, DiagnosisKind::LimitExceeded),
        // Something else entirely
        ("550 5.1.1 User unknown", SendStage::RcptTo, DiagnosisKind::UnexpectedReply),
    ];

    #[test]
    fn every_known_send_refusal_gets_its_kind_in_both_languages() {
        for (reply, stage, kind) in SEND_CASES {
            for lang in Lang::ALL {
                let d = diagnose(&send(*stage, reply), None, lang);
                assert_eq!(d.kind, *kind, "{reply}");
                assert_eq!(d.details, *reply);
                assert!(!d.title.starts_with("diag-") && !d.advice.starts_with("diag-"), "missing text for {reply}");
            }
        }
        let sender = diagnose(&send(SendStage::MailFrom, SEND_CASES[0].0), None, Lang::Ru);
        assert!(sender.advice.contains("адрес отправителя"), "{}", sender.advice);
        let limit = diagnose(&send(SendStage::MailFrom, SEND_CASES[8].0), None, Lang::En);
        assert!(limit.advice.contains("24 hours"), "{}", limit.advice);
    }

    fn tls(problem: TlsProblem, issuer: &str, host: &str) -> CheckFailure {
        CheckFailure::Tls {
            protocol: Protocol::Imap,
            host: host.into(),
            port: 993,
            problem,
            facts: Box::new(TlsFacts {
                certificate: Some(CertificateFacts {
                    subject: "CN=imap.example.test".into(),
                    issuer: issuer.into(),
                    sha256: "ab".repeat(32),
                    names: vec!["imap.example.test".into()],
                    not_after: "2020-01-01T00:00:00Z".into(),
                    ..CertificateFacts::default()
                }),
                ..TlsFacts::default()
            }),
        }
    }

    #[test]
    fn certificate_problems_are_told_apart() {
        let untrusted = tls(TlsProblem::Untrusted { self_signed: false }, "CN=Corp CA", "mail.corp.example");
        let d = diagnose(&untrusted, None, Lang::En);
        assert_eq!(d.kind, DiagnosisKind::TlsUntrusted);
        assert!(d.advice.contains("CN=Corp CA"), "{}", d.advice);

        let self_signed = tls(TlsProblem::Untrusted { self_signed: true }, "CN=imap.example.test", "imap.example.test");
        let d = diagnose(&self_signed, None, Lang::Ru);
        assert_eq!(d.kind, DiagnosisKind::TlsUntrusted);
        assert!(d.advice.contains(&"ab".repeat(32)), "the fingerprint to compare is named: {}", d.advice);

        let mismatch = tls(TlsProblem::HostnameMismatch, "CN=R3", "mail.example.test");
        let d = diagnose(&mismatch, None, Lang::En);
        assert_eq!(d.kind, DiagnosisKind::TlsHostnameMismatch);
        assert!(d.advice.contains("imap.example.test"), "{}", d.advice);

        let expired = tls(TlsProblem::Expired, "CN=R3", "mail.example.test");
        let d = diagnose(&expired, None, Lang::Ru);
        assert_eq!(d.kind, DiagnosisKind::TlsExpired);
        assert!(d.advice.contains("2020-01-01"), "{}", d.advice);
    }

    #[test]
    fn an_antivirus_issuer_for_a_big_provider_is_called_interception_and_named() {
        let intercepted = tls(
            TlsProblem::Untrusted { self_signed: false },
            "CN=Kaspersky Anti-Virus Personal Root Certificate",
            "imap.yandex.ru",
        );
        for lang in Lang::ALL {
            let d = diagnose(&intercepted, presets::by_id("yandex"), lang);
            assert_eq!(d.kind, DiagnosisKind::TlsUntrusted);
            assert!(d.advice.contains("Kaspersky Anti-Virus Personal Root Certificate"), "{}", d.advice);
        }
        let en = diagnose(&intercepted, None, Lang::En);
        assert!(en.advice.contains("antivirus"), "{}", en.advice);
        let ru = diagnose(&intercepted, None, Lang::Ru);
        assert!(ru.advice.contains("антивирус"), "{}", ru.advice);
    }

    #[test]
    fn network_failures_name_the_next_step() {
        let timeout = CheckFailure::Timeout {
            protocol: Protocol::Smtp,
            host: "smtp.example.test".into(),
            port: 465,
            step: StepKind::Greeting,
        };
        let en = diagnose(&timeout, None, Lang::En);
        assert_eq!(en.kind, DiagnosisKind::Timeout);
        assert!(en.advice.contains("465") && en.advice.contains("antivirus"), "{}", en.advice);
        let ru = diagnose(&timeout, None, Lang::Ru);
        assert!(ru.advice.contains("антивирус"), "{}", ru.advice);

        let refused = CheckFailure::Refused { protocol: Protocol::Imap, host: "127.0.0.1".into(), port: 9 };
        assert_eq!(diagnose(&refused, None, Lang::Ru).kind, DiagnosisKind::ConnectionRefused);
        let dns = CheckFailure::DnsNotFound { protocol: Protocol::Imap, host: "imap.exmaple.com".into() };
        let d = diagnose(&dns, None, Lang::Ru);
        assert_eq!(d.kind, DiagnosisKind::DnsNotFound);
        assert!(d.advice.contains("imap.exmaple.com"), "{}", d.advice);
        // A typo is a possible cause for a typed name, not for the provider's own server.
        let yandex = presets::by_id("yandex");
        let typo = CheckFailure::DnsNotFound { protocol: Protocol::Imap, host: "imap.yandx.ru".into() };
        let d = diagnose(&typo, yandex, Lang::En);
        assert!(d.advice.contains("spelling"), "{}", d.advice);
        let offline = CheckFailure::DnsNotFound { protocol: Protocol::Imap, host: "IMAP.yandex.ru.".into() };
        for lang in Lang::ALL {
            let d = diagnose(&offline, yandex, lang);
            assert_eq!(d.kind, DiagnosisKind::DnsNotFound);
            assert!(
                d.advice.contains("DNS") && !d.advice.contains("spelling") && !d.advice.contains("опечатк"),
                "{}",
                d.advice
            );
        }
        let starttls = CheckFailure::StarttlsUnavailable { protocol: Protocol::Smtp, host: "h".into(), port: 587 };
        let d = diagnose(&starttls, None, Lang::Ru);
        assert_eq!(d.kind, DiagnosisKind::StarttlsUnavailable);
        assert!(
            d.advice.contains("пароль не отправлен") || d.advice.contains("пароль не был отправлен"),
            "{}",
            d.advice
        );
        let late = CheckFailure::NotDelivered { host: "h".into(), waited_ms: 19_500 };
        let d = diagnose(&late, None, Lang::En);
        assert_eq!(d.kind, DiagnosisKind::MessageNotDelivered);
        assert!(d.advice.contains("20 seconds") && d.advice.contains("Spam"), "{}", d.advice);
    }

    #[test]
    fn every_cause_has_a_title_and_advice_in_both_languages() {
        for &cause in Cause::ALL {
            for lang in Lang::ALL {
                for part in ["title", "advice"] {
                    let id = format!("{}.{part}", cause.message_id());
                    let text = tr(lang, &id);
                    assert!(text != id && !text.is_empty(), "{lang}: {id} is missing");
                }
            }
        }
    }

    #[test]
    fn kinds_serialize_to_the_contract_ids() {
        assert_eq!(serde_json::to_string(&DiagnosisKind::AppPasswordRequired).unwrap(), "\"app_password_required\"");
        assert_eq!(DiagnosisKind::TlsHostnameMismatch.as_str(), "tls_hostname_mismatch");
        for kind in DiagnosisKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::String(kind.as_str().into()));
        }
        // Every stable `kind` id of the check --json contract (DESIGN.md), each once.
        assert_eq!(
            DiagnosisKind::ALL.map(DiagnosisKind::as_str),
            [
                "dns_not_found",
                "connection_refused",
                "timeout",
                "tls_untrusted",
                "tls_hostname_mismatch",
                "tls_expired",
                "starttls_unavailable",
                "auth_failed",
                "app_password_required",
                "protocol_disabled",
                "sender_rejected",
                "spam_rejected",
                "limit_exceeded",
                "message_not_delivered",
                "unexpected_reply",
            ]
        );
    }

    #[test]
    fn provider_ids_and_hosts_are_recognised_tolerantly() {
        assert_eq!(Family::from_host("imap.mail.ru"), Some(Family::MailRu));
        assert_eq!(Family::from_host("smtp.yandex.com."), Some(Family::Yandex));
        assert_eq!(Family::from_host("notmail.ru"), None);
        assert_eq!(Family::from_host("outlook.office365.com"), Some(Family::Outlook));
    }
}

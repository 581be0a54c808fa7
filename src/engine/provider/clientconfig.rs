//! The clientConfig v1.1 parser (the format of the Thunderbird ISPDB and of providers'
//! autoconfig files).
//!
//! Lenient where the format allows: unknown elements and attributes are ignored, several
//! incoming/outgoing servers are kept in the provider's order, `%EMAILADDRESS%`,
//! `%EMAILLOCALPART%` and `%EMAILDOMAIN%` are substituted in the username *and* the hostname, a
//! server that cannot be understood is skipped while the others are kept.
//!
//! Strict where safety needs it (the file comes from the network and is hostile until proven
//! otherwise): at most [`MAX_CONFIG_BYTES`], UTF-8 only, no DTD and no entities beyond the five
//! predefined ones and character references (an entity bomb is refused at `<!DOCTYPE` before
//! anything is expanded), bounded nesting depth and element count, host names validated as DNS
//! names, ports 1–65535. No input makes it panic (see the fuzz-style test).
//!
//! Mapping decisions:
//! - `socketType`: `SSL` (and `TLS`) → [`Security::Tls`], `STARTTLS` → [`Security::Starttls`]
//!   (required, never optional), `plain` → [`Security::None`]; a server without a known
//!   socketType is skipped. Unencrypted servers are moved after the encrypted ones (stable).
//! - `authentication`: the first value we support wins, in the file's order:
//!   `password-cleartext`/`plain` → password, `password-encrypted`/`secure` → encrypted-password,
//!   `none`/`client-IP-address`/`smtp-after-pop` (outgoing only) → none. NTLM, GSSAPI and client
//!   certificates are skipped. No `authentication` element at all means password.
//! - `OAuth2` is honoured, as Thunderbird does, only for hosts our presets know as OAuth2
//!   servers (a provider with `auth: oauth2-only` or a server marked oauth2); for other hosts it
//!   is skipped in favour of the next value, because nobody can register a sign-in for an
//!   unknown issuer. When OAuth2 is the *only* value, the server is kept as `oauth2`, so the user
//!   is told the truth (this provider wants a browser sign-in) instead of a password being tried.
//! - `<enable visiturl>` + `<instruction>` → a note of kind `enable_mail_clients`;
//!   `<documentation url>` + `<descr>` → a note of kind `info`. The text in the user's language
//!   is chosen when present. Links must be http(s).

use crate::engine::account::{AuthMethod, Protocol, Security, Server};
use crate::engine::email_address::{EmailAddress, domain_to_ascii};
use crate::engine::i18n::{Lang, tr};
use crate::engine::provider::presets::{self, AuthPolicy, Note, NoteKind};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Largest clientConfig file accepted (1 MiB; real files are a few KiB).
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;
/// Deepest element nesting accepted (real files nest 4 levels).
pub const MAX_DEPTH: usize = 32;
/// Most elements accepted in one file (real files have under 100).
pub const MAX_ELEMENTS: usize = 10_000;
/// Most servers kept per direction.
const MAX_SERVERS: usize = 16;
/// Longest note text kept, in characters.
const MAX_NOTE_CHARS: usize = 2_000;
/// Longest link kept, in bytes.
const MAX_URL_BYTES: usize = 2_048;
/// Longest username kept, in bytes.
const MAX_USERNAME_BYTES: usize = 320;

/// What a clientConfig file says, with placeholders already filled in for one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// `<emailProvider id>` (the provider's primary domain).
    pub provider_id: Option<String>,
    pub display_name: Option<String>,
    pub domains: Vec<String>,
    /// Incoming servers, the provider's order (unencrypted ones last).
    pub incoming: Vec<Server>,
    /// Outgoing servers, the provider's order (unencrypted ones last).
    pub outgoing: Vec<Server>,
    /// "Before you log in" steps and documentation links, in the chosen language.
    pub notes: Vec<Note>,
}

/// Why a clientConfig file was refused. The messages are meant for the discovery checklist.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClientConfigError {
    #[error("the file is larger than {limit_bytes} bytes ({size_bytes} bytes)")]
    TooLarge { size_bytes: usize, limit_bytes: usize },
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    #[error("the file declares a DTD or entities (<!DOCTYPE>/<!ENTITY>), which are refused for safety")]
    Dtd,
    #[error("the file uses the undefined entity &{name};")]
    UndefinedEntity { name: String },
    #[error("the XML is nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("the file has more than {limit} elements")]
    TooManyElements { limit: usize },
    #[error("malformed XML at byte {position}: {detail}")]
    Malformed { position: u64, detail: String },
    #[error("not a clientConfig file (the root element is <{root}>)")]
    NotClientConfig { root: String },
    #[error("the file has no usable {direction} server")]
    NoUsableServer { direction: &'static str },
}

/// Parses a clientConfig v1.1 document for `email`; notes are in `lang`.
pub fn parse(xml: &[u8], email: &EmailAddress, lang: Lang) -> Result<ClientConfig, ClientConfigError> {
    if xml.len() > MAX_CONFIG_BYTES {
        return Err(ClientConfigError::TooLarge { size_bytes: xml.len(), limit_bytes: MAX_CONFIG_BYTES });
    }
    // Refuse DTDs before the XML reader sees anything (defence in depth: the reader's DocType
    // event is refused too, and entities are never expanded).
    if contains(xml, b"<!DOCTYPE") || contains(xml, b"<!ENTITY") {
        return Err(ClientConfigError::Dtd);
    }
    let text = std::str::from_utf8(xml).map_err(|_| ClientConfigError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser { email: Some(email), lang, ..Parser::default() };
    parser.run(text)?;
    parser.finish()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A server section as written, before validation.
#[derive(Default)]
struct RawServer {
    incoming: bool,
    /// `None` for types we do not configure (exchange, ews, nntp, …).
    protocol: Option<Protocol>,
    hostname: Option<String>,
    port: Option<String>,
    socket_type: Option<String>,
    username: Option<String>,
    auth: Vec<String>,
}

/// An `<enable>` or `<documentation>` section as written.
struct RawNote {
    kind: NoteKind,
    url: Option<String>,
    /// (lang attribute, text)
    texts: Vec<(Option<String>, String)>,
}

#[derive(Default)]
struct Parser<'a> {
    email: Option<&'a EmailAddress>,
    lang: Lang,
    stack: Vec<String>,
    text: String,
    elements: usize,
    providers_seen: usize,
    text_lang: Option<String>,
    server: Option<RawServer>,
    note: Option<RawNote>,
    provider_id: Option<String>,
    display_name: Option<String>,
    domains: Vec<String>,
    incoming: Vec<Server>,
    outgoing: Vec<Server>,
    notes: Vec<Note>,
}

impl<'a> Parser<'a> {
    fn run(&mut self, text: &str) -> Result<(), ClientConfigError> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        loop {
            let event = reader.read_event().map_err(|e| ClientConfigError::Malformed {
                position: reader.error_position(),
                detail: e.to_string(),
            })?;
            match event {
                Event::DocType(_) => return Err(ClientConfigError::Dtd),
                Event::Start(start) => {
                    let name = self.open(&start)?;
                    self.stack.push(name);
                    self.text.clear();
                }
                Event::Empty(start) => {
                    let name = self.open(&start)?;
                    self.text.clear();
                    self.close(&name);
                }
                Event::End(_) => {
                    let name = self.stack.pop().unwrap_or_default();
                    self.close(&name);
                    self.text.clear();
                }
                Event::Text(t) => self.push_text(&t.xml10_content()),
                Event::CData(c) => self.push_text(&c.xml10_content()),
                Event::GeneralRef(r) => {
                    let resolved = r.resolve_char_ref().map_err(|e| ClientConfigError::Malformed {
                        position: reader.buffer_position(),
                        detail: e.to_string(),
                    })?;
                    let c = match resolved {
                        Some(c) => c,
                        None => match &*r {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                return Err(ClientConfigError::UndefinedEntity { name: truncate(other, 40) });
                            }
                        },
                    };
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
        if let Some(open) = self.stack.last() {
            return Err(ClientConfigError::Malformed {
                position: text.len() as u64,
                detail: format!("the file ends before </{open}>"),
            });
        }
        if self.elements == 0 {
            return Err(ClientConfigError::Malformed { position: 0, detail: "no XML element in the file".into() });
        }
        Ok(())
    }

    fn push_text(&mut self, more: &str) {
        // The whole file is capped at 1 MiB, so the text of one element is too.
        self.text.push_str(more);
    }

    fn parent(&self) -> &str {
        self.stack.last().map_or("", String::as_str)
    }

    /// Handles an opening tag; returns its local name.
    fn open(&mut self, start: &BytesStart<'_>) -> Result<String, ClientConfigError> {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(ClientConfigError::TooManyElements { limit: MAX_ELEMENTS });
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(ClientConfigError::TooDeep { limit: MAX_DEPTH });
        }
        let name = start.local_name().as_ref().to_string();
        if self.stack.is_empty() && name != "clientConfig" {
            return Err(ClientConfigError::NotClientConfig { root: truncate(&name, 40) });
        }
        let attribute = |key: &str| -> Option<String> {
            let attr = start.try_get_attribute(key).ok()??;
            attr.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.trim().to_string())
        };
        let in_first_provider = self.parent() == "emailProvider" && self.providers_seen == 1;
        match name.as_str() {
            "emailProvider" if self.parent() == "clientConfig" => {
                self.providers_seen += 1;
                if self.providers_seen == 1 {
                    self.provider_id = attribute("id").map(|id| truncate(&id, 100));
                }
            }
            "incomingServer" | "outgoingServer" if in_first_provider => {
                let incoming = name == "incomingServer";
                let kind = attribute("type").unwrap_or_default().to_ascii_lowercase();
                let protocol = match (incoming, kind.as_str()) {
                    (true, "imap") => Some(Protocol::Imap),
                    (true, "pop3") => Some(Protocol::Pop3),
                    (false, "smtp") => Some(Protocol::Smtp),
                    _ => None,
                };
                self.server = Some(RawServer { incoming, protocol, ..RawServer::default() });
            }
            "enable" if matches!(self.parent(), "clientConfig" | "emailProvider") => {
                self.note =
                    Some(RawNote { kind: NoteKind::EnableMailClients, url: attribute("visiturl"), texts: vec![] });
            }
            "documentation" if matches!(self.parent(), "clientConfig" | "emailProvider") => {
                self.note = Some(RawNote { kind: NoteKind::Info, url: attribute("url"), texts: vec![] });
            }
            "instruction" | "descr" => self.text_lang = attribute("lang").map(|l| l.to_ascii_lowercase()),
            _ => {}
        }
        Ok(name)
    }

    /// Handles a closing tag (the element is already popped from the stack).
    fn close(&mut self, name: &str) {
        let text = self.text.trim().to_string();
        let parent = self.parent().to_string();
        if let Some(server) = self.server.as_mut() {
            if matches!(parent.as_str(), "incomingServer" | "outgoingServer") {
                match name {
                    "hostname" => server.hostname = Some(text),
                    "port" => server.port = Some(text),
                    "socketType" => server.socket_type = Some(text),
                    "username" => server.username = Some(text),
                    "authentication" if server.auth.len() < 16 => server.auth.push(text),
                    _ => {}
                }
                return;
            }
        }
        match name {
            "incomingServer" | "outgoingServer" => {
                if let Some(raw) = self.server.take() {
                    self.add_server(raw);
                }
            }
            "instruction" | "descr" => {
                if let Some(note) = self.note.as_mut() {
                    if !text.is_empty() && note.texts.len() < 32 {
                        note.texts.push((self.text_lang.take(), text));
                    }
                }
            }
            "enable" | "documentation" => {
                if let Some(raw) = self.note.take() {
                    self.add_note(raw);
                }
            }
            "domain" if parent == "emailProvider" && self.providers_seen == 1 && self.domains.len() < 100 => {
                if let Ok(domain) = domain_to_ascii(&text) {
                    self.domains.push(domain);
                }
            }
            "displayName" if parent == "emailProvider" && self.providers_seen == 1 => {
                self.display_name = Some(truncate(&text, 100));
            }
            _ => {}
        }
    }

    fn add_server(&mut self, raw: RawServer) {
        let Some(email) = self.email else { return };
        let list_full = if raw.incoming { self.incoming.len() } else { self.outgoing.len() } >= MAX_SERVERS;
        if list_full {
            return;
        }
        if let Some(server) = build_server(raw, email) {
            if server.protocol.is_incoming() {
                self.incoming.push(server);
            } else {
                self.outgoing.push(server);
            }
        }
    }

    fn add_note(&mut self, raw: RawNote) {
        if self.notes.len() >= 16 {
            return;
        }
        let url = raw.url.as_deref().and_then(safe_url);
        let text = pick_text(&raw.texts, self.lang).map(|t| clean_text(&t));
        let text = match (text, raw.kind) {
            (Some(text), _) => text,
            (None, _) if url.is_none() => return,
            (None, NoteKind::EnableMailClients) => tr(self.lang, "discovery-note-enable-default"),
            (None, _) => tr(self.lang, "discovery-note-documentation-default"),
        };
        self.notes.push(Note { kind: raw.kind, text, url });
    }

    fn finish(mut self) -> Result<ClientConfig, ClientConfigError> {
        if self.incoming.is_empty() {
            return Err(ClientConfigError::NoUsableServer { direction: "incoming" });
        }
        if self.outgoing.is_empty() {
            return Err(ClientConfigError::NoUsableServer { direction: "outgoing" });
        }
        // Never prefer plaintext: encrypted servers first, the provider's order otherwise.
        self.incoming.sort_by_key(|s| !s.security.is_encrypted());
        self.outgoing.sort_by_key(|s| !s.security.is_encrypted());
        Ok(ClientConfig {
            provider_id: self.provider_id,
            display_name: self.display_name,
            domains: self.domains,
            incoming: self.incoming,
            outgoing: self.outgoing,
            notes: self.notes,
        })
    }
}

/// Fills in `%EMAILADDRESS%`, `%EMAILLOCALPART%` and `%EMAILDOMAIN%` (ASCII forms, as they go
/// over the wire).
pub fn substitute_placeholders(text: &str, email: &EmailAddress) -> String {
    text.replace("%EMAILADDRESS%", &email.to_ascii_string())
        .replace("%EMAILLOCALPART%", email.local_part())
        .replace("%EMAILDOMAIN%", email.domain())
}

fn build_server(raw: RawServer, email: &EmailAddress) -> Option<Server> {
    let protocol = raw.protocol?;
    let host = domain_to_ascii(&substitute_placeholders(raw.hostname.as_deref()?, email)).ok()?;
    let port = match raw.port.as_deref()?.parse::<u16>() {
        Ok(port) if port != 0 => port,
        _ => return None,
    };
    let security = match raw.socket_type.as_deref()?.to_ascii_lowercase().as_str() {
        "ssl" | "tls" => Security::Tls,
        "starttls" => Security::Starttls,
        "plain" => Security::None,
        _ => return None,
    };
    let username = match raw.username.as_deref() {
        Some(u) if !u.is_empty() => substitute_placeholders(u, email),
        _ => email.to_ascii_string(),
    };
    if username.len() > MAX_USERNAME_BYTES || username.chars().any(char::is_control) {
        return None;
    }
    let auth = choose_auth(&raw.auth, protocol, &host)?;
    let mut server = Server::new(protocol, &host, port, security, &username);
    server.auth = auth;
    Some(server)
}

/// The first supported `<authentication>` value (see the module header for the rules).
fn choose_auth(values: &[String], protocol: Protocol, host: &str) -> Option<AuthMethod> {
    if values.is_empty() {
        return Some(AuthMethod::Password);
    }
    let mut saw_oauth2 = false;
    for value in values {
        let method = match value.to_ascii_lowercase().as_str() {
            "password-cleartext" | "plain" => Some(AuthMethod::Password),
            "password-encrypted" | "secure" => Some(AuthMethod::EncryptedPassword),
            "oauth2" => {
                saw_oauth2 = true;
                presets_know_oauth2(host).then_some(AuthMethod::Oauth2)
            }
            "none" | "client-ip-address" | "smtp-after-pop" if !protocol.is_incoming() => Some(AuthMethod::None),
            _ => None,
        };
        if method.is_some() {
            return method;
        }
    }
    saw_oauth2.then_some(AuthMethod::Oauth2)
}

/// True when a bundled preset says this host signs in with OAuth2.
fn presets_know_oauth2(host: &str) -> bool {
    presets::for_server_host(host).is_some_and(|p| {
        p.auth == AuthPolicy::Oauth2Only
            || p.incoming.iter().chain(&p.outgoing).any(|s| s.host == host && s.auth == Some(AuthMethod::Oauth2))
    })
}

/// The text in `lang`, else the one without a language, else English, else the first.
fn pick_text(texts: &[(Option<String>, String)], lang: Lang) -> Option<String> {
    let with_lang = |code: &str| texts.iter().find(|(l, _)| l.as_deref().is_some_and(|l| l.starts_with(code)));
    with_lang(lang.code())
        .or_else(|| texts.iter().find(|(l, _)| l.is_none()))
        .or_else(|| with_lang("en"))
        .or_else(|| texts.first())
        .map(|(_, t)| t.clone())
}

/// Collapses whitespace and caps the length of a text from the network.
fn clean_text(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    truncate(&words.join(" "), MAX_NOTE_CHARS)
}

/// The link if it is a plain http(s) URL of sane length, else nothing.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme_ok = url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let chars_ok = !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    (scheme_ok && chars_ok && url.len() <= MAX_URL_BYTES && url.len() > 8).then(|| url.to_string())
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> EmailAddress {
        EmailAddress::parse("Anna.P@shop.example-isp.test").unwrap()
    }

    fn parse_en(xml: &str) -> Result<ClientConfig, ClientConfigError> {
        parse(xml.as_bytes(), &email(), Lang::En)
    }

    const TYPICAL: &str = include_str!("../../../tests/fixtures/clientconfig/valid.xml");

    fn config(servers: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="x.test">{servers}
            <outgoingServer type="smtp"><hostname>smtp.x.test</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
            </emailProvider></clientConfig>"#
        )
    }

    fn imap(auth: &str) -> String {
        format!(
            "<incomingServer type=\"imap\"><hostname>imap.x.test</hostname><port>993</port>\
             <socketType>SSL</socketType>{auth}</incomingServer>"
        )
    }

    #[test]
    fn a_typical_file_gives_servers_in_order_with_notes() {
        let c = parse_en(TYPICAL).unwrap();
        assert_eq!(c.provider_id.as_deref(), Some("example-isp.test"));
        assert_eq!(c.display_name.as_deref(), Some("Example ISP Mail"));
        let incoming: Vec<_> = c.incoming.iter().map(|s| (s.protocol, s.host.as_str(), s.port, s.security)).collect();
        assert_eq!(
            incoming,
            vec![
                (Protocol::Imap, "imap.example-isp.test", 993, Security::Tls),
                (Protocol::Pop3, "pop.example-isp.test", 995, Security::Tls)
            ]
        );
        assert_eq!(c.outgoing[0].host, "smtp.example-isp.test");
        assert_eq!(c.outgoing[0].security, Security::Starttls);
        assert_eq!(c.incoming[0].username, "Anna.P@shop.example-isp.test");
        let kinds: Vec<_> = c.notes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, vec![NoteKind::Info, NoteKind::EnableMailClients]);
        assert_eq!(c.notes[1].url.as_deref(), Some("https://mail.example-isp.test/settings/clients"));
    }

    #[test]
    fn notes_are_picked_in_the_users_language() {
        let ru = parse(TYPICAL.as_bytes(), &email(), Lang::Ru).unwrap();
        let en = parse_en(TYPICAL).unwrap();
        assert!(ru.notes[1].text.contains("Почтовые программы"), "{}", ru.notes[1].text);
        assert!(en.notes[1].text.contains("Mail clients"), "{}", en.notes[1].text);
    }

    #[test]
    fn placeholders_are_filled_in_usernames_and_host_names() {
        let xml = include_str!("../../../tests/fixtures/clientconfig/placeholder.xml");
        let c = parse_en(xml).unwrap();
        assert_eq!(c.incoming[0].host, "imap.shop.example-isp.test");
        assert_eq!(c.incoming[0].username, "Anna.P");
        assert_eq!(c.outgoing[0].host, "smtp.shop.example-isp.test");
        assert_eq!(c.outgoing[0].username, "Anna.P@shop.example-isp.test");
    }

    #[test]
    fn several_servers_are_kept_in_order_and_plaintext_goes_last() {
        let xml = include_str!("../../../tests/fixtures/clientconfig/several-servers.xml");
        let c = parse_en(xml).unwrap();
        let incoming: Vec<_> = c.incoming.iter().map(|s| s.spec()).collect();
        assert_eq!(
            incoming,
            vec![
                "imap.several.test:993:tls",
                "imap.several.test:143:starttls",
                "pop3.several.test:995:tls",
                "imap.several.test:143:none"
            ]
        );
        let outgoing: Vec<_> = c.outgoing.iter().map(|s| s.spec()).collect();
        assert_eq!(outgoing, vec!["smtp.several.test:465:tls", "smtp.several.test:587:starttls"]);
        // The exchange server and the one with a bad port were skipped, not fatal.
        assert_eq!(c.domains, vec!["several.test".to_string(), "other-several.test".to_string()]);
    }

    #[test]
    fn authentication_takes_the_first_supported_value() {
        let auth = |values: &str| parse_en(&config(&imap(values))).map(|c| c.incoming[0].auth);
        assert_eq!(auth(""), Ok(AuthMethod::Password));
        assert_eq!(auth("<authentication>password-cleartext</authentication>"), Ok(AuthMethod::Password));
        assert_eq!(
            auth("<authentication>GSSAPI</authentication><authentication>password-encrypted</authentication>"),
            Ok(AuthMethod::EncryptedPassword)
        );
        // OAuth2 for a host no preset knows: skipped in favour of the next value…
        assert_eq!(
            auth("<authentication>OAuth2</authentication><authentication>password-cleartext</authentication>"),
            Ok(AuthMethod::Password)
        );
        // …and kept when it is the only way in.
        assert_eq!(auth("<authentication>OAuth2</authentication>"), Ok(AuthMethod::Oauth2));
        // A server with only unsupported methods is skipped.
        assert_eq!(
            auth("<authentication>NTLM</authentication>"),
            Err(ClientConfigError::NoUsableServer { direction: "incoming" })
        );
        // "none" is an SMTP-only value.
        assert!(auth("<authentication>none</authentication>").is_err());
    }

    #[test]
    fn smtp_without_authentication_is_none() {
        let xml = format!(
            r#"<clientConfig><emailProvider>{}<outgoingServer type="smtp"><hostname>smtp.x.test</hostname>
            <port>25</port><socketType>STARTTLS</socketType><authentication>client-IP-address</authentication>
            </outgoingServer></emailProvider></clientConfig>"#,
            imap("")
        );
        assert_eq!(parse_en(&xml).unwrap().outgoing[0].auth, AuthMethod::None);
    }

    #[test]
    fn bad_ports_hosts_and_socket_types_skip_the_server() {
        for bad in [
            "<hostname>imap.x.test</hostname><port>0</port><socketType>SSL</socketType>",
            "<hostname>imap.x.test</hostname><port>65536</port><socketType>SSL</socketType>",
            "<hostname>imap.x.test</hostname><port>99x</port><socketType>SSL</socketType>",
            "<hostname>imap x.test</hostname><port>993</port><socketType>SSL</socketType>",
            "<hostname>imap.%REALNAME%.test</hostname><port>993</port><socketType>SSL</socketType>",
            "<hostname>-imap.x.test</hostname><port>993</port><socketType>SSL</socketType>",
            "<hostname>imap.x.test</hostname><port>993</port><socketType>maybe</socketType>",
            "<hostname>imap.x.test</hostname><port>993</port>",
        ] {
            let xml = config(&format!("<incomingServer type=\"imap\">{bad}</incomingServer>"));
            assert_eq!(parse_en(&xml), Err(ClientConfigError::NoUsableServer { direction: "incoming" }), "{bad}");
        }
    }

    #[test]
    fn unknown_elements_and_attributes_are_ignored() {
        let xml = config(&format!(
            "<futureThing a=\"b\"><nested/></futureThing>{}<inputField key=\"USERNAME\">x</inputField>",
            imap("<newElement>1</newElement>")
        ));
        assert_eq!(parse_en(&xml).unwrap().incoming.len(), 1);
    }

    #[test]
    fn predefined_entities_and_character_references_are_decoded() {
        let xml = config(&imap("")).replace(
            "</emailProvider>",
            "<documentation url=\"https://x.test/?a=1&amp;b=2\"><descr>Fish &amp; chips &#x263A; &lt;ok&gt;</descr></documentation></emailProvider>",
        );
        let c = parse_en(&xml).unwrap();
        assert_eq!(c.notes[0].text, "Fish & chips ☺ <ok>");
        assert_eq!(c.notes[0].url.as_deref(), Some("https://x.test/?a=1&b=2"));
    }

    #[test]
    fn only_http_links_are_kept() {
        let xml = config(&imap("")).replace(
            "</emailProvider>",
            "<documentation url=\"javascript:alert(1)\"><descr>Click</descr></documentation></emailProvider>",
        );
        assert_eq!(parse_en(&xml).unwrap().notes[0].url, None);
    }

    #[test]
    fn an_entity_bomb_is_refused_fast_without_expanding_anything() {
        let bomb = include_str!("../../../tests/fixtures/clientconfig/entity-bomb.xml");
        let started = std::time::Instant::now();
        assert_eq!(parse_en(bomb), Err(ClientConfigError::Dtd));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        // An undeclared entity reference (no DTD at all) is refused too.
        let xml = config(&imap("")).replace("x.test\">", "x.test\"><displayName>&lol9;</displayName>");
        assert_eq!(parse_en(&xml), Err(ClientConfigError::UndefinedEntity { name: "lol9".into() }));
    }

    #[test]
    fn size_depth_and_element_limits_hold() {
        let huge = vec![b' '; MAX_CONFIG_BYTES + 1];
        assert!(matches!(parse(&huge, &email(), Lang::En), Err(ClientConfigError::TooLarge { .. })));
        let deep = format!("<clientConfig>{}{}</clientConfig>", "<a>".repeat(40), "</a>".repeat(40));
        assert_eq!(parse_en(&deep), Err(ClientConfigError::TooDeep { limit: MAX_DEPTH }));
        let many = format!("<clientConfig>{}</clientConfig>", "<a/>".repeat(MAX_ELEMENTS + 1));
        assert_eq!(parse_en(&many), Err(ClientConfigError::TooManyElements { limit: MAX_ELEMENTS }));
    }

    #[test]
    fn malformed_and_foreign_documents_are_clear_errors() {
        let malformed = include_str!("../../../tests/fixtures/clientconfig/malformed.xml");
        assert!(matches!(parse_en(malformed), Err(ClientConfigError::Malformed { .. })), "{:?}", parse_en(malformed));
        assert!(matches!(parse_en("<html><body>hi</body></html>"), Err(ClientConfigError::NotClientConfig { .. })));
        assert!(matches!(parse_en(""), Err(ClientConfigError::Malformed { .. })));
        assert!(matches!(parse(&[0xff, 0xfe, 0x00], &email(), Lang::En), Err(ClientConfigError::NotUtf8)));
    }

    /// A small deterministic generator (xorshift), so the fuzz test needs no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn no_input_makes_the_parser_panic() {
        let seeds = [
            TYPICAL,
            include_str!("../../../tests/fixtures/clientconfig/several-servers.xml"),
            include_str!("../../../tests/fixtures/clientconfig/placeholder.xml"),
        ];
        let tokens: [&[u8]; 14] = [
            b"<",
            b">",
            b"</",
            b"/>",
            b"&",
            b";",
            b"&#x0;",
            b"<![CDATA[",
            b"]]>",
            b"<!--",
            b"\"",
            b"\xff",
            b"%EMAILDOMAIN%",
            b"<incomingServer type=\"imap\">",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let email = email();
        for round in 0..3_000 {
            let seed = seeds[round % seeds.len()].as_bytes();
            let mut input = seed.to_vec();
            match round % 4 {
                0 => input.truncate(rng.below(seed.len() + 1)),
                1 => {
                    for _ in 0..1 + rng.below(8) {
                        let at = rng.below(input.len());
                        input[at] = rng.next() as u8;
                    }
                }
                2 => {
                    for _ in 0..1 + rng.below(6) {
                        let at = rng.below(input.len() + 1);
                        let token = tokens[rng.below(tokens.len())];
                        input.splice(at..at, token.iter().copied());
                    }
                }
                _ => input = (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
            }
            let _ = parse(&input, &email, Lang::Ru);
        }
    }
}

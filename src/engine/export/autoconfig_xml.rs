//! `autoconfig-xml`: Mozilla clientConfig v1.1 (exports.md §1b), the one file most clients
//! look up by themselves (Thunderbird, K-9/Thunderbird for Android, Evolution, Geary, KMail, …).
//! Hosted at `https://autoconfig.<domain>/mail/config-v1.1.xml` or dropped into Thunderbird's
//! `isp/<domain>.xml`. It describes the domain, so the login is written as a placeholder
//! (`%EMAILADDRESS%`) whenever it follows from the address; it never carries a password or a name.
// NOTE: the unit tests below read every export back with the project's own discovery parser
// (engine::provider::clientconfig), so what we publish is what we would discover;
// tests/exports_formats.rs also checks it with xmllint and Python's XML parser.

use super::escape::{comment, xml};
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, Severity, Warning,
    auth_not_expressible,
};
use crate::engine::account::{Account, AuthMethod, Protocol, Security, Server};
use crate::engine::email_address::EmailAddress;

/// clientConfig v1.1 XML.
pub struct AutoconfigXml;

const META: FormatMeta = FormatMeta {
    id: "autoconfig-xml",
    audience: Audience::Website,
    file_name: FileName::Fixed("config-v1.1.xml"),
    extension: "xml",
    mime_type: "application/xml",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

fn socket_type(security: Security) -> &'static str {
    match security {
        Security::Tls => "SSL",
        Security::Starttls => "STARTTLS",
        Security::None => "plain",
    }
}

fn authentication(server: &Server) -> Result<&'static str, ExportError> {
    match server.auth {
        AuthMethod::Password => Ok("password-cleartext"),
        AuthMethod::EncryptedPassword => Ok("password-encrypted"),
        AuthMethod::Oauth2 => Ok("OAuth2"),
        AuthMethod::None if server.protocol == Protocol::Smtp => Ok("none"),
        AuthMethod::None => Err(auth_not_expressible("autoconfig-xml", server)),
    }
}

/// The `<username>` value: a placeholder when the login follows from the address, else the login.
fn username_template(username: &str, email: &EmailAddress) -> Option<&'static str> {
    if username.eq_ignore_ascii_case(&email.to_ascii_string()) || username == email.to_display_string() {
        Some("%EMAILADDRESS%")
    } else if username == email.local_part() {
        Some("%EMAILLOCALPART%")
    } else {
        None
    }
}

fn server_xml(element: &str, server: &Server, email: &EmailAddress) -> Result<String, ExportError> {
    let username = match username_template(&server.username, email) {
        Some(template) => template.to_string(),
        None => xml(&server.username),
    };
    let mut out = format!("    <{element} type=\"{}\">\n", server.protocol.as_str());
    out.push_str(&format!("      <hostname>{}</hostname>\n", xml(&server.host)));
    out.push_str(&format!("      <port>{}</port>\n", server.port));
    out.push_str(&format!("      <socketType>{}</socketType>\n", socket_type(server.security)));
    out.push_str(&format!("      <authentication>{}</authentication>\n", authentication(server)?));
    if server.auth != AuthMethod::None {
        out.push_str(&format!("      <username>{username}</username>\n"));
    }
    if server.protocol == Protocol::Pop3 {
        out.push_str("      <pop3>\n        <leaveMessagesOnServer>true</leaveMessagesOnServer>\n      </pop3>\n");
    }
    out.push_str(&format!("    </{element}>\n"));
    Ok(out)
}

impl Exporter for AutoconfigXml {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn cannot_express(&self, account: &Account) -> Vec<Warning> {
        let mut warnings = vec![Warning::new("no-display-name", Severity::Info).arg("format", self.id())];
        if let Ok(email) = EmailAddress::parse(&account.email) {
            if account
                .servers()
                .iter()
                .any(|s| s.auth != AuthMethod::None && username_template(&s.username, &email).is_none())
            {
                warnings.push(Warning::new("username-literal", Severity::Info));
            }
        }
        warnings
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let domain = ctx.email.domain();
        let provider = ctx.provider_name();
        let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        text.push_str(&format!("<!-- {} -->\n", comment(&ctx.comment_line("export-autoconfig-xml-comment"))));
        text.push_str("<clientConfig version=\"1.1\">\n");
        text.push_str(&format!("  <emailProvider id=\"{}\">\n", xml(domain)));
        text.push_str(&format!("    <domain>{}</domain>\n", xml(domain)));
        text.push_str(&format!("    <displayName>{}</displayName>\n", xml(&provider)));
        text.push_str(&format!("    <displayShortName>{}</displayShortName>\n", xml(&provider)));
        text.push_str(&server_xml("incomingServer", ctx.incoming(), &ctx.email)?);
        text.push_str(&server_xml("outgoingServer", ctx.outgoing(), &ctx.email)?);
        text.push_str("  </emailProvider>\n</clientConfig>\n");
        Ok(vec![META.file(ctx, text)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::export::ExportOptions;
    use crate::engine::i18n::Lang;
    use crate::engine::provider::clientconfig;

    fn round_trip(email: &str, incoming: Server, outgoing: Server) {
        let account = Account {
            email: email.into(),
            display_name: "Jane Doe".into(),
            provider_id: None,
            source: crate::engine::account::SettingsSource::Manual,
            incoming,
            outgoing,
        };
        let output = AutoconfigXml.export(&account, &ExportOptions::default()).unwrap();
        let address = EmailAddress::parse(email).unwrap();
        let parsed = clientconfig::parse(&output.files[0].bytes, &address, Lang::En).unwrap();
        assert_eq!(parsed.incoming, vec![account.incoming.clone()], "incoming of {email}");
        assert_eq!(parsed.outgoing, vec![account.outgoing.clone()], "outgoing of {email}");
        assert!(parsed.domains.contains(&address.domain().to_string()), "{:?}", parsed.domains);
    }

    #[test]
    fn implicit_tls_round_trips_through_our_own_discovery_parser() {
        round_trip(
            "jane@example.com",
            Server::new(Protocol::Imap, "imap.example.com", 993, Security::Tls, "jane@example.com"),
            Server::new(Protocol::Smtp, "smtp.example.com", 465, Security::Tls, "jane@example.com"),
        );
    }

    #[test]
    fn starttls_pop3_and_a_local_part_login_round_trip() {
        round_trip(
            "jane@example.com",
            Server::new(Protocol::Pop3, "pop.example.com", 110, Security::Starttls, "jane"),
            Server::new(Protocol::Smtp, "smtp.example.com", 587, Security::Starttls, "jane@example.com"),
        );
    }

    #[test]
    fn an_idn_domain_round_trips_in_punycode() {
        round_trip(
            "ivan@почта.рф",
            Server::new(Protocol::Imap, "imap.xn--80a1acny.xn--p1ai", 993, Security::Tls, "ivan@xn--80a1acny.xn--p1ai"),
            Server::new(Protocol::Smtp, "smtp.xn--80a1acny.xn--p1ai", 465, Security::Tls, "ivan@xn--80a1acny.xn--p1ai"),
        );
    }
}

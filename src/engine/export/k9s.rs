//! `k9s`: a K-9 Mail / Thunderbird for Android settings file (exports.md §1e), imported through
//! Settings → Import settings — the fallback when the QR code cannot be scanned. The same XML
//! the phone builds internally from a scanned QR code. Never carries the password: it is a file
//! that travels by mail or cloud storage, and the app asks for the password after the import.

use super::escape::xml;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// Thunderbird for Android / K-9 settings file.
pub struct K9s;

const META: FormatMeta = FormatMeta {
    id: "k9s",
    audience: Audience::Phone,
    file_name: FileName::PerAddress { prefix: "", suffix: ".k9s", fallback: "settings.k9s" },
    extension: "k9s",
    mime_type: "application/xml",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

fn connection_security(security: Security) -> &'static str {
    match security {
        Security::Tls => "SSL_TLS_REQUIRED",
        Security::Starttls => "STARTTLS_REQUIRED",
        Security::None => "NONE",
    }
}

fn authentication_type(server: &Server) -> Result<&'static str, ExportError> {
    match server.auth {
        AuthMethod::Password => Ok("PLAIN"),
        AuthMethod::EncryptedPassword => Ok("CRAM_MD5"),
        AuthMethod::Oauth2 => Ok("XOAUTH2"),
        AuthMethod::None if server.protocol == Protocol::Smtp => Ok("NONE"),
        AuthMethod::None => Err(auth_not_expressible("k9s", server)),
    }
}

fn server_xml(element: &str, kind: &str, server: &Server) -> Result<String, ExportError> {
    Ok(format!(
        "      <{element} type=\"{kind}\">\n        <host>{}</host>\n        <port>{}</port>\n        \
         <connection-security>{}</connection-security>\n        <authentication-type>{}</authentication-type>\n        \
         <username>{}</username>\n      </{element}>\n",
        xml(&server.host),
        server.port,
        connection_security(server.security),
        authentication_type(server)?,
        xml(&server.username),
    ))
}

impl Exporter for K9s {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let (kind, delete_policy) = match incoming.protocol {
            // NOTE: K-9 spells its delete policies NEVER / DELETE / MARK_AS_READ in settings files;
            // for POP3, NEVER keeps the mail on the server — the choice that cannot lose mail.
            Protocol::Pop3 => ("POP3", "NEVER"),
            _ => ("IMAP", "DELETE"),
        };
        let mut text = String::from("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n");
        text.push_str(&format!("<!-- {} -->\n", ctx.comment_line("export-comment-generated")));
        text.push_str("<k9settings version=\"99\" format=\"1\">\n  <accounts>\n");
        text.push_str(&format!("    <account uuid=\"{}\">\n", ctx.uuid(0)));
        text.push_str(&format!("      <name>{}</name>\n", xml(&ctx.email.to_display_string())));
        text.push_str(&format!(
            "      <settings>\n        <value key=\"deletePolicy\">{delete_policy}</value>\n      </settings>\n"
        ));
        text.push_str(&server_xml("incoming-server", kind, incoming)?);
        text.push_str(&server_xml("outgoing-server", "SMTP", ctx.outgoing())?);
        text.push_str("      <identities>\n        <identity>\n");
        text.push_str(&format!("          <name>{}</name>\n", xml(ctx.display_name())));
        text.push_str(&format!("          <email>{}</email>\n", xml(&ctx.email_ascii())));
        text.push_str("        </identity>\n      </identities>\n    </account>\n  </accounts>\n</k9settings>\n");
        Ok(vec![META.file(ctx, text)])
    }
}

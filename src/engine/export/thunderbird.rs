//! `thunderbird`: a `user.js` of `mail.*` prefs that creates the account in a new, empty
//! Thunderbird profile (exports.md §1a). Keys and values as Thunderbird's own code reads them:
//! incoming `userName` (capital N) but SMTP `username`; SMTP security is `try_ssl`, not
//! `socketType`. The password stays in Thunderbird's login manager: it asks on first connect.

use super::escape::js;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// Thunderbird desktop, via user.js.
pub struct Thunderbird;

const META: FormatMeta = FormatMeta {
    id: "thunderbird",
    audience: Audience::MailProgram,
    file_name: FileName::Fixed("user.js"),
    extension: "js",
    mime_type: "text/javascript",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

/// `nsMsgSocketType`: 0 plain, 2 always STARTTLS, 3 SSL/TLS (value 1, "try STARTTLS", is gone).
// NOTE: the QR code's connection security (thunderbird_qr) is this same number.
pub(super) fn socket_type(security: Security) -> u8 {
    match security {
        Security::Tls => 3,
        Security::Starttls => 2,
        Security::None => 0,
    }
}

/// `nsMsgAuthMethod`: 1 none, 3 normal password, 4 encrypted password, 10 OAuth2.
fn auth_method(server: &Server) -> Result<u8, ExportError> {
    match server.auth {
        AuthMethod::None if server.protocol == Protocol::Smtp => Ok(1),
        AuthMethod::None => Err(auth_not_expressible("thunderbird", server)),
        AuthMethod::Password => Ok(3),
        AuthMethod::EncryptedPassword => Ok(4),
        AuthMethod::Oauth2 => Ok(10),
    }
}

impl Exporter for Thunderbird {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        let email = ctx.email_ascii();
        let mut prefs: Vec<(&str, String)> = vec![];
        let mut pref = |name: &'static str, value: String| prefs.push((name, value));
        pref("mail.accountmanager.accounts", js("account1,account2"));
        pref("mail.accountmanager.defaultaccount", js("account1"));
        pref("mail.account.account1.server", js("server1"));
        pref("mail.account.account1.identities", js("id1"));
        pref("mail.server.server1.type", js(incoming.protocol.as_str()));
        pref("mail.server.server1.hostname", js(&incoming.host));
        pref("mail.server.server1.port", incoming.port.to_string());
        pref("mail.server.server1.socketType", socket_type(incoming.security).to_string());
        pref("mail.server.server1.authMethod", auth_method(incoming)?.to_string());
        pref("mail.server.server1.userName", js(&incoming.username));
        pref("mail.server.server1.name", js(&ctx.email.to_display_string()));
        pref("mail.server.server1.login_at_startup", "true".to_string());
        pref("mail.server.server1.check_new_mail", "true".to_string());
        if incoming.protocol == Protocol::Pop3 {
            // NOTE: Thunderbird's own default deletes POP3 mail from the server after download;
            // keeping it is the choice that cannot lose mail.
            pref("mail.server.server1.leave_on_server", "true".to_string());
        }
        pref("mail.identity.id1.fullName", js(ctx.display_name()));
        pref("mail.identity.id1.useremail", js(&email));
        pref("mail.identity.id1.smtpServer", js("smtp1"));
        pref("mail.identity.id1.valid", "true".to_string());
        pref("mail.smtpservers", js("smtp1"));
        pref("mail.smtp.defaultserver", js("smtp1"));
        pref("mail.smtpserver.smtp1.type", js("smtp"));
        pref("mail.smtpserver.smtp1.hostname", js(&outgoing.host));
        pref("mail.smtpserver.smtp1.port", outgoing.port.to_string());
        pref("mail.smtpserver.smtp1.try_ssl", socket_type(outgoing.security).to_string());
        pref("mail.smtpserver.smtp1.authMethod", auth_method(outgoing)?.to_string());
        pref("mail.smtpserver.smtp1.username", js(&outgoing.username));
        pref("mail.smtpserver.smtp1.description", js(&ctx.provider_name()));
        pref("mail.account.account2.server", js("server2"));
        pref("mail.server.server2.type", js("none"));
        pref("mail.server.server2.hostname", js("Local Folders"));
        pref("mail.server.server2.userName", js("nobody"));
        pref("mail.server.server2.name", js("Local Folders"));
        pref("mail.accountmanager.localfoldersserver", js("server2"));

        let mut text = ctx.comment_block(&["export-comment-generated", "export-thunderbird-comment"], "//");
        for (name, value) in prefs {
            text.push_str(&format!("user_pref({}, {value});\n", js(name)));
        }
        Ok(vec![META.file(ctx, text)])
    }
}

//! `aerc`: an account block for `~/.config/aerc/accounts.conf` (exports.md §7; aerc 0.14, which
//! requires the file to be 0600). IMAP only (aerc has no POP3). Schemes: `imaps://` implicit TLS,
//! `imap://` STARTTLS (aerc fails if the upgrade fails), `imap+insecure://` none; SMTP `smtps://`,
//! or `smtp://` plus `smtp-starttls = true` for STARTTLS. Passwords come from the keyring through
//! `source-cred-cmd` / `outgoing-cred-cmd`, which aerc runs when it starts.

use super::escape::{go_ini, url_host, url_userinfo};
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible, require_password_login, unsupported_protocol,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// aerc account configuration.
pub struct Aerc;

const META: FormatMeta = FormatMeta {
    id: "aerc",
    audience: Audience::CommandLine,
    file_name: FileName::Fixed("accounts.conf"),
    extension: "conf",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PRIVATE,
};

fn source_url(server: &Server) -> String {
    let scheme = match server.security {
        Security::Tls => "imaps",
        Security::Starttls => "imap",
        Security::None => "imap+insecure",
    };
    format!("{scheme}://{}@{}:{}", url_userinfo(&server.username), url_host(&server.host), server.port)
}

fn outgoing_url(server: &Server) -> Result<String, ExportError> {
    let scheme = match server.security {
        Security::Tls => "smtps",
        Security::Starttls | Security::None => "smtp",
    };
    let (auth, user) = match server.auth {
        AuthMethod::Password => ("plain", format!("{}@", url_userinfo(&server.username))),
        AuthMethod::None => ("none", String::new()),
        AuthMethod::EncryptedPassword | AuthMethod::Oauth2 => return Err(auth_not_expressible("aerc", server)),
    };
    Ok(format!("{scheme}+{auth}://{user}{}:{}", url_host(&server.host), server.port))
}

impl Exporter for Aerc {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        if incoming.protocol != Protocol::Imap {
            return Err(unsupported_protocol(self.id(), incoming));
        }
        require_password_login(self.id(), incoming)?;
        let mut text = ctx.keyring_comment_block(&[]);
        text.push_str(&format!("[{}]\n", ctx.slug()));
        text.push_str(&format!("source = {}\n", go_ini(&source_url(incoming))));
        text.push_str(&format!("source-cred-cmd = {}\n", go_ini(&ctx.password_command(incoming))));
        text.push_str(&format!("outgoing = {}\n", go_ini(&outgoing_url(outgoing)?)));
        if outgoing.auth != AuthMethod::None {
            text.push_str(&format!("outgoing-cred-cmd = {}\n", go_ini(&ctx.password_command(outgoing))));
        }
        if outgoing.security == Security::Starttls {
            text.push_str("smtp-starttls = true\n");
        }
        text.push_str("default = INBOX\n");
        text.push_str(&format!("from = {}\n", go_ini(&ctx.mailbox())));
        Ok(vec![META.file(ctx, text)])
    }
}

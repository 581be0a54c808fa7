//! `aerc`: an account block for `~/.config/aerc/accounts.conf` (exports.md §7; aerc 0.14, which
//! requires the file to be 0600). IMAP only (aerc has no POP3). Schemes: `imaps://` implicit TLS,
//! `imap://` STARTTLS (aerc fails if the upgrade fails), `imap+insecure://` none; SMTP `smtps://`,
//! or `smtp://` plus `smtp-starttls = true` for STARTTLS. Passwords come from the keyring through
//! `source-cred-cmd` / `outgoing-cred-cmd`, which aerc runs when it starts.

use super::escape::{go_ini, url_host, url_userinfo};
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible, unsupported_protocol};
use crate::engine::account::{Account, AuthMethod, Protocol, Security, Server};

/// aerc account configuration.
pub struct Aerc;

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
    fn id(&self) -> &'static str {
        "aerc"
    }

    fn audience(&self) -> Audience {
        Audience::CommandLine
    }

    fn file_name(&self, _account: &Account) -> String {
        "accounts.conf".to_string()
    }

    fn extension(&self) -> &'static str {
        "conf"
    }

    fn mime_type(&self) -> &'static str {
        "text/plain"
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        if incoming.protocol != Protocol::Imap {
            return Err(unsupported_protocol(self.id(), incoming));
        }
        if incoming.auth != AuthMethod::Password {
            return Err(auth_not_expressible(self.id(), incoming));
        }
        let mut text = ctx.comment_block(&["export-comment-generated", "export-comment-keyring"], "#");
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
        Ok(vec![ExportFile::text("accounts.conf", text, self.mime_type()).private()])
    }
}

//! `neomutt`: a `~/.neomuttrc` (also read by Mutt) for one account (exports.md §7). The URL
//! scheme carries the security: `imaps://`/`pops://`/`smtps://` are implicit TLS; the plain
//! schemes with `ssl_starttls=yes` and `ssl_force_tls=yes` are required STARTTLS (with
//! `ssl_force_tls` NeoMutt refuses an unencrypted connection). Passwords come from the keyring
//! through backtick commands, run when NeoMutt reads the file.

use super::escape::{muttrc, url_host, url_userinfo};
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible, security_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// NeoMutt / Mutt configuration.
pub struct Neomutt;

const META: FormatMeta = FormatMeta {
    id: "neomutt",
    audience: Audience::CommandLine,
    file_name: FileName::Fixed(".neomuttrc"),
    extension: "",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits { carries_ca_file: true, ..FileTraits::PRIVATE },
};

fn url(server: &Server, with_user: bool) -> String {
    let scheme = match (server.protocol, server.security) {
        (Protocol::Imap, Security::Tls) => "imaps",
        (Protocol::Imap, _) => "imap",
        (Protocol::Pop3, Security::Tls) => "pops",
        (Protocol::Pop3, _) => "pop",
        (Protocol::Smtp, Security::Tls) => "smtps",
        (Protocol::Smtp, _) => "smtp",
    };
    let user = if with_user { format!("{}@", url_userinfo(&server.username)) } else { String::new() };
    format!("{scheme}://{user}{}:{}/", url_host(&server.host), server.port)
}

/// `"`…`"`: the keyring lookup as a NeoMutt command substitution.
fn password_from_keyring(ctx: &Context<'_>, server: &Server) -> Result<String, ExportError> {
    let command = ctx.password_command(server);
    // NOTE: the command sits between backticks, where NeoMutt does no escaping; a backtick or
    // double quote in the login would end it early.
    if command.contains(['`', '"']) {
        return Err(ExportError::InvalidValue { field: "incoming-username" });
    }
    Ok(format!("\"`{command}`\""))
}

impl Exporter for Neomutt {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        for server in [incoming, outgoing] {
            // NOTE: NeoMutt picks SASL mechanisms itself and has no OAuth token source here.
            if server.auth == AuthMethod::Oauth2 || (server.protocol.is_incoming() && server.auth == AuthMethod::None) {
                return Err(auth_not_expressible(self.id(), server));
            }
        }
        let mut text = ctx.keyring_comment_block(&[]);
        text.push_str(&format!("set realname = {}\n", muttrc(ctx.display_name())));
        text.push_str(&format!("set from = {}\n", muttrc(&ctx.email_ascii())));
        text.push_str("set use_from = yes\n");
        match incoming.protocol {
            Protocol::Pop3 => {
                text.push_str(&format!("set pop_user = {}\n", muttrc(&incoming.username)));
                text.push_str(&format!("set pop_pass = {}\n", password_from_keyring(ctx, incoming)?));
                text.push_str(&format!("set spoolfile = {}\n", muttrc(&url(incoming, false))));
                // Keep the mail on the server: the choice that cannot lose mail.
                text.push_str("set pop_delete = no\n");
                text.push_str("set folder = \"~/Mail\"\n");
            }
            _ => {
                text.push_str(&format!("set imap_user = {}\n", muttrc(&incoming.username)));
                text.push_str(&format!("set imap_pass = {}\n", password_from_keyring(ctx, incoming)?));
                text.push_str(&format!("set folder = {}\n", muttrc(&url(incoming, false))));
                text.push_str("set spoolfile = \"+INBOX\"\n");
            }
        }
        text.push_str(&format!("set smtp_url = {}\n", muttrc(&url(outgoing, outgoing.auth != AuthMethod::None))));
        if outgoing.auth != AuthMethod::None {
            text.push_str(&format!("set smtp_pass = {}\n", password_from_keyring(ctx, outgoing)?));
        }
        let all_encrypted = incoming.security.is_encrypted() && outgoing.security.is_encrypted();
        let starttls_server = [incoming, outgoing].into_iter().find(|s| s.security == Security::Starttls);
        let any_starttls = starttls_server.is_some();
        if let (Some(server), false) = (starttls_server, all_encrypted) {
            // NOTE: ssl_force_tls is global; with one unencrypted server it must be off, and
            // STARTTLS on the other would silently become optional.
            return Err(security_not_expressible(self.id(), server));
        }
        text.push_str(&format!("set ssl_starttls = {}\n", if any_starttls { "yes" } else { "no" }));
        text.push_str(&format!("set ssl_force_tls = {}\n", if all_encrypted { "yes" } else { "no" }));
        if let Some(ca) = ctx.ca_file() {
            text.push_str(&format!("set ssl_ca_certificates_file = {}\n", muttrc(&ca)));
        }
        Ok(vec![META.file(ctx, text)])
    }
}

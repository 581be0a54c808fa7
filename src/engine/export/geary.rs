//! `geary`: `~/.config/geary/account_NN/geary.ini` (exports.md §6), a GLib key file.
//! Geary reads IMAP only and signs in with a normal password (OAuth accounts come from GNOME
//! Online Accounts), so anything else is refused with an explanation.

use super::escape::{keyfile, keyfile_list_item};
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible, require_password_login, unsupported_protocol,
};
use crate::engine::account::{AuthMethod, Protocol, Security};

/// Geary account file.
pub struct Geary;

const META: FormatMeta = FormatMeta {
    id: "geary",
    audience: Audience::MailProgram,
    file_name: FileName::Fixed("geary.ini"),
    extension: "ini",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

fn transport_security(security: Security) -> &'static str {
    match security {
        Security::Tls => "transport",
        Security::Starttls => "start-tls",
        Security::None => "none",
    }
}

impl Exporter for Geary {
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
        let outgoing_credentials = match outgoing.auth {
            AuthMethod::None => "none",
            AuthMethod::Password if outgoing.username == incoming.username => "use-incoming",
            AuthMethod::Password => "custom",
            _ => return Err(auth_not_expressible(self.id(), outgoing)),
        };
        let mut text = ctx.comment_block(&["export-comment-generated"], "#");
        text.push_str("[Metadata]\nversion=1\nstatus=enabled\n\n");
        text.push_str("[Account]\nordinal=1\n");
        text.push_str(&format!("label={}\n", keyfile(&ctx.provider_name())));
        text.push_str("service_provider=other\n");
        text.push_str(&format!("sender_mailboxes={};\n", keyfile_list_item(&ctx.mailbox())));
        text.push_str("save_sent=true\n\n");
        text.push_str("[Incoming]\n");
        text.push_str(&format!("login={}\nremember_password=true\n", keyfile(&incoming.username)));
        text.push_str(&format!("host={}\nport={}\n", keyfile(&incoming.host), incoming.port));
        text.push_str(&format!("transport_security={}\ncredentials=custom\n\n", transport_security(incoming.security)));
        text.push_str("[Outgoing]\n");
        if outgoing_credentials == "custom" {
            text.push_str(&format!("login={}\n", keyfile(&outgoing.username)));
        }
        text.push_str("remember_password=true\n");
        text.push_str(&format!("host={}\nport={}\n", keyfile(&outgoing.host), outgoing.port));
        text.push_str(&format!(
            "transport_security={}\ncredentials={outgoing_credentials}\n",
            transport_security(outgoing.security)
        ));
        Ok(vec![META.file(ctx, text)])
    }
}

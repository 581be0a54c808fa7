//! `geary`: `~/.config/geary/account_NN/geary.ini` (exports.md §6), a GLib key file.
//! Geary reads IMAP only and signs in with a normal password (OAuth accounts come from GNOME
//! Online Accounts), so anything else is refused with an explanation.

use super::escape::{keyfile, keyfile_list_item};
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible, unsupported_protocol};
use crate::engine::account::{Account, AuthMethod, Protocol, Security};

/// Geary account file.
pub struct Geary;

fn transport_security(security: Security) -> &'static str {
    match security {
        Security::Tls => "transport",
        Security::Starttls => "start-tls",
        Security::None => "none",
    }
}

impl Exporter for Geary {
    fn id(&self) -> &'static str {
        "geary"
    }

    fn audience(&self) -> Audience {
        Audience::MailProgram
    }

    fn file_name(&self, _account: &Account) -> String {
        "geary.ini".to_string()
    }

    fn extension(&self) -> &'static str {
        "ini"
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
        Ok(vec![ExportFile::text("geary.ini", text, self.mime_type())])
    }
}

//! `mbsync`: an isync/mbsync `~/.mbsyncrc` (exports.md §7) that mirrors the IMAP account into
//! `~/Mail/<account>/` (Maildir). IMAP only. `SSLType` (not `TLSType`, which Debian 12's isync
//! 1.4 rejects): `IMAPS` implicit TLS, `STARTTLS` required, `None`. The password comes from the
//! keyring through `PassCmd`.

use super::escape::c_quoted;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible, unsupported_protocol,
};
use crate::engine::account::{AuthMethod, Protocol, Security};

/// isync/mbsync configuration.
pub struct Mbsync;

const META: FormatMeta = FormatMeta {
    id: "mbsync",
    audience: Audience::CommandLine,
    file_name: FileName::Fixed(".mbsyncrc"),
    extension: "",
    mime_type: "text/plain",
    covers: Covers::ReceivingOnly,
    file: FileTraits { carries_ca_file: true, ..FileTraits::PRIVATE },
};

impl Exporter for Mbsync {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.incoming();
        if server.protocol != Protocol::Imap {
            return Err(unsupported_protocol(self.id(), server));
        }
        let mechanisms = match server.auth {
            // NOTE: LOGIN here is IMAP's LOGIN command, which is what "normal password" means.
            AuthMethod::Password => "PLAIN LOGIN",
            AuthMethod::EncryptedPassword => "CRAM-MD5",
            AuthMethod::Oauth2 | AuthMethod::None => return Err(auth_not_expressible(self.id(), server)),
        };
        let ssl_type = match server.security {
            Security::Tls => "IMAPS",
            Security::Starttls => "STARTTLS",
            Security::None => "None",
        };
        let name = ctx.slug();
        let mut text = ctx.keyring_comment_block(&["export-mbsync-comment"]);
        text.push_str(&format!("IMAPAccount {name}\n"));
        text.push_str(&format!("Host {}\n", server.host));
        text.push_str(&format!("Port {}\n", server.port));
        text.push_str(&format!("User {}\n", c_quoted(&server.username)));
        text.push_str(&format!("PassCmd {}\n", c_quoted(&ctx.password_command(server))));
        text.push_str(&format!("SSLType {ssl_type}\n"));
        if let Some(ca) = ctx.ca_file() {
            text.push_str(&format!("CertificateFile {}\n", c_quoted(&ca)));
        }
        text.push_str(&format!("AuthMechs {mechanisms}\n\n"));
        text.push_str(&format!("IMAPStore {name}-remote\nAccount {name}\n\n"));
        text.push_str(&format!(
            "MaildirStore {name}-local\nPath ~/Mail/{name}/\nInbox ~/Mail/{name}/INBOX\nSubFolders Verbatim\n\n"
        ));
        text.push_str(&format!(
            "Channel {name}\nFar :{name}-remote:\nNear :{name}-local:\nPatterns *\nCreate Near\nSyncState *\n"
        ));
        Ok(vec![META.file(ctx, text)])
    }
}

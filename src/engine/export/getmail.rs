//! `getmail`: a getmail6 `getmailrc` (exports.md §7) that copies new mail into `~/Maildir/` and
//! leaves it on the server. The password comes from the keyring through `password_command`.
// NOTE: getmail6 6.18 (Debian 12) has no STARTTLS: its `SimpleIMAPRetriever`/`SimplePOP3Retriever`
// speak plain text only. For a STARTTLS account the file would send the password unencrypted,
// so the export is refused with advice (use the provider's SSL/TLS port) — never downgraded.

use super::escape::python;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    require_password_login, security_not_expressible,
};
use crate::engine::account::{Protocol, Security};

/// getmail6 configuration.
pub struct Getmail;

const META: FormatMeta = FormatMeta {
    id: "getmail",
    audience: Audience::CommandLine,
    file_name: FileName::Fixed("getmailrc"),
    extension: "",
    mime_type: "text/plain",
    covers: Covers::ReceivingOnly,
    file: FileTraits { carries_ca_file: true, ..FileTraits::PRIVATE },
};

impl Exporter for Getmail {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.incoming();
        if server.security == Security::Starttls {
            return Err(security_not_expressible(self.id(), server));
        }
        require_password_login(self.id(), server)?;
        let retriever = match (server.protocol, server.security) {
            (Protocol::Pop3, Security::Tls) => "SimplePOP3SSLRetriever",
            (Protocol::Pop3, _) => "SimplePOP3Retriever",
            (_, Security::Tls) => "SimpleIMAPSSLRetriever",
            _ => "SimpleIMAPRetriever",
        };
        // getmail evaluates this as a Python tuple literal: every word is a Python string.
        let command = [
            "secret-tool",
            "lookup",
            "service",
            crate::engine::secrets::KEYRING_SERVICE,
            "username",
            &crate::engine::secrets::entry_user(server),
        ];
        let command: Vec<String> = command.iter().map(|word| python(word)).collect();

        let mut text = ctx.keyring_comment_block(&["export-getmail-comment"]);
        text.push_str("[retriever]\n");
        text.push_str(&format!("type = {retriever}\n"));
        text.push_str(&format!("server = {}\n", server.host));
        text.push_str(&format!("port = {}\n", server.port));
        text.push_str(&format!("username = {}\n", server.username));
        text.push_str(&format!("password_command = ({},)\n", command.join(", ")));
        if server.protocol == Protocol::Imap {
            text.push_str("mailboxes = (\"INBOX\",)\n");
        }
        if server.security == Security::Tls {
            if let Some(ca) = ctx.ca_file() {
                text.push_str(&format!("ca_certs = {ca}\n"));
            }
        }
        text.push_str("\n[destination]\ntype = Maildir\npath = ~/Maildir/\n\n");
        text.push_str("[options]\nread_all = false\ndelete = false\n");
        Ok(vec![META.file(ctx, text)])
    }
}

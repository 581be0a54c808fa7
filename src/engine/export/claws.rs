//! `claws`: one `[Account: 1]` block for Claws Mail's `~/.claws-mail/accountrc` (exports.md §6).
//! `protocol` is 1 for IMAP and 0 for POP3 (Claws, not Sylpheed); `ssl_*` is 0 none,
//! 1 SSL/TLS, 2 STARTTLS. Claws' prefs reader has no escapes and no comment syntax, so the
//! file holds only `key=value` lines (control characters are refused before rendering).

use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// Claws Mail accountrc block.
pub struct Claws;

const META: FormatMeta = FormatMeta {
    id: "claws",
    audience: Audience::MailProgram,
    file_name: FileName::Fixed("accountrc"),
    extension: "",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PRIVATE,
};

fn ssl(security: Security) -> u8 {
    match security {
        Security::Tls => 1,
        Security::Starttls => 2,
        Security::None => 0,
    }
}

/// Claws' auth bit flags; 0 is "automatic" (the best the server offers).
fn auth_flags(server: &Server) -> Result<u16, ExportError> {
    match (server.protocol, server.auth) {
        (_, AuthMethod::Password) => Ok(0),
        (_, AuthMethod::EncryptedPassword) => Ok(2),
        (Protocol::Smtp, AuthMethod::Oauth2) => Ok(32),
        (Protocol::Imap, AuthMethod::Oauth2) => Ok(256),
        (Protocol::Smtp, AuthMethod::None) => Ok(0),
        _ => Err(auth_not_expressible("claws", server)),
    }
}

impl Exporter for Claws {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        let email = ctx.email_ascii();
        let mut lines = vec![
            "[Account: 1]".to_string(),
            format!("account_name={}", ctx.email.to_display_string()),
            "is_default=1".to_string(),
            format!("name={}", ctx.display_name()),
            format!("address={email}"),
        ];
        match incoming.protocol {
            Protocol::Pop3 => {
                // POP3 has no auth-method key: only the APOP switch; refuse what it cannot do.
                auth_flags(incoming)?;
                let apop = incoming.auth == AuthMethod::EncryptedPassword;
                lines.extend([
                    "protocol=0".to_string(),
                    format!("receive_server={}", incoming.host),
                    format!("user_id={}", incoming.username),
                    format!("use_apop_auth={}", u8::from(apop)),
                    format!("ssl_pop={}", ssl(incoming.security)),
                    "set_popport=1".to_string(),
                    format!("pop_port={}", incoming.port),
                    // Keep the mail on the server: the choice that cannot lose mail.
                    "rmmail=0".to_string(),
                ]);
            }
            _ => lines.extend([
                "protocol=1".to_string(),
                format!("receive_server={}", incoming.host),
                format!("user_id={}", incoming.username),
                format!("imap_auth_method={}", auth_flags(incoming)?),
                format!("ssl_imap={}", ssl(incoming.security)),
                "set_imapport=1".to_string(),
                format!("imap_port={}", incoming.port),
            ]),
        }
        let smtp_auth = outgoing.auth != AuthMethod::None;
        lines.extend([
            format!("smtp_server={}", outgoing.host),
            format!("use_smtp_auth={}", u8::from(smtp_auth)),
            format!("smtp_auth_method={}", auth_flags(outgoing)?),
            format!("smtp_user_id={}", if smtp_auth { outgoing.username.as_str() } else { "" }),
            format!("ssl_smtp={}", ssl(outgoing.security)),
            "set_smtpport=1".to_string(),
            format!("smtp_port={}", outgoing.port),
        ]);
        let text = lines.join("\n") + "\n";
        Ok(vec![META.file(ctx, text)])
    }
}

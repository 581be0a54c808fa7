//! `msmtp`: `~/.msmtprc` (exports.md §7), sending only. `tls on` + `tls_starttls off` is
//! implicit TLS, `tls_starttls on` is required STARTTLS (msmtp fails if the server does not
//! offer it). The password comes from mailsetup's keyring entry through `passwordeval`.

use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Security};

/// msmtp configuration.
pub struct Msmtp;

const META: FormatMeta = FormatMeta {
    id: "msmtp",
    audience: Audience::CommandLine,
    file_name: FileName::Fixed(".msmtprc"),
    extension: "",
    mime_type: "text/plain",
    covers: Covers::SendingOnly,
    file: FileTraits { carries_ca_file: true, ..FileTraits::PRIVATE },
};

/// msmtp takes the rest of the line as the argument; double quotes around the whole argument
/// (no escapes inside) are only needed when it starts or ends with a blank or a quote.
fn arg(s: &str) -> String {
    if s.starts_with([' ', '\t', '"']) || s.ends_with([' ', '\t', '"']) { format!("\"{s}\"") } else { s.to_string() }
}

impl Exporter for Msmtp {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.outgoing();
        let auth = match server.auth {
            AuthMethod::Password => "on",
            AuthMethod::EncryptedPassword => "cram-md5",
            AuthMethod::None => "off",
            AuthMethod::Oauth2 => return Err(auth_not_expressible(self.id(), server)),
        };
        let name = ctx.slug();
        let mut text = ctx.keyring_comment_block(&[]);
        text.push_str("defaults\n\n");
        text.push_str(&format!("account {name}\n"));
        text.push_str(&format!("host {}\n", server.host));
        text.push_str(&format!("port {}\n", server.port));
        match server.security {
            Security::Tls => text.push_str("tls on\ntls_starttls off\n"),
            Security::Starttls => text.push_str("tls on\ntls_starttls on\n"),
            Security::None => text.push_str("tls off\n"),
        }
        if server.security.is_encrypted() {
            let trust = ctx.ca_file().unwrap_or_else(|| "system".to_string());
            text.push_str(&format!("tls_trust_file {}\n", arg(&trust)));
        }
        text.push_str(&format!("auth {auth}\n"));
        if server.auth != AuthMethod::None {
            text.push_str(&format!("user {}\n", arg(&server.username)));
            text.push_str(&format!("passwordeval {} < /dev/null\n", ctx.password_command(server)));
        }
        text.push_str(&format!("from {}\n\n", arg(&ctx.email_ascii())));
        text.push_str(&format!("account default : {name}\n"));
        Ok(vec![META.file(ctx, text)])
    }
}

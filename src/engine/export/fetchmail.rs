//! `fetchmail`: a small POSIX shell script that runs fetchmail 6.4 for this account
//! (exports.md §7). fetchmail has no password command (only the rc file, `~/.netrc` or a prompt),
//! so the script reads the password from mailsetup's keyring entry and hands fetchmail its run
//! control on standard input (`fetchmail -f -`): the password never touches a file.
//! Security: `ssl` is implicit TLS; without it, `sslproto 'TLS1.2+'` makes STARTTLS required
//! (fetchmail(1)); `sslproto ''` is none. Certificates are always checked (`sslcertck`).
//! Mail is kept on the server (`keep`) and handed to the local mail system as fetchmail does
//! by default; extra fetchmail options can be given to the script.

use super::escape::comment;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security};

/// fetchmail wrapper script with embedded run control.
pub struct Fetchmail;

const META: FormatMeta = FormatMeta {
    id: "fetchmail",
    audience: Audience::CommandLine,
    file_name: FileName::PerAddress { prefix: "fetchmail-", suffix: ".sh", fallback: "fetchmail.sh" },
    extension: "sh",
    mime_type: "application/x-sh",
    covers: Covers::ReceivingOnly,
    file: FileTraits { carries_ca_file: true, ..FileTraits::SCRIPT },
};

/// A fetchmail rc string. NOTE: fetchmail's lexer ends a string at the first `"` whatever
/// precedes it, then decodes C escapes: so `"` is written as the hex escape `\x22` and `\` doubled.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', r"\\").replace('"', r"\x22"))
}

impl Exporter for Fetchmail {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.incoming();
        let auth = match server.auth {
            AuthMethod::Password => "password",
            AuthMethod::EncryptedPassword => "cram-md5",
            AuthMethod::Oauth2 | AuthMethod::None => return Err(auth_not_expressible(self.id(), server)),
        };
        let protocol = match server.protocol {
            Protocol::Pop3 => "POP3",
            _ => "IMAP",
        };
        let mut rc = format!("poll {} with protocol {protocol} port {}\n", server.host, server.port);
        rc.push_str(&format!("    auth {auth}\n"));
        rc.push_str(&format!("    user {}\n", quoted(&server.username)));
        match server.security {
            Security::Tls => rc.push_str("    ssl\n"),
            Security::Starttls => rc.push_str("    sslproto 'TLS1.2+'\n"),
            Security::None => rc.push_str("    sslproto ''\n"),
        }
        if server.security.is_encrypted() {
            rc.push_str("    sslcertck\n");
            if let Some(ca) = ctx.ca_file() {
                rc.push_str(&format!("    sslcertfile {}\n", quoted(&ca)));
            }
        }
        if server.protocol == Protocol::Imap {
            rc.push_str("    folder INBOX\n");
        }
        rc.push_str("    keep\n");

        let mut text = String::from("#!/bin/sh\n");
        text.push_str(&ctx.keyring_comment_block(&["export-fetchmail-comment"]));
        text.push_str("set -eu\n");
        text.push_str(&format!("password=$({})\n", ctx.password_command(server)));
        text.push_str(&format!(
            "# {}\n",
            comment("fetchmail strings cannot hold \" and read \\ as an escape: encode both in the password.")
        ));
        text.push_str("password=$(printf '%s' \"$password\" | sed -e 's/\\\\/\\\\\\\\/g' -e 's/\"/\\\\x22/g')\n");
        text.push_str("{\n    cat <<'END_OF_RC'\n");
        text.push_str(&rc);
        text.push_str("END_OF_RC\n");
        text.push_str("    printf '    password \"%s\"\\n' \"$password\"\n");
        text.push_str("} | exec fetchmail -f - \"$@\"\n");
        Ok(vec![META.file(ctx, text)])
    }
}

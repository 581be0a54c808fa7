//! `evolution`: the three evolution-data-server ESource key files (exports.md §4) — account,
//! identity and transport — for `~/.config/evolution/sources/`. The UIDs are derived from the
//! address, so exporting again replaces the same account instead of adding a twin.
//! Passwords stay in the GNOME keyring: Evolution asks on first connect.

use super::escape::keyfile;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta,
    auth_not_expressible,
};
use crate::engine::account::{AuthMethod, Protocol, Security, Server};

/// Evolution (GNOME) account sources.
pub struct Evolution;

const META: FormatMeta = FormatMeta {
    id: "evolution",
    audience: Audience::MailProgram,
    file_name: FileName::Fixed("sources"),
    extension: "source",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits { is_multi_file: true, ..FileTraits::PUBLIC },
};

/// `CamelNetworkSecurityMethod` nicks.
fn security_method(security: Security) -> &'static str {
    match security {
        Security::Tls => "ssl-on-alternate-port",
        Security::Starttls => "starttls-on-standard-port",
        Security::None => "none",
    }
}

/// `[Authentication] Method`: `none` is Camel's "no SASL mechanism", i.e. the protocol's plain
/// login for IMAP (LOGIN) and POP3 (USER/PASS) but no authentication at all for SMTP.
fn auth_method(server: &Server) -> Result<&'static str, ExportError> {
    match (server.protocol, server.auth) {
        (Protocol::Smtp, AuthMethod::Password) => Ok("PLAIN"),
        (Protocol::Smtp, AuthMethod::None) => Ok("none"),
        (_, AuthMethod::Password) => Ok("none"),
        (_, AuthMethod::EncryptedPassword) => Ok("CRAM-MD5"),
        (_, AuthMethod::Oauth2) => Ok("XOAUTH2"),
        (_, AuthMethod::None) => Err(auth_not_expressible("evolution", server)),
    }
}

fn authentication_group(server: &Server) -> Result<String, ExportError> {
    Ok(format!(
        "[Authentication]\nHost={}\nPort={}\nUser={}\nMethod={}\nRememberPassword=true\n\n[Security]\nMethod={}\n",
        keyfile(&server.host),
        server.port,
        keyfile(&server.username),
        auth_method(server)?,
        security_method(server.security),
    ))
}

/// The account source's UID for this address; the identity and transport append a suffix.
fn account_uid(ctx: &Context<'_>) -> String {
    format!("mailsetup-{}", ctx.slug())
}

impl Exporter for Evolution {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let uid = account_uid(ctx);
        let identity_uid = format!("{uid}-identity");
        let transport_uid = format!("{uid}-transport");
        let label = keyfile(&ctx.email.to_display_string());
        let header = ctx.comment_block(&["export-comment-generated"], "#");

        let backend = match incoming.protocol {
            Protocol::Pop3 => "pop",
            _ => "imapx",
        };
        let mut account = format!(
            "{header}[Data Source]\nDisplayName={label}\nEnabled=true\nParent=\n\n\
             [Mail Account]\nBackendName={backend}\nIdentityUid={identity_uid}\nNeedsInitialSetup=true\n\n"
        );
        account.push_str(&authentication_group(incoming)?);
        if incoming.protocol == Protocol::Pop3 {
            // NOTE: the Camel settings group is "<Protocol> Backend" with the protocol capitalized.
            account.push_str("\n[Pop Backend]\nKeepOnServer=true\n");
        }
        account.push_str("\n[Refresh]\nEnabled=true\nIntervalMinutes=15\n");

        let identity = format!(
            "{header}[Data Source]\nDisplayName={label}\nEnabled=true\nParent={uid}\n\n\
             [Mail Identity]\nAddress={}\nName={}\n\n[Mail Submission]\nTransportUid={transport_uid}\n",
            keyfile(&ctx.email_ascii()),
            keyfile(ctx.display_name()),
        );

        let mut transport = format!(
            "{header}[Data Source]\nDisplayName={label}\nEnabled=true\nParent={uid}\n\n\
             [Mail Transport]\nBackendName=smtp\n\n"
        );
        transport.push_str(&authentication_group(ctx.outgoing())?);

        Ok(vec![
            ExportFile::text(format!("{uid}.source"), account, self.mime_type()),
            ExportFile::text(format!("{identity_uid}.source"), identity, self.mime_type()),
            ExportFile::text(format!("{transport_uid}.source"), transport, self.mime_type()),
        ])
    }
}

//! `mobileconfig`: an Apple configuration profile with one `com.apple.mail.managed` payload
//! (exports.md §2) for Mail on macOS and iOS. The `PayloadIdentifier`s are stable per address,
//! so importing again replaces the profile; the `PayloadUUID`s are fresh on every export.
//! Never carries the password (Apple allows it only in encrypted profiles): the installer asks.
// NOTE: Apple's `…UseSSL` is one boolean. `false` means "STARTTLS if the server offers it", so
// "STARTTLS required" cannot be expressed: the exporter warns instead of pretending.

use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, Severity, Warning,
    auth_not_expressible,
};
use crate::engine::account::{Account, AuthMethod, Protocol, Security, Server};
use plist::{Dictionary, Value};

/// Apple Mail configuration profile.
pub struct Mobileconfig;

const META: FormatMeta = FormatMeta {
    id: "mobileconfig",
    audience: Audience::MailProgram,
    file_name: FileName::PerAddress { prefix: "", suffix: ".mobileconfig", fallback: "mail.mobileconfig" },
    extension: "mobileconfig",
    mime_type: "application/x-apple-aspen-config",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

/// The reverse-DNS prefix of every identifier mailsetup writes.
const IDENTIFIER_PREFIX: &str = "app.mailsetup.account";

fn authentication(server: &Server) -> Result<&'static str, ExportError> {
    match server.auth {
        AuthMethod::Password => Ok("EmailAuthPassword"),
        AuthMethod::EncryptedPassword => Ok("EmailAuthCRAMMD5"),
        AuthMethod::None => Ok("EmailAuthNone"),
        // NOTE: profiles have no OAuth sign-in; Apple Mail adds Google/Microsoft accounts through
        // its own account types instead.
        AuthMethod::Oauth2 => Err(auth_not_expressible("mobileconfig", server)),
    }
}

fn string(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

impl Exporter for Mobileconfig {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn cannot_express(&self, account: &Account) -> Vec<Warning> {
        account
            .servers()
            .iter()
            .filter(|s| s.security == Security::Starttls)
            .map(|s| {
                Warning::new("starttls-not-enforced", Severity::Caution)
                    .arg("format", self.id())
                    .arg("protocol", s.protocol.label())
            })
            .collect()
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        let email = ctx.email_ascii();
        let identifier = format!("{IDENTIFIER_PREFIX}.{}", ctx.slug());
        let provider = ctx.provider_name();

        let mut mail = Dictionary::new();
        mail.insert("PayloadType".into(), string("com.apple.mail.managed"));
        mail.insert("PayloadVersion".into(), Value::Integer(1.into()));
        mail.insert("PayloadIdentifier".into(), string(format!("{identifier}.mail")));
        mail.insert("PayloadUUID".into(), string(ctx.uuid(1).to_string().to_uppercase()));
        mail.insert("PayloadDisplayName".into(), string(format!("{email} ({provider})")));
        mail.insert("EmailAccountDescription".into(), string(format!("{provider}: {email}")));
        if !ctx.display_name().is_empty() {
            mail.insert("EmailAccountName".into(), string(ctx.display_name()));
        }
        let account_type = match incoming.protocol {
            Protocol::Pop3 => "EmailTypePOP",
            _ => "EmailTypeIMAP",
        };
        mail.insert("EmailAccountType".into(), string(account_type));
        mail.insert("EmailAddress".into(), string(email.as_str()));
        for (prefix, server) in [("Incoming", incoming), ("Outgoing", outgoing)] {
            mail.insert(format!("{prefix}MailServerHostName"), string(server.host.as_str()));
            mail.insert(format!("{prefix}MailServerPortNumber"), Value::Integer(server.port.into()));
            mail.insert(format!("{prefix}MailServerUseSSL"), Value::Boolean(server.security == Security::Tls));
            mail.insert(format!("{prefix}MailServerAuthentication"), string(authentication(server)?));
            if server.auth != AuthMethod::None {
                mail.insert(format!("{prefix}MailServerUsername"), string(server.username.as_str()));
            }
        }
        let same_password =
            incoming.auth.uses_password() && outgoing.auth.uses_password() && incoming.username == outgoing.username;
        if same_password {
            mail.insert("OutgoingPasswordSameAsIncomingPassword".into(), Value::Boolean(true));
        }

        let mut profile = Dictionary::new();
        profile.insert("PayloadContent".into(), Value::Array(vec![Value::Dictionary(mail)]));
        profile.insert("PayloadDisplayName".into(), string(format!("{email} ({provider})")));
        profile.insert("PayloadDescription".into(), string(ctx.comment_line("export-mobileconfig-description")));
        profile.insert("PayloadIdentifier".into(), string(identifier));
        profile.insert("PayloadOrganization".into(), string("Mail Setup"));
        profile.insert("PayloadType".into(), string("Configuration"));
        profile.insert("PayloadUUID".into(), string(ctx.uuid(0).to_string().to_uppercase()));
        profile.insert("PayloadVersion".into(), Value::Integer(1.into()));
        profile.insert("PayloadRemovalDisallowed".into(), Value::Boolean(false));

        let mut bytes = vec![];
        Value::Dictionary(profile)
            .to_writer_xml(&mut bytes)
            .map_err(|e| ExportError::Render { format: "mobileconfig", detail: e.to_string() })?;
        bytes.push(b'\n');
        Ok(vec![META.file(ctx, bytes)])
    }
}

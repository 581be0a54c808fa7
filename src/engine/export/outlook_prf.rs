//! `outlook-prf`: a profile file for classic Outlook's `outlook.exe /importprf` (exports.md §3a),
//! for support staff. INI with CRLF line ends; the `[IMAP_I_Mail]` / `[I_Mail]` property maps are
//! the fixed MAPI tables every PRF carries. Plain ASCII when every value is ASCII; otherwise
//! UTF-16LE with a byte-order mark, which the Windows INI reader decodes as Unicode.
// NOTE: `IMAPUseSSL`/`POP3UseSSL` (PROP_INET_SSL) is a boolean: 0 means no encryption at all.
// STARTTLS for incoming mail cannot be expressed, and the file would make Outlook send the
// password unencrypted, so such accounts are refused rather than downgraded.

use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, Severity, Warning,
    auth_not_expressible, security_not_expressible,
};
use crate::engine::account::{Account, AuthMethod, Protocol, Security};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::Lang;

/// Classic Outlook profile file.
pub struct OutlookPrf;

const META: FormatMeta = FormatMeta {
    id: "outlook-prf",
    audience: Audience::MailProgram,
    file_name: FileName::PerAddress { prefix: "", suffix: ".prf", fallback: "outlook.prf" },
    extension: "prf",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

/// `PROP_SMTP_SECURE_CONNECTION`: 0 none, 1 SSL (implicit TLS), 2 TLS (STARTTLS).
fn smtp_secure_connection(security: Security) -> u8 {
    match security {
        Security::Tls => 1,
        Security::Starttls => 2,
        Security::None => 0,
    }
}

/// The account section's MAPI property table, the same for IMAP and POP3 but for the section
/// name, the protocol's name in front of the incoming-server keys and `own`, the properties only
/// that protocol has.
fn account_property_map(section: &str, protocol: &str, own: &str) -> String {
    format!(
        "\
[{section}]
AccountType={protocol}
AccountName=PT_UNICODE,0x0002
DisplayName=PT_UNICODE,0x000B
EmailAddress=PT_UNICODE,0x000C
{protocol}Server=PT_UNICODE,0x0100
{protocol}UserName=PT_UNICODE,0x0101
{protocol}UseSPA=PT_LONG,0x0108
Organization=PT_UNICODE,0x0107
ReplyEmailAddress=PT_UNICODE,0x0103
{protocol}Port=PT_LONG,0x0104
{protocol}UseSSL=PT_LONG,0x0105
SMTPServer=PT_UNICODE,0x0200
SMTPUseAuth=PT_LONG,0x0203
SMTPAuthMethod=PT_LONG,0x0208
SMTPUserName=PT_UNICODE,0x0204
SMTPUseSPA=PT_LONG,0x0207
ConnectionType=PT_LONG,0x000F
ConnectionOID=PT_UNICODE,0x0010
SMTPPort=PT_LONG,0x0201
SMTPSecureConnection=PT_LONG,0x020A
ServerTimeOut=PT_LONG,0x0209
{own}"
    )
}

const PST_PROPERTY_MAP: &str = "\
[Unicode Personal Folders]
ServiceName=MSUPST MS
Name=PT_UNICODE,0x3001
PathAndFilenameToPersonalFolders=PT_STRING8,0x6700
RememberPassword=PT_BOOLEAN,0x6701
EncryptionType=PT_LONG,0x6702
Password=PT_STRING8,0x6703

[Outlook Address Book]
ServiceName=CONTAB
";

fn non_ascii(account: &Account) -> bool {
    // The file holds the address with the domain in punycode, so only the local part counts.
    let local_part_ascii = EmailAddress::parse(&account.email).map(|e| e.local_part_is_ascii()).unwrap_or(true);
    !(local_part_ascii
        && account.display_name.is_ascii()
        && account.incoming.username.is_ascii()
        && account.outgoing.username.is_ascii())
}

impl Exporter for OutlookPrf {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn cannot_express(&self, account: &Account) -> Vec<Warning> {
        let mut warnings = vec![];
        if non_ascii(account) {
            warnings.push(Warning::new("prf-unicode", Severity::Caution));
        }
        warnings
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let incoming = ctx.incoming();
        let outgoing = ctx.outgoing();
        if incoming.security == Security::Starttls {
            return Err(security_not_expressible(self.id(), incoming));
        }
        for server in [incoming, outgoing] {
            // NOTE: Outlook's "SPA" is NTLM, not CRAM-MD5, and a PRF cannot start an OAuth sign-in.
            if matches!(server.auth, AuthMethod::EncryptedPassword | AuthMethod::Oauth2) {
                return Err(auth_not_expressible(self.id(), server));
            }
        }
        if incoming.auth == AuthMethod::None {
            return Err(auth_not_expressible(self.id(), incoming));
        }
        let email = ctx.email_ascii();
        let (kind, prefix, own_properties) = match incoming.protocol {
            Protocol::Pop3 => ("I_Mail", "POP3", "LeaveOnServer=PT_LONG,0x1000\n"),
            _ => ("IMAP_I_Mail", "IMAP", "CheckNewImap=PT_LONG,0x1100\nRootFolder=PT_UNICODE,0x1101\n"),
        };
        let display_name = if ctx.display_name().is_empty() { email.as_str() } else { ctx.display_name() };
        let smtp_auth = outgoing.auth != AuthMethod::None;

        let mut text = String::new();
        // The comment stays English so that an all-ASCII account gives an all-ASCII file.
        text.push_str(&ctx.comment_block_in(Lang::En, &["export-outlook-prf-comment"], ";"));
        text.push_str("[General]\nCustom=1\n");
        text.push_str(&format!("ProfileName={email}\n"));
        text.push_str(
            "DefaultProfile=Yes\nOverwriteProfile=Append\nModifyDefaultProfileIfPresent=TRUE\nBackupProfile=No\n\n",
        );
        text.push_str("[Service List]\nService1=Unicode Personal Folders\nService2=Outlook Address Book\n\n");
        text.push_str(&format!("[Internet Account List]\nAccount1={kind}\n\n"));
        text.push_str("[Service1]\nUniqueService=No\nName=Outlook Data File\n");
        text.push_str(&format!(
            "PathAndFilenameToPersonalFolders=%USERPROFILE%\\Documents\\Outlook Files\\{email}.pst\n"
        ));
        text.push_str("EncryptionType=0x80000000\n\n[Service2]\nUniqueService=Yes\n\n");
        text.push_str("[Account1]\nUniqueService=No\n");
        text.push_str(&format!("AccountName={email}\n"));
        text.push_str(&format!("DisplayName={display_name}\n"));
        text.push_str(&format!("EmailAddress={email}\n"));
        text.push_str(&format!("{prefix}Server={}\n", incoming.host));
        text.push_str(&format!("{prefix}UserName={}\n", incoming.username));
        text.push_str(&format!("{prefix}Port={}\n", incoming.port));
        text.push_str(&format!("{prefix}UseSSL={}\n", u8::from(incoming.security == Security::Tls)));
        text.push_str(&format!("{prefix}UseSPA=0\n"));
        if incoming.protocol == Protocol::Pop3 {
            text.push_str("LeaveOnServer=1\n");
        }
        text.push_str(&format!("SMTPServer={}\n", outgoing.host));
        text.push_str(&format!("SMTPPort={}\n", outgoing.port));
        text.push_str(&format!("SMTPSecureConnection={}\n", smtp_secure_connection(outgoing.security)));
        text.push_str(&format!("SMTPUseAuth={}\n", u8::from(smtp_auth)));
        if smtp_auth {
            text.push_str("SMTPAuthMethod=1\n");
            text.push_str(&format!("SMTPUserName={}\n", outgoing.username));
        }
        text.push_str("SMTPUseSPA=0\n\n");
        text.push_str(PST_PROPERTY_MAP);
        text.push('\n');
        text.push_str(&account_property_map(kind, prefix, own_properties));

        let text = text.replace('\n', "\r\n");
        let bytes = if text.is_ascii() {
            text.into_bytes()
        } else {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        Ok(vec![META.file(ctx, bytes)])
    }
}

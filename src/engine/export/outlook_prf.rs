//! `outlook-prf`: a profile file for classic Outlook's `outlook.exe /importprf` (exports.md §3a),
//! for support staff. INI with CRLF line ends; the `[IMAP_I_Mail]` / `[I_Mail]` property maps are
//! the fixed MAPI tables every PRF carries. Plain ASCII when every value is ASCII; otherwise
//! UTF-16LE with a byte-order mark, which the Windows INI reader decodes as Unicode.
// NOTE: `IMAPUseSSL`/`POP3UseSSL` (PROP_INET_SSL) is a boolean: 0 means no encryption at all.
// STARTTLS for incoming mail cannot be expressed, and the file would make Outlook send the
// password unencrypted, so such accounts are refused rather than downgraded.

use super::{
    Audience, Context, ExportError, ExportFile, Exporter, Severity, Warning, auth_not_expressible,
    security_not_expressible,
};
use crate::engine::account::{Account, AuthMethod, Protocol, Security};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::Lang;

/// Classic Outlook profile file.
pub struct OutlookPrf;

/// `PROP_SMTP_SECURE_CONNECTION`: 0 none, 1 SSL (implicit TLS), 2 TLS (STARTTLS).
fn smtp_secure_connection(security: Security) -> u8 {
    match security {
        Security::Tls => 1,
        Security::Starttls => 2,
        Security::None => 0,
    }
}

const IMAP_PROPERTY_MAP: &str = "\
[IMAP_I_Mail]
AccountType=IMAP
AccountName=PT_UNICODE,0x0002
DisplayName=PT_UNICODE,0x000B
EmailAddress=PT_UNICODE,0x000C
IMAPServer=PT_UNICODE,0x0100
IMAPUserName=PT_UNICODE,0x0101
IMAPUseSPA=PT_LONG,0x0108
Organization=PT_UNICODE,0x0107
ReplyEmailAddress=PT_UNICODE,0x0103
IMAPPort=PT_LONG,0x0104
IMAPUseSSL=PT_LONG,0x0105
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
CheckNewImap=PT_LONG,0x1100
RootFolder=PT_UNICODE,0x1101
";

const POP3_PROPERTY_MAP: &str = "\
[I_Mail]
AccountType=POP3
AccountName=PT_UNICODE,0x0002
DisplayName=PT_UNICODE,0x000B
EmailAddress=PT_UNICODE,0x000C
POP3Server=PT_UNICODE,0x0100
POP3UserName=PT_UNICODE,0x0101
POP3UseSPA=PT_LONG,0x0108
Organization=PT_UNICODE,0x0107
ReplyEmailAddress=PT_UNICODE,0x0103
POP3Port=PT_LONG,0x0104
POP3UseSSL=PT_LONG,0x0105
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
LeaveOnServer=PT_LONG,0x1000
";

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
    fn id(&self) -> &'static str {
        "outlook-prf"
    }

    fn audience(&self) -> Audience {
        Audience::MailProgram
    }

    fn file_name(&self, account: &Account) -> String {
        match EmailAddress::parse(&account.email) {
            Ok(email) => format!("{}.prf", super::slug(&email)),
            Err(_) => "outlook.prf".to_string(),
        }
    }

    fn extension(&self) -> &'static str {
        "prf"
    }

    fn mime_type(&self) -> &'static str {
        "text/plain"
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
        let (kind, prefix, map) = match incoming.protocol {
            Protocol::Pop3 => ("I_Mail", "POP3", POP3_PROPERTY_MAP),
            _ => ("IMAP_I_Mail", "IMAP", IMAP_PROPERTY_MAP),
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
        text.push_str(map);

        let text = text.replace('\n', "\r\n");
        let bytes = if text.is_ascii() {
            text.into_bytes()
        } else {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        Ok(vec![ExportFile { name: self.file_name(ctx.account), bytes, mime_type: self.mime_type(), unix_mode: 0o644 }])
    }
}

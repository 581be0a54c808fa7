//! `joomla`: the mail lines of Joomla 4/5 `configuration.php` (exports.md §9), wrapped in a class
//! so the file is valid PHP on its own (`php -l`) and each line can be copied into `class JConfig`.
//! Joomla hands these to PHPMailer: `$smtpsecure` `'ssl'` is implicit TLS, `'tls'` is required
//! STARTTLS, `'none'` none. The SMTP password is typed into Joomla's Global Configuration.

use super::escape::php;
use super::website::{php_header, phpmailer_secure, site_smtp};
use super::{Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta};
use crate::engine::account::Security;

/// Joomla configuration.php mail settings.
pub struct Joomla;

const META: FormatMeta = FormatMeta {
    id: "joomla",
    audience: Audience::Website,
    file_name: FileName::Fixed("joomla-mail-settings.php"),
    extension: "php",
    mime_type: "application/x-php",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

impl Exporter for Joomla {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let smtp = site_smtp(self.id(), ctx)?;
        let server = smtp.server;
        let secure = match server.security {
            Security::None => "none",
            other => phpmailer_secure(other),
        };
        let mut text = php_header(ctx, "export-joomla-comment");
        text.push_str("class JConfigMailSettings\n{\n");
        text.push_str("\tpublic $mailonline = true;\n");
        text.push_str("\tpublic $mailer = 'smtp';\n");
        text.push_str(&format!("\tpublic $mailfrom = {};\n", php(&ctx.email_ascii())));
        text.push_str(&format!("\tpublic $fromname = {};\n", php(ctx.display_name())));
        text.push_str(&format!("\tpublic $smtpauth = {};\n", smtp.auth));
        text.push_str(&format!("\tpublic $smtpuser = {};\n", php(smtp.username)));
        text.push_str("\tpublic $smtppass = '';\n");
        text.push_str(&format!("\tpublic $smtphost = {};\n", php(&server.host)));
        text.push_str(&format!("\tpublic $smtpsecure = {};\n", php(secure)));
        text.push_str(&format!("\tpublic $smtpport = {};\n", server.port));
        text.push_str("}\n");
        Ok(vec![META.file(ctx, text)])
    }
}

//! `phpmailer`: a PHP function that configures a PHPMailer instance for this account
//! (exports.md §9). `SMTPSecure`: `ENCRYPTION_SMTPS` implicit TLS, `ENCRYPTION_STARTTLS`
//! required STARTTLS, `''` none. The password is read from the `SMTP_PASSWORD` environment
//! variable, never written.

use super::escape::php;
use super::website::{php_header, site_smtp};
use super::{Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta};
use crate::engine::account::{AuthMethod, Security};

/// PHPMailer settings.
pub struct Phpmailer;

const META: FormatMeta = FormatMeta {
    id: "phpmailer",
    audience: Audience::Website,
    file_name: FileName::Fixed("phpmailer-settings.php"),
    extension: "php",
    mime_type: "application/x-php",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

impl Exporter for Phpmailer {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let smtp = site_smtp(self.id(), ctx)?;
        let server = smtp.server;
        let secure = match server.security {
            Security::Tls => "PHPMailer::ENCRYPTION_SMTPS",
            Security::Starttls => "PHPMailer::ENCRYPTION_STARTTLS",
            Security::None => "''",
        };
        let mut text = php_header(ctx, "export-phpmailer-comment");
        text.push_str("use PHPMailer\\PHPMailer\\PHPMailer;\n\n");
        text.push_str("function mailsetup_configure_phpmailer(PHPMailer $mail): void\n{\n");
        text.push_str("    $mail->isSMTP();\n");
        text.push_str(&format!("    $mail->Host = {};\n", php(&server.host)));
        text.push_str(&format!("    $mail->Port = {};\n", server.port));
        text.push_str(&format!("    $mail->SMTPSecure = {secure};\n"));
        text.push_str(&format!("    $mail->SMTPAuth = {};\n", smtp.auth));
        if smtp.auth {
            if server.auth == AuthMethod::EncryptedPassword {
                text.push_str("    $mail->AuthType = 'CRAM-MD5';\n");
            }
            text.push_str(&format!("    $mail->Username = {};\n", php(smtp.username)));
            text.push_str("    $mail->Password = (string) getenv('SMTP_PASSWORD');\n");
        }
        text.push_str(&format!("    $mail->setFrom({}, {});\n}}\n", php(&ctx.email_ascii()), php(ctx.display_name())));
        Ok(vec![META.file(ctx, text)])
    }
}

//! `phpmailer`: a PHP function that configures a PHPMailer instance for this account
//! (exports.md §9). `SMTPSecure`: `ENCRYPTION_SMTPS` implicit TLS, `ENCRYPTION_STARTTLS`
//! required STARTTLS, `''` none. The password is read from the `SMTP_PASSWORD` environment
//! variable, never written.

use super::escape::php;
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible};
use crate::engine::account::{Account, AuthMethod, Security};

/// PHPMailer settings.
pub struct Phpmailer;

impl Exporter for Phpmailer {
    fn id(&self) -> &'static str {
        "phpmailer"
    }

    fn audience(&self) -> Audience {
        Audience::Website
    }

    fn file_name(&self, _account: &Account) -> String {
        "phpmailer-settings.php".to_string()
    }

    fn extension(&self) -> &'static str {
        "php"
    }

    fn mime_type(&self) -> &'static str {
        "application/x-php"
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.outgoing();
        let secure = match server.security {
            Security::Tls => "PHPMailer::ENCRYPTION_SMTPS",
            Security::Starttls => "PHPMailer::ENCRYPTION_STARTTLS",
            Security::None => "''",
        };
        let mut text = String::from("<?php\n");
        text.push_str(&ctx.comment_block(&["export-comment-generated", "export-phpmailer-comment"], "//"));
        text.push_str("use PHPMailer\\PHPMailer\\PHPMailer;\n\n");
        text.push_str("function mailsetup_configure_phpmailer(PHPMailer $mail): void\n{\n");
        text.push_str("    $mail->isSMTP();\n");
        text.push_str(&format!("    $mail->Host = {};\n", php(&server.host)));
        text.push_str(&format!("    $mail->Port = {};\n", server.port));
        text.push_str(&format!("    $mail->SMTPSecure = {secure};\n"));
        match server.auth {
            AuthMethod::None => text.push_str("    $mail->SMTPAuth = false;\n"),
            AuthMethod::Password | AuthMethod::EncryptedPassword => {
                text.push_str("    $mail->SMTPAuth = true;\n");
                if server.auth == AuthMethod::EncryptedPassword {
                    text.push_str("    $mail->AuthType = 'CRAM-MD5';\n");
                }
                text.push_str(&format!("    $mail->Username = {};\n", php(&server.username)));
                text.push_str("    $mail->Password = (string) getenv('SMTP_PASSWORD');\n");
            }
            AuthMethod::Oauth2 => return Err(auth_not_expressible(self.id(), server)),
        }
        text.push_str(&format!("    $mail->setFrom({}, {});\n}}\n", php(&ctx.email_ascii()), php(ctx.display_name())));
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, self.mime_type())])
    }
}

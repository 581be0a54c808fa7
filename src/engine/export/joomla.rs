//! `joomla`: the mail lines of Joomla 4/5 `configuration.php` (exports.md §9), wrapped in a class
//! so the file is valid PHP on its own (`php -l`) and each line can be copied into `class JConfig`.
//! Joomla hands these to PHPMailer: `$smtpsecure` `'ssl'` is implicit TLS, `'tls'` is required
//! STARTTLS, `'none'` none. The SMTP password is typed into Joomla's Global Configuration.

use super::escape::php;
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible};
use crate::engine::account::{Account, AuthMethod, Security};

/// Joomla configuration.php mail settings.
pub struct Joomla;

/// PHPMailer's `SMTPSecure` words, shared by Joomla, WP Mail SMTP and PHPMailer itself.
pub(super) fn phpmailer_secure(security: Security) -> &'static str {
    match security {
        Security::Tls => "ssl",
        Security::Starttls => "tls",
        Security::None => "",
    }
}

impl Exporter for Joomla {
    fn id(&self) -> &'static str {
        "joomla"
    }

    fn audience(&self) -> Audience {
        Audience::Website
    }

    fn file_name(&self, _account: &Account) -> String {
        "joomla-mail-settings.php".to_string()
    }

    fn extension(&self) -> &'static str {
        "php"
    }

    fn mime_type(&self) -> &'static str {
        "application/x-php"
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.outgoing();
        if server.auth == AuthMethod::Oauth2 {
            return Err(auth_not_expressible(self.id(), server));
        }
        let secure = match server.security {
            Security::None => "none",
            other => phpmailer_secure(other),
        };
        let smtp_auth = server.auth != AuthMethod::None;
        let user = if smtp_auth { server.username.as_str() } else { "" };
        let mut text = String::from("<?php\n");
        text.push_str(&ctx.comment_block(&["export-comment-generated", "export-joomla-comment"], "//"));
        text.push_str("class JConfigMailSettings\n{\n");
        text.push_str("\tpublic $mailonline = true;\n");
        text.push_str("\tpublic $mailer = 'smtp';\n");
        text.push_str(&format!("\tpublic $mailfrom = {};\n", php(&ctx.email_ascii())));
        text.push_str(&format!("\tpublic $fromname = {};\n", php(ctx.display_name())));
        text.push_str(&format!("\tpublic $smtpauth = {smtp_auth};\n"));
        text.push_str(&format!("\tpublic $smtpuser = {};\n", php(user)));
        text.push_str("\tpublic $smtppass = '';\n");
        text.push_str(&format!("\tpublic $smtphost = {};\n", php(&server.host)));
        text.push_str(&format!("\tpublic $smtpsecure = {};\n", php(secure)));
        text.push_str(&format!("\tpublic $smtpport = {};\n", server.port));
        text.push_str("}\n");
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, self.mime_type())])
    }
}

//! `wordpress`: WP Mail SMTP constants for `wp-config.php` (exports.md §9). `WPMS_SSL` takes
//! PHPMailer's words: `'ssl'` implicit TLS, `'tls'` required STARTTLS, `''` none. The password
//! constant is left as a comment for the site owner to fill in.

use super::escape::php;
use super::joomla::phpmailer_secure;
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible};
use crate::engine::account::{Account, AuthMethod};

/// WordPress (WP Mail SMTP plugin) constants.
pub struct Wordpress;

impl Exporter for Wordpress {
    fn id(&self) -> &'static str {
        "wordpress"
    }

    fn audience(&self) -> Audience {
        Audience::Website
    }

    fn file_name(&self, _account: &Account) -> String {
        "wp-mail-smtp-settings.php".to_string()
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
        let smtp_auth = server.auth != AuthMethod::None;
        let define = |name: &str, value: String| format!("define( {}, {value} );\n", php(name));
        let mut text = String::from("<?php\n");
        text.push_str(&ctx.comment_block(&["export-comment-generated", "export-wordpress-comment"], "//"));
        text.push_str(&define("WPMS_ON", "true".into()));
        text.push_str(&define("WPMS_MAILER", php("smtp")));
        text.push_str(&define("WPMS_SMTP_HOST", php(&server.host)));
        text.push_str(&define("WPMS_SMTP_PORT", server.port.to_string()));
        text.push_str(&define("WPMS_SSL", php(phpmailer_secure(server.security))));
        text.push_str(&define("WPMS_SMTP_AUTH", smtp_auth.to_string()));
        text.push_str(&define("WPMS_SMTP_AUTOTLS", "true".into()));
        if smtp_auth {
            text.push_str(&define("WPMS_SMTP_USER", php(&server.username)));
            text.push_str("// define( 'WPMS_SMTP_PASS', '…' );\n");
        }
        text.push_str(&define("WPMS_MAIL_FROM", php(&ctx.email_ascii())));
        text.push_str(&define("WPMS_MAIL_FROM_FORCE", "true".into()));
        text.push_str(&define("WPMS_MAIL_FROM_NAME", php(ctx.display_name())));
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, self.mime_type())])
    }
}

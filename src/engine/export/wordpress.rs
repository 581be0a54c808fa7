//! `wordpress`: WP Mail SMTP constants for `wp-config.php` (exports.md §9). `WPMS_SSL` takes
//! PHPMailer's words: `'ssl'` implicit TLS, `'tls'` required STARTTLS, `''` none. The password
//! constant is left as a comment for the site owner to fill in.

use super::escape::php;
use super::website::{php_header, phpmailer_secure, site_smtp};
use super::{Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta};

/// WordPress (WP Mail SMTP plugin) constants.
pub struct Wordpress;

const META: FormatMeta = FormatMeta {
    id: "wordpress",
    audience: Audience::Website,
    file_name: FileName::Fixed("wp-mail-smtp-settings.php"),
    extension: "php",
    mime_type: "application/x-php",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

impl Exporter for Wordpress {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let smtp = site_smtp(self.id(), ctx)?;
        let server = smtp.server;
        let define = |name: &str, value: String| format!("define( {}, {value} );\n", php(name));
        let mut text = php_header(ctx, "export-wordpress-comment");
        text.push_str(&define("WPMS_ON", "true".into()));
        text.push_str(&define("WPMS_MAILER", php("smtp")));
        text.push_str(&define("WPMS_SMTP_HOST", php(&server.host)));
        text.push_str(&define("WPMS_SMTP_PORT", server.port.to_string()));
        text.push_str(&define("WPMS_SSL", php(phpmailer_secure(server.security))));
        text.push_str(&define("WPMS_SMTP_AUTH", smtp.auth.to_string()));
        text.push_str(&define("WPMS_SMTP_AUTOTLS", "true".into()));
        if smtp.auth {
            text.push_str(&define("WPMS_SMTP_USER", php(smtp.username)));
            text.push_str("// define( 'WPMS_SMTP_PASS', '…' );\n");
        }
        text.push_str(&define("WPMS_MAIL_FROM", php(&ctx.email_ascii())));
        text.push_str(&define("WPMS_MAIL_FROM_FORCE", "true".into()));
        text.push_str(&define("WPMS_MAIL_FROM_NAME", php(ctx.display_name())));
        Ok(vec![META.file(ctx, text)])
    }
}

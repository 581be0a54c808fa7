//! `laravel-env`: the `MAIL_*` lines of a Laravel `.env` (exports.md §9). Laravel ≥ 11 reads
//! `MAIL_SCHEME` (`smtps` implicit TLS, `smtp` otherwise); Laravel ≤ 10 reads `MAIL_ENCRYPTION`
//! (`ssl`, `tls`, `null`); both lines are written so either version works.
// NOTE: Laravel's Symfony mailer upgrades `smtp` with STARTTLS whenever the server offers it but
// does not insist, so "STARTTLS required" cannot be expressed: a warning says so.

use super::escape::dotenv;
use super::{Audience, Context, ExportError, ExportFile, Exporter, Severity, Warning, auth_not_expressible};
use crate::engine::account::{Account, AuthMethod, Security};

/// Laravel .env mail settings.
pub struct LaravelEnv;

impl Exporter for LaravelEnv {
    fn id(&self) -> &'static str {
        "laravel-env"
    }

    fn audience(&self) -> Audience {
        Audience::Website
    }

    fn file_name(&self, _account: &Account) -> String {
        "laravel-mail.env".to_string()
    }

    fn extension(&self) -> &'static str {
        "env"
    }

    fn mime_type(&self) -> &'static str {
        "text/plain"
    }

    fn cannot_express(&self, account: &Account) -> Vec<Warning> {
        if account.outgoing.security == Security::Starttls {
            vec![
                Warning::new("starttls-not-enforced", Severity::Caution)
                    .arg("format", self.id())
                    .arg("protocol", "SMTP"),
            ]
        } else {
            vec![]
        }
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.outgoing();
        if server.auth == AuthMethod::Oauth2 {
            return Err(auth_not_expressible(self.id(), server));
        }
        let (scheme, encryption) = match server.security {
            Security::Tls => ("smtps", "ssl"),
            Security::Starttls => ("smtp", "tls"),
            Security::None => ("smtp", "null"),
        };
        let user = if server.auth == AuthMethod::None { "" } else { server.username.as_str() };
        let mut text = ctx.comment_block(&["export-comment-generated", "export-laravel-env-comment"], "#");
        text.push_str("MAIL_MAILER=smtp\n");
        text.push_str(&format!("MAIL_SCHEME={scheme}\n"));
        text.push_str(&format!("MAIL_HOST={}\n", dotenv(&server.host)));
        text.push_str(&format!("MAIL_PORT={}\n", server.port));
        text.push_str(&format!("MAIL_USERNAME={}\n", dotenv(user)));
        text.push_str("MAIL_PASSWORD=\n");
        text.push_str(&format!("MAIL_ENCRYPTION={encryption}\n"));
        text.push_str(&format!("MAIL_FROM_ADDRESS={}\n", dotenv(&ctx.email_ascii())));
        text.push_str(&format!("MAIL_FROM_NAME={}\n", dotenv(ctx.display_name())));
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, self.mime_type()).private()])
    }
}

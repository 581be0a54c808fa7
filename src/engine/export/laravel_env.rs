//! `laravel-env`: the `MAIL_*` lines of a Laravel `.env` (exports.md §9). Laravel ≥ 11 reads
//! `MAIL_SCHEME` (`smtps` implicit TLS, `smtp` otherwise); Laravel ≤ 10 reads `MAIL_ENCRYPTION`
//! (`ssl`, `tls`, `null`); both lines are written so either version works.
// NOTE: Laravel's Symfony mailer upgrades `smtp` with STARTTLS whenever the server offers it but
// does not insist, so "STARTTLS required" cannot be expressed: a warning says so.

use super::escape::dotenv;
use super::website::site_smtp;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, Severity, Warning,
};
use crate::engine::account::{Account, Security};

/// Laravel .env mail settings.
pub struct LaravelEnv;

const META: FormatMeta = FormatMeta {
    id: "laravel-env",
    audience: Audience::Website,
    file_name: FileName::Fixed("laravel-mail.env"),
    extension: "env",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PRIVATE,
};

impl Exporter for LaravelEnv {
    fn meta(&self) -> &'static FormatMeta {
        &META
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
        let smtp = site_smtp(self.id(), ctx)?;
        let server = smtp.server;
        let (scheme, encryption) = match server.security {
            Security::Tls => ("smtps", "ssl"),
            Security::Starttls => ("smtp", "tls"),
            Security::None => ("smtp", "null"),
        };
        let mut text = ctx.comment_block(&["export-comment-generated", "export-laravel-env-comment"], "#");
        text.push_str("MAIL_MAILER=smtp\n");
        text.push_str(&format!("MAIL_SCHEME={scheme}\n"));
        text.push_str(&format!("MAIL_HOST={}\n", dotenv(&server.host)));
        text.push_str(&format!("MAIL_PORT={}\n", server.port));
        text.push_str(&format!("MAIL_USERNAME={}\n", dotenv(smtp.username)));
        text.push_str("MAIL_PASSWORD=\n");
        text.push_str(&format!("MAIL_ENCRYPTION={encryption}\n"));
        text.push_str(&format!("MAIL_FROM_ADDRESS={}\n", dotenv(&ctx.email_ascii())));
        text.push_str(&format!("MAIL_FROM_NAME={}\n", dotenv(ctx.display_name())));
        Ok(vec![META.file(ctx, text)])
    }
}

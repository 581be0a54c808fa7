//! `django`: `EMAIL_*` settings for a Django `settings.py` (exports.md §9), valid Python on its
//! own. `EMAIL_USE_SSL` is implicit TLS, `EMAIL_USE_TLS` required STARTTLS (smtplib fails when
//! the server does not offer it); never both. The password is read from the environment.

use super::escape::python;
use super::website::site_smtp;
use super::{Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta};
use crate::engine::account::Security;

/// Django settings.
pub struct Django;

const META: FormatMeta = FormatMeta {
    id: "django",
    audience: Audience::Website,
    file_name: FileName::Fixed("django_email_settings.py"),
    extension: "py",
    mime_type: "text/x-python",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

impl Exporter for Django {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        // NOTE: Django's SMTP backend only logs in with a password (smtplib picks the mechanism).
        let smtp = site_smtp(self.id(), ctx)?;
        let server = smtp.server;
        let mut text = ctx.comment_block(&["export-comment-generated", "export-django-comment"], "#");
        text.push_str("import os\n\n");
        text.push_str("EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\"\n");
        text.push_str(&format!("EMAIL_HOST = {}\n", python(&server.host)));
        text.push_str(&format!("EMAIL_PORT = {}\n", server.port));
        text.push_str(&format!("EMAIL_HOST_USER = {}\n", python(smtp.username)));
        text.push_str("EMAIL_HOST_PASSWORD = os.environ.get(\"EMAIL_HOST_PASSWORD\", \"\")\n");
        text.push_str(&format!("EMAIL_USE_SSL = {}\n", python_bool(server.security == Security::Tls)));
        text.push_str(&format!("EMAIL_USE_TLS = {}\n", python_bool(server.security == Security::Starttls)));
        text.push_str(&format!("DEFAULT_FROM_EMAIL = {}\n", python(&ctx.mailbox())));
        text.push_str("SERVER_EMAIL = DEFAULT_FROM_EMAIL\n");
        Ok(vec![META.file(ctx, text)])
    }
}

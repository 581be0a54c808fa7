//! `django`: `EMAIL_*` settings for a Django `settings.py` (exports.md §9), valid Python on its
//! own. `EMAIL_USE_SSL` is implicit TLS, `EMAIL_USE_TLS` required STARTTLS (smtplib fails when
//! the server does not offer it); never both. The password is read from the environment.

use super::escape::python;
use super::{Audience, Context, ExportError, ExportFile, Exporter, auth_not_expressible};
use crate::engine::account::{Account, AuthMethod, Security};

/// Django settings.
pub struct Django;

fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

impl Exporter for Django {
    fn id(&self) -> &'static str {
        "django"
    }

    fn audience(&self) -> Audience {
        Audience::Website
    }

    fn file_name(&self, _account: &Account) -> String {
        "django_email_settings.py".to_string()
    }

    fn extension(&self) -> &'static str {
        "py"
    }

    fn mime_type(&self) -> &'static str {
        "text/x-python"
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let server = ctx.outgoing();
        // NOTE: Django's SMTP backend only logs in with a password (smtplib picks the mechanism).
        if server.auth == AuthMethod::Oauth2 {
            return Err(auth_not_expressible(self.id(), server));
        }
        let user = if server.auth == AuthMethod::None { "" } else { server.username.as_str() };
        let mut text = ctx.comment_block(&["export-comment-generated", "export-django-comment"], "#");
        text.push_str("import os\n\n");
        text.push_str("EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\"\n");
        text.push_str(&format!("EMAIL_HOST = {}\n", python(&server.host)));
        text.push_str(&format!("EMAIL_PORT = {}\n", server.port));
        text.push_str(&format!("EMAIL_HOST_USER = {}\n", python(user)));
        text.push_str("EMAIL_HOST_PASSWORD = os.environ.get(\"EMAIL_HOST_PASSWORD\", \"\")\n");
        text.push_str(&format!("EMAIL_USE_SSL = {}\n", python_bool(server.security == Security::Tls)));
        text.push_str(&format!("EMAIL_USE_TLS = {}\n", python_bool(server.security == Security::Starttls)));
        text.push_str(&format!("DEFAULT_FROM_EMAIL = {}\n", python(&ctx.mailbox())));
        text.push_str("SERVER_EMAIL = DEFAULT_FROM_EMAIL\n");
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, self.mime_type())])
    }
}

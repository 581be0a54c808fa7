//! What the website formats (joomla, wordpress, phpmailer, laravel-env, django) share: a site
//! sends through one SMTP login whose password the site owner types in on the server, so each
//! of them needs the outgoing server, the login (empty when the server takes mail without one)
//! and, for the PHP ones, PHPMailer's words for the security.

use super::{Context, ExportError, auth_not_expressible};
use crate::engine::account::{AuthMethod, Security, Server};

/// The outgoing server a website mailer uses.
pub(super) struct SiteSmtp<'a> {
    pub server: &'a Server,
    /// True when the mailer must log in.
    pub auth: bool,
    /// The login, or empty when the server takes mail without one.
    pub username: &'a str,
}

/// The account's outgoing server as a site mailer sees it. An OAuth2 sign-in is refused: a site
/// mailer has nobody to sign in interactively and no token source.
pub(super) fn site_smtp<'a>(format: &'static str, ctx: &'a Context<'_>) -> Result<SiteSmtp<'a>, ExportError> {
    let server = ctx.outgoing();
    if server.auth == AuthMethod::Oauth2 {
        return Err(auth_not_expressible(format, server));
    }
    let auth = server.auth != AuthMethod::None;
    let username = if auth { server.username.as_str() } else { "" };
    Ok(SiteSmtp { server, auth, username })
}

/// `<?php` and the comment lines a PHP file starts with: who wrote it, then the format's `note`.
pub(super) fn php_header(ctx: &Context<'_>, note: &str) -> String {
    let mut text = String::from("<?php\n");
    text.push_str(&ctx.comment_block(&["export-comment-generated", note], "//"));
    text
}

/// PHPMailer's `SMTPSecure` words, shared by Joomla, WP Mail SMTP and PHPMailer itself.
pub(super) fn phpmailer_secure(security: Security) -> &'static str {
    match security {
        Security::Tls => "ssl",
        Security::Starttls => "tls",
        Security::None => "",
    }
}

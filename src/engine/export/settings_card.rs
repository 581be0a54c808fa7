//! The content of the printable settings card, shared by `card-txt` and `card-html`: every value
//! once in full and once spelled out (for reading aloud on the phone), security and sign-in in
//! plain words, where the password comes from (never the password), and what to type into the
//! programs that import nothing (The Bat!, new Outlook, Windows Mail).

use super::{Context, auth_label, security_label};
use crate::engine::account::{AuthMethod, Protocol, Server};
use crate::engine::i18n::{Lang, tr, tr_args};

/// One labelled value on the card.
pub(super) struct Row {
    pub label: String,
    pub value: String,
    /// Small print under the value: host names and logins letter by letter (people misread or
    /// mistype them), or what the value means.
    pub note: Option<String>,
}

/// A block of rows under a heading.
pub(super) struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

/// Everything printed on the card, already in the card's language.
pub(super) struct Card {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
    pub password_heading: String,
    pub password_text: String,
    pub clients_heading: String,
    /// (program, what to do) for the programs without an import.
    pub clients: Vec<(String, String)>,
    pub footer: String,
}

/// `imap.yandex.ru` → `i m a p · dot · y a n d e x · dot · r u`: letters one by one, digits and
/// punctuation as words, so nobody confuses `l` and `1` or misses a dot.
pub(super) fn spell(value: &str, lang: Lang) -> String {
    let mut groups: Vec<String> = vec![];
    let mut letters: Vec<String> = vec![];
    let flush = |letters: &mut Vec<String>, groups: &mut Vec<String>| {
        if !letters.is_empty() {
            groups.push(letters.join(" "));
            letters.clear();
        }
    };
    for c in value.chars() {
        let word = match c {
            '.' => Some("dot"),
            '@' => Some("at"),
            '-' => Some("hyphen"),
            '_' => Some("underscore"),
            '+' => Some("plus"),
            '0'..='9' => None,
            c if c.is_alphabetic() => {
                letters.extend(c.to_lowercase().map(|l| l.to_string()));
                continue;
            }
            _ => {
                letters.push(c.to_string());
                continue;
            }
        };
        flush(&mut letters, &mut groups);
        match word {
            Some(word) => groups.push(tr(lang, &format!("export-card-char-{word}"))),
            None => groups.push(tr(lang, &format!("export-card-digit-{c}"))),
        }
    }
    flush(&mut letters, &mut groups);
    groups.join(" · ")
}

fn server_section(ctx: &Context<'_>, server: &Server, heading_id: &str) -> Section {
    let lang = ctx.lang();
    let label = |id: &str| tr(lang, &format!("export-card-{id}"));
    let mut rows = vec![];
    if server.protocol.is_incoming() {
        rows.push(Row {
            label: label("type"),
            value: server.protocol.label().to_string(),
            note: Some(tr(lang, &format!("export-card-type-{}", server.protocol.as_str()))),
        });
    }
    rows.push(Row { label: label("server"), value: server.host.clone(), note: Some(spell(&server.host, lang)) });
    rows.push(Row { label: label("port"), value: server.port.to_string(), note: None });
    rows.push(Row { label: label("security"), value: security_label(server.security, lang), note: None });
    rows.push(Row { label: label("auth"), value: auth_label(server.auth, lang), note: None });
    if server.auth != AuthMethod::None {
        rows.push(Row {
            label: label("username"),
            value: server.username.clone(),
            note: Some(spell(&server.username, lang)),
        });
    }
    let heading = tr_args(lang, heading_id, &[("protocol", server.protocol.label().into())]);
    Section { heading, rows }
}

/// Builds the card for the account in the context's language.
pub(super) fn card(ctx: &Context<'_>) -> Card {
    let lang = ctx.lang();
    let email = ctx.email.to_display_string();
    let provider = ctx.provider_name();
    let args = |extra: &[(&'static str, String)]| {
        let mut all: Vec<(&str, fluent_bundle::FluentValue<'_>)> = vec![
            ("email", email.clone().into()),
            ("provider", provider.clone().into()),
            ("date", ctx.date().into()),
            ("incoming", ctx.incoming().protocol.label().into()),
        ];
        all.extend(extra.iter().map(|(k, v)| (*k, v.clone().into())));
        all
    };
    let mut account_rows = vec![];
    if !ctx.display_name().is_empty() {
        account_rows.push(Row { label: tr(lang, "export-card-name"), value: ctx.display_name().into(), note: None });
    }
    account_rows.push(Row {
        label: tr(lang, "export-card-email"),
        value: email.clone(),
        note: Some(spell(&email, lang)),
    });
    if ctx.email.has_idn_domain() {
        account_rows.push(Row { label: tr(lang, "export-card-email-ascii"), value: ctx.email_ascii(), note: None });
    }
    let sections = vec![
        Section { heading: tr(lang, "export-card-account"), rows: account_rows },
        server_section(ctx, ctx.incoming(), "export-card-incoming"),
        server_section(ctx, ctx.outgoing(), "export-card-outgoing"),
    ];
    let password_id = if ctx.account.servers().iter().any(|s| s.auth == AuthMethod::Oauth2) {
        "export-card-password-oauth2"
    } else {
        "export-card-password-text"
    };
    let pop3 = ctx.incoming().protocol == Protocol::Pop3;
    let clients = ["the-bat", "new-outlook", "windows-mail"]
        .iter()
        .map(|client| {
            let mut text = tr_args(lang, &format!("export-card-client-{client}"), &args(&[]));
            if pop3 && *client == "new-outlook" {
                text.push(' ');
                text.push_str(&tr(lang, "export-card-client-new-outlook-pop3"));
            }
            (tr(lang, &format!("export-card-client-{client}-name")), text)
        })
        .collect();
    Card {
        lang,
        title: tr_args(lang, "export-card-title", &args(&[])),
        subtitle: tr_args(lang, "export-card-subtitle", &args(&[])),
        sections,
        password_heading: tr(lang, "export-card-password-heading"),
        password_text: tr_args(lang, password_id, &args(&[])),
        clients_heading: tr(lang, "export-card-clients-heading"),
        clients,
        footer: tr_args(lang, "export-card-footer", &args(&[])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_spelled_letter_by_letter_with_named_punctuation() {
        assert_eq!(spell("imap.ya.ru", Lang::En), "i m a p · dot · y a · dot · r u");
        assert_eq!(spell("smtp-1.ru", Lang::En), "s m t p · hyphen · one · dot · r u");
        assert_eq!(spell("a@b.ru", Lang::Ru), "a · собака · b · точка · r u");
    }
}

//! `card-txt`: the settings card as plain text (UTF-8), for printing or pasting into a ticket.
//! Content in `settings_card`; this file only lays it out.

use super::settings_card::card;
use super::{Audience, Context, ExportError, ExportFile, Exporter};
use crate::engine::account::Account;

/// Printable settings card, plain text.
pub struct CardTxt;

/// Wraps `text` at 78 columns, every line starting with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.chars().count() + 1 + word.chars().count() > 78 {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

fn underline(text: &str, c: char) -> String {
    format!("{text}\n{}\n", c.to_string().repeat(text.chars().count()))
}

impl Exporter for CardTxt {
    fn id(&self) -> &'static str {
        "card-txt"
    }

    fn audience(&self) -> Audience {
        Audience::Print
    }

    fn file_name(&self, account: &Account) -> String {
        match crate::engine::email_address::EmailAddress::parse(&account.email) {
            Ok(email) => format!("{}-settings.txt", super::slug(&email)),
            Err(_) => "mail-settings.txt".to_string(),
        }
    }

    fn extension(&self) -> &'static str {
        "txt"
    }

    fn mime_type(&self) -> &'static str {
        "text/plain"
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let card = card(ctx);
        let mut text = underline(&card.title, '=');
        text.push_str(&wrap(&card.subtitle, ""));
        for section in &card.sections {
            text.push('\n');
            text.push_str(&underline(&section.heading, '-'));
            let width = section.rows.iter().map(|r| r.label.chars().count()).max().unwrap_or(0);
            for row in &section.rows {
                let pad = " ".repeat(width - row.label.chars().count());
                text.push_str(&format!("  {}:{pad}  {}\n", row.label, row.value));
                if let Some(note) = &row.note {
                    text.push_str(&format!("  {}   ({note})\n", " ".repeat(width)));
                }
            }
        }
        text.push('\n');
        text.push_str(&underline(&card.password_heading, '-'));
        text.push_str(&wrap(&card.password_text, "  "));
        text.push('\n');
        text.push_str(&underline(&card.clients_heading, '-'));
        for (client, how) in &card.clients {
            text.push_str(&format!("  {client}\n"));
            text.push_str(&wrap(how, "    "));
        }
        text.push('\n');
        text.push_str(&wrap(&card.footer, ""));
        Ok(vec![ExportFile::text(self.file_name(ctx.account), text, "text/plain; charset=utf-8")])
    }
}

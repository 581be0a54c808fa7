//! `card-txt`: the settings card as plain text (UTF-8), for printing or pasting into a ticket.
//! Content in `settings_card`; this file only lays it out.

use super::settings_card::card;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, wrap_words,
};

/// Printable settings card, plain text.
pub struct CardTxt;

const META: FormatMeta = FormatMeta {
    id: "card-txt",
    audience: Audience::Print,
    file_name: FileName::PerAddress { prefix: "", suffix: "-settings.txt", fallback: "mail-settings.txt" },
    extension: "txt",
    mime_type: "text/plain",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

/// Wraps `text` at 78 columns, every line starting with `indent` (a few spaces).
fn wrap(text: &str, indent: &str) -> String {
    wrap_words(text, 78 - indent.len(), indent)
}

fn underline(text: &str, c: char) -> String {
    format!("{text}\n{}\n", c.to_string().repeat(text.chars().count()))
}

impl Exporter for CardTxt {
    fn meta(&self) -> &'static FormatMeta {
        &META
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

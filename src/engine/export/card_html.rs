//! `card-html`: the settings card as one self-contained HTML page (no external files), with
//! large values in a font that tells `l`, `1`, `O` and `0` apart, ready to print.
//! Content in `settings_card`; this file only lays it out.

use super::escape::xml;
use super::settings_card::card;
use super::{Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta};

/// Printable settings card, HTML.
pub struct CardHtml;

const META: FormatMeta = FormatMeta {
    id: "card-html",
    audience: Audience::Print,
    file_name: FileName::PerAddress { prefix: "", suffix: "-settings.html", fallback: "mail-settings.html" },
    extension: "html",
    mime_type: "text/html",
    covers: Covers::Both,
    file: FileTraits::PUBLIC,
};

const STYLE: &str = "\
body { font-family: system-ui, sans-serif; font-size: 14pt; margin: 1.5em; color: #000; background: #fff; }
h1 { font-size: 22pt; margin-bottom: 0.2em; }
h2 { font-size: 16pt; border-bottom: 2px solid #000; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; vertical-align: top; font-weight: normal; padding: 0.35em 1em 0.35em 0; width: 30%; }
td { padding: 0.35em 0; }
.value { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 20pt; font-weight: bold;
  font-variant-numeric: slashed-zero; overflow-wrap: anywhere; }
.note-small { font-size: 12pt; color: #333; }
.note { font-size: 13pt; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table, p { break-inside: avoid; } }
";

impl Exporter for CardHtml {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let card = card(ctx);
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
            card.lang.code(),
            xml(&card.title)
        );
        html.push_str(&format!("<h1>{}</h1>\n<p class=\"note\">{}</p>\n", xml(&card.title), xml(&card.subtitle)));
        for section in &card.sections {
            html.push_str(&format!("<h2>{}</h2>\n<table>\n", xml(&section.heading)));
            for row in &section.rows {
                html.push_str(&format!(
                    "<tr><th>{}</th><td><div class=\"value\">{}</div>",
                    xml(&row.label),
                    xml(&row.value)
                ));
                if let Some(note) = &row.note {
                    html.push_str(&format!("<div class=\"note-small\">{}</div>", xml(note)));
                }
                html.push_str("</td></tr>\n");
            }
            html.push_str("</table>\n");
        }
        html.push_str(&format!(
            "<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
            xml(&card.password_heading),
            xml(&card.password_text)
        ));
        html.push_str(&format!("<h2>{}</h2>\n", xml(&card.clients_heading)));
        for (client, how) in &card.clients {
            html.push_str(&format!("<p class=\"note\"><strong>{}</strong>: {}</p>\n", xml(client), xml(how)));
        }
        html.push_str(&format!("<p class=\"note-small\">{}</p>\n</body>\n</html>\n", xml(&card.footer)));
        Ok(vec![ExportFile::text(self.file_name(ctx.account), html, "text/html; charset=utf-8")])
    }
}

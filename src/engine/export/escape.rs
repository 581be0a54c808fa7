//! Quoting and escaping for every file syntax the exporters write. Each function returns the
//! complete literal (quotes included) so a renderer cannot forget half of it. Control characters
//! never reach these functions: `Context::new` refuses them, but the functions stay safe anyway.

use std::fmt::Write as _;

/// Text for XML element content and attribute values (`&`, `<`, `>`, `"`, `'` escaped).
pub fn xml(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// A PHP single-quoted string: only `\` and `'` are special there.
pub fn php(s: &str) -> String {
    format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'"))
}

/// A JavaScript (Gecko prefs) double-quoted string. Non-ASCII stays as UTF-8, which the prefs
/// parser reads; control and line-separator characters become `\uXXXX`.
pub fn js(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python string literal. JSON string syntax is a subset of Python's, so serde_json's
/// escaping is exact (and non-ASCII stays readable: Python 3 source is UTF-8).
pub fn python(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A double-quoted string with backslash escapes for `\` and `"` (msmtp, mbsync, fetchmail).
pub fn c_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', r"\\").replace('"', "\\\""))
}

/// A muttrc double-quoted string: `\`, `"`, `$` (environment expansion) and `` ` `` (command
/// substitution) are escaped so the value is taken literally.
pub fn muttrc(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A value in a GLib key file (Evolution, Geary): backslash escapes, a leading space kept.
pub fn keyfile(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            ' ' if i == 0 => out.push_str(r"\s"),
            c => out.push(c),
        }
    }
    out
}

/// One item of a GLib key file string list (`;` separates items, so it is escaped too).
pub fn keyfile_list_item(s: &str) -> String {
    keyfile(s).replace(';', r"\;")
}

/// A value in a `.env` file that phpdotenv (Laravel) and python-dotenv read the same way:
/// bare when it is a plain token, single-quoted (literal) otherwise, double-quoted with `\\` and
/// `\"` escapes only when it contains a single quote.
// NOTE: both parsers expand `${NAME}` inside double quotes and neither shares an escape for it;
// a value holding both `'` and `${` (no real display name does) would be expanded.
pub fn dotenv(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"@._-+:/".contains(&b)) {
        s.to_string()
    } else if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("\"{}\"", s.replace('\\', r"\\").replace('"', "\\\""))
    }
}

/// A value for go-ini (aerc's accounts.conf): bare when harmless, otherwise raw-quoted with
/// backticks (or `"""` when the value holds a backtick) so `#`, `;` and quotes are taken literally.
pub fn go_ini(s: &str) -> String {
    let harmless = !s.contains(['#', ';', '"', '`', '\'']) && s.trim() == s;
    if harmless {
        s.to_string()
    } else if !s.contains('`') {
        format!("`{s}`")
    } else {
        format!("\"\"\"{s}\"\"\"")
    }
}

/// Percent-encodes a URL user name (RFC 3986 userinfo): everything but unreserved characters,
/// so `jane@example.com` becomes `jane%40example.com`.
pub fn url_userinfo(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `host` or `[host]` for IPv6 literals in URLs.
pub fn url_host(host: &str) -> String {
    if host.contains(':') { format!("[{host}]") } else { host.to_string() }
}

/// Text safe inside any line comment and inside an XML comment: control characters become
/// spaces and `--` is broken up.
pub fn comment(s: &str) -> String {
    let cleaned: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    cleaned.replace("--", "- -")
}

/// An RFC 5322 mailbox: `Jane Doe <jane@example.com>`, the name quoted when it holds specials
/// (`"Doe, Jane" <…>`), or the bare address without a name.
pub fn mailbox(name: &str, address: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return address.to_string();
    }
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == ' ' || "!#$%&'*+-/=?^_`{|}~".contains(c));
    if plain {
        format!("{name} <{address}>")
    } else {
        format!("\"{}\" <{address}>", name.replace('\\', r"\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_strings_escape_quote_and_backslash_only() {
        assert_eq!(php(r"O'Brien \ co"), r"'O\'Brien \\ co'");
        assert_eq!(php("$name"), "'$name'");
    }

    #[test]
    fn js_strings_escape_quotes_and_separators() {
        assert_eq!(js("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(js("x\u{2028}y"), r#""x\u2028y""#);
        assert_eq!(js("Иван"), "\"Иван\"");
    }

    #[test]
    fn muttrc_strings_cannot_expand_variables_or_run_commands() {
        assert_eq!(muttrc("a$HOME`id`\"\\"), r#""a\$HOME\`id\`\"\\""#);
    }

    #[test]
    fn keyfile_values_keep_leading_space_and_escape_list_separators() {
        assert_eq!(keyfile(" a\\b"), r"\sa\\b");
        assert_eq!(keyfile_list_item("Doe; Jane"), r"Doe\; Jane");
    }

    #[test]
    fn dotenv_values_are_quoted_only_when_needed() {
        assert_eq!(dotenv("smtp.example.com"), "smtp.example.com");
        assert_eq!(dotenv("Jane Doe"), "'Jane Doe'");
        assert_eq!(dotenv(r#"O'Brien "Jo" \ $HOME"#), r#""O'Brien \"Jo\" \\ $HOME""#);
        assert_eq!(dotenv(""), "''");
    }

    #[test]
    fn url_user_names_are_percent_encoded() {
        assert_eq!(url_userinfo("jane@example.com"), "jane%40example.com");
        assert_eq!(url_userinfo("a b:c/d"), "a%20b%3Ac%2Fd");
        assert_eq!(url_userinfo("иван"), "%D0%B8%D0%B2%D0%B0%D0%BD");
    }

    #[test]
    fn mailboxes_quote_names_with_specials() {
        assert_eq!(mailbox("Jane Doe", "j@e.com"), "Jane Doe <j@e.com>");
        assert_eq!(mailbox("Doe, Jane", "j@e.com"), "\"Doe, Jane\" <j@e.com>");
        assert_eq!(mailbox("", "j@e.com"), "j@e.com");
        assert_eq!(mailbox("Иван Петров", "i@e.com"), "Иван Петров <i@e.com>");
    }

    #[test]
    fn comments_cannot_break_out() {
        assert_eq!(comment("a\nb--c"), "a b- -c");
    }

    #[test]
    fn python_strings_are_valid_literals() {
        assert_eq!(python("a\"b\\"), r#""a\"b\\""#);
    }
}

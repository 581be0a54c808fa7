//! Host names spelled out for reading aloud on the phone, in the UI language:
//! `imap.yandex.ru` → "i-map dot yandex dot r-u" / «аймап точка яндекс точка ру».
//!
//! Labels people say as words (imap, yandex, com …) come from a small dictionary in
//! `spell.ftl`; two- and three-letter labels without a dictionary entry are said letter by
//! letter; longer unknown labels are given as written followed by their letters, so nothing is
//! left to guess. Digits are said one by one, dots and hyphens by name. Internationalized
//! (`xn--`) labels are read in their Unicode form.

use crate::engine::i18n::{Lang, has, tr, tr_args};

/// The spoken form of a host name (or an IP address) in `lang`.
pub fn spell_host(host: &str, lang: Lang) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let dot = format!(" {} ", tr(lang, "spell-dot"));
    host.split('.').map(|label| spell_label(label, lang)).collect::<Vec<_>>().join(&dot)
}

/// One label between dots.
fn spell_label(label: &str, lang: Lang) -> String {
    if let Some(rest) = label.strip_prefix("xn--") {
        if let Some(unicode) = decode_idn_label(rest) {
            return unicode;
        }
    }
    if let Some(word) = dictionary_word(label, lang) {
        return word;
    }
    if label.bytes().all(|b| b.is_ascii_digit()) {
        return spell_digits(label, lang);
    }
    if label.contains('-') {
        let hyphen = format!(" {} ", tr(lang, "spell-hyphen"));
        return label.split('-').map(|part| spell_label(part, lang)).collect::<Vec<_>>().join(&hyphen);
    }
    let letters = spell_letters(label, lang);
    if label.chars().count() <= 3 {
        letters
    } else {
        tr_args(lang, "spell-unknown-word", &[("word", label.to_string().into()), ("letters", letters.into())])
    }
}

/// The dictionary entry of a word people say as a word, if any.
fn dictionary_word(label: &str, lang: Lang) -> Option<String> {
    let valid_id = !label.is_empty() && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let id = format!("spell-word-{label}");
    (valid_id && has(lang, &id)).then(|| tr(lang, &id))
}

/// Letters (and digits) one by one, joined with hyphens.
fn spell_letters(text: &str, lang: Lang) -> String {
    text.chars().map(|c| spell_char(c, lang)).collect::<Vec<_>>().join("-")
}

/// Digits one by one, joined with spaces ("one two seven").
fn spell_digits(text: &str, lang: Lang) -> String {
    text.chars().map(|c| spell_char(c, lang)).collect::<Vec<_>>().join(" ")
}

fn spell_char(c: char, lang: Lang) -> String {
    let id = if c.is_ascii_lowercase() {
        format!("spell-letter-{c}")
    } else if c.is_ascii_digit() {
        format!("spell-digit-{c}")
    } else {
        return c.to_string();
    };
    tr(lang, &id)
}

fn decode_idn_label(rest: &str) -> Option<String> {
    let (unicode, result) = idna::domain_to_unicode(&format!("xn--{rest}"));
    result.ok().map(|()| unicode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yandex_imap_is_spelled_as_support_says_it() {
        assert_eq!(spell_host("imap.yandex.ru", Lang::En), "i-map dot yandex dot r-u");
        assert_eq!(spell_host("imap.yandex.ru", Lang::Ru), "аймап точка яндекс точка ру");
    }

    #[test]
    fn unknown_long_labels_are_given_with_their_letters() {
        assert_eq!(spell_host("smtp.example.com", Lang::En), "s-m-t-p dot example (e-x-a-m-p-l-e) dot com");
        assert_eq!(
            spell_host("smtp.example.com", Lang::Ru),
            "эс-эм-тэ-пэ точка example (е-икс-а-эм-пэ-эль-е) точка ком"
        );
    }

    #[test]
    fn short_unknown_labels_are_spelled_letter_by_letter() {
        assert_eq!(spell_host("mx.gmx.de", Lang::En), "m-x dot g-m-x dot d-e");
    }

    #[test]
    fn digits_hyphens_and_ip_addresses_are_read_out() {
        assert_eq!(spell_host("127.0.0.1", Lang::En), "one two seven dot zero dot zero dot one");
        assert_eq!(spell_host("127.0.0.1", Lang::Ru), "один два семь точка ноль точка ноль точка один");
        assert_eq!(spell_host("mail-2.xy", Lang::En), "mail hyphen two dot x-y");
        assert_eq!(spell_host("pop3.abc1.ru", Lang::Ru), "поп-три точка abc1 (а-бэ-цэ-один) точка ру");
    }

    #[test]
    fn case_and_a_trailing_dot_do_not_matter() {
        assert_eq!(spell_host("IMAP.Mail.RU.", Lang::En), spell_host("imap.mail.ru", Lang::En));
    }

    #[test]
    fn internationalized_labels_are_read_in_unicode() {
        assert_eq!(spell_host("mail.xn--80a1acny.xn--p1ai", Lang::Ru), "мейл точка почта точка рф");
    }

    #[test]
    fn every_letter_and_digit_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for c in ('a'..='z').chain('0'..='9') {
                let spoken = spell_char(c, lang);
                assert!(!spoken.starts_with("spell-"), "{lang}: no name for {c:?}");
            }
        }
    }
}

//! Translations. Every user-visible string lives in Fluent files under
//! `assets/i18n/<lang>/<area>.ftl` (one file per area, embedded at build time by `build.rs`).
//! The language comes from `--lang`, the saved setting, or the system locale; Russian plurals
//! (1 письмо, 2 письма, 5 писем) come from Fluent's CLDR plural rules.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use crate::engine::embedded;

/// A language the UI speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// The two-letter code (`en`, `ru`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }

    /// Reads a code such as `ru`, `ru-RU`, `ru_RU.UTF-8` or `English`.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_', '.', '@']).next().unwrap_or_default();
        match primary {
            "en" | "english" => Some(Lang::En),
            "ru" | "russian" | "русский" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The language of the system locale, falling back to English. Russian is also chosen for
    /// the locales of countries where Russian is the common second language of mail users.
    pub fn from_system() -> Lang {
        sys_locale::get_locales()
            .find_map(|l| Lang::parse(&l).or_else(|| russian_speaking_region(&l).then_some(Lang::Ru)))
            .unwrap_or_default()
    }
}

fn russian_speaking_region(locale: &str) -> bool {
    let primary = locale.to_ascii_lowercase();
    ["be", "kk", "ky", "tg", "uz"].iter().any(|p| primary.split(['-', '_']).next() == Some(p))
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::engine::account::UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or(crate::engine::account::UnknownValue {
            what: "language",
            value: s.to_string(),
            allowed: "en, ru",
        })
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(build_bundle))
}

fn build_bundle(lang: Lang) -> Bundle {
    let locale = match lang {
        Lang::En => unic_langid::langid!("en"),
        Lang::Ru => unic_langid::langid!("ru"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // NOTE: no Unicode isolation marks: they would end up in CLI output, files and clipboard text.
    bundle.set_use_isolating(false);
    for (file_lang, _name, source) in embedded::FTL_FILES {
        if *file_lang == lang.code() {
            // Syntax errors and duplicate ids are caught by the i18n tests; keep what parsed.
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

/// The translation of message `id`, or the id itself when it is missing (a test keeps that from shipping).
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// The translation of message `id` with named arguments, e.g. `tr_args(lang, "n-messages", &[("count", 5.into())])`.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = &bundles()[lang as usize];
    let (message_id, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let Some(message) = bundle.get_message(message_id) else {
        return id.to_string();
    };
    let pattern = match attribute {
        Some(a) => message.get_attribute(a).map(|a| a.value()),
        None => message.value(),
    };
    let Some(pattern) = pattern else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = vec![];
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// True when message `id` exists in `lang` (used by the UI to show optional texts).
pub fn has(lang: Lang, id: &str) -> bool {
    bundles()[lang as usize].has_message(id)
}

/// Every message id defined for `lang`, sorted (for the completeness tests).
pub fn message_ids(lang: Lang) -> Vec<String> {
    let mut ids = vec![];
    for (file_lang, _name, source) in embedded::FTL_FILES {
        if *file_lang == lang.code() {
            if let Ok(resource) = FluentResource::try_new(source.to_string()) {
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        ids.push(m.id.name.to_string());
                    }
                }
            }
        }
    }
    ids.sort();
    ids
}

/// Parse errors and duplicate ids in the embedded Fluent files, as readable lines (empty when all is well).
pub fn problems() -> Vec<String> {
    let mut problems = vec![];
    for lang in Lang::ALL {
        let mut seen = std::collections::HashSet::new();
        for (file_lang, name, source) in embedded::FTL_FILES {
            if *file_lang != lang.code() {
                continue;
            }
            match FluentResource::try_new(source.to_string()) {
                Ok(resource) => {
                    for entry in resource.entries() {
                        if let fluent_syntax::ast::Entry::Message(m) = entry {
                            if !seen.insert(m.id.name.to_string()) {
                                problems.push(format!("{lang}/{name}: duplicate id {}", m.id.name));
                            }
                        }
                    }
                }
                Err((_, errors)) => problems.push(format!("{lang}/{name}: {errors:?}")),
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluent_files_parse_without_duplicates() {
        assert_eq!(problems(), Vec::<String>::new());
    }

    #[test]
    fn english_and_russian_define_the_same_messages() {
        let en = message_ids(Lang::En);
        let ru = message_ids(Lang::Ru);
        let only_en: Vec<_> = en.iter().filter(|id| !ru.contains(id)).collect();
        let only_ru: Vec<_> = ru.iter().filter(|id| !en.contains(id)).collect();
        assert!(only_en.is_empty() && only_ru.is_empty(), "only in en: {only_en:?}; only in ru: {only_ru:?}");
        assert!(!en.is_empty());
    }

    #[test]
    fn russian_plurals_come_out_right() {
        let n = |count: i64| tr_args(Lang::Ru, "n-messages", &[("count", count.into())]);
        assert_eq!(n(1), "1 письмо");
        assert_eq!(n(2), "2 письма");
        assert_eq!(n(5), "5 писем");
        assert_eq!(n(21), "21 письмо");
        assert_eq!(n(11), "11 писем");
        let after = |count: i64| tr_args(Lang::Ru, "after-n-seconds", &[("count", count.into())]);
        assert_eq!(after(1), "1 секунду", "«пришло через 1 секунду»");
        assert_eq!(after(3), "3 секунды");
        assert_eq!(after(12), "12 секунд");
        assert_eq!(after(21), "21 секунду");
        let en = |count: i64| tr_args(Lang::En, "n-messages", &[("count", count.into())]);
        assert_eq!(en(1), "1 message");
        assert_eq!(en(5), "5 messages");
    }

    #[test]
    fn language_codes_are_read_leniently() {
        assert_eq!(Lang::parse("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn a_missing_message_returns_its_id() {
        assert_eq!(tr(Lang::En, "no-such-message-id"), "no-such-message-id");
    }
}
